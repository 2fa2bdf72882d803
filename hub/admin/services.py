"""Hub administration: accounts, workspaces and the figures of the dashboard."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.audit.services import audit_query, record_audit
from hub.auth.models import AccountStatus, User
from hub.auth.sessions import end_all_sessions
from hub.database import containing
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.workspaces.models import Membership, MembershipStatus, Role, Workspace
from hub.workspaces.services import create_workspace, invite

ACCOUNTS_PER_PAGE = 50
RECENT_ENTRIES = 20


def _require_hub_admin(by: User) -> None:
    if not by.is_hub_admin:
        raise AccessDenied(_("Only hub administrators manage accounts."))


# --- accounts ----------------------------------------------------------------------------


def suspend_account(user: User, by: User, reason: str = "") -> None:
    """Suspend `user`: every session ends at once and they cannot sign in."""
    _require_hub_admin(by)
    if user.id == by.id:
        raise RuleViolation(_("You cannot suspend your own account."))
    if user.status == AccountStatus.SUSPENDED:
        raise RuleViolation(_("This account is already suspended."))
    user.status = AccountStatus.SUSPENDED
    end_all_sessions(user)
    record_audit("account.suspended", by, target_user=user, reason=reason or None)
    db.session.flush()


def reactivate_account(user: User, by: User) -> None:
    _require_hub_admin(by)
    if user.status != AccountStatus.SUSPENDED:
        raise RuleViolation(_("This account is not suspended."))
    user.status = AccountStatus.ACTIVE if user.confirmed_at else AccountStatus.PENDING
    record_audit("account.reactivated", by, target_user=user)
    db.session.flush()


def account_counts() -> dict[AccountStatus, int]:
    """Accounts per status, every status listed (one query)."""
    rows = db.session.execute(select(User.status, func.count()).group_by(User.status)).all()
    counts = {status: count for status, count in rows}
    return {status: counts.get(status, 0) for status in AccountStatus}


def account_page(*, text: str = "", status: str = "", page: int = 1) -> Pagination:
    """Accounts by name, filtered on name, e-mail or organisation and status (two queries)."""
    query = select(User).order_by(func.lower(User.display_name), User.id)
    if text:
        query = query.where(containing(text, User.display_name, User.email, User.organisation))
    if status:
        query = query.where(User.status == AccountStatus(status))
    return db.paginate(query, page=page, per_page=ACCOUNTS_PER_PAGE, error_out=False)


def memberships_of(user: User) -> list[Membership]:
    """Every membership row of `user` (requests and removals too), with its workspace."""
    return list(
        db.session.scalars(
            select(Membership)
            .join(Workspace, Workspace.id == Membership.workspace_id)
            .where(Membership.user_id == user.id)
            .options(db.contains_eager(Membership.workspace))
            .order_by(func.lower(Workspace.name))
        )
    )


def recent_entries_about(user: User) -> list[AuditEntry]:
    """The latest audit entries where `user` acted or was acted on."""
    return list(db.session.scalars(audit_query(about=user).limit(RECENT_ENTRIES)))


# --- workspaces --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkspaceSummary:
    workspace: Workspace
    members: int
    administrators: int
    pending_requests: int


def workspace_summaries() -> list[WorkspaceSummary]:
    """Every workspace by name with its membership figures, in one query."""
    active = Membership.status == MembershipStatus.ACTIVE
    rows = db.session.execute(
        select(
            Workspace,
            func.count(Membership.id).filter(active),
            func.count(Membership.id).filter(active, Membership.role == Role.ADMINISTRATOR),
            func.count(Membership.id).filter(Membership.status == MembershipStatus.REQUESTED),
        )
        .outerjoin(Membership, Membership.workspace_id == Workspace.id)
        .group_by(Workspace.id)
        .order_by(func.lower(Workspace.name), Workspace.id)
    ).all()
    return [WorkspaceSummary(*row) for row in rows]


def workspace_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Workspace))


def create_workspace_with_administrator(
    by: User,
    *,
    name: str,
    slug: str,
    description: str,
    visibility: str,
    first_administrator: str = "",
) -> Workspace:
    """Create a workspace and, when an address is given, invite its first administrator.

    A refused invitation refuses the whole creation, so no workspace is left without the
    administrator its creator asked for; the caller rolls back.
    """
    workspace = create_workspace(
        by, name=name, slug=slug, description=description, visibility=visibility
    )
    if first_administrator:
        try:
            invite(workspace, by, first_administrator, Role.ADMINISTRATOR)
        except RuleViolation as error:
            raise RuleViolation(error.message, field="first_administrator") from error
    return workspace
