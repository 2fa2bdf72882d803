"""An administrator creates an event in the browser; a member registers, downloads its .ics
and cancels, then registers again; once the event has taken place the administrator records
attendance. The pages are shot at 1280 and 360 px."""

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from events.models import Event, RegistrationStatus
from events.services import ensure_default_kinds, registration_of
from hub.auth.models import User
from hub.database import utcnow
from hub.extensions import db
from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace

pytestmark = pytest.mark.e2e

ADMIN = "wanda.admin@example.org"
MEMBER = "mia.member@example.org"
SMALL = {"width": 360, "height": 740}


@pytest.fixture
def workspace_ready() -> None:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        make_membership(workspace, make_user(ADMIN, display_name="Wanda Admin"), Role.ADMINISTRATOR)
        make_membership(workspace, make_user(MEMBER, display_name="Mia Member"), Role.MEMBER)
        ensure_default_kinds(workspace)


def test_create_register_download_cancel_and_record_attendance(
    browsing: Browsing, workspace_ready, tmp_path
):
    admin = browsing.new_page()
    sign_in(browsing, admin, ADMIN)
    browsing.visit(admin, "/w/ai/events/", "events-empty")
    admin.get_by_role("link", name="New event").click()
    day = (utcnow() + timedelta(days=14)).date().isoformat()
    admin.get_by_label("Kind").select_option(label="Virtual Training Room")
    admin.get_by_label("Title").fill("AI for investigators")
    admin.get_by_label("Theme").fill("A practical session")
    admin.get_by_label("Start date").fill(day)
    admin.get_by_label("Start time").fill("14:00")
    admin.get_by_label("End date").fill(day)
    admin.get_by_label("End time").fill("16:00")
    admin.get_by_label("Time zone").select_option("Europe/Paris")
    admin.get_by_label("Places").fill("10")
    admin.get_by_label("Agenda").fill("14:00 | Welcome\n14:15 | Working a case | Wanda Admin")
    browsing.submit(admin, admin.get_by_role("button", name="Save"), "event-created")
    expect(admin.get_by_role("heading", level=1)).to_have_text("VTR 1: AI for investigators")
    expect(admin.locator(".event-facts")).to_contain_text(re.compile(r"14:00 CES?T"))
    event_path = admin.url.split(browsing.base_url, 1)[-1]

    member = browsing.new_page()
    sign_in(browsing, member, MEMBER)
    browsing.visit(member, event_path, "event-before-registering")
    browsing.submit(member, member.get_by_role("button", name="Register"), "registered")
    expect(member.locator(".alert--success")).to_contain_text("You are registered.")
    expect(member.locator(".participants")).to_contain_text("Mia Member")

    with member.expect_download() as download_info:
        member.get_by_role("link", name="Add to calendar (.ics)").click()
    saved = tmp_path / "event.ics"
    download_info.value.save_as(saved)
    (component,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(component["SUMMARY"]) == "VTR 1: AI for investigators"
    assert component["DTSTART"].params["TZID"] == "Europe/Paris"

    browsing.submit(
        member, member.get_by_role("button", name="Cancel my registration"), "cancelled"
    )
    expect(member.locator(".alert--success")).to_contain_text("Your registration is cancelled.")
    browsing.submit(member, member.get_by_role("button", name="Register"), "registered-again")

    small = browsing.new_page(SMALL)
    sign_in(browsing, small, MEMBER)
    for path, name in (
        ("/w/ai/events/", "events-360"),
        (event_path, "event-360"),
        ("/w/ai/events/calendar?month=" + day[:7], "calendar-360"),
        ("/w/ai/events/timeline", "timeline-360"),
    ):
        browsing.visit(small, path, name)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide at 360"

    with seeding():  # the event takes place
        event = db.session.scalar(select(Event))
        event.starts_at = utcnow() - timedelta(hours=3)
        event.ends_at = utcnow() - timedelta(hours=1)

    browsing.visit(admin, event_path, "event-after")
    admin.get_by_text("Manage").click()
    admin.get_by_role("link", name="Record attendance").click()
    admin.get_by_label("Mia Member").check()
    browsing.submit(admin, admin.get_by_role("button", name="Save attendance"), "attendance")
    expect(admin.locator(".alert--success")).to_contain_text("Attendance is recorded.")
    with seeding():
        event = db.session.scalar(select(Event))
        mia = db.session.scalar(select(User).where(User.email == MEMBER))
        assert registration_of(event, mia).status == RegistrationStatus.ATTENDED
