"""Writing and reading the audit log."""

from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import Select, select

from hub.audit.models import AuditEntry
from hub.auth.models import User
from hub.extensions import db
from hub.workspaces.models import Workspace


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
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
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
    person: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select:
    """Entries newest first, filtered; `person` matches actor or target by e-mail or name."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if workspace is not None:
        query = query.where(AuditEntry.workspace_id == workspace.id)
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    if person:
        pattern = f"%{person.lower()}%"
        matching = select(User.id).where(
            db.or_(
                db.func.lower(User.email).like(pattern),
                db.func.lower(User.display_name).like(pattern),
            )
        )
        query = query.where(
            db.or_(AuditEntry.actor_id.in_(matching), AuditEntry.target_user_id.in_(matching))
        )
    if since is not None:
        query = query.where(AuditEntry.created_at >= since)
    if until is not None:
        query = query.where(AuditEntry.created_at < until)
    return query
