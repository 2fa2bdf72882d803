"""Reads for the event pages: each a fixed number of bounded statements, whatever the number
of events and registrations (tests/events/test_statements.py counts them).

The list is keyset-paged on (starts_at, id): upcoming events from the soonest, past ones
from the latest; a page of either costs what the first costs.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, extract, func, or_, select

from events.models import (
    MAX_DURATION,
    AgendaItem,
    Event,
    EventItemLink,
    EventKind,
    EventLink,
    EventStatus,
    LinkKind,
    Registration,
    RegistrationStatus,
    series_label,
    shown_kind_name,
)
from hub.access import Action, permissions_of
from hub.auth.models import User
from hub.database import utcnow
from hub.extensions import db
from hub.features import LinkingItem, LinkingItems, LinkTarget, PageNote, link_target_finders
from hub.i18n import format_in_zone
from hub.links import hub_path
from hub.workspaces.models import Workspace

EVENTS_PER_PAGE = 25
#: A calendar month shows at most this many events (a busy month says there are more).
MAX_EVENTS_IN_MONTH = 200
#: The event page lists at most this many participants, and as many waiting.
MAX_PARTICIPANTS_SHOWN = 500
#: The timeline marks each event up to this many; beyond, it counts them by year and kind.
MAX_TIMELINE_MARKS = 80
TIMELINE_SINCE = 2018


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""  #: a kind's slug
    year: int | None = None


@dataclass(frozen=True)
class ListedEvent:
    id: int
    label: str
    kind_slug: str
    kind_name: str
    title: str
    theme: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    month_only: bool
    venue: str
    cancelled: bool
    capacity: int | None
    registered_count: int
    waitlisted_count: int
    #: The viewer's registration status, if any.
    mine: RegistrationStatus | None = None


@dataclass(frozen=True)
class EventListPage:
    upcoming: list[ListedEvent]
    #: Keys of the links to the next pages (None: nothing more).
    upcoming_after: int | None
    past: list[ListedEvent]
    past_after: int | None

    def past_by_year(self) -> list[tuple[int, list[ListedEvent]]]:
        years: dict[int, list[ListedEvent]] = {}
        for event in self.past:
            years.setdefault(event.starts_at.astimezone(ZoneInfo(event.timezone)).year, []).append(
                event
            )
        return list(years.items())


_LISTED_COLUMNS = (
    Event.id,
    Event.number,
    Event.title,
    Event.theme,
    Event.starts_at,
    Event.ends_at,
    Event.timezone,
    Event.month_only,
    Event.venue,
    Event.status,
    Event.capacity,
    Event.registered_count,
    Event.waitlisted_count,
    EventKind.slug.label("kind_slug"),
    EventKind.name.label("kind_name"),
    EventKind.abbreviation,
)


_label = series_label


def _listed(row, mine: dict[int, RegistrationStatus]) -> ListedEvent:
    return ListedEvent(
        id=row.id,
        label=_label(row.abbreviation, row.number, shown_kind_name(row.kind_slug, row.kind_name)),
        kind_slug=row.kind_slug,
        kind_name=shown_kind_name(row.kind_slug, row.kind_name),
        title=row.title,
        theme=row.theme,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        month_only=row.month_only,
        venue=row.venue,
        cancelled=row.status == EventStatus.CANCELLED,
        capacity=row.capacity,
        registered_count=row.registered_count,
        waitlisted_count=row.waitlisted_count,
        mine=mine.get(row.id),
    )


def _filtered(query, workspace: Workspace, filters: EventFilters):
    query = query.join(EventKind, EventKind.id == Event.kind_id).where(
        Event.workspace_id == workspace.id
    )
    if filters.kind:
        # The kind's id, found once, so the (workspace, kind, start) index does the work.
        kind_id = (
            select(EventKind.id)
            .where(EventKind.workspace_id == workspace.id, EventKind.slug == filters.kind)
            .scalar_subquery()
        )
        query = query.where(Event.kind_id == kind_id)
    if filters.year is not None:
        query = query.where(
            Event.starts_at >= datetime(filters.year, 1, 1, tzinfo=UTC),
            Event.starts_at < datetime(filters.year + 1, 1, 1, tzinfo=UTC),
        )
    return query


def _key(workspace: Workspace, event_id: int | None):
    if event_id is None:
        return None
    return db.session.execute(
        select(Event.starts_at, Event.id).where(
            Event.id == event_id, Event.workspace_id == workspace.id
        )
    ).first()


def _mine(user: User | None, ids: list[int]) -> dict[int, RegistrationStatus]:
    if user is None or not user.is_authenticated or not ids:
        return {}
    # The status is sorted out here: in the statement it leads SQLite away from the unique
    # (event, user) index, to every registration of the member.
    rows = db.session.execute(
        select(Registration.event_id, Registration.status).where(
            Registration.user_id == user.id, Registration.event_id.in_(ids)
        )
    )
    return {event_id: status for event_id, status in rows if status != RegistrationStatus.CANCELLED}


def event_list(
    workspace: Workspace,
    filters: EventFilters,
    viewer: User | None = None,
    *,
    upcoming_after: int | None = None,
    past_after: int | None = None,
    now: datetime | None = None,
) -> EventListPage:
    """The upcoming events (not yet ended), soonest first, then the past ones, latest first;
    a page of one of them when its key is given. At most four statements."""
    now = now or utcnow()
    base = _filtered(select(*_LISTED_COLUMNS), workspace, filters)
    upcoming_rows, past_rows = [], []
    if past_after is None:
        # Bounded below by the longest an event lasts, so the index starts near now.
        query = base.where(Event.starts_at >= now - MAX_DURATION, Event.ends_at >= now)
        key = _key(workspace, upcoming_after)
        if key is not None:
            query = query.where(
                or_(
                    Event.starts_at > key.starts_at,
                    and_(Event.starts_at == key.starts_at, Event.id > key.id),
                )
            )
        upcoming_rows = db.session.execute(
            query.order_by(Event.starts_at, Event.id).limit(EVENTS_PER_PAGE + 1)
        ).all()
    if upcoming_after is None:
        query = base.where(Event.starts_at < now, Event.ends_at < now)
        key = _key(workspace, past_after)
        if key is not None:
            query = query.where(
                or_(
                    Event.starts_at < key.starts_at,
                    and_(Event.starts_at == key.starts_at, Event.id < key.id),
                )
            )
        past_rows = db.session.execute(
            query.order_by(Event.starts_at.desc(), Event.id.desc()).limit(EVENTS_PER_PAGE + 1)
        ).all()
    shown_upcoming, shown_past = upcoming_rows[:EVENTS_PER_PAGE], past_rows[:EVENTS_PER_PAGE]
    mine = _mine(viewer, [row.id for row in (*shown_upcoming, *shown_past)])
    upcoming = [_listed(row, mine) for row in shown_upcoming]
    past = [_listed(row, mine) for row in shown_past]
    return EventListPage(
        upcoming=upcoming,
        upcoming_after=upcoming[-1].id if len(upcoming_rows) > EVENTS_PER_PAGE else None,
        past=past,
        past_after=past[-1].id if len(past_rows) > EVENTS_PER_PAGE else None,
    )


def kinds_of(workspace: Workspace) -> list[EventKind]:
    return list(
        db.session.scalars(
            select(EventKind)
            .where(EventKind.workspace_id == workspace.id)
            .order_by(EventKind.position, EventKind.id)
        )
    )


def years_of(workspace: Workspace) -> list[int]:
    """The years the workspace's events span, latest first (one statement)."""
    # Two subqueries, each answered from the index's ends (one min() and one max() together
    # would read the whole range).
    first, last = db.session.execute(
        select(
            select(func.min(Event.starts_at))
            .where(Event.workspace_id == workspace.id)
            .scalar_subquery(),
            select(func.max(Event.starts_at))
            .where(Event.workspace_id == workspace.id)
            .scalar_subquery(),
        )
    ).one()
    if first is None:
        return []
    first, last = (
        value.replace(tzinfo=UTC) if value.tzinfo is None else value for value in (first, last)
    )
    return list(range(last.year, first.year - 1, -1))


def event_in(workspace: Workspace, event_id: int) -> Event | None:
    return db.session.scalar(
        select(Event).where(Event.id == event_id, Event.workspace_id == workspace.id)
    )


@dataclass(frozen=True)
class ShownLink:
    href: str
    title: str
    kind: LinkKind


@dataclass(frozen=True)
class Participant:
    user_id: int
    name: str
    organisation: str
    country: str
    status: RegistrationStatus


@dataclass(frozen=True)
class EventPage:
    event: Event
    agenda: list[AgendaItem]
    pages: list[ShownLink]
    documents: list[ShownLink]
    mine: RegistrationStatus | None
    #: Registered (or attended) and waiting, in order; None when the viewer may not see them.
    participants: list[Participant] | None
    waiting: list[Participant] | None


def _page_href(workspace: Workspace, path: str) -> str | None:
    try:
        return hub_path("wiki.page", slug=workspace.slug, path=path)
    except Exception:  # the wiki is not enabled: no link  # noqa: BLE001
        return None


def shown_links(workspace: Workspace, links: list[EventLink]) -> tuple[list, list]:
    """The event's wiki pages (by path, titled by the event's link label) and its live
    documents, titled through the hub's link targets (one statement)."""
    pages, documents = [], []
    for link in links:
        if link.kind == LinkKind.PAGE:
            href = _page_href(workspace, link.target)
            if href is not None:
                pages.append(ShownLink(href, link.label or link.target, link.kind))
    ids = {int(link.target) for link in links if link.kind == LinkKind.DOCUMENT}
    finder = link_target_finders().get("doc")
    if ids and finder is not None:
        found = finder(workspace, ids)
        for link in links:
            if link.kind == LinkKind.DOCUMENT and int(link.target) in found:
                target = found[int(link.target)]
                documents.append(ShownLink(target.href, target.title, link.kind))
    return pages, documents


def _participants(event: Event, statuses: tuple[RegistrationStatus, ...]) -> list[Participant]:
    rows = db.session.execute(
        select(
            Registration.user_id,
            Registration.status,
            User.display_name,
            User.organisation,
            User.country,
        )
        .join(User, User.id == Registration.user_id)
        .where(Registration.event_id == event.id, Registration.status.in_(statuses))
        .order_by(Registration.listed_at, Registration.id)
        .limit(MAX_PARTICIPANTS_SHOWN)
    ).all()
    return [
        Participant(row.user_id, row.display_name, row.organisation, row.country, row.status)
        for row in rows
    ]


def event_page(event: Event, viewer: User, may_see_participants: bool) -> EventPage:
    agenda = list(event.agenda)
    pages, documents = shown_links(event.workspace, list(event.links))
    mine = db.session.scalar(
        select(Registration.status).where(
            Registration.event_id == event.id,
            Registration.user_id == viewer.id,
            Registration.status != RegistrationStatus.CANCELLED,
        )
    )
    participants = waiting = None
    if may_see_participants:
        participants = _participants(
            event, (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)
        )
        waiting = _participants(event, (RegistrationStatus.WAITLISTED,))
    return EventPage(event, agenda, pages, documents, mine, participants, waiting)


def registrations_for_export(event: Event):
    """Every registration of the event with its member, in the order they asked (streamed)."""
    return db.session.execute(
        select(
            Registration.status,
            Registration.listed_at,
            User.display_name,
            User.email,
            User.organisation,
            User.country,
        )
        .join(User, User.id == Registration.user_id)
        .where(Registration.event_id == event.id)
        .order_by(Registration.listed_at, Registration.id)
        .execution_options(yield_per=500)
    )


def attendance_list(event: Event) -> list[Participant]:
    return _participants(event, (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED))


# --- the calendar and the timeline -------------------------------------------------------


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    #: Weeks of days (None outside the month), each day with its events.
    weeks: list[list[tuple[date | None, list[ListedEvent]]]]
    more: bool

    @property
    def empty(self) -> bool:
        return not any(events for week in self.weeks for _day, events in week)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def following(self) -> date:
        return (self.first + timedelta(days=32)).replace(day=1)


def calendar_month(
    workspace: Workspace, year: int, month: int, zone: str, filters: EventFilters, viewer=None
) -> CalendarMonth:
    """The month's events, by day in the viewer's zone `zone`: two statements."""
    tz = ZoneInfo(zone)
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(following, datetime.min.time(), tzinfo=tz)
    query = _filtered(select(*_LISTED_COLUMNS), workspace, EventFilters(kind=filters.kind))
    rows = db.session.execute(
        query.where(
            Event.starts_at < end, Event.starts_at >= start - MAX_DURATION, Event.ends_at >= start
        )
        .order_by(Event.starts_at, Event.id)
        .limit(MAX_EVENTS_IN_MONTH + 1)
    ).all()
    more = len(rows) > MAX_EVENTS_IN_MONTH
    rows = rows[:MAX_EVENTS_IN_MONTH]
    mine = _mine(viewer, [row.id for row in rows])
    by_day: dict[date, list[ListedEvent]] = defaultdict(list)
    for row in rows:
        listed = _listed(row, mine)
        day = max(listed.starts_at.astimezone(tz).date(), first)
        last = min(listed.ends_at.astimezone(tz).date(), following - timedelta(days=1))
        while day <= last:
            by_day[day].append(listed)
            day += timedelta(days=1)
    weeks: list[list[tuple[date | None, list[ListedEvent]]]] = []
    week: list[tuple[date | None, list[ListedEvent]]] = [(None, [])] * first.weekday()
    day = first
    while day < following:
        week.append((day, by_day.get(day, [])))
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += timedelta(days=1)
    if week:
        weeks.append(week + [(None, [])] * (7 - len(week)))
    return CalendarMonth(year, month, weeks, more)


@dataclass(frozen=True)
class TimelineMark:
    when: datetime
    year: int
    kind_slug: str
    label: str
    title: str
    href: str | None
    count: int = 1
    timezone: str = "UTC"
    month_only: bool = False


@dataclass(frozen=True)
class Timeline:
    first_year: int
    last_year: int
    kinds: list[EventKind]
    marks: list[TimelineMark]
    #: True: too many events to mark each; the marks count them by year and kind.
    counted: bool


def timeline(workspace: Workspace, now: datetime | None = None) -> Timeline:
    """The workspace's events since TIMELINE_SINCE, cancelled ones left out: each marked when
    there are few, else counted by year and kind. Three statements at most."""
    now = now or utcnow()
    kinds = kinds_of(workspace)
    since = datetime(TIMELINE_SINCE, 1, 1, tzinfo=UTC)
    live = and_(
        Event.workspace_id == workspace.id,
        Event.status == EventStatus.SCHEDULED,
        Event.starts_at >= since,
    )
    year = extract("year", Event.starts_at)
    counts = db.session.execute(
        select(year.label("year"), Event.kind_id, func.count().label("count"))
        .where(live)
        .group_by(year, Event.kind_id)
    ).all()
    total = sum(row.count for row in counts)
    last_year = max([now.year, *(int(row.year) for row in counts)])
    slugs = {kind.id: kind.slug for kind in kinds}
    names = {kind.id: kind.shown_name for kind in kinds}
    if total > MAX_TIMELINE_MARKS:
        marks = [
            TimelineMark(
                when=datetime(int(row.year), 7, 1, tzinfo=UTC),
                year=int(row.year),
                kind_slug=slugs.get(row.kind_id, ""),
                label=names.get(row.kind_id, ""),
                title="",
                href=None,
                count=row.count,
            )
            for row in sorted(counts, key=lambda row: (row.year, row.kind_id))
        ]
        return Timeline(TIMELINE_SINCE, last_year, kinds, marks, counted=True)
    rows = db.session.execute(
        select(*_LISTED_COLUMNS)
        .join(EventKind, EventKind.id == Event.kind_id)
        .where(live)
        .order_by(Event.starts_at, Event.id)
    ).all()
    marks = [
        TimelineMark(
            when=row.starts_at,
            year=row.starts_at.year,
            kind_slug=row.kind_slug,
            label=_label(
                row.abbreviation, row.number, shown_kind_name(row.kind_slug, row.kind_name)
            ),
            title=row.title,
            href=hub_path("events.event", slug=workspace.slug, event_id=row.id),
            timezone=row.timezone,
            month_only=row.month_only,
        )
        for row in rows
    ]
    return Timeline(TIMELINE_SINCE, last_year, kinds, marks, counted=False)


# --- for the hub: counts, links, notes ---------------------------------------------------


def upcoming_count(workspace: Workspace) -> int:
    """The workspace's scheduled events that have not started, for its home page."""
    return db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(
            Event.workspace_id == workspace.id,
            Event.status == EventStatus.SCHEDULED,
            Event.starts_at > utcnow(),
        )
    )


def event_link_targets(workspace: Workspace, ids: set[int]) -> dict[int, LinkTarget]:
    """The events of `workspace` among `ids`, for ``[[event:ID]]`` wiki links."""
    rows = db.session.execute(
        select(Event.id, Event.title).where(Event.id.in_(ids), Event.workspace_id == workspace.id)
    )
    return {
        row.id: LinkTarget(
            hub_path("events.event", slug=workspace.slug, event_id=row.id), row.title
        )
        for row in rows
    }


def events_linking_to_item(
    workspace: Workspace, reader: User, kind: str, item_id: int, limit: int
) -> LinkingItems:
    """The events of `workspace` that name item `kind`:`item_id` in their list of links or in
    their description or outcomes (a document's page lists them), the latest first: `limit`
    of them and how many more, in one statement. Whoever reads the workspace sees every event,
    a cancelled one marked as such."""
    label = _l("Events")
    if Action.VIEW not in permissions_of(reader, workspace):
        return LinkingItems(label)
    named = select(EventItemLink.event_id).where(
        EventItemLink.workspace_id == workspace.id,
        EventItemLink.kind == kind,
        EventItemLink.item_id == item_id,
    )
    if kind == LinkKind.DOCUMENT.value:
        named = named.union(
            select(EventLink.event_id).where(
                EventLink.workspace_id == workspace.id,
                EventLink.kind == LinkKind.DOCUMENT,
                EventLink.target == str(item_id),
            )
        )
    rows = db.session.execute(
        select(*_LISTED_COLUMNS, func.count().over().label("total"))
        .join(EventKind, EventKind.id == Event.kind_id)
        .where(Event.workspace_id == workspace.id, Event.id.in_(named))
        .order_by(Event.starts_at.desc(), Event.id.desc())
        .limit(limit)
    ).all()
    items = []
    for row in rows:
        label_of_row = _label(
            row.abbreviation, row.number, shown_kind_name(row.kind_slug, row.kind_name)
        )
        when = when_text(row.starts_at, row.timezone, row.month_only)
        items.append(
            LinkingItem(
                title=f"{label_of_row}: {row.title}" if row.abbreviation else row.title,
                href=hub_path("events.event", slug=workspace.slug, event_id=row.id),
                note=_("%(when)s, cancelled", when=when)
                if row.status == EventStatus.CANCELLED
                else when,
            )
        )
    return LinkingItems(label, tuple(items), more=rows[0].total - len(rows) if rows else 0)


def event_page_notes(workspace: Workspace, path: str) -> list[PageNote]:
    """The events a wiki page records (their links name its path): when each was held."""
    rows = db.session.execute(
        select(*_LISTED_COLUMNS)
        .join(EventLink, EventLink.event_id == Event.id)
        .join(EventKind, EventKind.id == Event.kind_id)
        .where(
            EventLink.workspace_id == workspace.id,
            EventLink.kind == LinkKind.PAGE,
            EventLink.target == path,
            Event.workspace_id == workspace.id,
        )
        .order_by(Event.starts_at, Event.id)
        .limit(5)
    ).all()
    notes = []
    now = utcnow()
    for row in rows:
        label = _label(row.abbreviation, row.number, shown_kind_name(row.kind_slug, row.kind_name))
        when = when_text(row.starts_at, row.timezone, row.month_only)
        if row.status == EventStatus.CANCELLED:
            text = _("Planned for %(when)s, and cancelled.", when=when)
        elif row.starts_at > now:
            text = _("Takes place on %(when)s.", when=when)
        elif row.month_only:
            text = _("Took place in %(when)s.", when=when)
        else:
            text = _("Took place on %(when)s.", when=when)
        notes.append(
            PageNote(
                text=text,
                href=hub_path("events.event", slug=workspace.slug, event_id=row.id),
                label=f"{label}: {row.title}" if row.abbreviation else row.title,
            )
        )
    return notes


def when_text(starts_at: datetime, zone: str, month_only: bool) -> str:
    """The day an event starts, in its own zone ("9 Jun 2021"), or its month ("July 2018")."""
    if month_only:
        local = starts_at.astimezone(ZoneInfo(zone))
        return babel_format_date(local, "LLLL y", locale=get_locale())
    return format_in_zone(starts_at, zone, with_time=False)
