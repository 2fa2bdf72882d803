"""Wiki pages under load: throughput of a page view against a bare Flask page, the history of
a page with 2,000 revisions, and the view of a 5,000-word page with 50 links.

Run with `make bench`. Figures go to the terminal; README.md in this folder explains them.
"""

import os
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from config import TestingConfig
from hub import create_app
from hub.extensions import db
from tests.benchmarks.conftest import (
    MEMBER_EMAIL,
    Wiki,
    bare_server,
    get_over_http,
    gunicorn,
    hub_server_environment,
    in_turn_line,
    in_turn_with_bare,
    median_ms,
    migrate_fresh_database,
    prose,
    seed_wiki,
    sign_in_over_http,
)
from tests.support import PASSWORD, count_statements, login
from wiki.models import Page, PageLink, Revision
from wiki.queries import HISTORY_PER_PAGE
from wiki.services import create_page

#: The page view keeps at least 12% of the bare page's requests per second (issue 3 asked for
#: 10%; issue 7 keeps what was reached while it simplifies the code).
THROUGHPUT_TARGET = 0.12
THROUGHPUT_ROUNDS = int(os.environ.get("BENCH_WIKI_ROUNDS", "3"))
RUNS = 20
HISTORY_REVISIONS = 2_000
# Bounds for the test-client figures: generous, so that only a real regression fails.
MAX_STATEMENTS = 15
MAX_MS = 250
LINKED_TITLES = ["Machine learning", "Computer vision", "Speech recognition", "Smart robots"]


def report(label: str, figure: str) -> None:
    print(f"\n  wiki pages {label:<50} {figure}")


# --- throughput under gunicorn and wrk ---------------------------------------------------


def prepare_hub_database(instance: Path, url: str) -> str:
    """Migrate a fresh database as production does, then add a member and a 1,000-word page
    with headings and wiki links; return the page's address."""
    migrate_fresh_database(url)
    seeder = create_app(TestingConfig, instance_path=str(instance), SQLALCHEMY_DATABASE_URI=url)
    with seeder.app_context():
        wiki = seed_wiki()
        for title in LINKED_TITLES:
            create_page(
                wiki.workspace, wiki.colleagues[0], title=title, section=wiki.topics, body=""
            )
        page = create_page(
            wiki.workspace,
            wiki.member,
            title="Facial recognition",
            section=wiki.topics,
            body=prose(1_000, links=[*LINKED_TITLES, "Gait analysis"], headings=5),
            tags=["tool", "evidence"],
        )
        path = f"/w/ai/wiki/{page.path}"
        db.session.commit()
        db.engine.dispose()
    return path


@pytest.mark.backend_independent
def test_page_view_throughput_against_a_bare_flask_page(tmp_path):
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed: apt-get install wrk")
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    path = prepare_hub_database(tmp_path, url)

    with (
        bare_server(tmp_path) as bare,
        gunicorn("wsgi:app", hub_server_environment(url), tmp_path / "hub.log") as server,
    ):
        cookie = sign_in_over_http(server.port, MEMBER_EMAIL, PASSWORD)
        status, html = get_over_http(server.port, path, cookie)
        title = re.search(r"<h1[^>]*>Facial recognition", html)
        assert status == 200 and title, (status, html[:500])
        assert 'class="wikilink"' in html and 'id="toc-heading"' in html
        # Not part of the target: a light signed-in page shows what every page costs.
        assert get_over_http(server.port, "/notifications/", cookie)[0] == 200
        measured = in_turn_with_bare(
            bare,
            server,
            {"page": path, "notifications": "/notifications/"},
            cookie,
            THROUGHPUT_ROUNDS,
        )

    report(
        f"each page and the bare Flask page (6 KB) in turn, {THROUGHPUT_ROUNDS} rounds, median",
        "(gunicorn -w 2, wrk -c4, 10 s each)",
    )
    report(
        f"signed-in view of a 1,000-word page ({len(html) // 1024} KB)",
        in_turn_line(measured["page"]),
    )
    report(
        "for comparison: the signed-in notifications page", in_turn_line(measured["notifications"])
    )
    ratio = measured["page"].ratio
    report(f"ratio of the page view to bare (target at least {THROUGHPUT_TARGET})", f"{ratio:7.3f}")
    assert ratio >= THROUGHPUT_TARGET, f"{ratio:.3f} of the bare page's throughput"


# --- history and page view through the test client ----------------------------------------


def add_revisions(page: Page, wiki: Wiki, up_to: int) -> None:
    """Revisions 2..up_to of `page`, by three authors a minute apart, in one bulk insert."""
    body = page.current_revision.body
    html = page.current_revision.html
    authors = [wiki.member, *wiki.colleagues]
    start = datetime.now(UTC) - timedelta(minutes=up_to)
    db.session.execute(
        insert(Revision),
        [
            {
                "page_id": page.id,
                "number": number,
                "title": page.title,
                "body": f"{body}\n\nEdit number {number}.",
                "html": f"{html}<p>Edit number {number}.</p>",
                "author_id": authors[number % len(authors)].id,
                "created_at": start + timedelta(minutes=number),
                "summary": f"Edit number {number}",
                "size": len(body) + 20,
                "size_delta": 1,
            }
            for number in range(2, up_to + 1)
        ],
    )
    newest = db.session.scalar(
        select(Revision.id).where(Revision.page_id == page.id, Revision.number == up_to)
    )
    db.session.execute(update(Page).where(Page.id == page.id).values(current_revision_id=newest))
    db.session.commit()


def timed_view(client, path: str, expected: str) -> tuple[int, float]:
    """Statements of one GET of `path`, and the median time of RUNS more."""
    db.session.commit()
    with count_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    assert expected in response.get_data(as_text=True), f"{path} lacks {expected!r}"
    return len(statements), median_ms(lambda: client.get(path), RUNS)


def test_history_of_a_page_with_2000_revisions(wiki, client):
    page = create_page(
        wiki.workspace, wiki.member, title="Busy page", section=wiki.topics, body=prose(1_000)
    )
    add_revisions(page, wiki, HISTORY_REVISIONS)
    login(client, MEMBER_EMAIL)
    base = f"/w/ai/wiki/{page.path}/history"
    oldest_batch = f"after={HISTORY_PER_PAGE + 1}"  # revisions 50 to 1

    first = timed_view(client, base, "Edit number 2000</td>")
    last = timed_view(client, f"{base}?{oldest_batch}", "Created the page")

    for label, (statements, milliseconds) in (("newest 50", first), ("oldest 50", last)):
        report(
            f"history of {HISTORY_REVISIONS:,} revisions, {label}",
            f"{statements:3d} statements {milliseconds:7.1f} ms (median of {RUNS})",
        )
    assert first[0] == last[0] <= MAX_STATEMENTS
    assert max(first[1], last[1]) < MAX_MS


def add_backlinks(wiki: Wiki, page: Page, how_many: int, prefix: str) -> None:
    """`how_many` pages in another section that link to `page`, in two bulk inserts."""
    now = datetime.now(UTC)
    db.session.execute(
        insert(Page),
        [
            {
                "workspace_id": wiki.workspace.id,
                "section_id": wiki.events.id,
                "path": f"{prefix}-{number}",
                "title": f"{prefix} {number}",
                "title_key": f"{prefix} {number}",
                "protected": False,
                "created_at": now,
                "updated_at": now,
            }
            for number in range(how_many)
        ],
    )
    sources = db.session.scalars(select(Page.id).where(Page.path.startswith(f"{prefix}-"))).all()
    db.session.execute(
        insert(PageLink),
        [
            {"source_page_id": source, "target_key": page.path, "target_page_id": page.id}
            for source in sources
        ],
    )
    db.session.commit()


def test_view_of_a_5000_word_page_with_50_links(wiki, client):
    """40 links reach existing pages, 10 are "create this page" links; the figures are taken
    with 10 and then 500 pages linking to it."""
    existing = [f"Topic {number}" for number in range(40)]
    for title in existing:
        create_page(wiki.workspace, wiki.colleagues[0], title=title, section=wiki.topics, body="")
    links = existing + [f"Missing topic {number}" for number in range(10)]
    body = prose(5_000, links=links, headings=12, seed=5)
    page = create_page(
        wiki.workspace, wiki.member, title="Long page", section=wiki.topics, body=body
    )
    assert body.count("[[") == len(links)
    login(client, MEMBER_EMAIL)
    path = f"/w/ai/wiki/{page.path}"

    add_backlinks(wiki, page, 10, "few")
    with_few = timed_view(client, path, ">few 9</a>")
    add_backlinks(wiki, page, 490, "more")
    with_many = timed_view(client, path, "All 500 pages that link here")

    for backlinks, (statements, milliseconds) in ((10, with_few), (500, with_many)):
        report(
            f"view of a 5,000-word page, 50 links, {backlinks} backlinks",
            f"{statements:3d} statements {milliseconds:7.1f} ms (median of {RUNS})",
        )
    assert with_few[0] == with_many[0] <= MAX_STATEMENTS
    assert with_few[1] < MAX_MS
