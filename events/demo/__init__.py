"""The demo's events: events/*.md, one file an event (its facts in the front matter, its
description below), created through the services by the workspace's administrator. The
events from 2018 to 2021 keep their dates; the upcoming ones are dated from the day the demo
is seeded (`in_days`), so that they stay to come, with registrations and a waiting list.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from events import services
from events.forms import parse_agenda, parse_links
from events.models import Event, Registration, RegistrationStatus
from hub.database import utcnow
from hub.demo_files import DemoFileError, make_record, read_markdown
from hub.extensions import db
from hub.seed import DemoContext

DEMO_FOLDER = Path(__file__).parent / "events"
NO_DAY = date(1970, 1, 1)


@dataclass(frozen=True)
class DemoEvent:
    kind: str  #: a default kind's slug
    title: str
    start: str  #: "HH:MM", in `timezone`
    end: str
    timezone: str
    description: str
    day: date = NO_DAY
    #: Upcoming events: this many days after the seeding day (instead of `day`).
    in_days: int = 0
    number: int = 0
    month_only: bool = False
    theme: str = ""
    venue: str = ""
    summary: str = ""
    organisers: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    outcomes: str = ""
    agenda: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    capacity: int = 0
    #: Upcoming events: members registered, and on the waiting list.
    registrations: int = 0
    waiting: int = 0


def load_demo_events(folder: Path = DEMO_FOLDER) -> list[DemoEvent]:
    demos = []
    for path in sorted(folder.glob("*.md")):
        file = read_markdown(path)
        demo = make_record(DemoEvent, file.front, path, description=file.body.strip())
        if (demo.day == NO_DAY) == (demo.in_days == 0):
            raise DemoFileError(path, "give either day or in_days")
        demos.append(demo)
    return demos


def _local(day: date, clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes)


def seed_demo_events(context: DemoContext) -> None:
    workspace = context.workspace
    if db.session.scalar(select(Event.id).where(Event.workspace_id == workspace.id).limit(1)):
        context.report.append(f"Events of {workspace.name}: already seeded")
        return
    admin = context.accounts["wsadmin@example.org"]
    kinds = {kind.slug: kind for kind in services.ensure_default_kinds(workspace)}
    today = utcnow().date()
    people = sorted(context.people.values(), key=lambda person: person.email)
    demos = load_demo_events()
    for index, demo in enumerate(demos):
        day = today + timedelta(days=demo.in_days) if demo.in_days else demo.day
        data = services.EventData(
            kind_id=kinds[demo.kind].id,
            title=demo.title,
            starts=_local(day, demo.start),
            ends=_local(day, demo.end),
            timezone=demo.timezone,
            month_only=demo.month_only,
            theme=demo.theme,
            venue=demo.venue,
            summary=demo.summary,
            description=demo.description,
            outcomes=demo.outcomes,
            organisers="\n".join(demo.organisers),
            speakers="\n".join(demo.speakers),
            capacity=demo.capacity or None,
            agenda=parse_agenda("\n".join(demo.agenda)),
            links=parse_links("\n".join(demo.links)),
        )
        event = services.create_event(workspace, admin, data, number=demo.number or None)
        # Past events were recorded when they happened.
        event.created_at = event.updated_at = min(
            context.clock.at(day - timedelta(days=30)), utcnow()
        )
        if demo.registrations:
            _register(event, people[index * 7 :], demo.registrations, demo.waiting)
            if demo.kind == "vtr":  # the member has a place in the full room
                services.register(event, context.accounts["member@example.org"])
    db.session.flush()
    context.report.append(f"Events of {workspace.name}: {len(demos)} events")


def _register(event: Event, people: list, registered: int, waiting: int) -> None:
    """Registrations straight in (the demo's members were not sent e-mails), counted as the
    services count them."""
    now = utcnow()
    for position, person in enumerate(people[: registered + waiting]):
        status = (
            RegistrationStatus.REGISTERED
            if position < registered
            else RegistrationStatus.WAITLISTED
        )
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=person.id,
                status=status,
                listed_at=now - timedelta(hours=registered + waiting - position),
            )
        )
    event.registered_count = min(registered, len(people))
    event.waitlisted_count = max(0, min(registered + waiting, len(people)) - registered)
    db.session.flush()
