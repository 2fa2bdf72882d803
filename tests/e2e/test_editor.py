"""A member writes a page with the editor's toolbar, by keyboard only; sees the preview beside
the text on a wide screen and behind a tab on a phone, with the text kept; and saves."""

import pytest
from playwright.sync_api import Locator, Page, expect

from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace
from wiki.services import create_page, ensure_default_sections

pytestmark = pytest.mark.e2e

MEMBER = "mia.member@example.org"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def ai_workspace() -> None:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        member = make_user(MEMBER, display_name="Mia Member")
        make_membership(workspace, member, role=Role.MEMBER)
        topics = ensure_default_sections(workspace)[0]
        create_page(workspace, member, title="Drones", section=topics, body="About drones.")


def text_area(page: Page) -> Locator:
    return page.get_by_label("Text", exact=True)


def preview_of(page: Page) -> Locator:
    return page.locator("section.preview")


def press_toolbar_button(page: Page, name: str) -> None:
    """From the text area, Shift+Tab to the toolbar, arrows to the button, Enter."""
    page.keyboard.press("Shift+Tab")
    toolbar = page.get_by_role("toolbar", name="Formatting")
    page.keyboard.press("Home")
    buttons = toolbar.get_by_role("button")
    for _ in range(buttons.all_inner_texts().index(name)):
        page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name=name)).to_be_focused()
    page.keyboard.press("Enter")


def write_with_the_toolbar(browsing: Browsing, page: Page) -> None:
    browsing.visit(page, "/w/ai/wiki/new", "new-page")
    page.get_by_label("Title").fill("Crowd monitoring")
    page.get_by_label("Section").select_option(label="Topics")
    area = text_area(page)
    area.focus()
    page.keyboard.type("Drones watch crowds")
    page.keyboard.press("Control+Shift+ArrowLeft")  # select the word "crowds"

    press_toolbar_button(page, "Bold")
    expect(area).to_have_value("Drones watch **crowds**")
    expect(area).to_be_focused()  # back in the text, ready to type on
    page.keyboard.press("Control+z")  # the toolbar's change is in the undo history
    expect(area).to_have_value("Drones watch crowds")
    page.keyboard.press("Control+Shift+z")
    expect(area).to_have_value("Drones watch **crowds**")

    page.keyboard.press("End")
    page.keyboard.type(". See ")
    press_toolbar_button(page, "Wiki link")  # inserts [[Page title]], the title selected
    page.keyboard.type("Drones")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Use")
    page.keyboard.press("Control+Shift+ArrowLeft")
    press_toolbar_button(page, "Heading")
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Counting people")
    press_toolbar_button(page, "List")
    expect(area).to_have_value(
        "Drones watch **crowds**. See [[Drones]]\n\n## Use\n- Counting people"
    )
    assert page.get_by_role("button", name="Save").is_visible()
    assert page.url.endswith("/w/ai/wiki/new"), "a toolbar button sent the form"


def preview_beside_the_text(browsing: Browsing, page: Page) -> None:
    preview = preview_of(page)
    expect(preview.locator("strong")).to_have_text("crowds")
    expect(preview.get_by_role("link", name="Drones")).to_have_attribute(
        "href", "/w/ai/wiki/drones"
    )
    expect(preview.get_by_role("heading", name="Use")).to_be_visible()
    text, shown = text_area(page).bounding_box(), preview.bounding_box()
    assert shown["x"] >= text["x"] + text["width"], "the preview is not beside the text"
    assert abs(shown["y"] - text["y"]) < text["height"], "the preview is not beside the text"
    assert text["width"] > 700, f"the text area is only {text['width']} px wide"
    expect(page.get_by_role("tablist")).to_be_hidden()
    browsing.shot(page, "editor-1280")


def preview_as_a_tab(browsing: Browsing, page: Page, text: str) -> None:
    """On a narrow screen: Write / Preview tabs, by keyboard; the text survives both ways."""
    tabs = page.get_by_role("tablist", name="Text and preview")
    write = tabs.get_by_role("tab", name="Write")
    preview_tab = tabs.get_by_role("tab", name="Preview")
    expect(write).to_have_attribute("aria-selected", "true")
    expect(text_area(page)).to_be_visible()
    expect(preview_of(page)).to_be_hidden()
    browsing.shot(page, "editor-360-write")

    write.focus()
    page.keyboard.press("ArrowRight")
    expect(preview_tab).to_be_focused()
    expect(preview_tab).to_have_attribute("aria-selected", "true")
    expect(text_area(page)).to_be_hidden()
    expect(preview_of(page)).to_be_visible()
    expect(preview_of(page).locator("strong")).to_have_text("crowds")
    expect(page.get_by_role("tabpanel")).to_have_accessible_name("Preview")
    browsing.shot(page, "editor-360-preview")

    page.keyboard.press("ArrowLeft")
    expect(write).to_have_attribute("aria-selected", "true")
    expect(text_area(page)).to_be_visible()
    expect(text_area(page)).to_have_value(text)


def test_a_member_writes_with_the_toolbar_previews_and_saves(browsing: Browsing, ai_workspace):
    page = browsing.new_page()
    sign_in(browsing, page, MEMBER)
    write_with_the_toolbar(browsing, page)
    preview_beside_the_text(browsing, page)
    written = text_area(page).input_value()

    page.set_viewport_size(PHONE)  # the same page turned narrow: the tabs take over
    preview_as_a_tab(browsing, page, written)

    page.get_by_label("Edit summary").fill("First draft")
    browsing.submit(page, page.get_by_role("button", name="Save"), "page-created")
    expect(page.get_by_role("status")).to_contain_text("The page is created.")
    body = page.locator(".wiki-body")
    expect(body.locator("strong")).to_have_text("crowds")
    expect(body.get_by_role("link", name="Drones")).to_have_attribute("href", "/w/ai/wiki/drones")
    expect(body.get_by_role("listitem")).to_have_text("Counting people")


def test_on_a_phone_the_editor_opens_on_the_text_and_previews_in_a_tab(
    browsing: Browsing, ai_workspace
):
    page = browsing.new_page(viewport=PHONE)
    sign_in(browsing, page, MEMBER)
    browsing.visit(page, "/w/ai/wiki/drones/edit", "edit-360")
    preview_tab = page.get_by_role("tab", name="Preview")
    preview_tab.click()
    expect(preview_of(page)).to_contain_text("About drones.")

    page.get_by_role("tab", name="Write").click()
    text_area(page).press("End")
    page.keyboard.type(" They fly.")
    preview_tab.click()
    expect(preview_of(page)).to_contain_text("About drones. They fly.")
    page.get_by_role("tab", name="Write").click()

    browsing.submit(page, page.get_by_role("button", name="Save"), "edit-saved-360")
    expect(page.locator(".wiki-body")).to_contain_text("About drones. They fly.")
