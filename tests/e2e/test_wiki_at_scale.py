"""The wiki in a section of 300 pages, in a browser and by keyboard: the sidebar shows the
page's neighbourhood, a branch opens in place and closes, "N more…" brings the rest of a
branch in place, the section page pages through both ways, sorts and filters, and recent
changes and history page older and newer. Screenshots at 1280 and 360 px."""

import pytest
from playwright.sync_api import Locator, Page, expect

from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace
from wiki import queries, services

pytestmark = pytest.mark.e2e

MEMBER = "sam.scale@example.org"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def big_section() -> None:
    """300 pages in Topics: 60 "Area" pages and two branches at the top ("Vision" with 40
    pages under it, one of them with 20 and one with 3; "Archive" with 175), and a page of
    "Vision" edited 60 times."""
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        member = make_user(MEMBER, display_name="Sam Scale")
        make_membership(workspace, member, role=Role.MEMBER)
        topics = services.ensure_default_sections(workspace)[0]

        def page(title: str, parent=None):
            return services.create_page(
                workspace,
                member,
                title=title,
                section=topics,
                body=f"About {title}.",
                parent=parent,
            )

        for number in range(60):
            page(f"Area {number:02}")
        vision = page("Vision")
        topics_of_vision = [page(f"Vision topic {number:02}", vision) for number in range(40)]
        for number in range(20):
            page(f"Detail {number:02}", topics_of_vision[5])
        for number in range(3):
            page(f"Sixth {number}", topics_of_vision[6])
        archive = page("Archive")
        for number in range(175):
            page(f"Old note {number:03}", archive)
        busy = topics_of_vision[10]
        for number in range(2, 61):
            services.save_page(
                busy,
                member,
                body=f"Text number {number}.",
                summary=f"Change {number}",
                base_revision_id=busy.current_revision_id,
            )


def press(locator: Locator, key: str = "Enter") -> None:
    """Reach the control by keyboard focus and use it with a key, as a keyboard user does."""
    locator.focus()
    expect(locator).to_be_focused()
    locator.press(key)


def follow(browsing: Browsing, page: Page, link: Locator, name: str) -> None:
    """Follow a link from the keyboard and screenshot the page it leads to."""
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    browsing.shot(page, name)


def sidebar(page: Page) -> Locator:
    return page.locator("aside.wiki-sidebar")


def test_the_sidebar_shows_the_neighbourhood_and_its_branches_open(browsing: Browsing, big_section):
    page = browsing.new_page()
    sign_in(browsing, page, MEMBER)
    browsing.visit(page, "/w/ai/wiki/vision/vision-topic-05", "sidebar")
    tree = sidebar(page)

    # The neighbourhood: the page's parent, seven siblings either side, fifteen children.
    expect(tree.get_by_role("link", name="Vision", exact=True)).to_be_visible()
    siblings = [f"Vision topic {number:02}" for number in range(40)]
    for title in siblings[:5] + siblings[6:13]:
        expect(tree.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="Vision topic 13", exact=True)).to_have_count(0)
    expect(tree.get_by_role("link", name="27 more…")).to_be_visible()
    expect(tree.get_by_role("link", name="Area 00")).to_have_count(0)
    shown = queries.CHILDREN_SHOWN
    expect(tree.get_by_role("link", name=f"Detail {shown - 1:02}")).to_be_visible()
    expect(tree.get_by_role("link", name=f"Detail {shown:02}")).to_have_count(0)

    # A sibling's branch opens in place, by keyboard: Tab from the link before it reaches it.
    toggle = tree.get_by_role("button", name="Pages under Vision topic 06")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    tree.get_by_role("link", name="Vision topic 05", exact=True).focus()
    page.keyboard.press("Tab")
    for _ in range(20):  # past the page's own children
        if toggle.evaluate("(button) => button === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for number in range(3):
        expect(tree.get_by_role("link", name=f"Sixth {number}")).to_be_visible()
    branch = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    expect(branch).to_be_visible()
    browsing.shot(page, "branch-open")
    page.set_viewport_size(PHONE)
    browsing.shot(page, "branch-open-360")
    page.set_viewport_size({"width": 1280, "height": 800})

    # It closes again with the space bar, and opens without fetching anything twice.
    press(toggle, " ")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(branch).to_be_hidden()
    press(toggle, " ")
    expect(branch).to_be_visible()

    # The page's own branch is in the page already: its button hides and shows it.
    own = tree.get_by_role("button", name="Pages under Vision topic 05")
    expect(own).to_have_attribute("aria-expanded", "true")
    press(own)
    expect(tree.get_by_role("link", name="Detail 00")).to_be_hidden()
    press(own)
    expect(tree.get_by_role("link", name="Detail 00")).to_be_visible()

    # "5 more…" brings the rest of the branch in place and puts the focus on the first.
    more = tree.get_by_role("link", name=f"{20 - shown} more…")
    press(more)
    expect(tree.get_by_role("link", name="Detail 19")).to_be_visible()
    expect(tree.get_by_role("link", name=f"Detail {shown:02}")).to_be_focused()
    expect(more).to_have_count(0)
    assert page.url.endswith("/w/ai/wiki/vision/vision-topic-05")  # no page was left
    browsing.shot(page, "more-in-place")


def listed(page: Page) -> list[str]:
    return page.locator(".page-listing__title").all_inner_texts()


def test_the_section_page_pages_through_sorts_and_filters_by_keyboard(
    browsing: Browsing, big_section
):
    page = browsing.new_page()
    sign_in(browsing, page, MEMBER)
    browsing.visit(page, "/w/ai/wiki/sections/topics", "section-page")
    expect(page.get_by_text("62 pages at the top of Topics.")).to_be_visible()
    first = listed(page)
    assert first == ["Archive", *(f"Area {n:02}" for n in range(24))]  # 25 a page

    follow(browsing, page, page.get_by_role("link", name="Next pages"), "section-next")
    assert listed(page) == [f"Area {n}" for n in range(24, 49)]
    follow(browsing, page, page.get_by_role("link", name="Previous pages"), "section-back")
    assert listed(page) == first

    # A listed page's branch closes and opens; a branch below it opens from the server.
    vision = page.get_by_role("button", name="Pages under Vision", exact=True)
    follow(browsing, page, page.get_by_role("link", name="Next pages"), "section-next-again")
    follow(browsing, page, page.get_by_role("link", name="Next pages"), "section-last")
    assert listed(page) == [*(f"Area {n}" for n in range(49, 60)), "Vision"]
    press(vision)
    expect(page.get_by_role("link", name="Vision topic 00")).to_be_hidden()
    press(vision)
    fifth = page.get_by_role("button", name="Pages under Vision topic 05")
    expect(fifth).to_have_count(0)  # the first five shown are 00 to 04
    press(page.get_by_role("link", name="35 more…"))
    fifth = page.get_by_role("button", name="Pages under Vision topic 05")
    press(fifth)
    expect(page.get_by_role("link", name="Detail 00")).to_be_visible()
    browsing.shot(page, "section-branch-open")

    # The last changed first: Vision's busy page was edited last.
    follow(browsing, page, page.get_by_role("link", name="Last change"), "section-by-change")
    assert listed(page)[0] == "Archive"  # its last page was made after Vision's
    expect(page.get_by_role("link", name="Last change")).to_have_attribute("aria-current", "true")

    # A filter by title, typed and sent with Enter, over every depth of the section.
    field = page.get_by_label("Title contains")
    field.focus()
    field.fill("detail 1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    browsing.shot(page, "section-filtered")
    assert sorted(listed(page)) == [f"Detail {n}" for n in range(10, 20)]

    page.set_viewport_size(PHONE)
    browsing.visit(page, "/w/ai/wiki/sections/topics", "section-page-360")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_recent_changes_and_history_page_older_and_newer(browsing: Browsing, big_section):
    page = browsing.new_page()
    sign_in(browsing, page, MEMBER)
    browsing.visit(page, "/w/ai/wiki/recent", "recent-changes")
    newest = page.locator("main time[datetime*='T']").first.get_attribute("datetime")

    follow(browsing, page, page.get_by_role("link", name="Older changes"), "recent-older")
    older = page.locator("main time[datetime*='T']").first.get_attribute("datetime")
    assert older <= newest
    follow(browsing, page, page.get_by_role("link", name="Newer changes"), "recent-newer")
    assert page.locator("main time[datetime*='T']").first.get_attribute("datetime") == newest
    page.set_viewport_size(PHONE)
    browsing.shot(page, "recent-changes-360")
    page.set_viewport_size({"width": 1280, "height": 800})

    browsing.visit(page, "/w/ai/wiki/vision/vision-topic-10/history", "history")
    expect(page.get_by_text("Revisions 60 to 11 of 60, newest first.")).to_be_visible()
    follow(browsing, page, page.get_by_role("link", name="Older revisions"), "history-older")
    expect(page.get_by_text("Revisions 10 to 1 of 60, newest first.")).to_be_visible()
    follow(browsing, page, page.get_by_role("link", name="Newer revisions"), "history-newer")
    expect(page.get_by_text("Revisions 60 to 11 of 60, newest first.")).to_be_visible()
    page.set_viewport_size(PHONE)
    browsing.shot(page, "history-360")
