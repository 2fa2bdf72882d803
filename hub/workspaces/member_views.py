"""/w/<slug>/members/: the directory, join requests, invitations, roles and removals."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from hub.access import Action, workspace_view
from hub.exceptions import Refusal
from hub.extensions import db
from hub.forms import carry_out, flash_form_errors, require_button_form, show_refusal
from hub.workspaces import directory, services
from hub.workspaces.forms import DecisionForm, InviteForm, MemberFilterForm, RemoveForm, RoleForm
from hub.workspaces.models import Invitation, Workspace

bp = Blueprint("members", __name__, url_prefix="/w/<slug>/members")


@bp.route("/")
@workspace_view(
    Action.SEE_MEMBERS, refusal=_l("Only the members of this workspace see who its members are.")
)
def index(workspace: Workspace):
    filters = MemberFilterForm(request.args)
    filters.validate()
    # A filter that does not validate (unknown sector, text too long) is ignored, not an error page.
    criteria = {
        name: "" if field.errors else (field.data or "")
        for name, field in (
            ("text", filters.q),
            ("sector", filters.sector),
            ("country", filters.country),
            ("role", filters.role),
        )
    }
    members = directory.member_page(
        workspace, **criteria, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "workspaces/members.html",
        filters=filters,
        members=members,
        chart=directory.sector_chart(workspace),
    )


@bp.route("/<int:membership_id>")
@workspace_view(Action.ADMINISTER)
def member(workspace: Workspace, membership_id: int):
    """One member, with what an administrator can change: their role, or their membership."""
    membership = directory.active_member(workspace, membership_id)
    if membership is None:
        abort(404)
    return render_template(
        "workspaces/member.html",
        member=membership,
        role_form=RoleForm(role=membership.role.value),
        remove_form=RemoveForm(),
    )


@bp.route("/requests")
@workspace_view(Action.ADMINISTER)
def requests(workspace: Workspace):
    return render_template(
        "workspaces/requests.html",
        pending=services.pending_requests(workspace),
        decision_form=DecisionForm,
    )


def _decide(workspace: Workspace, decide, success: LazyString):
    """Decide a join request; `success` (lazy_gettext, with a %(name)s) is flashed when done."""
    form = DecisionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("members.requests", slug=workspace.slug))
    try:
        membership = decide(
            workspace, form.membership_id.data, current_user, form.reason.data or ""
        )
    except Refusal as refusal:
        show_refusal(None, refusal)
    else:
        flash(success % {"name": membership.user.display_name}, "success")
    return redirect(url_for("members.requests", slug=workspace.slug))


@bp.route("/requests/approve", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def approve(workspace: Workspace):
    return _decide(
        workspace,
        lambda ws, membership_id, by, _reason: services.approve_request(ws, membership_id, by),
        _l("%(name)s is now a member."),
    )


@bp.route("/requests/reject", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def reject(workspace: Workspace):
    return _decide(workspace, services.reject_request, _l("The request of %(name)s was declined."))


@bp.route("/invite", methods=["GET", "POST"])
@workspace_view(Action.ADMINISTER)
def invite(workspace: Workspace):
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite(
                workspace, current_user, form.email.data, form.role.data, form.message.data or ""
            )
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("An invitation was sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("members.invite", slug=workspace.slug))
    open_invitations = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.workspace_id == workspace.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .options(db.joinedload(Invitation.invited_by))
        .order_by(Invitation.created_at.desc())
    ).all()
    return render_template("workspaces/invite.html", form=form, invitations=open_invitations)


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def revoke_invitation(workspace: Workspace, invitation_id: int):
    require_button_form()
    carry_out(
        lambda: services.revoke_invitation(workspace, invitation_id, current_user),
        _("The invitation was withdrawn."),
    )
    return redirect(url_for("members.invite", slug=workspace.slug))


def _back_to_member(workspace: Workspace, membership_id: int):
    """After a change, back to the member's page, or to the directory if they are gone."""
    if directory.active_member(workspace, membership_id) is None:
        return redirect(url_for("members.index", slug=workspace.slug))
    return redirect(url_for("members.member", slug=workspace.slug, membership_id=membership_id))


@bp.route("/<int:membership_id>/role", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def change_role(workspace: Workspace, membership_id: int):
    form = RoleForm()
    if form.validate_on_submit():
        try:
            membership = services.change_role(
                workspace, membership_id, current_user, form.role.data
            )
        except Refusal as refusal:
            show_refusal(None, refusal)
        else:
            flash(
                _(
                    "%(name)s is now %(role)s.",
                    name=membership.user.display_name,
                    role=membership.role.noun,
                ),
                "success",
            )
    else:
        flash(_("Choose one of the roles."), "error")
    return _back_to_member(workspace, membership_id)


@bp.route("/<int:membership_id>/remove", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def remove(workspace: Workspace, membership_id: int):
    form = RemoveForm()
    if form.validate_on_submit():
        reason = form.reason.data or ""
        removed = _("The member was removed.")
        if carry_out(
            lambda: services.remove_member(workspace, membership_id, current_user, reason), removed
        ):
            return redirect(url_for("members.index", slug=workspace.slug))
    else:
        flash_form_errors(form)
    return _back_to_member(workspace, membership_id)
