"""The demo's events: every event of DESIGN.md's table, with its date, place and wiki page;
upcoming ones dated from the seeding day, with registrations and one full with a waiting
list."""

from datetime import date

from sqlalchemy import select

from events.demo import load_demo_events
from events.models import Event, EventLink, LinkKind
from hub.database import utcnow
from hub.extensions import db
from tests.support import sign_in

#: DESIGN.md's table: (label or kind, year, month, day or None, where).
RECORDED = [
    ("Global meeting", 2018, 7, None, "Singapore"),
    ("Panel or summit", 2019, 4, None, "New York"),
    ("Global meeting", 2019, 7, None, "Singapore"),
    ("Panel or summit", 2019, 9, None, "Tallinn"),
    ("Workshop", 2020, 11, None, ""),
    ("Global meeting", 2020, 11, None, ""),
    ("VDR 1", 2021, 3, 4, ""),
    ("VDR 2", 2021, 6, 9, ""),
    ("VTR 1", 2021, 6, 24, ""),
    ("VTR 2", 2021, 7, 15, ""),
    ("VTR 3", 2021, 8, 26, ""),
    ("Consultation", 2021, 11, 17, ""),
    ("VDR 3", 2021, 12, 14, ""),
]


def test_the_demo_files_are_readable():
    assert len(load_demo_events()) == len(RECORDED) + 3


def test_every_recorded_event_is_in_the_demo_with_its_date_and_place(in_demo):
    from zoneinfo import ZoneInfo

    events = db.session.scalars(
        select(Event).where(Event.starts_at < utcnow()).order_by(Event.starts_at)
    ).all()
    found = []
    for event in events:
        local = event.starts_at.astimezone(ZoneInfo(event.timezone))
        found.append(
            (
                event.label,
                local.year,
                local.month,
                None if event.month_only else local.day,
                event.venue.split(",")[-1].strip().split(" (")[0] if event.venue else "",
            )
        )
    assert [(label, y, m, d) for label, y, m, d, _ in found] == [
        (label, y, m, d) for label, y, m, d, _ in RECORDED
    ]
    for (_, _, _, _, place), shown in zip(RECORDED, found, strict=True):
        assert place in shown[4] or (not place and not shown[4])


def test_each_room_links_to_its_wiki_page(in_demo):
    paths = {
        event.label: [link.target for link in event.links if link.kind == LinkKind.PAGE]
        for event in db.session.scalars(select(Event))
    }
    for number in (1, 2, 3):
        assert paths[f"VDR {number}"] == [f"events/vdr-{number}"]
        assert paths[f"VTR {number}"] == [f"events/vtr-{number}"]
    assert db.session.scalar(
        select(EventLink.id).where(EventLink.target == "events/human-rights-consultation")
    )


def test_the_upcoming_events_stay_upcoming_and_one_is_full(in_demo):
    upcoming = db.session.scalars(
        select(Event).where(Event.starts_at > utcnow()).order_by(Event.starts_at)
    ).all()
    assert [event.label for event in upcoming] == ["VTR 4", "VDR 4", "Webinar"]
    full = upcoming[0]
    assert full.registered_count == full.capacity and full.waitlisted_count >= 3
    assert all(event.registered_count for event in upcoming)
    assert upcoming[0].starts_at.date() > date.today()


def test_a_member_reads_the_demo_events(demo_client):
    sign_in(demo_client, "member@example.org", "demo-password-1")
    listing = demo_client.get("/w/ai/events/").text
    assert "VTR 4" in listing and "VDR 3" in listing and "2018" in listing
    assert "You are on the waiting list" in listing
    page = demo_client.get("/w/ai/wiki/events/vdr-2").text
    assert "VDR 2: Principles for responsible use of AI</a>: Took place on 9 Jun 2021." in page
