"""Hub administration: the dashboard, workspaces and accounts (hub administrators only)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hub.access import hub_admin_view
from hub.admin import services
from hub.admin.forms import (
    ACCOUNT_STATUS_LABELS,
    MEMBERSHIP_STATUS_LABELS,
    AccountFilterForm,
    NewWorkspaceForm,
    SuspendForm,
)
from hub.auth.models import User
from hub.exceptions import Refusal
from hub.extensions import db
from hub.forms import carry_out, flash_form_errors, require_button_form, show_refusal

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: Higher page numbers are clamped: an absurd one must not overflow the database's integers.
LAST_PAGE = 100_000


def requested_page() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), LAST_PAGE)


@bp.route("/")
@hub_admin_view
def index():
    return render_template(
        "admin/index.html",
        account_counts=services.account_counts(),
        workspace_count=services.workspace_count(),
        status_labels=ACCOUNT_STATUS_LABELS,
    )


@bp.route("/workspaces")
@hub_admin_view
def workspaces():
    return render_template("admin/workspaces.html", summaries=services.workspace_summaries())


@bp.route("/workspaces/new", methods=["GET", "POST"])
@hub_admin_view
def new_workspace():
    form = NewWorkspaceForm()
    if form.validate_on_submit():
        try:
            workspace = services.create_workspace_with_administrator(
                current_user,
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data or "",
                visibility=form.visibility.data,
                first_administrator=form.first_administrator.data or "",
            )
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            if form.first_administrator.data:
                message = _(
                    "The workspace %(workspace)s is created. %(email)s is invited as its "
                    "administrator.",
                    workspace=workspace.name,
                    email=form.first_administrator.data,
                )
            else:
                message = _("The workspace %(workspace)s is created.", workspace=workspace.name)
            flash(message, "success")
            return redirect(url_for("admin.workspaces"))
    return render_template("admin/new_workspace.html", form=form)


@bp.route("/users")
@hub_admin_view
def users():
    filters = AccountFilterForm(request.args)
    accounts = None
    if filters.validate():
        accounts = services.account_page(
            text=filters.q.data or "", status=filters.status.data or "", page=requested_page()
        )
    return render_template(
        "admin/users.html",
        filters=filters,
        accounts=accounts,
        status_labels=ACCOUNT_STATUS_LABELS,
    )


def _load_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>")
@hub_admin_view
def user(user_id: int):
    person = _load_user(user_id)
    return render_template(
        "admin/user.html",
        person=person,
        memberships=services.memberships_of(person),
        entries=services.recent_entries_about(person),
        status_labels=ACCOUNT_STATUS_LABELS,
        membership_labels=MEMBERSHIP_STATUS_LABELS,
        suspend_form=SuspendForm(),
    )


@bp.route("/users/<int:user_id>/suspend", methods=["POST"])
@hub_admin_view
def suspend_user(user_id: int):
    person = _load_user(user_id)
    form = SuspendForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("admin.user", user_id=person.id))
    try:
        services.suspend_account(person, current_user, form.reason.data or "")
    except Refusal as refusal:
        show_refusal(None, refusal)
    else:
        flash(
            _("%(name)s is suspended and signed out everywhere.", name=person.display_name),
            "success",
        )
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@hub_admin_view
def reactivate_user(user_id: int):
    person = _load_user(user_id)
    require_button_form()
    carry_out(
        lambda: services.reactivate_account(person, current_user),
        _("%(name)s can sign in again.", name=person.display_name),
    )
    return redirect(url_for("admin.user", user_id=person.id))
