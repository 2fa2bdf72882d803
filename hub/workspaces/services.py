"""Workspaces and membership: every change, its rules, its audit entry and its notices."""

import re
from contextlib import nullcontext

from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hub.access import Action, require
from hub.audit.services import record_audit
from hub.auth.models import AccountStatus, User
from hub.auth.services import account_confirmed, create_account, find_user_by_email
from hub.database import MAX_ROW_ID, refusing_duplicates, utcnow
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.i18n import language_of
from hub.links import absolute_url, hub_path
from hub.mail import duration_text, send_mail
from hub.markup import render_markdown
from hub.notifications.services import N_, notify, record_activity
from hub.tokens import make_token, read_token
from hub.workspaces.models import (
    ROLE_NOUNS,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
    Visibility,
    Workspace,
)

#: Sent with each new workspace; feature packages set up their part (the wiki its sections).
workspace_created = Namespace().signal("workspace-created")
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
SLUG_TAKEN = _l("Another workspace already uses this address.")
JOINED = N_("joined the workspace")
RESERVED_SLUGS = frozenset({"new", "admin", "api", "static"})


# --- workspaces (hub administrators) ---------------------------------------------------


def _check_slug(slug: str, workspace: Workspace | None = None) -> None:
    if not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS:
        raise RuleViolation(
            _(
                "Use 1 to 40 lower-case letters, digits and hyphens, not starting or ending "
                "with one."
            ),
            field="slug",
        )
    clash = db.session.scalar(select(Workspace).where(Workspace.slug == slug))
    if clash is not None and clash is not workspace:
        raise RuleViolation(SLUG_TAKEN, field="slug")


def create_workspace(by: User, *, name: str, slug: str, description: str, visibility) -> Workspace:
    if not by.is_hub_admin:
        raise AccessDenied(_("Only hub administrators create workspaces."))
    _check_slug(slug)
    workspace = Workspace(
        name=name,
        slug=slug,
        description=description,
        description_html=render_markdown(description),
        visibility=Visibility(visibility),
    )
    with refusing_duplicates(SLUG_TAKEN, field="slug"):
        db.session.add(workspace)
        db.session.flush()
    record_audit("workspace.created", by, workspace=workspace, name=name, slug=slug)
    workspace_created.send(workspace)
    return workspace


def update_workspace(
    workspace: Workspace, by: User, *, name: str, slug: str, description: str, visibility
) -> None:
    require(by, Action.ADMINISTER, workspace)
    if slug != workspace.slug and not by.is_hub_admin:
        raise AccessDenied(_("Only hub administrators change a workspace's address."))
    _check_slug(slug, workspace)
    changes = {
        field: [str(getattr(workspace, field)), str(value)]
        for field, value in (("name", name), ("slug", slug), ("visibility", visibility))
        if str(getattr(workspace, field)) != str(value)
    }
    if description != workspace.description:
        changes["description"] = ["…", "…"]
    with refusing_duplicates(SLUG_TAKEN, field="slug"):
        workspace.name = name
        workspace.slug = slug
        workspace.description = description
        workspace.description_html = render_markdown(description)
        workspace.visibility = Visibility(visibility)
    record_audit("workspace.updated", by, workspace=workspace, changes=changes)
    db.session.flush()


# --- reading ---------------------------------------------------------------------------


def memberships_by_workspace(user: User) -> dict[int, Membership]:
    if not user.is_authenticated:
        return {}
    rows = db.session.scalars(select(Membership).where(Membership.user_id == user.id))
    return {membership.workspace_id: membership for membership in rows}


def active_member_count(workspace: Workspace) -> int:
    """Members as the directory lists them: suspended accounts are not counted."""
    return db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.workspace_id == workspace.id,
            Membership.status == MembershipStatus.ACTIVE,
            User.status != AccountStatus.SUSPENDED,
        )
    )


def pending_requests(workspace: Workspace) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(
                Membership.workspace_id == workspace.id,
                Membership.status == MembershipStatus.REQUESTED,
            )
            .options(db.joinedload(Membership.user))
            .order_by(Membership.requested_at)
        )
    )


def pending_request_count(workspace: Workspace) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(
            Membership.workspace_id == workspace.id,
            Membership.status == MembershipStatus.REQUESTED,
        )
    )


def active_administrators(workspace: Workspace) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.workspace_id == workspace.id,
                Membership.status == MembershipStatus.ACTIVE,
                Membership.role == Role.ADMINISTRATOR,
                User.status == AccountStatus.ACTIVE,
            )
        )
    )


def _membership(workspace: Workspace, user: User) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace.id, Membership.user_id == user.id
        )
    )


def _activate(membership: Membership, role: Role | None = None) -> None:
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = utcnow()
    membership.decision_reason = ""
    if role is not None:
        membership.role = role


def workspace_link(workspace: Workspace, endpoint: str = "workspaces.home") -> str:
    return hub_path(endpoint, slug=workspace.slug)


def _row_to_change(model, row_id: int):
    """The row with this id, read afresh and locked until commit (PostgreSQL), or None.

    The lock makes a second administrator deciding the same thing at the same moment wait,
    then see the first decision. Ids out of range (from a URL or a form) match nothing.
    """
    if not 0 < row_id <= MAX_ROW_ID:
        return None
    return db.session.get(model, row_id, with_for_update=True, populate_existing=True)


# --- joining ---------------------------------------------------------------------------


def join_workspace(workspace: Workspace, user: User, message: str = "") -> Membership:
    """Join an open workspace at once, or ask to join a restricted one."""
    if not user.is_active:
        raise AccessDenied(_("Your account is not active."))
    membership = _membership(workspace, user)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        raise RuleViolation(_("You are already a member of this workspace."))
    waiting = membership is not None and membership.status == MembershipStatus.REQUESTED
    # A request left over from before the workspace was opened does not hold its author back.
    if waiting and workspace.visibility != Visibility.OPEN:
        raise RuleViolation(_("Your request to join is already waiting for an administrator."))
    if membership is None:
        membership = Membership(workspace_id=workspace.id, user_id=user.id, role=Role.MEMBER)
        db.session.add(membership)
    if membership.status == MembershipStatus.INVITED:
        accept_pending_invitation(workspace, user)
        return membership
    membership.request_message = message
    if workspace.visibility == Visibility.OPEN:
        _activate(membership, Role.MEMBER)
        db.session.flush()
        record_audit("membership.joined", user, target_user=user, workspace=workspace)
        record_activity(workspace, user, JOINED)
        return membership
    membership.status = MembershipStatus.REQUESTED
    membership.requested_at = utcnow()
    membership.decision_reason = ""
    db.session.flush()
    record_audit("membership.requested", user, target_user=user, workspace=workspace)
    for administrator in active_administrators(workspace):
        notify(
            administrator,
            "membership.requested",
            _l(
                "%(name)s (%(organisation)s) asks to join %(workspace)s.",
                name=user.display_name,
                organisation=user.organisation,
                workspace=workspace.name,
            ),
            link=workspace_link(workspace, "members.requests"),
            workspace=workspace,
        )
    return membership


def withdraw_request(workspace: Workspace, user: User) -> None:
    membership = _membership(workspace, user)
    if membership is None or membership.status != MembershipStatus.REQUESTED:
        raise RuleViolation(_("You have no request waiting in this workspace."))
    db.session.delete(membership)
    record_audit("membership.request_withdrawn", user, target_user=user, workspace=workspace)
    db.session.flush()


def _pending_request(workspace: Workspace, membership_id: int) -> Membership:
    membership = _row_to_change(Membership, membership_id)
    if (
        membership is None
        or membership.workspace_id != workspace.id
        or membership.status != MembershipStatus.REQUESTED
    ):
        raise RuleViolation(_("This request was already decided or withdrawn."))
    return membership


def approve_request(workspace: Workspace, membership_id: int, by: User) -> Membership:
    require(by, Action.ADMINISTER, workspace)
    membership = _pending_request(workspace, membership_id)
    _activate(membership, Role.MEMBER)
    db.session.flush()
    record_audit("membership.approved", by, target_user=membership.user, workspace=workspace)
    record_activity(workspace, membership.user, JOINED)
    notify(
        membership.user,
        "membership.approved",
        _l("Your request to join %(workspace)s was approved. Welcome!", workspace=workspace.name),
        link=workspace_link(workspace),
        workspace=workspace,
    )
    return membership


def reject_request(
    workspace: Workspace, membership_id: int, by: User, reason: str = ""
) -> Membership:
    require(by, Action.ADMINISTER, workspace)
    membership = _pending_request(workspace, membership_id)
    membership.status = MembershipStatus.REJECTED
    membership.decision_reason = reason
    db.session.flush()
    record_audit(
        "membership.rejected",
        by,
        target_user=membership.user,
        workspace=workspace,
        reason=reason or None,
    )
    if reason:
        message = _l(
            "Your request to join %(workspace)s was not approved. Reason: %(reason)s",
            workspace=workspace.name,
            reason=reason,
        )
    else:
        message = _l(
            "Your request to join %(workspace)s was not approved.", workspace=workspace.name
        )
    # Told by e-mail whatever their preference (they are not a member, so have no other
    # view), and only once: the notice below is marked as e-mailed already.
    with language_of(membership.user):
        send_mail(
            membership.user.email,
            _("Your request to join %(workspace)s", workspace=workspace.name),
            f"{message}\n",
        )
    notify(
        membership.user,
        "membership.rejected",
        message,
        link=hub_path("workspaces.hub_home"),
        already_emailed=True,
    )
    return membership


# --- invitations -----------------------------------------------------------------------


def invite(
    workspace: Workspace, by: User, email: str, role: Role | str, message: str = ""
) -> Invitation:
    require(by, Action.ADMINISTER, workspace)
    email = email.strip().lower()
    role = Role(role)
    existing = find_user_by_email(email)
    if existing is not None:
        membership = _membership(workspace, existing)
        if membership is not None and membership.status == MembershipStatus.ACTIVE:
            raise RuleViolation(
                _("%(email)s is already a member of this workspace.", email=email), field="email"
            )
        if existing.status == AccountStatus.SUSPENDED:
            raise RuleViolation(
                _("This account is suspended and cannot be invited."), field="email"
            )
    for earlier in db.session.scalars(
        select(Invitation).where(
            Invitation.workspace_id == workspace.id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ):
        earlier.revoked_at = utcnow()  # one open invitation per address: the newest
    invitation = Invitation(
        workspace_id=workspace.id, email=email, role=role, message=message, invited_by_id=by.id
    )
    db.session.add(invitation)
    if existing is not None:
        membership = _membership(workspace, existing)
        if membership is None:
            membership = Membership(workspace_id=workspace.id, user_id=existing.id)
            db.session.add(membership)
        membership.status = MembershipStatus.INVITED
        membership.role = role
        db.session.flush()
        notify(
            existing,
            "membership.invited",
            _l(
                "%(name)s invited you to join %(workspace)s.",
                name=by.display_name,
                workspace=workspace.name,
            ),
            link=hub_path("workspaces.hub_home"),
            workspace=workspace,
            already_emailed=True,  # the invitation itself is e-mailed below
        )
    db.session.flush()
    token = make_token("invitation", {"invitation": invitation.id})
    _send_invitation(invitation, by, existing, token)
    record_audit(
        "membership.invited",
        by,
        target_user=existing,
        workspace=workspace,
        email=email,
        role=role.value,
    )
    return invitation


def _send_invitation(invitation: Invitation, by: User, invitee: User | None, token: str) -> None:
    """The invitation e-mail: in the invitee's language when they have an account, else in
    the inviting administrator's (the reader of the page that sends it)."""
    workspace = invitation.workspace
    with language_of(invitee) if invitee is not None else nullcontext():
        values = {
            "name": by.display_name,
            "workspace": workspace.name,
            "hub": current_app.config["HUB_NAME"],
            "role": invitation.role.noun,
        }
        if invitation.message:
            opening = _(
                "%(name)s invited you to join the %(workspace)s workspace of %(hub)s as "
                "%(role)s.\n\nTheir message: %(message)s",
                message=invitation.message,
                **values,
            )
        else:
            opening = _(
                "%(name)s invited you to join the %(workspace)s workspace of %(hub)s as %(role)s.",
                **values,
            )
        accept = _(
            "Accept the invitation here (the link works for %(lifetime)s):",
            lifetime=duration_text(current_app.config["INVITATION_MAX_AGE"], "day"),
        )
        link = absolute_url(hub_path("workspaces.invitation", token=token))
        send_mail(
            invitation.email,
            _("You are invited to %(workspace)s", workspace=workspace.name),
            f"{opening}\n\n{accept}\n{link}\n",
        )


def revoke_invitation(workspace: Workspace, invitation_id: int, by: User) -> None:
    require(by, Action.ADMINISTER, workspace)
    invitation = _row_to_change(Invitation, invitation_id)
    if invitation is None or invitation.workspace_id != workspace.id or not invitation.is_open:
        raise RuleViolation(_("This invitation was already used or withdrawn."))
    invitation.revoked_at = utcnow()
    invitee = find_user_by_email(invitation.email)
    membership = _membership(workspace, invitee) if invitee is not None else None
    if membership is not None and membership.status == MembershipStatus.INVITED:
        db.session.delete(membership)
    record_audit(
        "membership.invitation_revoked",
        by,
        target_user=invitee,
        workspace=workspace,
        email=invitation.email,
    )
    db.session.flush()


def invitation_from_token(token: str) -> Invitation | None:
    """The open invitation a link points at, or None if tampered, expired, used or revoked."""
    payload = read_token("invitation", token, current_app.config["INVITATION_MAX_AGE"])
    if payload is None:
        return None
    invitation_id = payload.get("invitation")
    if not isinstance(invitation_id, int) or not 0 < invitation_id <= MAX_ROW_ID:
        return None
    invitation = db.session.get(Invitation, invitation_id)
    return invitation if invitation is not None and invitation.is_open else None


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    if not invitation.is_open:
        raise RuleViolation(_("This invitation was already used or withdrawn."))
    if user.email != invitation.email:
        raise RuleViolation(
            _(
                "This invitation is for %(email)s. Sign in with that account to accept it.",
                email=invitation.email,
            )
        )
    workspace = invitation.workspace
    membership = _membership(workspace, user)
    if membership is None:
        membership = Membership(workspace_id=workspace.id, user_id=user.id)
        db.session.add(membership)
    if membership.status != MembershipStatus.ACTIVE:
        _activate(membership, invitation.role)
    invitation.accepted_at = utcnow()
    db.session.flush()
    record_audit(
        "membership.invitation_accepted",
        user,
        target_user=user,
        workspace=workspace,
        role=membership.role.value,
    )
    record_activity(workspace, user, JOINED)
    if invitation.invited_by is not None:
        notify(
            invitation.invited_by,
            "membership.invitation_accepted",
            _l(
                "%(name)s accepted your invitation to %(workspace)s.",
                name=user.display_name,
                workspace=workspace.name,
            ),
            link=workspace_link(workspace, "members.index"),
            workspace=workspace,
        )
    return membership


def accept_pending_invitation(workspace: Workspace, user: User) -> Membership:
    invitation = db.session.scalar(
        select(Invitation)
        .where(
            Invitation.workspace_id == workspace.id,
            Invitation.email == user.email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at.desc())
    )
    if invitation is None:
        raise RuleViolation(_("There is no open invitation for you in this workspace."))
    return accept_invitation(invitation, user)


def decline_invitation(workspace: Workspace, user: User) -> None:
    membership = _membership(workspace, user)
    if membership is None or membership.status != MembershipStatus.INVITED:
        raise RuleViolation(_("There is no open invitation for you in this workspace."))
    for invitation in db.session.scalars(
        select(Invitation).where(
            Invitation.workspace_id == workspace.id,
            Invitation.email == user.email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ):
        invitation.revoked_at = utcnow()
    db.session.delete(membership)
    record_audit("membership.invitation_declined", user, target_user=user, workspace=workspace)
    db.session.flush()


@account_confirmed.connect
def offer_open_invitations(user: User) -> None:
    """Someone invited before they had an account, who then registered without the link,
    finds the invitation waiting on their hub home."""
    invitations = db.session.scalars(
        select(Invitation).where(
            Invitation.email == user.email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    )
    for invitation in invitations:
        workspace = invitation.workspace
        if _membership(workspace, user) is None:
            db.session.add(
                Membership(
                    workspace_id=workspace.id,
                    user_id=user.id,
                    role=invitation.role,
                    status=MembershipStatus.INVITED,
                )
            )
    db.session.flush()


def register_invited(invitation: Invitation, **fields) -> User:
    """Register through an invitation link: the link proves the address, so no confirmation."""
    if fields["email"].strip().lower() != invitation.email:
        raise RuleViolation(
            _("Register with the address the invitation was sent to."), field="email"
        )
    user = create_account(**fields, status=AccountStatus.ACTIVE)
    record_audit("auth.registered", user, target_user=user, via="invitation")
    accept_invitation(invitation, user)
    return user


# --- managing members ------------------------------------------------------------------


def _active_membership(workspace: Workspace, membership_id: int) -> Membership:
    membership = _row_to_change(Membership, membership_id)
    if (
        membership is None
        or membership.workspace_id != workspace.id
        or membership.status != MembershipStatus.ACTIVE
    ):
        raise RuleViolation(_("This person is not a member of the workspace any more."))
    return membership


def _refuse_if_last_administrator(membership: Membership, refusal: str) -> None:
    """Refuse, with `refusal` (which says what may not happen and what to do instead), to
    take away the workspace's last active administrator."""
    if membership.role != Role.ADMINISTRATOR:
        return
    # Every administrator row is locked, in one order: two administrators demoting each
    # other at the same moment (PostgreSQL) are serialised, and the second is refused.
    administrator_ids = db.session.scalars(
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.workspace_id == membership.workspace_id,
            Membership.status == MembershipStatus.ACTIVE,
            Membership.role == Role.ADMINISTRATOR,
            User.status == AccountStatus.ACTIVE,
        )
        .order_by(Membership.id)
        .with_for_update(of=Membership)
    ).all()
    if not set(administrator_ids) - {membership.id}:
        raise RuleViolation(refusal)


def change_role(workspace: Workspace, membership_id: int, by: User, role: Role | str) -> Membership:
    require(by, Action.ADMINISTER, workspace)
    role = Role(role)
    membership = _active_membership(workspace, membership_id)
    if membership.role == role:
        return membership
    if role != Role.ADMINISTRATOR:
        _refuse_if_last_administrator(
            membership,
            _(
                "You cannot demote the last administrator of the workspace. "
                "Make someone else an administrator first."
            ),
        )
    old_role = membership.role
    membership.role = role
    db.session.flush()
    record_audit(
        "membership.role_changed",
        by,
        target_user=membership.user,
        workspace=workspace,
        old_role=old_role.value,
        new_role=role.value,
    )
    notify(
        membership.user,
        "membership.role_changed",
        _l(
            "Your role in %(workspace)s is now %(role)s.",
            workspace=workspace.name,
            role=ROLE_NOUNS[role],
        ),
        link=workspace_link(workspace),
        workspace=workspace,
    )
    return membership


def remove_member(workspace: Workspace, membership_id: int, by: User, reason: str = "") -> None:
    require(by, Action.ADMINISTER, workspace)
    membership = _active_membership(workspace, membership_id)
    _refuse_if_last_administrator(
        membership,
        _(
            "You cannot remove the last administrator of the workspace. "
            "Make someone else an administrator first."
        ),
    )
    membership.status = MembershipStatus.REMOVED
    membership.decision_reason = reason
    db.session.flush()
    record_audit(
        "membership.removed",
        by,
        target_user=membership.user,
        workspace=workspace,
        reason=reason or None,
    )
    notify(
        membership.user,
        "membership.removed",
        _l(
            "You were removed from %(workspace)s. Reason: %(reason)s",
            workspace=workspace.name,
            reason=reason,
        )
        if reason
        else _l("You were removed from %(workspace)s.", workspace=workspace.name),
        link=hub_path("workspaces.hub_home"),
    )


def leave_workspace(workspace: Workspace, user: User) -> None:
    membership = _membership(workspace, user)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise RuleViolation(_("You are not a member of this workspace."))
    _refuse_if_last_administrator(
        membership,
        _(
            "You are the last administrator of this workspace, so you cannot leave it. "
            "Make someone else an administrator first."
        ),
    )
    membership.status = MembershipStatus.REMOVED
    membership.decision_reason = ""
    db.session.flush()
    record_audit("membership.left", user, target_user=user, workspace=workspace)
