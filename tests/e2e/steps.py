"""What the browser tests do, step by step: seed data, watch pages, sign in and out, read mail."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from flask import Flask
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page

from hub.extensions import db
from tests.support import PASSWORD, sent_mail

# Playwright waits this long for an element or a navigation before failing the test.
TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 800}


@contextmanager
def seeding() -> Iterator[None]:
    """Write test data, commit, and release the connection so the server can write too.

    Outside a request every transaction begins with BEGIN IMMEDIATE (hub.database): one left
    open in the test thread would hold SQLite's write lock while the browser waits.
    """
    try:
        yield
        db.session.commit()
    finally:
        db.session.remove()


@dataclass
class Browsing:
    """One test's browser work: pages in separate contexts, errors seen, screenshots taken.

    Every page is watched for console errors and uncaught exceptions; CSP violations are
    console errors too. An error page logs "Failed to load resource: ... status of 404" about
    itself: `visit(..., status=404)` lets exactly that message, for that address, through.
    """

    browser: Browser
    base_url: str
    screens: Path
    errors: list[str] = field(default_factory=list)
    expected_failures: set[tuple[str, int]] = field(default_factory=set)
    contexts: list[BrowserContext] = field(default_factory=list)
    shots: int = 0

    def new_page(self, viewport: dict[str, int] = DESKTOP) -> Page:
        """A page in a fresh browser context: its own cookies, as another person's browser."""
        context = self.browser.new_context(base_url=self.base_url, viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        return self.watch(context.new_page())

    def watch(self, page: Page) -> Page:
        """Record the page's console errors and uncaught exceptions."""
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught error: {error}"))
        return page

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # Chromium asks for the icon once per browser, so only the first test would see it
        # fail: test_page_icon.py checks the icon on its own.
        if urlsplit(url).path == "/favicon.ico":
            return
        failed_load = re.match(r"Failed to load resource: .* status of (\d+)", message.text)
        if failed_load and (url, int(failed_load.group(1))) in self.expected_failures:
            return
        self.errors.append(f"console error on {url}: {message.text}")

    def shot(self, page: Page, name: str) -> Path:
        """Save a full-page screenshot; fail at once if the page logged an error."""
        page.wait_for_load_state("load")
        self.shots += 1
        path = self.screens / f"{self.shots:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.assert_clean()
        return path

    def visit(self, page: Page, path: str, name: str, status: int = 200) -> None:
        if status >= 400:
            self.expected_failures.add((urljoin(self.base_url, path), status))
        response = page.goto(path)
        assert response is not None, path
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        self.shot(page, name)

    def submit(self, page: Page, button: Locator, name: str) -> None:
        """Press a form's button, wait for the page it leads to, screenshot that page."""
        with page.expect_navigation():
            button.click()
        self.shot(page, name)

    def assert_clean(self) -> None:
        errors, self.errors = self.errors, []  # each error is reported once
        assert not errors, "the browser reported errors:\n" + "\n".join(errors)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def sign_in(browsing: Browsing, page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill in the sign-in form and send it; the caller checks where it led."""
    browsing.visit(page, "/auth/login", "sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    browsing.submit(page, page.get_by_role("button", name="Sign in"), "after-sign-in")


def sign_out(browsing: Browsing, page: Page) -> None:
    """Open the user menu in the top bar and press "Sign out"."""
    page.locator(".topbar details.menu--right > summary").click()
    browsing.submit(page, page.get_by_role("button", name="Sign out"), "signed-out")
    assert urlsplit(page.url).path == "/auth/login"


def link_in_mail(app: Flask, to: str, base_url: str) -> str:
    """The link in the newest e-mail to `to`, pointed at the live server."""
    messages = [message for message in sent_mail(app) if message["To"] == to]
    assert messages, f"no e-mail to {to} in the outbox"
    url = re.search(r"https?://\S+", messages[-1].get_content()).group(0)
    live = urlsplit(base_url)
    return urlunsplit(urlsplit(url)._replace(scheme=live.scheme, netloc=live.netloc))
