"""A newcomer registers, confirms by e-mail, asks to join "ai"; an administrator approves."""

import pytest
from playwright.sync_api import Page, expect

from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, link_in_mail, seeding, sign_in, sign_out
from tests.support import PASSWORD, make_membership, make_user, make_workspace, sent_mail

pytestmark = pytest.mark.e2e

ADMIN = "ada.admin@example.org"
NEWCOMER = "nina.newcomer@example.org"
NEWCOMER_NAME = "Nina Newcomer"
REQUEST_MESSAGE = "I lead the machine-learning team of our cybercrime unit."
WORKSPACE_TABS = [
    "Overview",
    "Wiki",
    "Toolkit",
    "Self-assessment",
    "Forums",
    "Documents",
    "Events",
    "Members",
]


@pytest.fixture
def ai_workspace_with_admin() -> None:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        admin = make_user(ADMIN, display_name="Ada Admin")
        make_membership(workspace, admin, role=Role.ADMINISTRATOR)


def register_and_confirm(browsing: Browsing, page: Page, app) -> None:
    browsing.visit(page, "/auth/register", "register")
    page.get_by_label("E-mail address").fill(NEWCOMER)
    page.get_by_label("Display name").fill(NEWCOMER_NAME)
    page.get_by_label("Sector").select_option(label="Academia")
    page.get_by_label("Organisation").fill("University of Leiden")
    page.get_by_label("Country").select_option(label="Netherlands")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    browsing.submit(page, page.get_by_role("button", name="Create account"), "check-your-email")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    browsing.visit(page, link_in_mail(app, NEWCOMER, browsing.base_url), "confirm")
    browsing.submit(page, page.get_by_role("button", name="Confirm my address"), "confirmed")
    expect(page.get_by_role("status")).to_contain_text("Your e-mail address is confirmed")


def request_to_join(browsing: Browsing, page: Page) -> None:
    sign_in(browsing, page, NEWCOMER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Workspaces")
    card = page.locator("article.card", has_text="Artificial Intelligence")
    expect(card.get_by_text("Restricted")).to_be_visible()
    with page.expect_navigation():
        card.get_by_role("link", name="Request to join").click()
    browsing.shot(page, "workspace-about")
    page.get_by_label("Why would you like to join?").fill(REQUEST_MESSAGE)
    browsing.submit(page, page.get_by_role("button", name="Request to join"), "request-sent")
    expect(page.get_by_role("status")).to_contain_text(
        "Your request to join Artificial Intelligence was sent to its administrators"
    )
    expect(page.get_by_text("Your request to join is waiting")).to_be_visible()
    sign_out(browsing, page)


def approve_request(browsing: Browsing, page: Page) -> None:
    sign_in(browsing, page, ADMIN)
    browsing.visit(page, "/w/ai/", "admin-workspace-home")
    members_tab = page.get_by_role("navigation", name="Artificial Intelligence").get_by_role(
        "link", name="Members"
    )
    expect(members_tab.locator(".badge")).to_have_text("1")

    browsing.visit(page, "/w/ai/members/requests", "join-requests")
    request = page.locator("article.card", has_text=NEWCOMER_NAME)
    expect(request.locator("blockquote")).to_have_text(REQUEST_MESSAGE)
    expect(request).to_contain_text("University of Leiden")
    browsing.submit(page, request.get_by_role("button", name="Approve"), "request-approved")
    expect(page.get_by_role("status")).to_contain_text(f"{NEWCOMER_NAME} is now a member")
    expect(page.get_by_text("No requests are waiting.")).to_be_visible()
    expect(members_tab.locator(".badge")).to_have_count(0)


def test_newcomer_joins_a_restricted_workspace_after_approval(
    browsing: Browsing, app, ai_workspace_with_admin
):
    newcomer = browsing.new_page()
    register_and_confirm(browsing, newcomer, app)
    request_to_join(browsing, newcomer)

    approve_request(browsing, browsing.new_page())

    approval = [message["Subject"] for message in sent_mail(app) if message["To"] == NEWCOMER]
    assert any("was approved" in subject for subject in approval), approval
    sign_in(browsing, newcomer, NEWCOMER)
    bell = newcomer.get_by_role("link", name="Notifications")
    expect(bell.locator(".badge")).to_have_text("1")
    card = newcomer.locator("article.card", has_text="Artificial Intelligence")
    with newcomer.expect_navigation():
        card.get_by_role("link", name="Open").click()
    browsing.shot(newcomer, "member-workspace-home")
    expect(newcomer.get_by_text("You are a member")).to_be_visible()
    tabs = newcomer.get_by_role("navigation", name="Artificial Intelligence").get_by_role("link")
    expect(tabs).to_have_text(WORKSPACE_TABS)
    expect(tabs.filter(has_text="Overview")).to_have_attribute("aria-current", "page")

    with newcomer.expect_navigation():
        tabs.filter(has_text="Wiki").click()
    browsing.shot(newcomer, "wiki-home")
    expect(tabs.filter(has_text="Wiki")).to_have_attribute("aria-current", "page")
    expect(tabs.filter(has_text="Overview")).not_to_have_attribute("aria-current", "page")
