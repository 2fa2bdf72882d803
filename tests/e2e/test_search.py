"""A member searches from the top bar: suggestions come as they type and the keyboard picks
one; the results page counts, highlights and narrows by a facet; a result opens its item."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from hub.extensions import db
from hub.search.queue import apply_pending
from hub.seed import DEMO_PASSWORD, seed_demo
from tests.e2e.crawl import Crawl, axe_report, java_missing, nu_report
from tests.e2e.steps import Browsing, seeding, sign_in

pytestmark = pytest.mark.e2e

SMALL_SCREEN = {"width": 360, "height": 740}


@pytest.fixture
def demo(app):
    with seeding():
        seed_demo()
    apply_pending()  # what the seed command does after its commit
    db.session.remove()


def test_search_from_the_top_bar_narrow_by_a_facet_and_open_a_result(demo, browsing: Browsing):
    page = browsing.new_page()
    sign_in(browsing, page, "member@example.org", DEMO_PASSWORD)
    browsing.visit(page, "/w/ai/", "workspace-home")

    box = page.get_by_role("combobox", name="Search")
    box.fill("speech rec")
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("option").first).to_contain_text("Speech recognition")
    page.screenshot(path=str(browsing.screens / "suggestions-first-view.png"))
    # The keyboard: down to the first suggestion, Enter opens it.
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "topbar-search-option-0")
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path == "/w/ai/wiki/topics/speech-recognition"

    box = page.get_by_role("combobox", name="Search")
    box.fill("principles responsible")
    expect(suggestions).to_be_visible()
    box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_have_value("principles responsible")
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path == "/w/ai/search"
    expect(page.locator("#search-count")).to_contain_text("results")
    expect(page.locator(".search-result mark").first).to_be_visible()
    browsing.shot(page, "results")

    # The Type facet is open: narrow to documents.
    facet = page.locator(".search-facet", has_text="Type")
    documents = facet.get_by_role("link", name="Document")
    # The count the facet shows beside the link.
    counted = re.search(r"\d+", facet.locator("li", has_text="Document").inner_text()).group(0)
    with page.expect_navigation():
        documents.click()
    expect(page.locator("#search-count")).to_contain_text(f"{counted} results")
    expect(page.locator(".search-facet__chosen")).to_contain_text("Document")
    snippet = page.locator(".search-result__snippet mark").first
    expect(snippet).to_be_visible()
    browsing.shot(page, "narrowed-to-documents")

    first = page.locator(".search-result__title a").first
    title = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert urlsplit(page.url).path.startswith("/w/ai/documents/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    browsing.shot(page, "opened-result")


def test_the_results_page_on_a_small_screen(demo, browsing: Browsing):
    page = browsing.new_page(viewport=SMALL_SCREEN)
    sign_in(browsing, page, "member@example.org", DEMO_PASSWORD)
    browsing.visit(page, "/w/ai/search?q=toolkit+principles", "results-small-screen")
    expect(page.get_by_role("combobox", name="Search")).to_be_visible()
    expect(page.locator(".search-result").first).to_be_visible()
    # What a phone shows first: the box, the form, the count and the first results.
    page.screenshot(path=str(browsing.screens / "results-small-screen-first-view.png"))
    browsing.visit(page, "/search?q=recogntion", "did-you-mean-small-screen")
    expect(page.get_by_text("Did you mean")).to_be_visible()


#: Where the crawl of the search's pages starts: results (whose facet, sort, page and "did you
#: mean" links lead on), a query of no words, and the hub-wide search.
SEARCHES = ["/w/ai/search?q=principles+responsible", "/search?q=recogntion", "/search?q=*"]


class SearchPagesCrawl(Crawl):
    """The crawl, kept to the search's pages: the every-page crawl checks the rest."""

    def endpoint(self, path: str, query: str) -> str | None:
        found = super().endpoint(path, query)
        return found if found and found.startswith("search.") else "static"


def test_the_search_pages_pass_axe_and_the_nu_html_checker(
    app, demo, browsing: Browsing, screens, tmp_path
):
    crawl = SearchPagesCrawl(app, browsing, screens, any_query=frozenset())
    crawl.crawl("member@example.org", SEARCHES, DEMO_PASSWORD)
    crawl.crawl("admin@example.org", [*SEARCHES, "/admin/search"], DEMO_PASSWORD)
    assert len(crawl.pages) >= 6, [page.name for page in crawl.pages]
    problems = axe_report(crawl.pages)
    if not java_missing():
        folder = tmp_path / "html"
        folder.mkdir()
        problems += nu_report(crawl.pages, folder)
    assert not problems, "\n".join(problems)
