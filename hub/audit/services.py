"""Writing and reading the audit log."""

from datetime import datetime

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from hub.audit.models import AuditEntry
from hub.auth.models import User
from hub.auth.queries import accounts_matching
from hub.database import containing
from hub.extensions import db
from hub.features import AuditFamily, audit_families
from hub.workspaces.models import Workspace

#: The first part of the hub's own action names, what each covers and what each action is
#: called; feature packages add theirs through the registry. Together they are the audit
#: log's "kind of action" filter and the names its entries are shown with.
HUB_AUDIT_FAMILIES = (
    AuditFamily(
        "auth",
        _l("Sign-ins and account security"),
        {
            "auth.registered": _l("Registered"),
            "auth.confirmed": _l("Confirmed the e-mail address"),
            "auth.signed_in": _l("Signed in"),
            "auth.sign_in_failed": _l("Sign-in failed"),
            "auth.signed_out": _l("Signed out"),
            "auth.2fa_failed": _l("Two-factor code refused"),
            "auth.reset_requested": _l("Asked for a password reset"),
            "auth.password_reset": _l("Reset the password"),
            "auth.password_changed": _l("Changed the password"),
            "auth.profile_updated": _l("Updated the profile"),
            "auth.email_change_requested": _l("Asked to change the e-mail address"),
            "auth.email_changed": _l("Changed the e-mail address"),
            "auth.2fa_enabled": _l("Turned on two-factor authentication"),
            "auth.2fa_disabled": _l("Turned off two-factor authentication"),
            "auth.2fa_recovery_codes_regenerated": _l("Made new recovery codes"),
            "auth.2fa_recovery_code_used": _l("Used a recovery code"),
        },
    ),
    AuditFamily(
        "membership",
        _l("Membership"),
        {
            "membership.joined": _l("Joined"),
            "membership.requested": _l("Asked to join"),
            "membership.request_withdrawn": _l("Withdrew the request to join"),
            "membership.approved": _l("Approved a request to join"),
            "membership.rejected": _l("Declined a request to join"),
            "membership.invited": _l("Invited someone"),
            "membership.invitation_revoked": _l("Withdrew an invitation"),
            "membership.invitation_accepted": _l("Accepted an invitation"),
            "membership.invitation_declined": _l("Declined an invitation"),
            "membership.role_changed": _l("Changed a role"),
            "membership.removed": _l("Removed a member"),
            "membership.left": _l("Left the workspace"),
        },
    ),
    AuditFamily(
        "workspace",
        _l("Workspace changes"),
        {
            "workspace.created": _l("Created the workspace"),
            "workspace.updated": _l("Changed the settings"),
        },
    ),
    AuditFamily(
        "account",
        _l("Suspensions and reactivations"),
        {
            "account.suspended": _l("Suspended the account"),
            "account.reactivated": _l("Reactivated the account"),
        },
    ),
)


def action_families() -> list[AuditFamily]:
    return [*HUB_AUDIT_FAMILIES, *audit_families()]


def action_label(action: str) -> str:
    """What an audit action is called for people: "Signed in" for auth.signed_in. An action no
    family names (one a removed feature wrote) reads as its words: "page archived"."""
    for family in action_families():
        if action in family.actions:
            return str(family.actions[action])
    words = action.partition(".")[2] or action
    return words.replace("_", " ").capitalize()


def client_address() -> str:
    return (request.remote_addr or "") if has_request_context() else ""


def record_audit(
    action: str,
    actor: User | None = None,
    *,
    target_user: User | None = None,
    workspace: Workspace | None = None,
    **details,
) -> AuditEntry:
    """Append an entry; the caller's transaction commits it with the change it describes."""
    entry = AuditEntry(
        action=action,
        # Any account can act (a pending one registers); the anonymous user cannot.
        actor_id=actor.id if isinstance(actor, User) else None,
        target_user_id=target_user.id if target_user is not None else None,
        workspace_id=workspace.id if workspace is not None else None,
        ip_address=client_address(),
        details={key: value for key, value in details.items() if value is not None},
    )
    db.session.add(entry)
    return entry


def audit_query(
    *,
    workspace: Workspace | None = None,
    action: str = "",
    action_contains: str = "",
    person: str = "",
    about: User | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select:
    """Entries newest first, with actor, target and workspace loaded in the same statement.

    `action` is a prefix ("membership."), `action_contains` any part of the name.
    `person` matches the actor or the target by e-mail or name, or the e-mail an entry
    names (a failed sign-in with an unknown address, an invitation to a newcomer).
    `about` keeps the entries where that user acted or was acted on.
    """
    query = (
        select(AuditEntry)
        .options(
            joinedload(AuditEntry.actor),
            joinedload(AuditEntry.target_user),
            joinedload(AuditEntry.workspace),
        )
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if workspace is not None:
        query = query.where(AuditEntry.workspace_id == workspace.id)
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    if action_contains:
        query = query.where(containing(action_contains, AuditEntry.action))
    if person:
        matching = accounts_matching(person)
        query = query.where(
            or_(
                AuditEntry.actor_id.in_(matching),
                AuditEntry.target_user_id.in_(matching),
                containing(person, AuditEntry.details["email"].as_string()),
            )
        )
    if about is not None:
        query = query.where(
            or_(AuditEntry.actor_id == about.id, AuditEntry.target_user_id == about.id)
        )
    if since is not None:
        query = query.where(AuditEntry.created_at >= since)
    if until is not None:
        query = query.where(AuditEntry.created_at < until)
    return query
