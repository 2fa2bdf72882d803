"""A member who chose Arabic and one who chose French use the hub's main pages, at 1280 and
360 px: the page says its language and direction, Arabic mirrors the layout (the brand at the
right end of the top bar, the wiki's sidebar on the left, the tabs and the keyboard going
right to left), nothing spills sideways, and an Arabic wiki page read in a French interface
stays Arabic, right to left. Screenshots: tests/e2e/screenshots/test_languages/."""

from itertools import pairwise

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from hub.auth.models import User
from hub.extensions import db
from hub.seed import DEMO_PASSWORD, seed_demo
from hub.workspaces.models import Workspace
from tests.e2e.steps import Browsing, seeding, sign_in
from wiki.models import Section
from wiki.services import create_page

pytestmark = pytest.mark.e2e

#: Who reads in which language: demo accounts, members of the "ai" workspace.
READERS = {
    "ar": "member@example.org",
    "fr": "moderator@example.org",
    "en": "wsadmin@example.org",
}
DIRECTIONS = {"ar": "rtl", "fr": "ltr", "en": "ltr"}
WIDTHS = {"1280": {"width": 1280, "height": 800}, "360": {"width": 360, "height": 740}}
WIKI_PAGE = "/w/ai/wiki/topics/machine-learning"
#: The main pages, by the name of their screenshot.
MAIN_PAGES = {
    "hub-home": "/",
    "workspace-home": "/w/ai/",
    "members": "/w/ai/members/",
    "wiki-home": "/w/ai/wiki/",
    "wiki-page": WIKI_PAGE,
    "editor": f"{WIKI_PAGE}/edit",
    "forums": "/w/ai/forums/",
    "forum-topic": "/w/ai/forums/topics/2",
    "forum-reply": "/w/ai/forums/topics/2/reply",
    "profile": "/account/",
}

BOX = "(element) => { const r = element.getBoundingClientRect(); return [r.left, r.right]; }"
PAGE_LANGUAGE = "() => [document.documentElement.lang, document.documentElement.dir]"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
FOCUSED = """() => {
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  return {inTabs: Boolean(element.closest("#workspace-tabs")), left: box.left, right: box.right,
          text: element.textContent.trim()};
}"""


def choose_languages() -> None:
    """The demo, with each reader's profile in their language."""
    with seeding():
        seed_demo()
        for language, email in READERS.items():
            db.session.scalar(select(User).where(User.email == email)).language = language


@pytest.fixture
def demo_in_languages() -> None:
    choose_languages()


def signed_in_page(browsing: Browsing, language: str, width: str = "1280") -> Page:
    page = browsing.new_page(viewport=WIDTHS[width])
    sign_in(browsing, page, READERS[language], DEMO_PASSWORD)  # the sign-in page is English
    return page


def box(page: Page, selector: str) -> tuple[float, float]:
    """The left and right edges of the first element the selector finds."""
    return tuple(page.locator(selector).first.evaluate(BOX))


@pytest.mark.usefixtures("demo_in_languages")
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_main_pages_in_arabic_and_french(browsing: Browsing, language: str):
    spilling = []
    for width, viewport in WIDTHS.items():
        page = signed_in_page(browsing, language, width)
        page.set_viewport_size(viewport)
        for name, path in MAIN_PAGES.items():
            browsing.visit(page, path, f"{language}-{width}-{name}")
            assert page.evaluate(PAGE_LANGUAGE) == [language, DIRECTIONS[language]], path
            overflow = page.evaluate(OVERFLOW)
            if overflow > 1:
                spilling.append(f"{path} at {width} px: {overflow} px wider than the screen")
    assert not spilling, "pages wider than the screen:\n" + "\n".join(spilling)


@pytest.mark.usefixtures("demo_in_languages")
def test_the_layout_mirrors_in_arabic(browsing: Browsing):
    layout = {}
    for language in ("en", "ar"):
        page = signed_in_page(browsing, language)
        browsing.visit(page, WIKI_PAGE, f"{language}-wiki-page")
        topbar = box(page, ".topbar")
        layout[language] = {
            "topbar": topbar,
            "brand": box(page, ".topbar__brand"),
            "article": box(page, ".wiki-page"),
            "sidebar": box(page, ".wiki-sidebar"),
            "tabs": [tuple(tab.evaluate(BOX)) for tab in page.locator("#workspace-tabs a").all()],
            "keyboard": tab_through_the_workspace_tabs(page),
        }
    english, arabic = layout["en"], layout["ar"]

    # The brand starts the top bar: at its left end in English, at its right end in Arabic.
    left, right = english["topbar"]
    middle = (left + right) / 2
    assert english["brand"][1] < middle < arabic["brand"][0], (english["brand"], arabic["brand"])
    assert right - arabic["brand"][1] < 40, f"the brand ends {right - arabic['brand'][1]} px short"
    # The wiki's sidebar follows the page: on the right in English, on the left in Arabic.
    assert english["article"][1] <= english["sidebar"][0], english
    assert arabic["sidebar"][1] <= arabic["article"][0], arabic
    # The workspace's tabs, and the keyboard through them, go the way the language reads.
    assert len(english["tabs"]) >= 2
    assert is_left_to_right(english["tabs"]) and is_left_to_right(english["keyboard"])
    assert is_right_to_left(arabic["tabs"]), arabic["tabs"]
    assert is_right_to_left(arabic["keyboard"]), arabic["keyboard"]


def tab_through_the_workspace_tabs(page: Page) -> list[tuple[float, float]]:
    """Focus the first workspace tab, then press Tab while focus stays among the tabs."""
    page.locator("#workspace-tabs a").first.focus()
    boxes = []
    for _ in range(10):
        focused = page.evaluate(FOCUSED)
        if not focused["inTabs"]:
            break
        boxes.append((focused["left"], focused["right"]))
        page.keyboard.press("Tab")
    return boxes


def is_left_to_right(boxes: list[tuple[float, float]]) -> bool:
    return len(boxes) >= 2 and all(a[1] <= b[0] + 1 for a, b in pairwise(boxes))


def is_right_to_left(boxes: list[tuple[float, float]]) -> bool:
    return len(boxes) >= 2 and all(b[1] <= a[0] + 1 for a, b in pairwise(boxes))


ARABIC_TITLE = "الذكاء الاصطناعي في عمل الشرطة"
ARABIC_BODY = (
    "## الذكاء الاصطناعي في عمل الشرطة\n\n"
    "تعرض هذه الصفحة كيف تستعمل أجهزة الشرطة الذكاء الاصطناعي استعمالًا مسؤولًا.\n"
)


@pytest.mark.usefixtures("demo_in_languages")
def test_an_arabic_wiki_page_keeps_its_language_in_a_french_interface(browsing: Browsing):
    with seeding():
        author = db.session.scalar(select(User).where(User.email == READERS["ar"]))
        workspace = db.session.scalar(select(Workspace).where(Workspace.slug == "ai"))
        section = db.session.scalar(
            select(Section).where(Section.workspace_id == workspace.id, Section.slug == "topics")
        )
        arabic_page = create_page(
            workspace, author, title=ARABIC_TITLE, section=section, body=ARABIC_BODY,
            slug="policing-in-arabic",
        )  # fmt: skip
        arabic_page.language = "ar"  # the author's language, set here should the default differ
        path = f"/w/ai/wiki/{arabic_page.path}"
    page = signed_in_page(browsing, "fr")
    browsing.visit(page, path, "fr-interface-arabic-page")

    assert page.evaluate(PAGE_LANGUAGE) == ["fr", "ltr"]
    content = page.locator(".wiki-body").first
    language = content.evaluate("(element) => element.closest('[lang]').lang")
    direction = content.evaluate("(element) => getComputedStyle(element).direction")
    assert (language, direction) == ("ar", "rtl")
    # The interface around it stays French, left to right.
    assert (
        page.locator(".wiki-actions").first.evaluate(
            "(element) => getComputedStyle(element).direction"
        )
        == "ltr"
    )
