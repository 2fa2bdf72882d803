"""The wiki at 10,000 pages and 100,000 revisions (issue 10): every wiki view keeps at least
80% of its demo-size requests per second, on SQLite and on PostgreSQL.

Run with `make bench`. For each database it builds two of them: the demo (`flask hub
seed-demo`, through the services) and a copy grown by BENCH_WIKI_PAGES pages (10,000) in the
Topics section, in a tree up to four deep where some pages have 50 children, with
BENCH_WIKI_REVISIONS revisions (100,000) in all. The growth is bulk inserts of the rows the
services write (pages, revisions with their HTML and headings, links, tags), each page's text
rendered once by `wiki.links.render_body`; "Machine learning", the page the page views are
measured on, gets 250 more siblings, 50 children, 1,000 pages linking to it and 2,000 more
revisions. Both databases are served at once by gunicorn (2 sync workers each); `wrk`
loads each view on the demo, then on the grown copy, in alternating rounds, so that the load
other programs put on the machine falls on both alike. It prints requests per second, the
CPU time of the workers per request and the HTML size for both, and their ratio.

PostgreSQL: BENCH_DATABASE_URL names a database whose name the two are named after
(`<name>_bench_demo`, `<name>_bench_full`, dropped and made again on each run), by default
postgresql+psycopg://postgres@127.0.0.1:5432/test_scale; skipped if the server does not answer.
"""

import contextlib
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url

from config import TestingConfig
from hub import create_app
from hub.extensions import db
from hub.seed import DEMO_PASSWORD
from hub.workspaces.models import Membership, MembershipStatus, Workspace
from tests.benchmarks.conftest import (
    ROOT,
    Load,
    Server,
    get_over_http,
    gunicorn,
    prose,
    server_environment,
    sign_in_over_http,
    wrk,
)
from wiki.links import render_body
from wiki.models import Page, PageLink, PageTag, Revision, Section
from wiki.outline import summary_line
from wiki.paths import slugify, title_key

pytestmark = pytest.mark.backend_independent

PAGES = int(os.environ.get("BENCH_WIKI_PAGES", "10000"))
REVISIONS = int(os.environ.get("BENCH_WIKI_REVISIONS", "100000"))
POSTGRESQL_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test_scale"
)
#: Each view is loaded this long on each database, this many times, after a warm-up.
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
#: In-process, each view is asked this many times of each database, in turn.
IN_PROCESS_TIMES = 30
WARM_UP_SECONDS = 2
#: The issue's goal: at full size each view keeps this share of its demo-size requests/s.
TARGET = 0.8
MEMBER = "member@example.org"
BUSY_PATH = "topics/machine-learning"


@dataclass(frozen=True)
class View:
    name: str
    path: str
    #: Text the page must hold, at both sizes: the view answered with what it is for.
    expected: str


VIEWS = [
    View("topic page", f"/w/ai/wiki/{BUSY_PATH}", 'dir="ltr">Machine learning'),
    View("wiki home", "/w/ai/wiki/", 'aria-labelledby="section-'),
    View("section page", "/w/ai/wiki/sections/topics", 'class="page-listing__title"'),
    View("A–Z", "/w/ai/wiki/a-z", 'aria-label="Pages, by title"'),
    View("recent changes", "/w/ai/wiki/recent", 'class="changes-day"'),
    View("history", f"/w/ai/wiki/{BUSY_PATH}/history", 'name="from"'),
    View("what links here", f"/w/ai/wiki/{BUSY_PATH}/what-links-here", "Pages that link here"),
    View("a branch (fragment)", "/w/ai/wiki/sections/topics/branch?under=topics", "<li>"),
]


# --- the grown wiki's plan: a tree of pages, their revisions and links ---------------------

NOUNS = (
    "drone evidence camera warrant suspect witness vehicle plate network device phone "
    "transcript model dataset audit review custody court analyst budget training vendor "
    "contract policy bias face voice crowd fraud payment wallet chat video image archive"
).split()


@dataclass
class PlannedPage:
    index: int
    title: str
    path: str
    parent_path: str | None  # None: a top-level page of the section
    level: int
    revisions: int = 1
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def text_key(self) -> tuple:
        """What the page's text depends on: its rendering can be reused where this is equal."""
        return (self.index, self.path, *self.links)


def _title(index: int) -> str:
    first = NOUNS[index % len(NOUNS)]
    second = NOUNS[(index // len(NOUNS)) % len(NOUNS)]
    return f"{first.capitalize()} {second} {index}"


@dataclass(frozen=True)
class Shape:
    """How a wiki is grown from the demo: pages in Topics and revisions in all."""

    pages: int
    #: First-level pages: half of them top-level, half beside "Machine learning" under the
    #: section's root page.
    first_level: int
    #: Pages under "Machine learning".
    busy_children: int
    #: For each level down: (level of the parents, parents with 50 children, with 5).
    levels: tuple[tuple[int, int, int], ...]
    #: Every so many pages links to "Machine learning".
    busy_link_every: int
    revisions: int
    #: Revisions of "Machine learning" among them.
    busy_revisions: int


#: The issue's size: 10,000 pages in one section, up to four deep, some with 50 children
#: (500 first-level, 3,050 second-level, 5,750 third-level, 700 fourth-level), and 100,000
#: revisions; "Machine learning" gets 250 more siblings, 50 children, 1,000 pages linking to
#: it and 2,000 more revisions.
FULL = Shape(
    pages=PAGES,
    first_level=500,
    busy_children=50,
    levels=((1, 40, 200), (2, 70, 450), (3, 14, 0)),
    busy_link_every=10,
    revisions=REVISIONS,
    busy_revisions=REVISIONS // 50,
)
#: Just enough for every list measured to fill its first batch as at full size: 50 top-level
#: pages with five children each, 100 pages A–Z, 15 siblings and children of "Machine
#: learning", 300 pages linking to it and 60 revisions of it (6,000 revisions in all). Full
#: size is measured against it as well as against the demo: a view showing 25 or 50 rows at
#: full size and 6 in the demo says something about the rows as well as about 10,000 pages.
SMALL = Shape(
    pages=620,
    first_level=100,
    busy_children=20,
    levels=((1, 0, 100),),
    busy_link_every=2,
    revisions=6_000,
    busy_revisions=60,
)


def plan_pages(shape: Shape) -> list[PlannedPage]:
    """The shape's pages in Topics, parents before children, each with the titles it links
    to and its tags."""
    planned: list[PlannedPage] = []

    def add(parent: str | None, level: int) -> None:
        index = len(planned)
        title = _title(index)
        path = f"{parent}/{slugify(title)}" if parent else slugify(title)
        planned.append(PlannedPage(index, title, path, parent, level))

    for number in range(shape.first_level):
        add("topics" if number % 2 else None, 1)
    for _ in range(shape.busy_children):
        add(BUSY_PATH, 2)
    for level, with_50, with_5 in shape.levels:
        parents = [
            page for page in planned if page.level == level and page.parent_path != BUSY_PATH
        ]
        busy, some = parents[:with_50], parents[with_50 : with_50 + with_5]
        for parent, children in [(page, 50) for page in busy] + [(page, 5) for page in some]:
            for _ in range(children):
                add(parent.path, level + 1)
    planned = planned[: shape.pages]
    for page in planned:
        others = [
            planned[(page.index * 31 + 7) % len(planned)],
            planned[(page.index * 17 + 3) % len(planned)],
        ]
        page.links = [other.title for other in others if other is not page]
        if page.index % shape.busy_link_every == 0:
            page.links.append("Machine learning")
        if page.index % 25 == 0:
            page.links.append(f"Missing topic {page.index}")
        page.tags = ["tool"] * (page.index % 3 == 0) + ["evidence"] * (page.index % 7 == 0)
    return planned


def plan_revisions(pages: list[PlannedPage], shape: Shape) -> list[int | None]:
    """How many revisions each page gets (the shape's number in all), and the order in which
    they are saved, interleaved across pages: a list of page indexes (None for "Machine
    learning"), oldest first."""
    rest = shape.revisions - shape.busy_revisions
    for page in pages:
        page.revisions = 1 + (page.index * 7919) % 18
    spare = rest - sum(page.revisions for page in pages)
    for page in pages[: max(spare, 0)]:
        page.revisions += 1
    order: list[int | None] = [None] * shape.busy_revisions
    for page in pages:
        order += [page.index] * page.revisions
    random.Random(10).shuffle(order)
    return order


# --- building the databases ----------------------------------------------------------------


def production_env(url: str, **settings: str) -> dict[str, str]:
    return server_environment(
        HUB_ENV="production",
        SECRET_KEY="benchmark-" + "x" * 32,
        DATABASE_URL=url,
        SESSION_COOKIE_SECURE="false",  # wrk speaks plain HTTP
        **settings,
    )


def flask_command(url: str, *arguments: str) -> None:
    flask = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", *arguments]
    subprocess.run(flask, cwd=ROOT, env=production_env(url), check=True, capture_output=True)


def demo_database(url: str) -> None:
    flask_command(url, "db", "upgrade")
    flask_command(url, "hub", "seed-demo")


@contextmanager
def app_on(url: str, instance: Path) -> Iterator[None]:
    app = create_app(TestingConfig, instance_path=str(instance), SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        yield
        db.session.remove()
        db.engine.dispose()


@dataclass
class Rendered:
    html: str
    headings: list
    #: Each link key with the path of the page it reaches (None: missing).
    targets: dict[str, str | None]


def grow(url: str, instance: Path, shape: Shape, rendered: dict[str, Rendered]):
    """Grow the demo at `url` to `shape`, as bulk inserts of the rows the services write.
    Page texts are rendered once (into `rendered`, for the next database), after every page
    exists, so that their links find them."""
    pages = plan_pages(shape)
    order = plan_revisions(pages, shape)
    with app_on(url, instance):
        workspace = db.session.scalar(select(Workspace).where(Workspace.slug == "ai"))
        topics = db.session.scalar(
            select(Section).where(Section.workspace_id == workspace.id, Section.slug == "topics")
        )
        authors = db.session.scalars(
            select(Membership.user_id).where(
                Membership.workspace_id == workspace.id,
                Membership.status == MembershipStatus.ACTIVE,
            )
        ).all()
        busy_page = db.session.scalar(
            select(Page).where(Page.workspace_id == workspace.id, Page.path == BUSY_PATH)
        )
        start = datetime(2025, 1, 1, tzinfo=UTC)
        step = (datetime.now(UTC) - timedelta(hours=1) - start) / len(order)
        first_saved: dict[int | None, datetime] = {}
        for position, index in enumerate(order):
            first_saved.setdefault(index, start + step * position)

        # Pages, parents first: a level at a time, to know the parents' ids.
        ids = {BUSY_PATH: busy_page.id, "topics": busy_page.parent_id}
        for level in sorted({page.level for page in pages}):
            db.session.execute(
                insert(Page),
                [
                    {
                        "workspace_id": workspace.id,
                        "section_id": topics.id,
                        "parent_id": ids[page.parent_path] if page.parent_path else None,
                        "path": page.path,
                        "title": page.title,
                        "title_key": title_key(page.title),
                        "protected": False,
                        "language": "en",
                        "created_at": first_saved[page.index],
                        "updated_at": first_saved[page.index],
                    }
                    for page in pages
                    if page.level == level
                ],
            )
            ids.update(
                db.session.execute(
                    select(Page.path, Page.id).where(Page.section_id == topics.id)
                ).all()
            )

        # Texts: rendered as the services render them, once.
        for page in pages:
            if page.text_key not in rendered:
                body = prose(100, links=page.links, headings=2, seed=page.index)
                result = render_body(workspace, body)
                rendered[page.text_key] = Rendered(
                    result.html,
                    result.headings,
                    {
                        key: target.path if target else None
                        for key, target in result.targets.items()
                    },
                )
        busy_text = busy_page.current_revision

        # Revisions, in the order they were saved; each appends a line to its page's text.
        numbers: dict[int | None, int] = {None: busy_page.current_revision.number}
        sizes: dict[int | None, int] = {None: busy_page.current_revision.size}
        rows = []
        for position, index in enumerate(order):
            number = numbers[index] = numbers.get(index, 0) + 1
            if index is None:
                path, base_body, base_html = BUSY_PATH, busy_text.body, busy_text.html
                headings = busy_text.headings
            else:
                page = pages[index]
                path = page.path
                base_body = prose(100, links=page.links, headings=2, seed=page.index)
                base_html, headings = rendered[page.text_key].html, rendered[page.text_key].headings
            body = f"{base_body}\n\nEdit number {number}."
            rows.append(
                {
                    "page_id": ids[path],
                    "workspace_id": workspace.id,
                    "section_id": topics.id,
                    "number": number,
                    "title": pages[index].title if index is not None else busy_page.title,
                    "body": body,
                    "html": f"{base_html}<p>Edit number {number}.</p>\n",
                    "headings": headings,
                    "author_id": authors[position % len(authors)],
                    "created_at": start + step * position,
                    "summary": "Created the page" if number == 1 else f"Edit number {number}",
                    "size": len(body),
                    "size_delta": len(body) - sizes.get(index, 0),
                }
            )
            sizes[index] = len(body)
            if len(rows) == 5_000:
                db.session.execute(insert(Revision), rows)
                rows = []
        if rows:
            db.session.execute(insert(Revision), rows)
        db.session.execute(
            text(
                "UPDATE wiki_revisions SET parent_revision_id = (SELECT previous.id"
                " FROM wiki_revisions AS previous WHERE previous.page_id = wiki_revisions.page_id"
                " AND previous.number = wiki_revisions.number - 1)"
                " WHERE parent_revision_id IS NULL AND number > 1"
            )
        )
        db.session.execute(
            text(
                "UPDATE wiki_pages SET current_revision_id = (SELECT latest.id"
                " FROM wiki_revisions AS latest WHERE latest.page_id = wiki_pages.id"
                " ORDER BY latest.number DESC LIMIT 1), updated_at = (SELECT max(latest.created_at)"
                " FROM wiki_revisions AS latest WHERE latest.page_id = wiki_pages.id)"
                " WHERE section_id = :section"
            ),
            {"section": topics.id},
        )
        # Each page's count of live children, which the services keep.
        db.session.execute(
            text(
                "UPDATE wiki_pages SET child_count = (SELECT count(*) FROM wiki_pages AS child"
                " WHERE child.parent_id = wiki_pages.id AND child.deleted_at IS NULL)"
                " WHERE workspace_id = :workspace"
            ),
            {"workspace": workspace.id},
        )
        # Each page's summary line, which the services write with its current revision.
        current_html = db.session.execute(
            select(Page.id, Revision.html)
            .join(Revision, Revision.id == Page.current_revision_id)
            .where(Page.section_id == topics.id)
        ).all()
        db.session.execute(
            update(Page),
            [{"id": page_id, "summary_line": summary_line(html)} for page_id, html in current_html],
        )

        # Links of each page's current revision, and tags.
        links = [
            {
                "source_page_id": ids[page.path],
                "target_key": key,
                "target_page_id": ids.get(target) if target else None,
            }
            for page in pages
            for key, target in sorted(rendered[page.text_key].targets.items())
        ]
        for chunk in range(0, len(links), 5_000):
            db.session.execute(insert(PageLink), links[chunk : chunk + 5_000])
        tags = [{"page_id": ids[page.path], "tag": tag} for page in pages for tag in page.tags]
        db.session.execute(insert(PageTag), tags)
        db.session.commit()
        counts = (
            db.session.scalar(select(func.count()).select_from(Page)),
            db.session.scalar(select(func.count()).select_from(Revision)),
        )
    vacuum(url)
    return counts


def vacuum(url: str) -> None:
    """PostgreSQL: what autovacuum does within a minute of many inserts (statistics for the
    planner, and the visibility map that lets it read an index alone)."""
    if make_url(url).get_backend_name() != "postgresql":
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


#: The databases each backend gets: the demo, and two copies of it grown to SMALL and FULL.
SIZES = ("demo", "small", "full")


@dataclass
class Databases:
    backend: str
    urls: dict[str, str]


def sqlite_databases(folder: Path) -> Databases:
    return Databases("SQLite", {size: f"sqlite:///{folder / f'{size}.sqlite3'}" for size in SIZES})


def postgresql_databases() -> Databases | None:
    given = make_url(POSTGRESQL_URL)
    names = {size: f"{given.database}_bench_{size}" for size in SIZES}
    try:
        engine = create_engine(given, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for name in names.values():
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{names["demo"]}"'))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - whatever the reason, there is no PostgreSQL here
        print(f"\n  PostgreSQL at {given.render_as_string()} is not usable: {error}")
        return None
    return Databases(
        "PostgreSQL",
        {size: given.set(database=name).render_as_string(False) for size, name in names.items()},
    )


def copy_database(databases: Databases, size: str) -> None:
    """A database to grow starts as a copy of the demo."""
    if databases.backend == "SQLite":
        source = sqlite3.connect(make_url(databases.urls["demo"]).database)
        target = sqlite3.connect(make_url(databases.urls[size]).database)
        source.backup(target)
        source.close()
        target.close()
        return
    demo, copy = make_url(databases.urls["demo"]), make_url(databases.urls[size])
    engine = create_engine(demo, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{copy.database}" TEMPLATE "{demo.database}"'))
    engine.dispose()


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Figures:
    loads: dict[str, list[Load]] = field(default_factory=lambda: {size: [] for size in SIZES})
    sizes: dict[str, int] = field(default_factory=dict)
    #: The fastest of IN_PROCESS_TIMES answers through the test client, in ms: what the
    #: server does for one request, database included, with the least of the machine's
    #: other work in it.
    fastest_ms: dict[str, float] = field(default_factory=dict)

    def median(self, size: str) -> Load:
        loads = self.loads[size]
        return Load(
            statistics.median(load.requests_per_second for load in loads),
            statistics.median(load.cpu_ms_per_request for load in loads),
        )

    def ratio(self, size: str, to: str) -> float:
        """Requests per second at `size` as a share of those at `to`: the median of the
        rounds' ratios, each of two runs a few seconds apart, which the machine's other work
        weighs on alike."""
        return statistics.median(
            each.requests_per_second / other.requests_per_second
            for each, other in zip(self.loads[size], self.loads[to], strict=True)
        )

    def time_ratio(self, size: str, to: str) -> float:
        """The share of its requests per second at `to` that a view keeps at `size`, were
        the server doing nothing else: the ratio of their fastest times in-process."""
        return self.fastest_ms[to] / self.fastest_ms[size]


def measure(databases: Databases, folder: Path) -> dict[str, Figures]:
    """Each view on each database, in rounds: the demo, small and full servers one after the
    other, so that what else runs on the machine weighs on the three alike."""
    figures = {view.name: Figures() for view in VIEWS}
    with contextlib.ExitStack() as stack:
        servers: dict[str, tuple[Server, str]] = {}
        for size, url in databases.urls.items():
            server = stack.enter_context(
                gunicorn("wsgi:app", production_env(url), folder / f"{size}.log")
            )
            servers[size] = (server, sign_in_over_http(server.port, MEMBER, DEMO_PASSWORD))
        for view in VIEWS:
            for size, (server, cookie) in servers.items():
                status, html = get_over_http(server.port, view.path, cookie)
                assert status == 200 and view.expected in html, (size, view, status, html[:300])
                figures[view.name].sizes[size] = len(html.encode())
                wrk(server, view.path, WARM_UP_SECONDS, cookie)
            for _ in range(ROUNDS):
                for size, (server, cookie) in servers.items():
                    figures[view.name].loads[size].append(
                        wrk(server, view.path, WRK_SECONDS, cookie)
                    )
    return figures


def measure_in_process(databases: Databases, folder: Path, figures: dict[str, Figures]) -> None:
    """Each view through the test client on each database in turn, one request at a time
    (production's settings but CSRF, which a GET does not check)."""
    clients = {}
    for size, url in databases.urls.items():
        app = create_app(
            TestingConfig, instance_path=str(folder / size), SQLALCHEMY_DATABASE_URI=url
        )
        client = app.test_client()
        signed_in = client.post("/auth/login", data={"email": MEMBER, "password": DEMO_PASSWORD})
        assert signed_in.status_code == 302
        clients[size] = client
    for view in VIEWS:
        times = {size: [] for size in SIZES}
        for client in clients.values():
            for _ in range(3):  # templates and statements compiled, caches filled
                assert client.get(view.path).status_code == 200
        for _ in range(IN_PROCESS_TIMES):
            for size, client in clients.items():
                start = time.perf_counter()
                client.get(view.path)
                times[size].append((time.perf_counter() - start) * 1000)
        figures[view.name].fastest_ms = {size: min(each) for size, each in times.items()}
    for client in clients.values():
        with client.application.app_context():
            db.engine.dispose()


def report(databases: Databases, counts: dict[str, tuple[int, int]], figures: dict[str, Figures]):
    sizes = ", ".join(
        f"{size} {pages:,} pages and {revisions:,} revisions"
        for size, (pages, revisions) in counts.items()
    )
    print(f"\n\n  {databases.backend}: {sizes}")
    print(
        f"  Under load: gunicorn -w 2, wrk -t2 -c4, median of {ROUNDS} rounds of {WRK_SECONDS} s"
        " on each size in turn; requests/s, the workers' CPU ms per request, the HTML."
    )
    print(f"  {'view':<21}" + "".join(f"{size:>25}" for size in SIZES) + "  full/small  full/demo")
    for name, each in figures.items():
        cells = ""
        for size in SIZES:
            load = each.median(size)
            cells += f"{load.requests_per_second:7.0f}/s {load.cpu_ms_per_request:5.2f} ms"
            cells += f" {each.sizes[size] / 1024:5.1f} KB"
        ratios = f"{each.ratio('full', 'small'):11.2f}{each.ratio('full', 'demo'):11.2f}"
        print(f"  {name:<21}{cells}{ratios}")
    print(
        f"  In-process: the fastest of {IN_PROCESS_TIMES} answers through the test client,"
        " sizes in turn (the goal is judged on these)."
    )
    print(f"  {'view':<21}" + "".join(f"{size:>10}" for size in SIZES) + "  full/small  full/demo")
    for name, each in figures.items():
        cells = "".join(f"{each.fastest_ms[size]:7.2f} ms" for size in SIZES)
        ratios = f"{each.time_ratio('full', 'small'):11.2f}{each.time_ratio('full', 'demo'):11.2f}"
        print(f"  {name:<21}{cells}{ratios}")


def run(databases: Databases, folder: Path, rendered: dict[tuple, Rendered]) -> dict[str, Figures]:
    demo_database(databases.urls["demo"])
    vacuum(databases.urls["demo"])
    counts = {}
    for size, shape in (("small", SMALL), ("full", FULL)):
        copy_database(databases, size)
        counts[size] = grow(databases.urls[size], folder, shape, rendered)
    figures = measure(databases, folder)
    measure_in_process(databases, folder, figures)
    report(databases, counts, figures)
    return figures


@pytest.fixture(scope="module")
def rendered() -> dict[tuple, Rendered]:
    return {}


def check(figures: dict[str, Figures]) -> None:
    """The goal, judged on the in-process times against the demo (the issue's words) and
    against the small wiki: on this shared machine requests per second swing by half from
    one run to the next (other programs' load), the fastest in-process answer hardly moves."""
    below = {
        (name, against): round(each.time_ratio("full", against), 2)
        for name, each in figures.items()
        for against in ("demo", "small")
        if each.time_ratio("full", against) < TARGET
    }
    assert not below, f"below {TARGET:.0%} of the throughput at full size: {below}"


@pytest.fixture
def wrk_installed() -> None:
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed: apt-get install wrk")


def test_the_wiki_at_full_size_on_sqlite(tmp_path, rendered, wrk_installed):
    check(run(sqlite_databases(tmp_path), tmp_path, rendered))


def test_the_wiki_at_full_size_on_postgresql(tmp_path, rendered, wrk_installed):
    databases = postgresql_databases()
    if databases is None:
        pytest.skip("PostgreSQL is not reachable (BENCH_DATABASE_URL)")
    check(run(databases, tmp_path, rendered))
