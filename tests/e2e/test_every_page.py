"""Every page the demo accounts can reach passes axe-core, at 1280 and 360 px, and the W3C Nu
HTML checker. The crawl is in crawl.py; its screenshots, one per route and width, and a list
of the pages it checked are in tests/e2e/screenshots/test_every_page/."""

import time
from pathlib import Path

import pytest
from flask import Flask

from hub.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from tests.e2e.crawl import Crawl, axe_report, java_missing, nu_report
from tests.e2e.steps import Browsing, seeding

pytestmark = pytest.mark.e2e

#: The pages anyone can open without an account.
ANONYMOUS_PAGES = ["/auth/login", "/auth/register", "/auth/reset"]
#: The account that visits every wiki page, and whose screenshots come first.
READER = "member@example.org"


def test_every_page_of_the_demo_passes_axe_and_the_nu_html_checker(
    app: Flask, browsing: Browsing, screens: Path, tmp_path: Path
):
    with seeding():
        seed_demo()
    crawl = Crawl(app, browsing, screens)
    started = time.monotonic()
    crawl.crawl(None, ANONYMOUS_PAGES)
    accounts = sorted((demo.email for demo in DEMO_ACCOUNTS), key=lambda email: email != READER)
    for email in accounts:
        crawl.crawl(email, ["/"], DEMO_PASSWORD, reader=email == READER)
    seconds = time.monotonic() - started
    (screens / "pages.txt").write_text(
        f"{len(crawl.pages)} pages, each at 1280 and 360 px, in {seconds:.0f} s\n"
        + "".join(f"{page.status} {page.endpoint} {page.name}\n" for page in crawl.pages)
    )
    assert len(crawl.pages) > 50, "the crawl found too few pages to mean anything"
    broken = [f"{page.name} answered {page.status}" for page in crawl.pages if page.status >= 500]
    assert not broken, "\n".join(broken)

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
