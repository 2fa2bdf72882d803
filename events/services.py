"""Every change to events: kinds, events, registrations, attendance, reminders, feed keys.

Functions flush and never commit. Capacity and the waiting list are decided while the
event's row is held (SELECT ... FOR UPDATE on PostgreSQL; SQLite admits one writer at a
time), so that concurrent registrations never give out more places than there are, and a
member has one registration per event (a unique constraint says so too).
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from events import policies
from events.models import (
    DEFAULT_KINDS,
    MAX_ABBREVIATION_LENGTH,
    MAX_AGENDA_ITEMS,
    MAX_CAPACITY,
    MAX_DURATION,
    MAX_KIND_NAME_LENGTH,
    MAX_LINKS,
    MAX_PEOPLE_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_THEME_LENGTH,
    MAX_TITLE_LENGTH,
    MAX_VENUE_LENGTH,
    AgendaItem,
    Event,
    EventItemLink,
    EventKind,
    EventLink,
    EventStatus,
    FeedKey,
    LinkKind,
    Registration,
    RegistrationStatus,
)
from hub.access import enforce, permissions_of
from hub.audit.services import record_audit
from hub.auth.models import User
from hub.database import refusing_duplicates, utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db
from hub.features import find_link_targets, item_link_resolver, linked_items
from hub.i18n import known_timezone, language_of
from hub.links import absolute_url, hub_path
from hub.mail import send_mail
from hub.markup import extract_wiki_links, render_markdown
from hub.notifications.services import notify
from hub.workspaces.models import Workspace

#: Reminders go this long before an event starts.
REMINDER_AHEAD = timedelta(days=1)


# --- kinds -------------------------------------------------------------------------------


def ensure_default_kinds(workspace: Workspace) -> list[EventKind]:
    """The workspace's kinds, the default ones added if it has none yet."""
    kinds = list(
        db.session.scalars(
            select(EventKind)
            .where(EventKind.workspace_id == workspace.id)
            .order_by(EventKind.position, EventKind.id)
        )
    )
    if kinds:
        return kinds
    for position, (slug, name, abbreviation) in enumerate(DEFAULT_KINDS):
        kind = EventKind(
            workspace_id=workspace.id,
            slug=slug,
            name=name._args[0],  # the English text
            abbreviation=abbreviation,
            position=position,
        )
        db.session.add(kind)
        kinds.append(kind)
    db.session.flush()
    return kinds


def _kind_slug(name: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in name.casefold())
    return "-".join(words.split())[:40].strip("-")


def add_kind(workspace: Workspace, by: User, *, name: str, abbreviation: str = "") -> EventKind:
    enforce(policies.manage_events_refusal(by, permissions_of(by, workspace), workspace))
    name = _clean_line(name, MAX_KIND_NAME_LENGTH, "name")
    abbreviation = _clean_line(abbreviation, MAX_ABBREVIATION_LENGTH, "abbreviation")
    slug = _kind_slug(name)
    if not slug:
        raise RuleViolation(_("Give the kind a name."), field="name")
    kinds = ensure_default_kinds(workspace)
    if any(kind.slug == slug for kind in kinds):
        raise RuleViolation(_("This workspace already has that kind."), field="name")
    kind = EventKind(
        workspace_id=workspace.id,
        slug=slug,
        name=name,
        abbreviation=abbreviation,
        position=max(kind.position for kind in kinds) + 1,
    )
    with refusing_duplicates(_("This workspace already has that kind."), field="name"):
        db.session.add(kind)
        db.session.flush()
    record_audit("events.kind_added", by, workspace=workspace, kind=name)
    return kind


# --- checks ------------------------------------------------------------------------------


def _clean_line(value: str | None, limit: int, field_name: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise RuleViolation(_("Use at most %(max)d characters.", max=limit), field=field_name)
    return value


def _clean_text(value: str | None, limit: int, field_name: str) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise RuleViolation(_("Use at most %(max)d characters.", max=limit), field=field_name)
    return value


def _clean_people(value: str | None, field_name: str) -> str:
    lines = [" ".join(line.split()) for line in (value or "").splitlines()]
    return _clean_text("\n".join(line for line in lines if line), MAX_PEOPLE_LENGTH, field_name)


@dataclass(frozen=True)
class AgendaEntry:
    time: str  #: "HH:MM" or ""
    title: str
    speakers: str = ""


@dataclass(frozen=True)
class EventData:
    """What an administrator writes about an event. Start and end are wall-clock times in
    `timezone` (the event's zone)."""

    kind_id: int
    title: str
    starts: datetime
    ends: datetime
    timezone: str
    theme: str = ""
    venue: str = ""
    summary: str = ""
    description: str = ""
    outcomes: str = ""
    speakers: str = ""
    organisers: str = ""
    capacity: int | None = None
    month_only: bool = False
    agenda: tuple[AgendaEntry, ...] = ()
    #: (LinkKind, target, label): a wiki page's path and what the link says, or a
    #: document's id (and "").
    links: tuple[tuple[LinkKind, str, str], ...] = field(default_factory=tuple)


def zoned(local: datetime, zone: str) -> datetime:
    """A wall-clock time in `zone` as an aware datetime."""
    return local.replace(tzinfo=ZoneInfo(zone))


def _checked(
    workspace: Workspace, data: EventData, event: Event | None
) -> tuple[dict, set[tuple[str, int]]]:
    """The columns `data` gives, each checked (a refusal names the field it concerns), and
    the items its description and outcomes name."""
    zone = known_timezone(data.timezone)
    if zone is None:
        raise RuleViolation(_("Choose a time zone from the list."), field="timezone")
    starts, ends = zoned(data.starts, zone), zoned(data.ends, zone)
    if ends < starts:
        raise RuleViolation(_("The event ends before it starts."), field="end_date")
    if ends - starts > MAX_DURATION:
        raise RuleViolation(
            _("An event lasts at most %(days)d days.", days=MAX_DURATION.days), field="end_date"
        )
    title = _clean_line(data.title, MAX_TITLE_LENGTH, "title")
    if not title:
        raise RuleViolation(_("Give the event a title."), field="title")
    kind = db.session.get(EventKind, data.kind_id)
    if kind is None or kind.workspace_id != workspace.id:
        raise RuleViolation(_("Choose a kind from the list."), field="kind")
    capacity = data.capacity
    if capacity is not None:
        if not 1 <= capacity <= MAX_CAPACITY:
            raise RuleViolation(
                _("Give a number of places from 1 to %(max)d.", max=MAX_CAPACITY),
                field="capacity",
            )
        if event is not None and capacity < event.registered_count:
            raise RuleViolation(
                _(
                    "%(count)d members are already registered: the event needs at least as "
                    "many places.",
                    count=event.registered_count,
                ),
                field="capacity",
            )
    if len(data.agenda) > MAX_AGENDA_ITEMS:
        raise RuleViolation(
            _("Use at most %(max)d agenda items.", max=MAX_AGENDA_ITEMS), field="agenda"
        )
    if len(data.links) > MAX_LINKS:
        raise RuleViolation(_("Use at most %(max)d links.", max=MAX_LINKS), field="links")
    description = _clean_text(data.description, MAX_TEXT_LENGTH, "description")
    outcomes = _clean_text(data.outcomes, MAX_TEXT_LENGTH, "outcomes")
    (description_html, outcomes_html), items = _rendered(workspace, description, outcomes)
    columns = {
        "kind_id": kind.id,
        "title": title,
        "theme": _clean_line(data.theme, MAX_THEME_LENGTH, "theme"),
        "starts_at": starts,
        "ends_at": ends,
        "timezone": zone,
        "month_only": data.month_only,
        "venue": _clean_line(data.venue, MAX_VENUE_LENGTH, "venue"),
        "summary": _clean_line(data.summary, MAX_SUMMARY_LENGTH, "summary"),
        "description": description,
        "description_html": description_html,
        "outcomes": outcomes,
        "outcomes_html": outcomes_html,
        "speakers": _clean_people(data.speakers, "speakers"),
        "organisers": _clean_people(data.organisers, "organisers"),
        "capacity": capacity,
    }
    return columns, items


def _rendered(workspace: Workspace, *texts: str) -> tuple[list[str], set[tuple[str, int]]]:
    """Each text's HTML, its ``[[doc:12]]`` links (and other items') made links titled by
    their items when they exist in `workspace` (a link to a wiki page stays text); and the
    items all of them name, found or not."""
    links = [link for text in texts for link in extract_wiki_links(text)]
    resolve = item_link_resolver(find_link_targets(workspace, links))
    return [render_markdown(text, resolve) for text in texts], linked_items(links)


def _set_item_links(event: Event, items: set[tuple[str, int]]) -> None:
    """The items the event's text names: rows already there stay (a row removed and added
    again in one flush would meet itself in the unique index)."""
    kept = [link for link in event.item_links if (link.kind, link.item_id) in items]
    present = {(link.kind, link.item_id) for link in kept}
    event.item_links = kept + [
        EventItemLink(workspace_id=event.workspace_id, kind=kind, item_id=item_id)
        for kind, item_id in sorted(items - present)
    ]


def _set_agenda_and_links(event: Event, data: EventData) -> None:
    event.agenda = [
        AgendaItem(
            position=position,
            time=entry.time,
            title=entry.title[:MAX_TITLE_LENGTH],
            speakers=entry.speakers[:MAX_TITLE_LENGTH],
        )
        for position, entry in enumerate(data.agenda)
    ]
    event.links = [
        EventLink(
            workspace_id=event.workspace_id,
            position=position,
            kind=kind,
            target=target,
            label=label[:MAX_TITLE_LENGTH],
        )
        for position, (kind, target, label) in enumerate(data.links)
    ]


def next_number(workspace: Workspace, kind: EventKind) -> int | None:
    """The next number in `kind`'s series (None for kinds that are not numbered)."""
    if not kind.numbered:
        return None
    highest = db.session.scalar(
        select(func.max(Event.number)).where(
            Event.workspace_id == workspace.id, Event.kind_id == kind.id
        )
    )
    return (highest or 0) + 1


# --- events ------------------------------------------------------------------------------


def _event_link(event: Event) -> str:
    return hub_path("events.event", slug=event.workspace.slug, event_id=event.id)


def create_event(
    workspace: Workspace, by: User, data: EventData, *, number: int | None = None
) -> Event:
    """A new event; a numbered kind's event takes the next number in its series unless
    `number` is given (the demo records the real ones)."""
    enforce(policies.manage_events_refusal(by, permissions_of(by, workspace), workspace))
    columns, items = _checked(workspace, data, None)
    event = Event(workspace_id=workspace.id, created_by_id=by.id, **columns)
    event.workspace = workspace
    kind = db.session.get(EventKind, columns["kind_id"])
    event.number = number if number is not None else next_number(workspace, kind)
    _set_agenda_and_links(event, data)
    _set_item_links(event, items)
    db.session.add(event)
    db.session.flush()
    record_audit("events.event_created", by, workspace=workspace, event=event.id, title=event.title)
    return event


def update_event(event: Event, by: User, data: EventData) -> Event:
    workspace = event.workspace
    _lock_event(event)
    enforce(policies.edit_event_refusal(by, permissions_of(by, workspace), event))
    columns, items = _checked(workspace, data, event)
    if columns["kind_id"] != event.kind_id:
        kind = db.session.get(EventKind, columns["kind_id"])
        event.number = next_number(workspace, kind)
    grown = event.capacity is not None and (
        columns["capacity"] is None or columns["capacity"] > event.capacity
    )
    for name, value in columns.items():
        setattr(event, name, value)
    event.updated_at = utcnow()
    _set_agenda_and_links(event, data)
    _set_item_links(event, items)
    db.session.flush()
    if grown:
        _promote_waiting(event)
    record_audit("events.event_edited", by, workspace=workspace, event=event.id, title=event.title)
    return event


def cancel_event(event: Event, by: User) -> int:
    """Cancel the event and tell everyone registered or waiting; how many were told."""
    workspace = event.workspace
    _lock_event(event)
    enforce(policies.cancel_event_refusal(by, permissions_of(by, workspace), event))
    event.status = EventStatus.CANCELLED
    event.cancelled_at = event.updated_at = utcnow()
    told = 0
    for registration in db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status.in_((RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)),
        )
        .options(db.joinedload(Registration.user))
    ):
        _tell(
            registration.user,
            event,
            "events.event_cancelled",
            _l("%(event)s is cancelled.", event=_named(event)),
        )
        told += 1
    record_audit(
        "events.event_cancelled", by, workspace=workspace, event=event.id, title=event.title
    )
    return told


def duplicate_event(event: Event, by: User) -> Event:
    """The next event of the series: the same kind, title, theme, place, people, agenda and
    capacity, numbered after the last of its kind, four weeks after the later of the
    original and today, at the same time of day."""
    workspace = event.workspace
    enforce(policies.manage_events_refusal(by, permissions_of(by, workspace), event))
    zone = ZoneInfo(event.timezone)
    local_start = event.starts_at.astimezone(zone)
    base_day = max(local_start.date(), utcnow().astimezone(zone).date())
    starts = datetime.combine(
        base_day + timedelta(weeks=4), local_start.time().replace(tzinfo=None)
    )
    data = EventData(
        kind_id=event.kind_id,
        title=event.title,
        starts=starts,
        ends=starts + (event.ends_at - event.starts_at),
        timezone=event.timezone,
        theme=event.theme,
        venue=event.venue,
        summary=event.summary,
        description=event.description,
        speakers=event.speakers,
        organisers=event.organisers,
        capacity=event.capacity,
        agenda=tuple(AgendaEntry(item.time, item.title, item.speakers) for item in event.agenda),
    )
    copy = create_event(workspace, by, data)
    record_audit("events.event_duplicated", by, workspace=workspace, event=copy.id, source=event.id)
    return copy


#: Events read at a time when the links of their text are recorded again.
REBUILD_BATCH = 200


def rebuild_item_links() -> int:
    """Render every event's description and outcomes again, their ``[[doc:12]]`` links made
    links, and record the items they name (events written before the hub kept them have
    none); how many events were read, a batch at a time."""
    done, after = 0, 0
    while True:
        batch = db.session.scalars(
            select(Event)
            .where(Event.id > after)
            .options(db.joinedload(Event.workspace), db.selectinload(Event.item_links))
            .order_by(Event.id)
            .limit(REBUILD_BATCH)
        ).all()
        if not batch:
            return done
        for event in batch:
            (description_html, outcomes_html), items = _rendered(
                event.workspace, event.description, event.outcomes
            )
            event.description_html, event.outcomes_html = description_html, outcomes_html
            _set_item_links(event, items)
        db.session.flush()
        done, after = done + len(batch), batch[-1].id


# --- registrations -----------------------------------------------------------------------


def _lock_event(event: Event) -> None:
    """Hold the event's row until the transaction ends, and read its counts afresh."""
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    db.session.refresh(event, ["registered_count", "waitlisted_count", "status", "capacity"])


def _named(event: Event) -> str:
    return f"{event.label}: {event.title}" if event.kind.numbered else event.title


def _tell(user: User, event: Event, kind: str, message) -> None:
    """In the app and, whatever their digest setting, by e-mail: registrations, reminders and
    cancellations concern a date in their diary."""
    link = _event_link(event)
    notify(user, kind, message, link=link, workspace=event.workspace, already_emailed=True)
    if not user.is_active:
        return
    with language_of(user):
        text = str(message)
        body = "\n".join(
            [
                text,
                "",
                absolute_url(link),
                "",
                _("You receive this e-mail because you registered for this event."),
            ]
        )
        send_mail(user.email, " ".join(text.split())[:120], body)


def registration_of(event: Event, user: User) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    )


def register(event: Event, user: User) -> Registration:
    """A place for `user`, or a place on the waiting list when the event is full."""
    workspace = event.workspace
    _lock_event(event)
    enforce(policies.register_refusal(user, permissions_of(user, workspace), event))
    registration = registration_of(event, user)
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise RuleViolation(
            _("You are already registered for this event.")
            if registration.status == RegistrationStatus.REGISTERED
            else _("You are already on the waiting list of this event.")
        )
    status = RegistrationStatus.WAITLISTED if event.is_full() else RegistrationStatus.REGISTERED
    now = utcnow()
    if registration is None:
        registration = Registration(event_id=event.id, user_id=user.id, status=status)
        with refusing_duplicates(_("You are already registered for this event.")):
            db.session.add(registration)
            db.session.flush()
    registration.status, registration.listed_at, registration.changed_at = status, now, now
    registration.reminded_at = None
    _count(event, status, +1)
    db.session.flush()
    if status == RegistrationStatus.REGISTERED:
        _tell(
            user,
            event,
            "events.registered",
            _l("You are registered for %(event)s.", event=_named(event)),
        )
    else:
        _tell(
            user,
            event,
            "events.waitlisted",
            _l(
                "%(event)s is full: you are on its waiting list, and will be told if a place "
                "frees up.",
                event=_named(event),
            ),
        )
    return registration


def _count(event: Event, status: RegistrationStatus, change: int) -> None:
    if status == RegistrationStatus.REGISTERED:
        event.registered_count += change
    elif status == RegistrationStatus.WAITLISTED:
        event.waitlisted_count += change


def cancel_registration(event: Event, user: User) -> Registration:
    """Give up a place (or a place on the waiting list); the first waiting moves up."""
    _lock_event(event)
    registration = registration_of(event, user)
    if registration is None or registration.status not in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ):
        raise RuleViolation(_("You are not registered for this event."))
    if event.has_started(utcnow()):
        raise RuleViolation(_("This event has already started: registration is closed."))
    _count(event, registration.status, -1)
    registration.status, registration.changed_at = RegistrationStatus.CANCELLED, utcnow()
    db.session.flush()
    if not event.is_cancelled:
        _promote_waiting(event)
    return registration


def _promote_waiting(event: Event) -> None:
    """Fill the free places from the waiting list, in the order people asked."""
    while not event.is_full() and event.waitlisted_count > 0:
        waiting = db.session.scalar(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(Registration.listed_at, Registration.id)
            .limit(1)
        )
        if waiting is None:
            break
        waiting.status, waiting.changed_at = RegistrationStatus.REGISTERED, utcnow()
        event.registered_count += 1
        event.waitlisted_count -= 1
        db.session.flush()
        _tell(
            waiting.user,
            event,
            "events.moved_up",
            _l("A place freed up: you are now registered for %(event)s.", event=_named(event)),
        )


def record_attendance(event: Event, by: User, attended_user_ids: set[int]) -> int:
    """Mark who came among those registered (the others stay registered); how many came."""
    workspace = event.workspace
    _lock_event(event)
    enforce(policies.record_attendance_refusal(by, permissions_of(by, workspace), event))
    came = 0
    for registration in db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status.in_((RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)),
        )
    ):
        attended = registration.user_id in attended_user_ids
        registration.status = (
            RegistrationStatus.ATTENDED if attended else RegistrationStatus.REGISTERED
        )
        came += attended
    db.session.flush()
    record_audit(
        "events.attendance_recorded", by, workspace=workspace, event=event.id, attended=came
    )
    return came


def send_reminders(now: datetime | None = None) -> int:
    """Remind everyone registered for an event starting within REMINDER_AHEAD, once each
    (a registration remembers its reminder): safe to run as often as cron likes."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Event.status == EventStatus.SCHEDULED,
            Event.starts_at > now,
            Event.starts_at <= now + REMINDER_AHEAD,
            Registration.status == RegistrationStatus.REGISTERED,
            Registration.reminded_at.is_(None),
        )
        .order_by(Registration.id)
        .options(db.joinedload(Registration.user), db.joinedload(Registration.event))
        .with_for_update(of=Registration, skip_locked=True)
    ).all()
    for registration in due:
        event = registration.event
        with language_of(registration.user):
            message = _l(
                "Reminder: %(event)s starts on %(when)s.",
                event=_named(event),
                when=_when_for(registration.user, event),
            )
            _tell(registration.user, event, "events.reminder", message)
        registration.reminded_at = now
    db.session.flush()
    return len(due)


def _when_for(user: User, event: Event) -> str:
    """The start as the member reads it: in the event's zone and the member's."""
    from hub.i18n import format_in_zone

    shown = format_in_zone(event.starts_at, event.timezone)
    zone = known_timezone(user.timezone)
    if zone and zone != event.timezone:
        shown += f" ({format_in_zone(event.starts_at, zone)})"
    return shown


# --- calendar feeds ----------------------------------------------------------------------


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def regenerate_feed_key(workspace: Workspace, user: User) -> str:
    """A new secret for `user`'s feed of `workspace`'s events; the old address stops
    working. The secret is returned once: only its hash is kept."""
    enforce(policies.see_participants_refusal(user, permissions_of(user, workspace), None))
    secret = secrets.token_urlsafe(32)
    key = db.session.get(FeedKey, (user.id, workspace.id))
    if key is None:
        key = FeedKey(user_id=user.id, workspace_id=workspace.id)
        db.session.add(key)
    key.secret_hash, key.created_at = secret_hash(secret), utcnow()
    db.session.flush()
    record_audit("events.feed_key_regenerated", user, workspace=workspace)
    return secret


def user_of_feed(workspace: Workspace, secret: str) -> User | None:
    """The member whose secret this is, while they are a member of `workspace`."""
    if not secret or len(secret) > 100:
        return None
    key = db.session.scalar(
        select(FeedKey).where(
            FeedKey.secret_hash == secret_hash(secret), FeedKey.workspace_id == workspace.id
        )
    )
    if key is None:
        return None
    user = db.session.get(User, key.user_id)
    if user is None or policies.see_participants_refusal(
        user, permissions_of(user, workspace), None
    ):
        return None
    return user


def has_feed_key(workspace: Workspace, user: User) -> bool:
    return db.session.get(FeedKey, (user.id, workspace.id)) is not None
