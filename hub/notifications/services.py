"""One function to notify a user, one to record activity: every feature package uses these."""

from sqlalchemy import func, select, update

from hub.auth.models import EmailPreference, User
from hub.database import utcnow
from hub.extensions import db
from hub.mail import absolute_url, send_mail
from hub.notifications.models import Activity, Notification
from hub.workspaces.models import Workspace


def notify(
    user: User,
    kind: str,
    message: str,
    *,
    link: str = "",
    workspace: Workspace | None = None,
) -> Notification:
    """Tell `user` in the app, and by e-mail at once if they chose that (digests go later)."""
    notification = Notification(
        user_id=user.id,
        workspace_id=workspace.id if workspace is not None else None,
        kind=kind,
        message=message[:500],
        link=link,
    )
    db.session.add(notification)
    if user.email_preference == EmailPreference.IMMEDIATE and user.is_active:
        send_mail(user.email, message[:120], notification_mail_body([notification]))
        notification.emailed_at = utcnow()
    return notification


def notification_mail_body(notifications: list[Notification]) -> str:
    lines = []
    for notification in notifications:
        lines.append(f"- {notification.message}")
        if notification.link:
            lines.append(f"  {absolute_url(notification.link)}")
    lines += ["", "Choose how you are told in your profile's notification settings."]
    return "\n".join(lines)


def record_activity(
    workspace: Workspace, actor: User | None, verb: str, subject: str = "", link: str = ""
) -> Activity:
    activity = Activity(
        workspace_id=workspace.id,
        actor_id=actor.id if actor is not None else None,
        verb=verb,
        subject=subject[:300],
        link=link,
    )
    db.session.add(activity)
    return activity


def recent_activity(workspace: Workspace, limit: int = 15) -> list[Activity]:
    return list(
        db.session.scalars(
            select(Activity)
            .where(Activity.workspace_id == workspace.id)
            .options(db.joinedload(Activity.actor))
            .order_by(Activity.created_at.desc(), Activity.id.desc())
            .limit(limit)
        )
    )


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def mark_read(user: User, notification_id: int) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user.id)
        .where(Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def send_digests() -> int:
    """E-mail each daily-digest user what they have not been sent yet; safe to run again."""
    pending = db.session.scalars(
        select(Notification)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.emailed_at.is_(None),
            User.email_preference == EmailPreference.DAILY,
        )
        .order_by(Notification.user_id, Notification.created_at)
    ).all()
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    now = utcnow()
    sent = 0
    for notifications in by_user.values():
        user = notifications[0].user
        if user.is_active:
            count = len(notifications)
            send_mail(
                user.email, f"Your daily digest: {count} new", notification_mail_body(notifications)
            )
            sent += 1
        for notification in notifications:
            notification.emailed_at = now
    db.session.flush()
    return sent
