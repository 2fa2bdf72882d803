"""At 360 px wide (a small phone) pages fit the screen, the top bar folds into one menu that
works by keyboard, and tables become stacked rows; at 1280 px the members directory fits."""

import pytest
from playwright.sync_api import Page, expect

from hub.audit.services import record_audit
from hub.auth.models import Sector
from hub.workspaces.models import Role, Visibility
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
MEMBER = "mo.mobile@example.org"
ADMIN = "ada.admin@example.org"
# Long names without spaces are what break narrow layouts.
LONG_ORGANISATION = "Landeskriminalamt-Nordrhein-Westfalen-Cybercrime-Kompetenzzentrum"

# The focused element: its name (text without aria-hidden icons), where it is on the screen,
# and whether a focus ring is drawn.
DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  const rect = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0] : el;
  const text = label.cloneNode(true);
  text.querySelectorAll("[aria-hidden=true]").forEach((icon) => icon.remove());
  return {
    name: text.textContent.replace(/\\s+/g, " ").trim(),
    inTopbar: Boolean(el.closest(".topbar")),
    left: rect.left, right: rect.right, top: rect.top,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
  };
}"""


@pytest.fixture
def crowded_workspace() -> None:
    """A member of "ai" with 30 colleagues, and workspaces with long names beside it."""
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        make_workspace("drones", name="Unmanned Aircraft Systems and Counter-Drone Operations")
        make_workspace("chain", name="Blockchain", visibility=Visibility.OPEN)
        member = make_user(MEMBER, display_name="Mo Mobile", organisation=LONG_ORGANISATION)
        make_membership(workspace, member, role=Role.ADMINISTRATOR)
        admin = make_user(ADMIN, display_name="Ada Admin", hub_admin=True)
        record_audit("account.suspended", admin, target_user=member, reason=LONG_ORGANISATION * 3)
        sectors = list(Sector)
        for number in range(30):
            colleague = make_user(
                display_name=f"Colleague Number-{number} Withaverylongfamilyname",
                organisation=LONG_ORGANISATION,
                sector=sectors[number % len(sectors)],
                country=["DE", "FR", "GB", "US", "SG"][number % 5],
            )
            make_membership(workspace, colleague)


def assert_no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width} px wide on a 360 px screen"


def tab_through_topbar(page: Page) -> list[dict]:
    """On a freshly loaded page, press Tab until focus leaves the top bar; what got focus."""
    focused = []
    for _ in range(12):
        page.keyboard.press("Tab")
        current = page.evaluate(DESCRIBE_FOCUS)
        if focused and not current["inTopbar"]:
            break
        focused.append(current)
    return focused


#: A signed-in phone's top bar, in keyboard order: the search box and its button come before
#: the notifications and the menu.
TOPBAR_CONTROLS = ["Knowledge Hub", "Search", "Search", "Notifications", "Menu"]


def assert_topbar_reachable_by_keyboard(page: Page, expected: list[str]) -> None:
    skip, *controls = tab_through_topbar(page)
    assert skip["name"] == "Skip to content", skip
    assert skip["left"] >= 0 and skip["top"] >= 0, f"the skip link is off screen: {skip}"
    assert [control["name"] for control in controls] == expected
    for control in controls:
        assert control["outline"], f"no visible focus on {control['name']!r}"
        assert 0 <= control["left"] and control["right"] <= PHONE["width"], control


def assert_fits_its_column(page: Page, selector: str) -> None:
    """The element is no wider than the page's content column: nothing is cut off."""
    widths = page.evaluate(
        """(selector) => {
          const element = document.querySelector(selector);
          const main = document.querySelector("main");
          return [element.getBoundingClientRect().right, main.getBoundingClientRect().right];
        }""",
        selector,
    )
    assert widths[0] <= widths[1] + 1, f"{selector} runs past the page: {widths}"


def test_hub_home_and_members_directory_fit_a_small_phone(browsing: Browsing, crowded_workspace):
    page = browsing.new_page(viewport=PHONE)
    browsing.visit(page, "/auth/login", "phone-sign-in-form")
    assert_no_horizontal_scroll(page)
    sign_in(browsing, page, MEMBER)

    browsing.visit(page, "/", "phone-hub-home")
    expect(page.get_by_role("heading", level=1)).to_have_text("Workspaces")
    assert_no_horizontal_scroll(page)
    assert_topbar_reachable_by_keyboard(page, TOPBAR_CONTROLS)

    browsing.visit(page, "/w/ai/members/", "phone-members-directory")
    expect(page.get_by_text("31 members")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_topbar_reachable_by_keyboard(page, TOPBAR_CONTROLS)
    # The top bar is one line and the tabs are folded away: the title comes first.
    title_top = page.get_by_role("heading", level=1).bounding_box()["y"]
    assert title_top < 150, f"the page title starts {title_top} px down"
    # Each member is a stacked row with labelled values, whole on the screen.
    row = page.get_by_role("row").filter(has_text="Colleague Number-0 ")
    expect(row.get_by_role("cell", name="Sector: Law enforcement")).to_be_visible()
    assert row.bounding_box()["width"] <= PHONE["width"]


def test_the_menu_button_holds_the_tabs_and_works_by_keyboard(
    browsing: Browsing, crowded_workspace
):
    page = browsing.new_page(viewport=PHONE)
    sign_in(browsing, page, MEMBER)
    browsing.visit(page, "/w/ai/", "phone-workspace-home")
    expect(page.get_by_role("navigation", name="Artificial Intelligence")).to_be_hidden()
    menu = page.locator(".topbar summary", has_text="Menu")

    menu.focus()
    page.keyboard.press("Enter")
    browsing.shot(page, "phone-menu-open")
    members = page.locator(".topbar").get_by_role("link", name="Members", exact=True)
    expect(members).to_be_visible()
    expect(page.locator(".topbar").get_by_role("link", name="Overview")).to_have_attribute(
        "aria-current", "page"
    )
    page.keyboard.press("Tab")
    expect(page.locator(".topbar").get_by_role("link", name="Overview")).to_be_focused()
    page.keyboard.press("Escape")
    expect(members).to_be_hidden()
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    with page.expect_navigation():
        members.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")


@pytest.mark.parametrize("path", ["/admin/audit", "/admin/users", "/notifications/"])
def test_administration_pages_fit_a_small_phone(browsing: Browsing, crowded_workspace, path):
    page = browsing.new_page(viewport=PHONE)
    sign_in(browsing, page, ADMIN)
    browsing.visit(page, path, "phone" + path.replace("/", "-").rstrip("-"))
    assert_no_horizontal_scroll(page)
    if path != "/notifications/":
        assert_fits_its_column(page, "main table")


def test_the_members_directory_fits_a_wide_screen_with_a_readable_chart(
    browsing: Browsing, crowded_workspace
):
    page = browsing.new_page(viewport=DESKTOP)
    sign_in(browsing, page, MEMBER)  # an administrator of the workspace: with Manage links
    browsing.visit(page, "/w/ai/members/", "desktop-members-directory")
    assert_fits_its_column(page, "main table")
    manage = page.get_by_role("link", name="Manage Colleague Number-0 Withaverylongfamilyname")
    expect(manage).to_be_visible()
    label_heights = page.evaluate(
        """() => [...document.querySelectorAll(".chart text")].map(
             (text) => text.getBoundingClientRect().height)"""
    )
    assert label_heights and min(label_heights) >= 14, f"chart labels {label_heights} px tall"


def test_the_audit_log_fits_a_wide_screen_with_long_details(browsing: Browsing, crowded_workspace):
    page = browsing.new_page(viewport=DESKTOP)
    sign_in(browsing, page, ADMIN)
    browsing.visit(page, "/admin/audit", "desktop-audit-log")
    assert_fits_its_column(page, "main table")
    expect(page.get_by_role("rowheader", name="Suspended the account")).to_be_visible()
    expect(page.get_by_role("cell", name=LONG_ORGANISATION * 3)).to_be_visible()


def test_skip_link_moves_focus_to_the_page_content(browsing: Browsing, crowded_workspace):
    page = browsing.new_page(viewport=PHONE)
    sign_in(browsing, page, MEMBER)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    browsing.shot(page, "phone-skip-link-focused")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(DESCRIBE_FOCUS)
    assert not focused["inTopbar"], f"focus went back to the top bar: {focused}"
    assert focused["outline"], focused
