"""Events of a workspace (its Virtual Discussion Rooms, Virtual Training Rooms, meetings),
their kinds, agenda items, links to the wiki and the library (listed, or written in their
text), registrations and the secret keys of the members' calendar feeds.

Times are stored in UTC with the IANA zone the event is held in: the zone writes the times
as the organisers gave them; the viewer's zone (hub.i18n) writes them for the reader.
An event keeps its registration counts (registered_count, waitlisted_count), changed only by
events.services while it holds the event's row: the capacity check reads them there.
"""

import enum
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.auth.models import User
from hub.database import UTCDateTime, enum_column, utcnow
from hub.extensions import db
from hub.i18n import format_number
from hub.workspaces.models import Workspace

MAX_TITLE_LENGTH = 200
MAX_THEME_LENGTH = 300
MAX_VENUE_LENGTH = 200
MAX_SUMMARY_LENGTH = 1_000
MAX_TEXT_LENGTH = 20_000
MAX_PEOPLE_LENGTH = 1_000
MAX_KIND_NAME_LENGTH = 80
MAX_ABBREVIATION_LENGTH = 12
MAX_AGENDA_ITEMS = 40
MAX_LINKS = 20
MAX_CAPACITY = 100_000
ZONE_LENGTH = 64
#: No event lasts longer: the list and the calendar look this far back for events that
#: started before the time they show and are still running.
MAX_DURATION = timedelta(days=31)


class EventStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    ATTENDED = "attended"


class LinkKind(enum.StrEnum):
    PAGE = "page"  # a wiki page, by its path
    DOCUMENT = "doc"  # a document of the library, by its id


#: The kinds every workspace starts with: (slug, name, abbreviation). Their names are stored
#: in English and shown in the reader's language while an administrator has not renamed them.
DEFAULT_KINDS = (
    ("vdr", _l("Virtual Discussion Room"), "VDR"),
    ("vtr", _l("Virtual Training Room"), "VTR"),
    ("global-meeting", _l("Global meeting"), ""),
    ("workshop", _l("Workshop"), ""),
    ("consultation", _l("Consultation"), ""),
    ("panel", _l("Panel or summit"), ""),
    ("webinar", _l("Webinar"), ""),
)
_DEFAULT_NAMES = {slug: name for slug, name, _abbreviation in DEFAULT_KINDS}


def shown_kind_name(slug: str, name: str) -> str:
    """A kind's name in the reader's language when it is a default kind's, as stored."""
    default = _DEFAULT_NAMES.get(slug)
    if default is not None and name == default._args[0]:
        return str(default)
    return name


def series_label(abbreviation: str, number: int | None, kind_name: str) -> str:
    """An event's place in its series as the reader's language writes it ("VDR 2"), or its
    kind's name for kinds that are not numbered."""
    if abbreviation and number is not None:
        return _("%(series)s %(number)s", series=abbreviation, number=format_number(number))
    return kind_name


class EventKind(db.Model):
    """Virtual Discussion Room, Virtual Training Room, global meeting...: administrators add
    kinds. Numbered kinds count their events ("VDR 2")."""

    __tablename__ = "event_kinds"
    __table_args__ = (UniqueConstraint("workspace_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    #: The kind in filters and URLs ("vdr").
    slug: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(MAX_KIND_NAME_LENGTH))
    #: What precedes an event's number ("VDR"); "" for kinds that are not numbered.
    abbreviation: Mapped[str] = mapped_column(String(MAX_ABBREVIATION_LENGTH), default="")
    #: Order in the filter and the timeline's legend.
    position: Mapped[int] = mapped_column(default=0)

    @property
    def numbered(self) -> bool:
        return bool(self.abbreviation)

    @property
    def shown_name(self) -> str:
        return shown_kind_name(self.slug, self.name)


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        # The list (upcoming ascending, past descending), the calendar and the timeline.
        Index("ix_events_workspace_starts", "workspace_id", "starts_at", "id"),
        Index("ix_events_workspace_kind_starts", "workspace_id", "kind_id", "starts_at", "id"),
        # Reminders: the events starting within a day, whatever the workspace.
        Index("ix_events_starts_status", "starts_at", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    kind_id: Mapped[int] = mapped_column(ForeignKey("event_kinds.id", ondelete="RESTRICT"))
    #: Its number in its kind's series (VDR 2), for numbered kinds.
    number: Mapped[int | None] = mapped_column()
    title: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH))
    theme: Mapped[str] = mapped_column(String(MAX_THEME_LENGTH), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The IANA zone the event is held in ("Asia/Singapore").
    timezone: Mapped[str] = mapped_column(String(ZONE_LENGTH))
    #: Only the month is on record (events from before the hub): shown as "July 2018".
    month_only: Mapped[bool] = mapped_column(default=False)
    #: Where it is held; "" when it is virtual.
    venue: Mapped[str] = mapped_column(String(MAX_VENUE_LENGTH), default="")
    summary: Mapped[str] = mapped_column(String(MAX_SUMMARY_LENGTH), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    outcomes: Mapped[str] = mapped_column(Text, default="")
    outcomes_html: Mapped[str] = mapped_column(Text, default="")
    #: One name per line.
    speakers: Mapped[str] = mapped_column(String(MAX_PEOPLE_LENGTH), default="")
    organisers: Mapped[str] = mapped_column(String(MAX_PEOPLE_LENGTH), default="")
    #: Places for participants; None: no limit (and no registration if the event is past).
    capacity: Mapped[int | None] = mapped_column()
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, 16), default=EventStatus.SCHEDULED
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_count: Mapped[int] = mapped_column(default=0)
    waitlisted_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workspace: Mapped[Workspace] = relationship()
    kind: Mapped[EventKind] = relationship(lazy="joined")
    agenda: Mapped[list["AgendaItem"]] = relationship(
        cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    links: Mapped[list["EventLink"]] = relationship(
        cascade="all, delete-orphan", order_by="EventLink.position"
    )
    item_links: Mapped[list["EventItemLink"]] = relationship(cascade="all, delete-orphan")

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_virtual(self) -> bool:
        return not self.venue

    @property
    def label(self) -> str:
        """ "VDR 2" for a numbered kind, else the kind's name."""
        return series_label(self.kind.abbreviation, self.number, self.kind.shown_name)

    def has_started(self, now: datetime) -> bool:
        return self.starts_at <= now

    def is_full(self) -> bool:
        return self.capacity is not None and self.registered_count >= self.capacity


class AgendaItem(db.Model):
    __tablename__ = "event_agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    #: When the item starts, "HH:MM" in the event's zone ("" if not on record).
    time: Mapped[str] = mapped_column(String(5), default="")
    title: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH))
    speakers: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH), default="")


class EventLink(db.Model):
    """A wiki page (by path) or a document (by id) the event page lists. Documents are named
    through the hub's link targets, so events read no other package's tables."""

    __tablename__ = "event_links"
    __table_args__ = (
        # The wiki page of an event shows it: found by the page's path.
        Index("ix_event_links_workspace_kind_target", "workspace_id", "kind", "target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[LinkKind] = mapped_column(enum_column(LinkKind, 8))
    #: The wiki page's path, or the document's id.
    target: Mapped[str] = mapped_column(String(255))
    #: What the link says, for a wiki page ("" : its path); a document is named by its title.
    label: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH), default="")


class EventItemLink(db.Model):
    """A ``[[kind:ID]]`` link in an event's description or outcomes to an item of another
    package (a document, say), kept whether or not the item exists: the item's page lists
    the events that name it, as it lists those whose links name it."""

    __tablename__ = "event_item_links"
    __table_args__ = (
        UniqueConstraint("event_id", "kind", "item_id"),
        # The events of a workspace that name one item.
        Index("ix_event_item_links_item", "workspace_id", "kind", "item_id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    #: The event's: an id names an item of the event's own workspace only.
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    #: The link's kind as written: "doc", "event", "forum" or "topic".
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[int] = mapped_column(BigInteger)


class Registration(db.Model):
    """A member's place at an event: registered, on the waiting list (in order of
    `listed_at`), cancelled, or attended (recorded afterwards)."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        Index("ix_event_registrations_event_status", "event_id", "status", "listed_at", "id"),
        # A member's own registrations are found through the unique (event, user) index,
        # by the events shown: a member registered for thousands reads no more.
        Index("ix_event_registrations_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus, 16))
    #: When the member (last) asked for a place: the waiting list's order.
    listed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the day-before reminder went (once).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship()


class FeedKey(db.Model):
    """A member's secret for the workspace's iCalendar feed, stored as its SHA-256:
    regenerating it replaces the row and the old address stops working."""

    __tablename__ = "event_feed_keys"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
