"""The event pages as members and administrators use them: the list, an event, registering,
the forms (and what they refuse), the CSV export, the calendar and the timeline."""

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from events import services
from events.models import Event, RegistrationStatus
from hub.database import utcnow
from hub.extensions import db
from hub.workspaces.models import Visibility
from tests.support import alerts, field_errors, make_user, sign_in
from tests.support.events import build_calendar, make_event, reload


def titles_in_order(page: str) -> list[str]:
    return re.findall(r'class="event-item__title"><a href="[^"]+" dir="auto">([^<]+)</a>', page)


def test_the_list_shows_upcoming_first_then_past_by_year(client, calendar):
    make_event(calendar, days=-400, title="Old meeting", kind="global-meeting")
    make_event(calendar, days=-10, title="Recent room")
    make_event(calendar, days=30, title="Later room")
    make_event(calendar, days=3, title="Soon room")
    sign_in(client, calendar.member)

    page = client.get(calendar.url("")).text

    assert titles_in_order(page) == ["Soon room", "Later room", "Recent room", "Old meeting"]
    this_year, last_year = utcnow().year, (utcnow() - timedelta(days=400)).year
    assert f'<h3 class="event-year">{last_year}</h3>' in page
    assert page.index("Upcoming") < page.index("Past events")
    assert this_year >= last_year


def test_the_list_filters_by_kind_and_year(client, calendar):
    make_event(calendar, days=-400, title="Old room")
    make_event(calendar, days=5, title="Training", kind="vtr")
    make_event(calendar, days=6, title="Room")
    sign_in(client, calendar.member)

    assert titles_in_order(client.get(calendar.url("") + "?kind=vtr").text) == ["Training"]
    old_year = (utcnow() - timedelta(days=400)).year
    assert titles_in_order(client.get(calendar.url("") + f"?year={old_year}").text) == ["Old room"]
    unknown = client.get(calendar.url("") + "?kind=nonsense&year=abc")
    assert unknown.status_code == 200
    assert "Choose one of the listed options." in unknown.text
    assert len(titles_in_order(unknown.text)) == 3


def test_the_past_is_paged(client, calendar, monkeypatch):
    from events import queries

    monkeypatch.setattr(queries, "EVENTS_PER_PAGE", 2)
    for number in range(5):
        make_event(calendar, days=-10 - number, title=f"Past {number}")
    sign_in(client, calendar.member)
    first = client.get(calendar.url("")).text
    assert titles_in_order(first) == ["Past 0", "Past 1"]
    following = re.search(r'href="([^"]+after=\d+[^"]*)" rel="next"', first).group(1)
    second = client.get(following.replace("&amp;", "&")).text
    assert titles_in_order(second) == ["Past 2", "Past 3"]


def test_an_event_page_shows_what_a_member_needs(client, calendar):
    event = make_event(
        calendar,
        title="Principles",
        theme="Principles for responsible use",
        timezone="Asia/Singapore",
        venue="",
        capacity=10,
        description="A **discussion** of [principles](https://example.org).",
        outcomes="Input to Part II.",
        organisers="INTERPOL\nUNICRI",
        agenda=(services.AgendaEntry("13:00", "Opening", "A. Speaker"),),
    )
    services.register(event, calendar.other_member)
    db.session.commit()
    calendar.member.timezone = "Europe/Paris"
    db.session.commit()
    sign_in(client, calendar.member)

    page = client.get(calendar.url(event.id)).text

    assert "VDR 1: Principles" in page
    assert "Principles for responsible use" in page
    assert "<strong>discussion</strong>" in page
    assert "Virtual" in page
    assert "SGT" in page or "+08" in page  # the event's own zone
    assert "your time:" in page and ("CET" in page or "CEST" in page)
    assert "Opening" in page and "A. Speaker" in page
    assert "UNICRI" in page and "Input to Part II." in page
    assert "Other Member" in page  # participants, for members
    assert "1 of 10 places taken" in page


def test_visitors_of_an_open_workspace_do_not_see_who_takes_part(client):
    calendar = build_calendar("open", visibility=Visibility.OPEN)
    event = make_event(calendar)
    services.register(event, calendar.member)
    db.session.commit()
    sign_in(client, calendar.outsider)

    page = client.get(calendar.url(event.id))

    assert page.status_code == 200
    assert "Participants" not in page.text and "Member" not in page.text.split("</header>")[-1]
    assert f'action="/w/open/events/{event.id}/register"' not in page.text


def test_a_member_registers_and_cancels(app, client, calendar):
    event = make_event(calendar, capacity=1)
    sign_in(client, calendar.member)

    registered = client.post(calendar.url(event.id, "register"), follow_redirects=True)
    assert "You are registered." in " ".join(alerts(registered))
    assert "Cancel my registration" in registered.text
    again = client.post(calendar.url(event.id, "register"), follow_redirects=True)
    assert "You are already registered for this event." in alerts(again)

    cancelled = client.post(calendar.url(event.id, "cancel-registration"), follow_redirects=True)
    assert "Your registration is cancelled." in alerts(cancelled)
    assert reload(event).registered_count == 0


def test_a_full_event_offers_the_waiting_list(client, calendar):
    event = make_event(calendar, capacity=1)
    services.register(event, calendar.other_member)
    db.session.commit()
    sign_in(client, calendar.member)
    assert "Join the waiting list" in client.get(calendar.url(event.id)).text
    waiting = client.post(calendar.url(event.id, "register"), follow_redirects=True)
    assert "waiting list" in " ".join(alerts(waiting))
    assert services.registration_of(event, calendar.member).status == RegistrationStatus.WAITLISTED


def test_registering_for_a_started_event_is_refused_with_a_message(client, calendar):
    event = make_event(calendar, days=-0.01, hours=4)
    sign_in(client, calendar.member)
    refused = client.post(calendar.url(event.id, "register"), follow_redirects=True)
    assert "This event has already started: registration is closed." in alerts(refused)


def form_data(calendar, **changes) -> dict:
    starts = utcnow() + timedelta(days=10)
    data = {
        "kind": str(calendar.kind("vtr").id),
        "title": "Training room",
        "theme": "Basics",
        "start_date": starts.strftime("%Y-%m-%d"),
        "start_time": "14:00",
        "end_date": starts.strftime("%Y-%m-%d"),
        "end_time": "16:00",
        "timezone": "Europe/Paris",
        "venue": "",
        "capacity": "20",
        "summary": "",
        "description": "Some *text*.",
        "agenda": "14:00 | Opening | A. Name\nQuestions",
        "speakers": "",
        "organisers": "INTERPOL",
        "outcomes": "",
        "links": "page: events/vtr-1 | The record of VTR 1\ndoc: 5",
    }
    data.update(changes)
    return data


def test_an_administrator_creates_an_event(client, calendar):
    sign_in(client, calendar.admin)
    created = client.post(calendar.url("new"), data=form_data(calendar), follow_redirects=True)
    assert "The event is created." in alerts(created)
    event = db.session.scalar(select(Event))
    assert event.label == "VTR 1" and event.capacity == 20
    assert [(item.time, item.title, item.speakers) for item in event.agenda] == [
        ("14:00", "Opening", "A. Name"),
        ("", "Questions", ""),
    ]
    assert event.timezone == "Europe/Paris"
    assert [(link.kind.value, link.target, link.label) for link in event.links] == [
        ("page", "events/vtr-1", "The record of VTR 1"),
        ("doc", "5", ""),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_time": "13:00"}, "end_date", "The event ends before it starts."),
        ({"timezone": "Europe/Atlantis"}, "timezone", "Choose a time zone from the list"),
        ({"start_date": "2021-13-45"}, "start_date", "Enter a date as year-month-day"),
        ({"start_time": "25:99"}, "start_time", "Enter a time as hours:minutes"),
        ({"capacity": "0"}, "capacity", "Give a number of places from 1 to 100000."),
        ({"capacity": "many"}, "capacity", "Not a valid integer value."),
        ({"title": ""}, "title", "Give the event a title."),
        ({"kind": "999999"}, "kind", "Choose one of the listed options."),
        ({"agenda": "25:00 | Too late"}, "agenda", "write the time as hours:minutes"),
        ({"agenda": "a | b | c | d"}, "agenda", "use at most two | per line"),
        ({"links": "http://example.org"}, "links", "write page: followed by"),
        ({"links": "doc: twelve"}, "links", "write page: followed by"),
        ({"links": "doc: 12 | a label"}, "links", "write page: followed by"),
        ({"title": "x" * 201}, "title", "Use at most 200 characters."),
        ({"title": "bad\x00title"}, "title", "characters that are not allowed"),
    ],
)
def test_the_event_form_refuses_bad_input_and_saves_nothing(
    client, calendar, changes, field, message
):
    sign_in(client, calendar.admin)
    response = client.post(calendar.url("new"), data=form_data(calendar, **changes))
    assert response.status_code == 422
    assert any(message in error for error in field_errors(response.data, field)), field_errors(
        response.data, field
    )
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_lowering_capacity_below_the_registered_is_refused_on_the_form(client, calendar):
    event = make_event(calendar, capacity=5)
    services.register(event, calendar.member)
    services.register(event, calendar.other_member)
    db.session.commit()
    sign_in(client, calendar.admin)
    response = client.post(calendar.url(event.id, "edit"), data=form_data(calendar, capacity="1"))
    assert response.status_code == 422
    assert "2 members are already registered" in " ".join(field_errors(response.data, "capacity"))
    assert reload(event).capacity == 5


def test_the_administrator_edits_cancels_and_duplicates(client, calendar):
    event = make_event(calendar, title="Room", kind="vdr")
    sign_in(client, calendar.admin)
    edit_page = client.get(calendar.url(event.id, "edit"))
    assert 'value="Room"' in edit_page.text
    saved = client.post(
        calendar.url(event.id, "edit"),
        data=form_data(calendar, kind=str(calendar.kind("vdr").id), title="Renamed room"),
        follow_redirects=True,
    )
    assert "The event is saved." in alerts(saved)
    assert reload(event).title == "Renamed room" and reload(event).label == "VDR 1"

    duplicated = client.post(calendar.url(event.id, "duplicate"), follow_redirects=True)
    assert "The next event of the series is created" in " ".join(alerts(duplicated))
    assert db.session.scalar(select(func.max(Event.number))) == 2

    cancelled = client.post(calendar.url(event.id, "cancel"), follow_redirects=True)
    assert "The event is cancelled" in " ".join(alerts(cancelled))
    assert reload(event).is_cancelled
    assert "This event was cancelled on" in cancelled.text


def test_attendance_is_recorded_on_its_page(client, calendar):
    event = make_event(calendar, days=-1)
    for person in (calendar.member, calendar.other_member):
        db.session.add(
            services.Registration(
                event_id=event.id, user_id=person.id, status=RegistrationStatus.REGISTERED
            )
        )
    db.session.commit()
    sign_in(client, calendar.admin)
    page = client.get(calendar.url(event.id, "attendance"))
    assert "Other Member" in page.text
    saved = client.post(
        calendar.url(event.id, "attendance"),
        data={"attended": [str(calendar.member.id), "nonsense", "99999999999999999999999"]},
        follow_redirects=True,
    )
    assert "Attendance is recorded." in alerts(saved)
    assert services.registration_of(event, calendar.member).status == RegistrationStatus.ATTENDED
    assert (
        services.registration_of(event, calendar.other_member).status
        == RegistrationStatus.REGISTERED
    )


def test_the_participant_list_exports_without_spreadsheet_formulas(client, calendar):
    event = make_event(calendar)
    attacker = make_user(display_name='=HYPERLINK("http://evil")', organisation="+1-2")
    from tests.support import make_membership

    make_membership(calendar.workspace, attacker)
    services.register(event, attacker)
    services.register(event, calendar.member)
    db.session.commit()
    sign_in(client, calendar.admin)

    response = client.get(calendar.url(event.id, "participants.csv"))

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Name", "E-mail"]
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names and "Member" in names
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_administrators_add_kinds_and_bad_names_are_refused(client, calendar):
    sign_in(client, calendar.admin)
    added = client.post(
        calendar.url("kinds"),
        data={"name": "Field visit", "abbreviation": "FV"},
        follow_redirects=True,
    )
    assert "The kind is added." in alerts(added)
    again = client.post(calendar.url("kinds"), data={"name": "Field  visit", "abbreviation": ""})
    assert again.status_code == 422
    assert "This workspace already has that kind." in field_errors(again.data, "name")
    empty = client.post(calendar.url("kinds"), data={"name": "", "abbreviation": "X" * 20})
    assert empty.status_code == 422
    assert field_errors(empty.data, "name") and field_errors(empty.data, "abbreviation")


def test_the_month_calendar_puts_events_on_their_days(client, calendar):
    event = make_event(calendar, days=0, title="Today's room")
    sign_in(client, calendar.member)
    month = event.starts_at.strftime("%Y-%m")
    page = client.get(calendar.url("calendar") + f"?month={month}")
    assert page.status_code == 200
    assert "Today&#39;s room" in page.text
    assert client.get(calendar.url("calendar") + "?month=garbage").status_code == 200
    assert client.get(calendar.url("calendar") + "?month=99999-01").status_code == 200


def test_the_timeline_draws_each_event_with_its_kind(client, calendar):
    make_event(calendar, days=-300, title="A room", kind="vdr")
    make_event(calendar, days=-200, title="A training", kind="vtr")
    sign_in(client, calendar.member)
    page = client.get(calendar.url("timeline")).text
    start = page.index('<svg class="timeline__svg"')
    svg = page[start : page.index("</svg>", start)]
    assert "<title" in svg and "2018" in svg
    assert "VDR 1" in svg and "VTR 1" in svg
    assert "Virtual Discussion Room" in svg  # the key
    assert "<circle" in svg and "<rect" in svg  # kinds differ by shape


def test_the_workspace_home_counts_upcoming_events(client, calendar):
    make_event(calendar, days=5)
    make_event(calendar, days=9)
    make_event(calendar, days=-5)
    sign_in(client, calendar.member)
    home = re.sub(r"<[^>]+>", "", client.get("/w/ai/").text)
    assert "2 upcoming events" in " ".join(home.split())


def test_buttons_without_their_form_token_are_refused_and_change_nothing(client, calendar, csrf_on):
    event = make_event(calendar)
    sign_in(client, calendar.member)
    assert client.post(calendar.url(event.id, "register")).status_code == 400
    assert client.post(calendar.url("calendar-feed")).status_code == 400
    assert reload(event).registered_count == 0
    assert services.has_feed_key(calendar.workspace, calendar.member) is False


def test_a_missing_event_is_not_found(client, calendar):
    sign_in(client, calendar.member)
    assert client.get(calendar.url(999)).status_code == 404
    assert client.get(calendar.url(2**70)).status_code == 404
    assert client.post(calendar.url(999, "register")).status_code == 404
    other = build_calendar("other")
    theirs = make_event(other)
    assert client.get(calendar.url(theirs.id)).status_code == 404
