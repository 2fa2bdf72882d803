"""Workspaces and membership: every change, its rules, its audit entry and its notices."""

import re

from blinker import Namespace
from flask import current_app
from sqlalchemy import func, select

from hub.access import Action, require
from hub.audit.services import record_audit
from hub.auth.models import AccountStatus, User
from hub.auth.services import account_confirmed, create_account, find_user_by_email
from hub.database import MAX_ROW_ID, refusing_duplicates, utcnow
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.links import absolute_url, hub_path
from hub.mail import duration_text, send_mail
from hub.markup import render_markdown
from hub.notifications.services import notify, record_activity
from hub.tokens import make_token, read_token
from hub.workspaces.models import (
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
SLUG_TAKEN = "Another workspace already uses this address."
RESERVED_SLUGS = frozenset({"new", "admin", "api", "static"})


# --- workspaces (hub administrators) ---------------------------------------------------


def _check_slug(slug: str, workspace: Workspace | None = None) -> None:
    if not SLUG_PATTERN.match(slug) or slug in RESERVED_SLUGS:
        raise RuleViolation(
            "Use 1 to 40 lower-case letters, digits and hyphens, not starting or ending with one.",
            field="slug",
        )
    clash = db.session.scalar(select(Workspace).where(Workspace.slug == slug))
    if clash is not None and clash is not workspace:
        raise RuleViolation(SLUG_TAKEN, field="slug")


def create_workspace(by: User, *, name: str, slug: str, description: str, visibility) -> Workspace:
    if not by.is_hub_admin:
        raise AccessDenied("Only hub administrators create workspaces.")
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
        raise AccessDenied("Only hub administrators change a workspace's address.")
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
        raise AccessDenied("Your account is not active.")
    membership = _membership(workspace, user)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        raise RuleViolation("You are already a member of this workspace.")
    waiting = membership is not None and membership.status == MembershipStatus.REQUESTED
    # A request left over from before the workspace was opened does not hold its author back.
    if waiting and workspace.visibility != Visibility.OPEN:
        raise RuleViolation("Your request to join is already waiting for an administrator.")
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
        record_activity(workspace, user, "joined the workspace")
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
            f"{user.display_name} ({user.organisation}) asks to join {workspace.name}.",
            link=workspace_link(workspace, "members.requests"),
            workspace=workspace,
        )
    return membership


def withdraw_request(workspace: Workspace, user: User) -> None:
    membership = _membership(workspace, user)
    if membership is None or membership.status != MembershipStatus.REQUESTED:
        raise RuleViolation("You have no request waiting in this workspace.")
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
        raise RuleViolation("This request was already decided or withdrawn.")
    return membership


def approve_request(workspace: Workspace, membership_id: int, by: User) -> Membership:
    require(by, Action.ADMINISTER, workspace)
    membership = _pending_request(workspace, membership_id)
    _activate(membership, Role.MEMBER)
    db.session.flush()
    record_audit("membership.approved", by, target_user=membership.user, workspace=workspace)
    record_activity(workspace, membership.user, "joined the workspace")
    notify(
        membership.user,
        "membership.approved",
        f"Your request to join {workspace.name} was approved. Welcome!",
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
    message = f"Your request to join {workspace.name} was not approved."
    if reason:
        message += f" Reason: {reason}"
    # Told by e-mail whatever their preference (they are not a member, so have no other
    # view), and only once: the notice below is marked as e-mailed already.
    send_mail(membership.user.email, f"Your request to join {workspace.name}", message + "\n")
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
            raise RuleViolation(f"{email} is already a member of this workspace.", field="email")
        if existing.status == AccountStatus.SUSPENDED:
            raise RuleViolation("This account is suspended and cannot be invited.", field="email")
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
            f"{by.display_name} invited you to join {workspace.name}.",
            link=hub_path("workspaces.hub_home"),
            workspace=workspace,
            already_emailed=True,  # the invitation itself is e-mailed below
        )
    db.session.flush()
    token = make_token("invitation", {"invitation": invitation.id})
    note = f"\nTheir message: {message}\n" if message else ""
    lifetime = duration_text(current_app.config["INVITATION_MAX_AGE"], "day")
    send_mail(
        email,
        f"You are invited to {workspace.name}",
        f"{by.display_name} invited you to join the {workspace.name} workspace of "
        f"{current_app.config['HUB_NAME']} as {role.label.lower()}.\n{note}\n"
        f"Accept the invitation here (the link works for {lifetime}):\n"
        f"{absolute_url(hub_path('workspaces.invitation', token=token))}\n",
    )
    record_audit(
        "membership.invited",
        by,
        target_user=existing,
        workspace=workspace,
        email=email,
        role=role.value,
    )
    return invitation


def revoke_invitation(workspace: Workspace, invitation_id: int, by: User) -> None:
    require(by, Action.ADMINISTER, workspace)
    invitation = _row_to_change(Invitation, invitation_id)
    if invitation is None or invitation.workspace_id != workspace.id or not invitation.is_open:
        raise RuleViolation("This invitation was already used or withdrawn.")
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
        raise RuleViolation("This invitation was already used or withdrawn.")
    if user.email != invitation.email:
        raise RuleViolation(
            f"This invitation is for {invitation.email}. Sign in with that account to accept it."
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
    record_activity(workspace, user, "joined the workspace")
    if invitation.invited_by is not None:
        notify(
            invitation.invited_by,
            "membership.invitation_accepted",
            f"{user.display_name} accepted your invitation to {workspace.name}.",
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
        raise RuleViolation("There is no open invitation for you in this workspace.")
    return accept_invitation(invitation, user)


def decline_invitation(workspace: Workspace, user: User) -> None:
    membership = _membership(workspace, user)
    if membership is None or membership.status != MembershipStatus.INVITED:
        raise RuleViolation("There is no open invitation for you in this workspace.")
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
        raise RuleViolation("Register with the address the invitation was sent to.", field="email")
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
        raise RuleViolation("This person is not a member of the workspace any more.")
    return membership


def _refuse_if_last_administrator(membership: Membership, refusal: str) -> None:
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
        raise RuleViolation(f"{refusal} Make someone else an administrator first.")


def change_role(workspace: Workspace, membership_id: int, by: User, role: Role | str) -> Membership:
    require(by, Action.ADMINISTER, workspace)
    role = Role(role)
    membership = _active_membership(workspace, membership_id)
    if membership.role == role:
        return membership
    if role != Role.ADMINISTRATOR:
        _refuse_if_last_administrator(
            membership, "You cannot demote the last administrator of the workspace."
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
        f"Your role in {workspace.name} is now {role.label.lower()}.",
        link=workspace_link(workspace),
        workspace=workspace,
    )
    return membership


def remove_member(workspace: Workspace, membership_id: int, by: User, reason: str = "") -> None:
    require(by, Action.ADMINISTER, workspace)
    membership = _active_membership(workspace, membership_id)
    _refuse_if_last_administrator(
        membership, "You cannot remove the last administrator of the workspace."
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
        f"You were removed from {workspace.name}." + (f" Reason: {reason}" if reason else ""),
        link=hub_path("workspaces.hub_home"),
    )


def leave_workspace(workspace: Workspace, user: User) -> None:
    membership = _membership(workspace, user)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise RuleViolation("You are not a member of this workspace.")
    _refuse_if_last_administrator(
        membership, "You are the last administrator of this workspace, so you cannot leave it."
    )
    membership.status = MembershipStatus.REMOVED
    membership.decision_reason = ""
    db.session.flush()
    record_audit("membership.left", user, target_user=user, workspace=workspace)
