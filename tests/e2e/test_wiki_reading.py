"""Reading the wiki in a browser: the feed address copies with one press, and the wiki's
tables (history, recent changes) fit a 360 px screen as stacked rows, with no sideways scroll."""

import pytest
from playwright.sync_api import Page, expect

from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace
from wiki import services

pytestmark = pytest.mark.e2e

MEMBER = "rita.reader@example.org"
PHONE = {"width": 360, "height": 740}
# A long title and summary without spaces is what pushes a table wider than the screen.
LONG_TITLE = "Counter-unmanned-aircraft-systems-detection-and-identification"


@pytest.fixture
def wiki_with_history() -> None:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        reader = make_user(MEMBER, display_name="Rita Reader")
        make_membership(workspace, reader, role=Role.MEMBER)
        topics = services.ensure_default_sections(workspace)[0]
        page = services.create_page(
            workspace, reader, title=LONG_TITLE, section=topics, body="First text.", tags=["tool"]
        )
        for number in range(2, 5):
            services.save_page(
                page,
                reader,
                body=f"Text number {number}.",
                summary=f"Change-number-{number}-with-a-summary-that-will-not-break-anywhere",
                base_revision_id=page.current_revision_id,
            )


def assert_fits_the_screen(page: Page) -> None:
    widths = page.evaluate(
        """() => ({
          page: document.documentElement.scrollWidth,
          tables: [...document.querySelectorAll("main table")].map(
            (table) => table.getBoundingClientRect().right),
        })"""
    )
    assert widths["page"] <= PHONE["width"], widths
    assert all(right <= PHONE["width"] for right in widths["tables"]), widths


def test_the_wiki_tables_stack_on_a_small_screen(browsing: Browsing, wiki_with_history):
    page = browsing.new_page(PHONE)
    sign_in(browsing, page, MEMBER)

    browsing.visit(page, "/w/ai/wiki/recent", "recent-changes-360")
    assert_fits_the_screen(page)
    expect(page.get_by_role("link", name=LONG_TITLE).first).to_be_visible()
    who = page.locator("main td", has_text="Rita Reader").first
    expect(who).to_be_visible()
    # The column's name moves into the cell, since the column heads are out of sight.
    assert who.evaluate("(cell) => getComputedStyle(cell, '::before').content") == '"Who "'

    history = f"/w/ai/wiki/{LONG_TITLE.lower()}/history"
    browsing.visit(page, history, "history-360")
    assert_fits_the_screen(page)
    expect(page.get_by_role("link", name="Revision 4", exact=True)).to_be_visible()
    expect(page.get_by_role("radio", name="Compare from revision 3")).to_be_visible()


def test_the_feed_address_copies_with_one_press(browsing: Browsing, wiki_with_history):
    page = browsing.new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(browsing, page, MEMBER)
    browsing.visit(page, "/w/ai/wiki/recent", "recent-changes")

    address = page.get_by_label("Your feed address").input_value()
    page.get_by_role("button", name="Copy the address").click()

    expect(page.get_by_role("status")).to_have_text("Copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    assert "/w/ai/wiki/feed.atom?token=" in address
