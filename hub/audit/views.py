"""Reading the audit log: hub administrators see all of it, workspace administrators theirs.

Only GET routes: nothing here edits or deletes an entry.
"""

from collections.abc import Mapping

from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from hub.access import Action, hub_admin_view, workspace_view
from hub.admin.forms import AuditFilterForm
from hub.admin.views import requested_page
from hub.audit.services import action_label, audit_query
from hub.extensions import db
from hub.workspaces.models import Role, Visibility, Workspace

bp = Blueprint("audit", __name__)

FILTER_NAMES = ("family", "action", "person", "since", "until")

#: What the details the hub and the wiki write are called; any other reads as its key's words.
DETAIL_NAMES = {
    "changes": _l("changes"),
    "email": _l("email"),
    "old_email": _l("old email"),
    "new_email": _l("new email"),
    "method": _l("method"),
    "name": _l("name"),
    "slug": _l("address"),
    "visibility": _l("visibility"),
    "description": _l("description"),
    "role": _l("role"),
    "old_role": _l("old role"),
    "new_role": _l("new role"),
    "reason": _l("reason"),
    "via": _l("via"),
    "page": _l("page"),
    "title": _l("title"),
    "old_path": _l("old path"),
    "new_path": _l("new path"),
}
#: How someone signed in or registered ("method", "via"), as the log's reader says it.
WAY_NAMES = {
    "password": _l("password"),
    "invitation": _l("invitation link"),
    "password and totp": _l("password and authenticator app code"),
    "password and recovery code": _l("password and recovery code"),
}
#: Why a sign-in failed ("reason" of auth.sign_in_failed).
FAILURE_NAMES = {
    "unknown e-mail": _l("unknown e-mail address"),
    "wrong password": _l("wrong password"),
    "account pending": _l("account not confirmed yet"),
    "account suspended": _l("account suspended"),
}
ROLE_DETAILS = frozenset({"role", "old_role", "new_role"})
ROLE_VALUES = frozenset(role.value for role in Role)
VISIBILITY_VALUES = frozenset(visibility.value for visibility in Visibility)


def detail_name(key) -> str:
    name = DETAIL_NAMES.get(key)
    return str(name) if name is not None else str(key).replace("_", " ")


def describe(value, key=None) -> str:
    """One detail value as plain text: [old, new] pairs read as "old → new"; a role or a
    visibility by its name in the reader's language."""
    if isinstance(value, Mapping):
        return "; ".join(
            f"{detail_name(name)}: {describe(item, name)}" for name, item in value.items()
        )
    if isinstance(value, list | tuple):
        return " → ".join(describe(item, key) for item in value)
    if key in ROLE_DETAILS and value in ROLE_VALUES:
        return Role(value).noun
    if key == "visibility" and value in VISIBILITY_VALUES:
        return Visibility(value).label
    if key in ("method", "via") and value in WAY_NAMES:
        return str(WAY_NAMES[value])
    if key == "reason" and value in FAILURE_NAMES:
        return str(FAILURE_NAMES[value])
    return str(value)


bp.add_app_template_filter(action_label, "audit_action")


@bp.app_template_filter("audit_details")
def detail_lines(details: Mapping | None) -> list[tuple[str, str]]:
    """An entry's details as (label, text) pairs; the template escapes both."""
    return [(detail_name(key), describe(value, key)) for key, value in (details or {}).items()]


def render_log(workspace: Workspace | None, endpoint_args: dict):
    filters = AuditFilterForm(request.args)
    entries = None
    if filters.validate():
        query = audit_query(
            workspace=workspace,
            action=f"{filters.family.data}." if filters.family.data else "",
            action_contains=filters.action.data or "",
            person=filters.person.data or "",
            since=filters.start(),
            until=filters.end(),
        )
        entries = db.paginate(
            query,
            page=requested_page(),
            per_page=current_app.config["AUDIT_PER_PAGE"],
            error_out=False,
        )
    link_args = {
        **endpoint_args,
        **{name: request.args.get(name, "") for name in FILTER_NAMES if request.args.get(name)},
    }
    return render_template(
        "admin/audit.html",
        filters=filters,
        entries=entries,
        log_workspace=workspace,
        endpoint=request.endpoint,
        link_args=link_args,
    )


@bp.route("/admin/audit")
@hub_admin_view
def hub_log():
    return render_log(None, {})


@bp.route("/w/<slug>/audit")
@workspace_view(Action.ADMINISTER)
def workspace_log(workspace: Workspace):
    return render_log(workspace, {"slug": workspace.slug})
