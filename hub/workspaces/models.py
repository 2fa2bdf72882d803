"""Workspaces, their memberships and invitations."""

import enum
from datetime import datetime

from flask_babel import LazyString, pgettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.auth.models import User
from hub.database import UTCDateTime, enum_column, utcnow
from hub.extensions import db


class Visibility(enum.StrEnum):
    RESTRICTED = "restricted"  # non-members see the description and may ask to join
    OPEN = "open"  # any active account may read and join at once

    @property
    def label(self) -> str:
        """ "Open" or "Restricted", as a workspace's badge says it (not the verb "Open")."""
        if self == Visibility.OPEN:
            return pgettext("workspace visibility", "Open")
        return pgettext("workspace visibility", "Restricted")


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"
    MODERATOR = "moderator"
    MEMBER = "member"

    @property
    def label(self) -> LazyString:
        """The role as a list or a menu names it: "Administrator"."""
        return ROLE_LABELS[self]

    @property
    def noun(self) -> str:
        """The role inside a sentence: "Mem Ber is now moderator."."""
        return str(ROLE_NOUNS[self])


# Lazy: the role menus of the forms are built once, and read in each reader's language.
ROLE_LABELS = {
    Role.ADMINISTRATOR: _l("Administrator"),
    Role.MODERATOR: _l("Moderator"),
    Role.MEMBER: _l("Member"),
}
ROLE_NOUNS = {
    Role.ADMINISTRATOR: _l("administrator"),
    Role.MODERATOR: _l("moderator"),
    Role.MEMBER: _l("member"),
}


class MembershipStatus(enum.StrEnum):
    REQUESTED = "requested"
    INVITED = "invited"
    ACTIVE = "active"
    REJECTED = "rejected"
    REMOVED = "removed"  # removed by an administrator, or left


class Workspace(db.Model):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: Markdown source and its rendered, sanitised HTML (rendered on write).
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility), default=Visibility.RESTRICTED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Workspace {self.slug}>"


class Membership(db.Model):
    """One row per (workspace, user): its status tells where the relationship stands."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id"),
        Index("ix_memberships_workspace_status", "workspace_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.MEMBER)
    status: Mapped[MembershipStatus] = mapped_column(enum_column(MembershipStatus))
    #: The applicant's message with a join request.
    request_message: Mapped[str] = mapped_column(Text, default="")
    #: Reason given with a rejection or removal, shown to the user.
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    workspace: Mapped[Workspace] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


class Invitation(db.Model):
    """An e-mailed invitation; its signed link carries the id. Works without an account too."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.MEMBER)
    message: Mapped[str] = mapped_column(Text, default="")
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workspace: Mapped[Workspace] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
