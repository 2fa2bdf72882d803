"""Two members edit the same page at once. The second to save sees a conflict page with the
first one's change and their own text kept; different paragraphs can be combined."""

import re
from http import HTTPStatus

import pytest
from playwright.sync_api import Page, expect

from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace
from wiki.services import create_page, ensure_default_sections

pytestmark = pytest.mark.e2e

ALICE = "alice.analyst@example.org"
BOB = "bob.investigator@example.org"
PAGE_PATH = "/w/ai/wiki/speech-recognition"
EDIT_PATH = f"{PAGE_PATH}/edit"
PARAGRAPHS = (
    "Speech recognition turns recorded speech into text.",
    "Investigators use it to search hours of intercepted calls for names and places.",
    "Its errors grow with accents, noise and crosstalk, so a person checks every transcript.",
)


def text_with(changes: dict[int, str]) -> str:
    """The page's text with some paragraphs (by index) replaced."""
    return "\n\n".join(changes.get(index, text) for index, text in enumerate(PARAGRAPHS))


@pytest.fixture
def shared_page() -> None:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        alice = make_user(ALICE, display_name="Alice Analyst")
        make_membership(workspace, alice, role=Role.MEMBER)
        make_membership(workspace, make_user(BOB, display_name="Bob Investigator"))
        topics = ensure_default_sections(workspace)[0]
        create_page(
            workspace, alice, title="Speech recognition", section=topics, body=text_with({})
        )


def signed_in_editors(browsing: Browsing) -> tuple[Page, Page]:
    """Alice and Bob, each in their own browser, both on the page's edit form."""
    alice, bob = browsing.new_page(), browsing.new_page()
    for page, email in ((alice, ALICE), (bob, BOB)):
        sign_in(browsing, page, email)
        browsing.visit(page, EDIT_PATH, "edit-form")
    return alice, bob


def save(browsing: Browsing, page: Page, text: str, summary: str, name: str, status: int) -> None:
    """Replace the text in the edit form, press Save, check the status of the answer."""
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_label("Edit summary").fill(summary)
    if status == HTTPStatus.CONFLICT:
        # Chromium logs the refused save as a failed load: that message is expected.
        browsing.expected_failures.add((browsing.base_url + EDIT_PATH, status))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save").click()
    browsing.shot(page, name)
    assert navigation.value.status == status, f"{name}: {navigation.value.status}, not {status}"


def expect_conflict_page(page: Page, kept_text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Someone else saved “Speech recognition” while you were editing"
    )
    expect(page.get_by_role("alert")).to_contain_text("Alice Analyst saved revision 2")
    expect(page.get_by_label("Text", exact=True)).to_have_value(kept_text)


def test_edits_of_different_paragraphs_are_combined(browsing: Browsing, shared_page):
    alice, bob = signed_in_editors(browsing)
    alice_text = text_with({0: "Speech recognition turns recorded speech into searchable text."})
    bob_text = text_with({2: "Its errors grow with accents and noise, so a person checks."})
    save(browsing, alice, alice_text, "Searchable", "alice-saved", HTTPStatus.OK)

    save(browsing, bob, bob_text, "Shorter caveat", "bob-conflict", HTTPStatus.CONFLICT)
    expect_conflict_page(bob, bob_text)
    their_change = bob.locator("section", has=bob.get_by_role("heading", name="What changed"))
    expect(their_change.locator("ins")).to_have_text([re.compile(r"^\s*searchable\s*$")])
    expect(bob.get_by_label("Edit summary")).to_have_value("Shorter caveat")

    combine = bob.get_by_role("button", name="Review the combined text")
    browsing.submit(bob, combine, "bob-reviews-combined-text")
    preview = bob.locator("section.preview")
    expect(preview).to_contain_text("turns recorded speech into searchable text")
    expect(preview).to_contain_text("accents and noise, so a person checks")
    combined = text_with({0: alice_text.split("\n\n")[0], 2: bob_text.split("\n\n")[2]})
    expect(bob.get_by_label("Text", exact=True)).to_have_value(combined)

    browsing.submit(bob, bob.get_by_role("button", name="Save"), "bob-saved-combined-text")
    expect(bob.get_by_role("status")).to_contain_text("Your changes are saved.")
    body = bob.locator(".wiki-body")
    expect(body).to_contain_text("turns recorded speech into searchable text")
    expect(body).to_contain_text("accents and noise, so a person checks")
    expect(bob.locator(".wiki-page__header")).to_contain_text("revision 3")


def test_edits_of_the_same_paragraph_keep_the_second_text_in_the_form(
    browsing: Browsing, shared_page
):
    alice, bob = signed_in_editors(browsing)
    alice_text = text_with({1: "Investigators search intercepted calls for names and places."})
    bob_text = text_with({1: "Analysts use it to search seized recordings for code words."})
    save(browsing, alice, alice_text, "Tighter", "alice-saved", HTTPStatus.OK)

    save(browsing, bob, bob_text, "Recordings", "bob-conflict", HTTPStatus.CONFLICT)
    expect_conflict_page(bob, bob_text)
    expect(bob.get_by_role("heading", name="Your edit and theirs can be combined")).to_have_count(0)
    expect(bob.get_by_role("button", name="Review the combined text")).to_have_count(0)

    browsing.visit(alice, PAGE_PATH, "alice-text-not-overwritten")
    expect(alice.locator(".wiki-body")).to_contain_text("Investigators search intercepted calls")
    expect(alice.locator(".wiki-body")).not_to_contain_text("code words")
