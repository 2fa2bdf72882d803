"""Friendly error pages in the browser: plain words, the hub's layout, a way back home, and
inside a workspace its tabs and a way back to it."""

import pytest
from playwright.sync_api import expect

from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace

pytestmark = pytest.mark.e2e

DRONES_MEMBER = "dana.drones@example.org"


@pytest.fixture
def member_of_drones_only() -> None:
    with seeding():
        make_workspace("ai", name="Artificial Intelligence")
        drones = make_workspace("drones", name="Drones")
        make_membership(drones, make_user(DRONES_MEMBER), role=Role.ADMINISTRATOR)


@pytest.mark.parametrize(
    ("path", "status", "title", "text"),
    [
        ("/w/nope/", 404, "Page not found", "There is nothing at this address."),
        ("/w/ai/members/", 403, "You do not have access", "Only the members of this workspace"),
        ("/w/ai/wiki/", 403, "You do not have access", "You may not see or do this."),
    ],
    ids=["unknown-workspace", "members-of-another-workspace", "wiki-of-another-workspace"],
)
def test_error_page_explains_and_leads_home(
    browsing: Browsing, member_of_drones_only, path: str, status: int, title: str, text: str
):
    page = browsing.new_page()
    sign_in(browsing, page, DRONES_MEMBER)
    browsing.visit(page, path, f"error-{status}", status=status)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("main")).to_contain_text(text)
    expect(page.get_by_role("main")).to_contain_text(f"Error {status}")
    # Nothing of the other workspace shows: no tabs; the search box searches the member's own
    # workspaces, not that one.
    expect(page.locator("nav.tabs")).to_have_count(0)
    expect(page.get_by_role("search")).to_have_attribute("action", "/search")
    with page.expect_navigation():
        page.get_by_role("link", name="Go to the hub home").click()
    browsing.shot(page, "back-home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workspaces")


def test_an_error_inside_a_workspace_keeps_its_tabs_and_leads_back(
    browsing: Browsing, member_of_drones_only
):
    page = browsing.new_page()
    sign_in(browsing, page, DRONES_MEMBER)
    browsing.visit(page, "/w/drones/no-such-page", "error-404-in-workspace", status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("navigation", name="Drones").get_by_role("link")).to_have_text(
        [
            "Overview",
            "Wiki",
            "Toolkit",
            "Self-assessment",
            "Forums",
            "Documents",
            "Events",
            "Members",
            "Settings",
        ]
    )
    with page.expect_navigation():
        page.get_by_role("link", name="Go to Drones").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drones")
