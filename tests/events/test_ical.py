"""Each event downloads as an .ics file, and each member has a secret feed of the workspace's
events; both parse with the icalendar library, with a VTIMEZONE for every zone used. The
feed works without signing in, only with the current secret of a current member."""

import re

from icalendar import Calendar

from events import services
from hub.extensions import db
from hub.workspaces.services import leave_workspace
from tests.support import sign_in
from tests.support.events import build_calendar, make_event


def parsed(response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def test_an_event_downloads_as_a_valid_ics_in_its_zone(client, calendar):
    event = make_event(calendar, title="Principles", timezone="Asia/Singapore", venue="Singapore")
    sign_in(client, calendar.member)

    response = client.get(calendar.url(f"{event.id}.ics"))

    assert "attachment" in response.headers["Content-Disposition"]
    ics = parsed(response)
    assert ics["VERSION"] == "2.0" and ics["PRODID"]
    (component,) = ics.walk("VEVENT")
    assert str(component["SUMMARY"]) == "VDR 1: Principles"
    assert component["DTSTART"].params["TZID"] == "Asia/Singapore"
    assert component.decoded("DTSTART") == event.starts_at
    assert component.decoded("DTEND") == event.ends_at
    assert str(component["LOCATION"]) == "Singapore"
    assert str(component["UID"]).startswith(f"event-{event.id}@")
    zones = [str(zone["TZID"]) for zone in ics.walk("VTIMEZONE")]
    assert zones == ["Asia/Singapore"]
    # RFC 5545: lines end with CRLF and are folded at 75 octets.
    assert all(len(line) <= 75 for line in response.data.split(b"\r\n"))


def feed_address(client, calendar) -> str:
    page = client.post(calendar.url("calendar-feed")).text
    return re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1)


def test_the_feed_works_without_signing_in_and_lists_every_event(app, client, calendar):
    make_event(calendar, title="Room", timezone="Europe/Paris")
    cancelled = make_event(calendar, days=20, title="Called off", timezone="America/New_York")
    services.cancel_event(cancelled, calendar.admin)
    db.session.commit()
    sign_in(client, calendar.member)
    address = feed_address(client, calendar)

    anonymous = app.test_client()
    ics = parsed(anonymous.get(address.replace("http://localhost", "")))

    summaries = {str(event["SUMMARY"]): str(event["STATUS"]) for event in ics.walk("VEVENT")}
    assert summaries == {"VDR 1: Room": "CONFIRMED", "VDR 2: Called off": "CANCELLED"}
    assert {str(zone["TZID"]) for zone in ics.walk("VTIMEZONE")} == {
        "Europe/Paris",
        "America/New_York",
    }


def test_a_regenerated_address_revokes_the_old_one(app, client, calendar):
    make_event(calendar)
    sign_in(client, calendar.member)
    old = feed_address(client, calendar).replace("http://localhost", "")
    new = feed_address(client, calendar).replace("http://localhost", "")
    anonymous = app.test_client()
    refused = anonymous.get(old)
    assert refused.status_code == 403
    assert "does not work" in refused.text
    assert anonymous.get(new).status_code == 200


def test_the_feed_stops_when_its_owner_leaves_the_workspace(app, client, calendar):
    make_event(calendar)
    sign_in(client, calendar.member)
    address = feed_address(client, calendar).replace("http://localhost", "")
    leave_workspace(calendar.workspace, calendar.member)
    db.session.commit()
    assert app.test_client().get(address).status_code == 403


def test_a_secret_opens_only_its_own_workspace(app, client, calendar):
    other = build_calendar("other")
    make_event(other, title="Theirs")
    sign_in(client, calendar.member)
    address = feed_address(client, calendar).replace("http://localhost", "")
    elsewhere = address.replace("/w/ai/", "/w/other/")
    assert app.test_client().get(elsewhere).status_code == 403
    assert app.test_client().get("/w/ai/events/feed/made-up.ics").status_code == 403


def test_the_feed_page_shows_the_address_once(client, calendar):
    sign_in(client, calendar.member)
    first = client.get(calendar.url("calendar-feed")).text
    assert "Make my address" in first and 'id="feed-url"' not in first
    feed_address(client, calendar)
    later = client.get(calendar.url("calendar-feed")).text
    assert 'id="feed-url"' not in later and "Make a new address" in later
