"""A member writes a page with a link to a page that does not exist yet, creates that page from
the link, edits the first page with the preview beside the text, compares revisions and reverts
to the first."""

import re

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect
from sqlalchemy import func, select

from hub.extensions import db
from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace
from wiki.models import Page as WikiPage
from wiki.models import Revision
from wiki.services import ensure_default_sections

pytestmark = pytest.mark.e2e

MEMBER = "mia.member@example.org"
FIRST_TEXT = (
    "Machine learning lets software find patterns in examples instead of following rules "
    "written by hand.\n\n"
    "Police forces use it to sort seized images and to flag unusual transactions.\n\n"
    "It is the basis of [[Deep learning]]."
)
EDITED_TEXT = FIRST_TEXT.replace("to sort seized images", "to triage seized images")
DEEP_LEARNING_TEXT = (
    "Deep learning trains neural networks with many layers. It is a branch of [[Machine learning]]."
)


@pytest.fixture
def ai_workspace() -> None:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        make_membership(workspace, make_user(MEMBER, display_name="Mia Member"), role=Role.MEMBER)
        ensure_default_sections(workspace)


def saved_revisions(path: str) -> int:
    """How many revisions the page at `path` has in the database."""
    try:
        return db.session.scalar(
            select(func.count())
            .select_from(Revision)
            .join(WikiPage, WikiPage.id == Revision.page_id)
            .where(WikiPage.path == path)
        )
    finally:
        db.session.remove()  # let go of SQLite's lock: the server writes next


def body_of(page: Page) -> Locator:
    return page.locator(".wiki-body")


def backlinks_of(page: Page) -> Locator:
    return page.locator("section", has=page.get_by_role("heading", name="What links here"))


def history_rows(page: Page) -> Locator:
    return page.locator("table tbody tr")


def fill_page_form(page: Page, text: str, summary: str = "") -> None:
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_label("Edit summary").fill(summary)


def create_page_with_missing_link(browsing: Browsing, page: Page) -> None:
    browsing.visit(page, "/w/ai/wiki/new", "new-page")
    page.get_by_label("Title").fill("Machine learning")
    page.get_by_label("Section").select_option(label="Topics")
    fill_page_form(page, FIRST_TEXT)
    browsing.submit(page, page.get_by_role("button", name="Save"), "page-created")
    expect(page.get_by_role("status")).to_contain_text("The page is created.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Machine learning")
    missing = body_of(page).get_by_role("link", name="Deep learning")
    expect(missing).to_have_class(re.compile(r"\bwikilink--missing\b"))


def create_the_linked_page(browsing: Browsing, page: Page) -> None:
    missing = body_of(page).get_by_role("link", name="Deep learning")
    browsing.submit(page, missing, "new-page-from-link")
    expect(page.get_by_role("heading", level=1)).to_have_text("New page")
    expect(page.get_by_label("Title")).to_have_value("Deep learning")
    page.get_by_label("Section").select_option(label="Topics")
    fill_page_form(page, DEEP_LEARNING_TEXT)
    browsing.submit(page, page.get_by_role("button", name="Save"), "linked-page-created")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deep learning")
    back = body_of(page).get_by_role("link", name="Machine learning")
    expect(back).not_to_have_class(re.compile(r"wikilink--missing"))
    expect(backlinks_of(page).get_by_role("link")).to_have_text(["Machine learning"])

    browsing.submit(
        page, backlinks_of(page).get_by_role("link", name="Machine learning"), "first-page-again"
    )
    link = body_of(page).get_by_role("link", name="Deep learning")
    expect(link).not_to_have_class(re.compile(r"wikilink--missing"))
    expect(link).to_have_attribute("href", "/w/ai/wiki/deep-learning")


def edit_with_preview(browsing: Browsing, page: Page) -> None:
    browsing.submit(page, page.get_by_role("link", name="Edit", exact=True), "edit-form")
    expect(page.get_by_label("Text", exact=True)).to_have_value(FIRST_TEXT)
    fill_page_form(page, EDITED_TEXT, summary="Triage, not sort")
    # The preview beside the text follows it without leaving the page.
    preview = page.locator("section.preview")
    expect(preview).to_contain_text("Police forces use it to triage seized images")
    browsing.shot(page, "edit-preview")
    expect(page.get_by_label("Text", exact=True)).to_have_value(EDITED_TEXT)
    expect(page.get_by_label("Edit summary")).to_have_value("Triage, not sort")
    assert saved_revisions("machine-learning") == 1, "the preview saved a revision"

    browsing.submit(page, page.get_by_role("button", name="Save"), "edit-saved")
    expect(page.get_by_role("status")).to_contain_text("Your changes are saved.")
    expect(body_of(page)).to_contain_text("to triage seized images")
    expect(page.locator(".wiki-page__header")).to_contain_text("revision 2")


def compare_revisions(browsing: Browsing, page: Page) -> None:
    browsing.submit(page, page.get_by_role("link", name="History"), "history")
    expect(history_rows(page)).to_have_count(2)
    expect(history_rows(page).first).to_contain_text("Triage, not sort")
    expect(history_rows(page).last).to_contain_text("Created the page")
    compare = page.get_by_role("button", name="Compare the chosen revisions")
    browsing.submit(page, compare, "diff-inline")
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes to “Machine learning”")
    expect(page.locator(".diff del")).to_have_text(["sort"])
    expect(page.locator(".diff ins")).to_have_text(["triage"])

    browsing.submit(page, page.get_by_role("link", name="Side by side"), "diff-side-by-side")
    expect(page.locator("table.diff")).to_be_visible()
    expect(page.locator("table.diff del")).to_have_text(["sort"])
    expect(page.locator("table.diff ins")).to_have_text(["triage"])


def revert_to_first(browsing: Browsing, page: Page) -> None:
    browsing.submit(page, page.get_by_role("link", name="revision 1", exact=True), "revision-1")
    expect(page.get_by_text("You are reading revision 1")).to_be_visible()
    expect(body_of(page)).to_contain_text("to sort seized images")

    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    revert = page.get_by_role("button", name="Revert the page to this revision")
    browsing.submit(page, revert, "reverted")
    assert questions and "revision 1" in questions[0], questions
    expect(page.get_by_role("status")).to_contain_text("The page is back to the text of revision 1")
    expect(body_of(page)).to_contain_text("to sort seized images")
    expect(body_of(page)).not_to_contain_text("triage")
    expect(page.locator(".wiki-page__header")).to_contain_text("revision 3")

    browsing.submit(page, page.get_by_role("link", name="History"), "history-after-revert")
    expect(history_rows(page)).to_have_count(3)
    expect(history_rows(page).first).to_contain_text("Reverted to revision 1")


def test_member_writes_links_edits_compares_and_reverts(browsing: Browsing, ai_workspace):
    page = browsing.new_page()
    sign_in(browsing, page, MEMBER)
    create_page_with_missing_link(browsing, page)
    create_the_linked_page(browsing, page)
    edit_with_preview(browsing, page)
    compare_revisions(browsing, page)
    revert_to_first(browsing, page)
