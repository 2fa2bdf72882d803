"""Reading the audit log: hub administrators see all of it, workspace administrators theirs.

Only GET routes: nothing here edits or deletes an entry.
"""

from collections.abc import Mapping

from flask import Blueprint, current_app, render_template, request

from hub.access import Action, hub_admin_view, workspace_view
from hub.admin.forms import AuditFilterForm
from hub.admin.views import requested_page
from hub.audit.services import action_label, audit_query
from hub.extensions import db
from hub.workspaces.models import Workspace

bp = Blueprint("audit", __name__)

FILTER_NAMES = ("family", "action", "person", "since", "until")


def describe(value) -> str:
    """One detail value as plain text: [old, new] pairs read as "old → new"."""
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {describe(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return " → ".join(describe(item) for item in value)
    return str(value)


bp.add_app_template_filter(action_label, "audit_action")


@bp.app_template_filter("audit_details")
def detail_lines(details: Mapping | None) -> list[tuple[str, str]]:
    """An entry's details as (label, text) pairs; the template escapes both."""
    return [(str(key).replace("_", " "), describe(value)) for key, value in (details or {}).items()]


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
