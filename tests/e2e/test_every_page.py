"""Every page the demo accounts can reach passes axe-core, at 1280 and 360 px, and the W3C Nu
HTML checker, in English and again in Arabic (right to left). The crawl is in crawl.py; its
screenshots, one per route and width, and a list of the pages it checked are in
tests/e2e/screenshots/test_every_page/<test>[<language>]/."""

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page
from sqlalchemy import select

from hub.auth.models import User
from hub.extensions import db
from hub.i18n import LANGUAGE_COOKIE, text_direction
from hub.search.queue import apply_pending
from hub.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from tests.e2e.crawl import Crawl, axe_report, java_missing, nu_report
from tests.e2e.steps import Browsing, seeding

pytestmark = pytest.mark.e2e

#: The pages anyone can open without an account.
ANONYMOUS_PAGES = ["/auth/login", "/auth/register", "/auth/reset"]
#: Search results are behind a form, not a link: the crawl starts there too, across the
#: account's workspaces (every account may open it; tests/e2e/test_search.py crawls the
#: workspace's search page and every facet, sort and page link).
SEARCHES = ["/search?q=principles+responsible", "/search?q=recogntion"]
#: The account that visits every wiki page, and whose screenshots come first.
READER = "member@example.org"
#: The languages the pages are checked in: English, and Arabic for what right to left changes.
LANGUAGES = ["en", "ar"]
HTML_LANGUAGE = re.compile(r"<html\b[^>]*\blang=\"(?P<lang>[^\"]*)\"[^>]*\bdir=\"(?P<dir>[^\"]*)\"")


@dataclass
class CrawlInLanguage(Crawl):
    """The crawl with every account reading in `language`: a visitor through the language
    menu's cookie, a member through their profile (set before the crawl)."""

    language: str = "en"

    def open_browser(self, account: str | None, password: str) -> Page:
        page = super().open_browser(account, password)  # signs in on the English page
        page.context.add_cookies(
            [{"name": LANGUAGE_COOKIE, "value": self.language, "url": self.browsing.base_url}]
        )
        return page


def read_in(language: str) -> None:
    """Every demo account's profile language."""
    emails = [demo.email for demo in DEMO_ACCOUNTS]
    for user in db.session.scalars(select(User).where(User.email.in_(emails))):
        user.language = language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_the_demo_passes_axe_and_the_nu_html_checker(
    app: Flask, browsing: Browsing, screens: Path, tmp_path: Path, language: str
):
    with seeding():
        seed_demo()
        read_in(language)
    apply_pending()  # the demo searchable, as `flask hub seed-demo` leaves it
    db.session.remove()
    crawl = CrawlInLanguage(app, browsing, screens, language=language)
    started = time.monotonic()
    crawl.crawl(None, ANONYMOUS_PAGES)
    accounts = sorted((demo.email for demo in DEMO_ACCOUNTS), key=lambda email: email != READER)
    for email in accounts:
        # The wiki's every page once, in English: its content reads the same in any interface.
        crawl.crawl(
            email, ["/", *SEARCHES], DEMO_PASSWORD, reader=email == READER and language == "en"
        )
    seconds = time.monotonic() - started
    (screens / "pages.txt").write_text(
        f"{len(crawl.pages)} pages, each at 1280 and 360 px, in {seconds:.0f} s\n"
        + "".join(f"{page.status} {page.endpoint} {page.name}\n" for page in crawl.pages)
    )
    assert len(crawl.pages) > 50, "the crawl found too few pages to mean anything"
    broken = [f"{page.name} answered {page.status}" for page in crawl.pages if page.status >= 500]
    assert not broken, "\n".join(broken)
    expected = (language, text_direction(language))
    elsewhere = [
        f"{page.name}: {found.groups() if found else 'no <html lang dir>'}"
        for page in crawl.pages
        if (found := HTML_LANGUAGE.search(page.html)) is None or found.groups() != expected
    ]
    assert not elsewhere, f"pages not in {expected}:\n" + "\n".join(elsewhere)

    problems = axe_report(crawl.pages)
    if java_missing():
        assert not problems, f"axe-core found {len(problems)} violations:\n" + "\n".join(problems)
        pytest.skip(
            f"axe-core passed on {len(crawl.pages)} pages, but the Nu HTML checker needs Java: "
            "apt-get install default-jre-headless"
        )
    nu_folder = tmp_path / "html"
    nu_folder.mkdir()
    problems += nu_report(crawl.pages, nu_folder)
    assert not problems, (
        f"{len(problems)} problems on {len(crawl.pages)} pages (axe-core, then the Nu HTML "
        "checker):\n" + "\n".join(problems)
    )
