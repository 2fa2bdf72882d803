"""The event list, the calendar, the timeline and an event's page issue as many SQL
statements with many events and registrations as with a few: nothing is loaded row by row."""

from datetime import timedelta

from events.models import Event, Registration, RegistrationStatus
from hub.database import utcnow
from hub.extensions import db
from tests.support import counted_get, sign_in
from tests.support.events import many_members


def add_events(calendar, start: int, count: int, people) -> None:
    """`count` events, half past and half to come, of two kinds, each with registrations."""
    kinds = [calendar.kind("vdr"), calendar.kind("vtr")]
    now = utcnow()
    for number in range(start, start + count):
        starts = now + timedelta(days=(number - count // 2) * 3 + 1, hours=number % 5)
        event = Event(
            workspace_id=calendar.workspace.id,
            kind_id=kinds[number % 2].id,
            number=number + 1,
            title=f"Event {number}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            timezone="Europe/Paris",
            capacity=50,
        )
        db.session.add(event)
        db.session.flush()
        for person in people[number % 3 :: 3]:
            db.session.add(
                Registration(
                    event_id=event.id, user_id=person.id, status=RegistrationStatus.REGISTERED
                )
            )
        event.registered_count = len(people[number % 3 :: 3])
    db.session.commit()


def test_event_pages_read_the_same_whatever_the_number_of_events(client, calendar):
    people = many_members(calendar.workspace, 12)
    sign_in(client, calendar.member)
    add_events(calendar, 0, 6, people)
    year = utcnow().year
    paths = [
        calendar.url(""),
        calendar.url("") + f"?kind=vdr&year={year}",
        calendar.url("calendar"),
        calendar.url("timeline"),
    ]
    few = [counted_get(client, path) for path in paths]
    add_events(calendar, 6, 120, people)
    many = [counted_get(client, path) for path in paths]
    # The timeline counts many events by year and kind instead of marking each: one fewer.
    assert many[:3] == few[:3] and many[3] <= few[3]


def test_an_event_page_reads_the_same_whatever_the_number_of_participants(client, calendar):
    people = many_members(calendar.workspace, 60)
    sign_in(client, calendar.member)
    add_events(calendar, 0, 1, people[:3])
    event = db.session.query(Event).one()
    path = calendar.url(event.id)
    few = counted_get(client, path)
    for person in people[3:]:
        db.session.add(
            Registration(event_id=event.id, user_id=person.id, status=RegistrationStatus.WAITLISTED)
        )
    db.session.commit()
    assert counted_get(client, path) == few
