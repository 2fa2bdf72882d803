"""In-app notifications for one user, and the activity record of a workspace."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.auth.models import User
from hub.database import UTCDateTime, utcnow
from hub.extensions import db
from hub.workspaces.models import Workspace


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    #: Dotted name of what happened, e.g. "membership.approved".
    kind: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(String(500))
    #: A path inside the hub (never an external URL).
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set once the notification went out by e-mail (at once or in a digest).
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    user: Mapped[User] = relationship()
    workspace: Mapped[Workspace | None] = relationship()


class Activity(db.Model):
    """Who did what where: the workspace home and later feeds read this."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_workspace_created", "workspace_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: e.g. "joined", "created page", "replied to".
    verb: Mapped[str] = mapped_column(String(64))
    #: What it was done to, as shown ("Machine learning"), and where it lives.
    subject: Mapped[str] = mapped_column(String(300), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()
    workspace: Mapped[Workspace] = relationship()
