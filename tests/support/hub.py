"""The hub's test world for membership: a workspace with an administrator, a moderator,
a member, and an outsider; and what the membership tests read back."""

from dataclasses import dataclass

from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.auth.models import EmailPreference, User
from hub.extensions import db
from hub.notifications.models import Notification
from hub.workspaces.models import Membership, Role
from tests.support import alerts, make_membership, make_user, make_workspace, sent_mail


@dataclass
class World:
    workspace: object
    admin: User
    moderator: User
    member: User
    outsider: User


def build_world() -> World:
    workspace = make_workspace("ai", name="Artificial Intelligence")
    admin = make_user("wsadmin@example.org", display_name="Wanda Admin")
    moderator = make_user("moderator@example.org", display_name="Mo Derator")
    member = make_user("member@example.org", display_name="Mem Ber")
    outsider = make_user(
        "outsider@example.org", display_name="Otto Outsider", organisation="Bundeskriminalamt"
    )
    make_membership(workspace, admin, Role.ADMINISTRATOR)
    make_membership(workspace, moderator, Role.MODERATOR)
    make_membership(workspace, member, Role.MEMBER)
    return World(workspace, admin, moderator, member, outsider)


def alert_text(response) -> str:
    return " | ".join(alerts(response))


def membership_of(workspace, user) -> Membership | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace.id, Membership.user_id == user.id
        )
    )


def audit_actions() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def notifications_of(user) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def mail_to(app, address: str) -> list:
    return [message for message in sent_mail(app) if message["To"] == address]


def set_preference(user: User, preference: EmailPreference) -> None:
    user.email_preference = preference
    db.session.commit()


def audit_entries(action: str) -> list[AuditEntry]:
    """The audit entries of one action, read afresh."""
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def user_by_email(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))
