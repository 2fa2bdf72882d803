"""Hub administration: accounts."""

from hub.audit.services import record_audit
from hub.auth.models import AccountStatus, User
from hub.auth.sessions import end_all_sessions
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db


def _require_hub_admin(by: User) -> None:
    if not by.is_hub_admin:
        raise AccessDenied("Only hub administrators manage accounts.")


def suspend_account(user: User, by: User, reason: str = "") -> None:
    """Suspend `user`: every session ends at once and they cannot sign in."""
    _require_hub_admin(by)
    if user.id == by.id:
        raise RuleViolation("You cannot suspend your own account.")
    if user.status == AccountStatus.SUSPENDED:
        raise RuleViolation("This account is already suspended.")
    user.status = AccountStatus.SUSPENDED
    end_all_sessions(user)
    record_audit("account.suspended", by, target_user=user, reason=reason or None)
    db.session.flush()


def reactivate_account(user: User, by: User) -> None:
    _require_hub_admin(by)
    if user.status != AccountStatus.SUSPENDED:
        raise RuleViolation("This account is not suspended.")
    user.status = AccountStatus.ACTIVE if user.confirmed_at else AccountStatus.PENDING
    record_audit("account.reactivated", by, target_user=user)
    db.session.flush()
