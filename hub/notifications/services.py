"""One function to notify a user, one to record activity: every feature package uses these."""

from flask_babel import LazyString, ngettext
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update

from hub.auth.models import EmailPreference, User
from hub.database import MAX_ROW_ID, utcnow
from hub.extensions import db
from hub.i18n import language_of
from hub.links import absolute_url
from hub.mail import send_mail
from hub.notifications.models import Activity, Notification
from hub.security import is_safe_next
from hub.workspaces.models import Workspace

#: SQLite stores 64-bit integers at most (a larger one raises OverflowError): no row has
#: a larger id, so an id beyond it (typed into a URL) matches nothing.


def _check_link(link: str) -> str:
    """Links are rendered as href: only paths inside the hub, never another site or a script."""
    if link and not is_safe_next(link):
        raise ValueError(f"not a path inside the hub: {link!r}")
    return link


def notify(
    user: User,
    kind: str,
    message: str | LazyString,
    *,
    link: str = "",
    workspace: Workspace | None = None,
    already_emailed: bool = False,
) -> Notification:
    """Tell `user` in the app, and by e-mail at once if they chose that (digests go later).

    `message` is best a lazy_gettext string: it is written, and the e-mail composed, in
    the recipient's language, whoever caused the notification.

    `already_emailed`: the caller sends its own e-mail about this (an invitation, a
    rejection), so neither an immediate mail nor a digest repeats it.
    """
    with language_of(user):
        text = str(message)
        notification = Notification(
            user_id=user.id,
            workspace_id=workspace.id if workspace is not None else None,
            kind=kind,
            message=text[:500],
            link=_check_link(link),
        )
        db.session.add(notification)
        if already_emailed:
            notification.emailed_at = utcnow()
        elif user.email_preference == EmailPreference.IMMEDIATE and user.is_active:
            subject = " ".join(text.split())[:120]  # a header: one line
            send_mail(user.email, subject, notification_mail_body([notification]))
            notification.emailed_at = utcnow()
    return notification


def notification_mail_body(notifications: list[Notification]) -> str:
    lines = []
    for notification in notifications:
        lines.append(f"- {notification.message}")
        if notification.link:
            lines.append(f"  {absolute_url(notification.link)}")
    lines += ["", _("Choose how you are told in your profile's notification settings.")]
    return "\n".join(lines)


def N_(verb: str) -> str:  # the name message extraction looks for
    """Mark an activity's verb for translation where it is written: the verb is stored as
    written ("joined the workspace") and shown in each reader's language (|activity_verb)."""
    return verb


def record_activity(
    workspace: Workspace, actor: User | None, verb: str, subject: str = "", link: str = ""
) -> Activity:
    """Record that `actor` did `verb` (an English phrase marked with N_) to `subject`."""
    activity = Activity(
        workspace_id=workspace.id,
        actor_id=actor.id if actor is not None else None,
        verb=verb,
        subject=subject[:300],
        link=_check_link(link),
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


# Built once: the bell on every page runs it.
_UNREAD_COUNT = (
    select(func.count())
    .select_from(Notification)
    .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
)


def unread_count(user: User) -> int:
    return db.session.scalar(_UNREAD_COUNT, {"user_id": user.id})


def mark_read(user: User, notification_id: int) -> None:
    """Mark one of `user`'s own notifications read; anyone else's id changes nothing."""
    if not 0 < notification_id <= MAX_ROW_ID:
        return
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
        .options(db.contains_eager(Notification.user))
        .order_by(Notification.user_id, Notification.created_at, Notification.id)
        # PostgreSQL: a second run at the same time skips the rows this one is sending.
        .with_for_update(of=Notification, skip_locked=True)
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
            with language_of(user):
                subject = ngettext(
                    "Your daily digest: %(num)d new", "Your daily digest: %(num)d new", count
                )
                send_mail(user.email, subject, notification_mail_body(notifications))
            sent += 1
        for notification in notifications:
            notification.emailed_at = now
    db.session.flush()
    return sent
