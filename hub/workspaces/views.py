"""The hub home, workspace homes, joining and leaving, invitations and workspace settings."""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from hub.access import Action, enter_workspace, load_workspace, signed_in_view, workspace_view
from hub.auth.services import find_user_by_email
from hub.exceptions import Refusal
from hub.extensions import db
from hub.forms import ConfirmForm, carry_out, require_button_form, show_refusal
from hub.notifications.services import recent_activity
from hub.workspaces import services
from hub.workspaces.forms import JoinForm, WorkspaceForm
from hub.workspaces.models import Visibility, Workspace
from hub.workspaces.stats import workspace_counts

bp = Blueprint("workspaces", __name__)


@bp.route("/")
@signed_in_view
def hub_home():
    workspaces = db.session.scalars(select(Workspace).order_by(Workspace.name)).all()
    memberships = services.memberships_by_workspace(current_user)
    return render_template(
        "workspaces/hub_home.html",
        workspaces=workspaces,
        memberships=memberships,
        join_form=JoinForm(),
    )


@bp.route("/w/<slug>/")
@signed_in_view
def home(slug: str):
    workspace = enter_workspace(slug)
    membership = g.membership
    if Action.VIEW not in g.permissions:
        # Non-members of a restricted workspace see its description and may ask to join.
        return render_template("workspaces/about.html", membership=membership, join_form=JoinForm())
    return render_template(
        "workspaces/home.html",
        membership=membership,
        counts=workspace_counts(workspace),
        activities=recent_activity(workspace),
        join_form=JoinForm(),
    )


#: Flashed when one has joined, by the open door or by an invitation.
WELCOME = _l("Welcome to %(workspace)s.")


def _membership_action(workspace: Workspace, action, success: LazyString, *args):
    """Run a POSTed membership change for the current user and go back to the workspace;
    `success` (lazy_gettext, with a %(workspace)s) is flashed when it is done."""
    carry_out(
        lambda: action(workspace, current_user, *args), success % {"workspace": workspace.name}
    )
    return redirect(url_for("workspaces.home", slug=workspace.slug))


@bp.route("/w/<slug>/join", methods=["POST"])
@signed_in_view
def join(slug: str):
    workspace = enter_workspace(slug)
    form = JoinForm()
    if not form.validate_on_submit():
        # Show the request form again, with the message as typed and what is wrong with it.
        return render_template("workspaces/about.html", membership=g.membership, join_form=form)
    success = (
        WELCOME
        if workspace.visibility == Visibility.OPEN
        else _l("Your request to join %(workspace)s was sent to its administrators.")
    )
    return _membership_action(workspace, services.join_workspace, success, form.message.data or "")


@bp.route("/w/<slug>/withdraw", methods=["POST"])
@signed_in_view
def withdraw(slug: str):
    require_button_form()
    return _membership_action(
        load_workspace(slug),
        services.withdraw_request,
        _l("Your request to join %(workspace)s was withdrawn."),
    )


@bp.route("/w/<slug>/leave", methods=["POST"])
@signed_in_view
def leave(slug: str):
    require_button_form()
    return _membership_action(
        load_workspace(slug),
        services.leave_workspace,
        _l("You left %(workspace)s."),
    )


@bp.route("/w/<slug>/invitation/accept", methods=["POST"])
@signed_in_view
def accept_invitation(slug: str):
    require_button_form()
    return _membership_action(load_workspace(slug), services.accept_pending_invitation, WELCOME)


@bp.route("/w/<slug>/invitation/decline", methods=["POST"])
@signed_in_view
def decline_invitation(slug: str):
    require_button_form()
    return _membership_action(
        load_workspace(slug),
        services.decline_invitation,
        _l("You declined the invitation to %(workspace)s."),
    )


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """An e-mailed invitation: accept when signed in as the invitee, else register or sign in."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return render_template("auth/link_invalid.html", what="invitation"), 400
    form = ConfirmForm()
    if current_user.is_authenticated and form.validate_on_submit():
        welcome = WELCOME % {"workspace": invitation.workspace.name}
        if carry_out(lambda: services.accept_invitation(invitation, current_user), welcome):
            return redirect(url_for("workspaces.home", slug=invitation.workspace.slug))
    has_account = find_user_by_email(invitation.email) is not None
    return render_template(
        "workspaces/invitation.html",
        invitation=invitation,
        token=token,
        form=form,
        has_account=has_account,
    )


@bp.route("/w/<slug>/settings", methods=["GET", "POST"])
@workspace_view(Action.ADMINISTER)
def settings(workspace: Workspace):
    form = WorkspaceForm(obj=workspace)
    if not current_user.is_hub_admin:
        form.slug.render_kw = {"readonly": True}
    if form.validate_on_submit():
        try:
            services.update_workspace(
                workspace,
                current_user,
                name=form.name.data,
                slug=form.slug.data if current_user.is_hub_admin else workspace.slug,
                description=form.description.data or "",
                visibility=form.visibility.data,
            )
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("The workspace settings are saved."), "success")
            return redirect(url_for("workspaces.settings", slug=workspace.slug))
    return render_template("workspaces/settings.html", form=form)
