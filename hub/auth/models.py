"""Accounts, their server-side sessions and two-factor recovery codes."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.database import UTCDateTime, enum_column, utcnow
from hub.extensions import db


class AccountStatus(enum.StrEnum):
    PENDING = "pending"  # registered, e-mail not yet confirmed
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Sector(enum.StrEnum):
    LAW_ENFORCEMENT = "law_enforcement"
    ACADEMIA = "academia"
    PRIVATE_INDUSTRY = "private_industry"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(SECTOR_LABELS[self])


#: In the reader's language when shown (lazy: this is built at import time).
SECTOR_LABELS = {
    Sector.LAW_ENFORCEMENT: _l("Law enforcement"),
    Sector.ACADEMIA: _l("Academia"),
    Sector.PRIVATE_INDUSTRY: _l("Private industry"),
    Sector.INTERNATIONAL_ORGANISATION: _l("International organisation"),
    Sector.OTHER: _l("Other"),
}


class EmailPreference(enum.StrEnum):
    OFF = "off"
    IMMEDIATE = "immediate"
    DAILY = "daily"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so "A@x.org" and "a@x.org" are one account.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    sector: Mapped[Sector] = mapped_column(enum_column(Sector))
    organisation: Mapped[str] = mapped_column(String(150), default="")
    #: ISO 3166-1 alpha-2 code.
    country: Mapped[str] = mapped_column(String(2))
    #: None: no password set (cannot sign in until a reset).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[AccountStatus] = mapped_column(
        enum_column(AccountStatus), default=AccountStatus.PENDING, index=True
    )
    is_hub_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Changes on every password change, so a reset link works once.
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Base32 TOTP secret; set once 2FA is confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: Last TOTP time step accepted, so a code cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column()
    email_preference: Mapped[EmailPreference] = mapped_column(
        enum_column(EmailPreference), default=EmailPreference.IMMEDIATE
    )
    #: The interface's language ("en", "fr", "es", "ar"), also that of the member's e-mails
    #: and the default language of what they write.
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    #: IANA time zone name; None: the browser's, else UTC.
    timezone: Mapped[str | None] = mapped_column(String(64))

    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: suspended and unconfirmed accounts cannot sign in
        return self.status == AccountStatus.ACTIVE

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class AuthSession(db.Model):
    """A signed-in browser. The cookie holds a random token; we store its SHA-256.

    Revoking the row ends that session at once, whatever the cookie says.
    """

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    remember: Mapped[bool] = mapped_column(default=False)
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(Text)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")
