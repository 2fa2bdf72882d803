"""Events at scale (issue 13).

- Paging: a workspace of 10, 100, 1,000 and 10,000 events (half past, half to come, with
  registrations); the event list (first page, a filtered one, a page deep in the past), the
  month calendar and the timeline, through the test client: the statements each page issues
  (the same at every size; the timeline counts instead of drawing each mark past 80 events,
  one statement fewer) and the median time of RUNS views (at 10,000 within MAX_GROWTH of the
  time at 100, where the pages are full, but for the timeline, whose counts read every
  event: reported only).
- Throughput: the list and the calendar of a workspace of 10, 100 and 10,000 events under
  gunicorn (2 sync workers) and `wrk` (4 connections), each against the bare Flask page in
  the same run. With 10 events the pages are nearly empty (the list shows 10 events, the
  month one or two); from 100 on they are full (25 upcoming and 25 past, some forty events
  in the month), so the target compares like with like: at 10,000 events each page keeps at
  least KEPT of its speed at 100, speed counted as the workers' CPU time per request (on a
  machine shared with other work, requests per second swing with the neighbours' load; the
  CPU a request costs does not). The figures at 10 are reported too.

Run with `make bench`. Rows are grown with bulk inserts of what events.services writes.
"""

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from config import TestingConfig
from events.models import Event, Registration, RegistrationStatus
from events.services import ensure_default_kinds
from hub import create_app
from hub.extensions import db
from tests.benchmarks.conftest import (
    MEMBER_EMAIL,
    against_bare,
    bare_throughput,
    get_over_http,
    gunicorn,
    hub_server_environment,
    median_ms,
    migrate_fresh_database,
    seed_wiki,
    sign_in_over_http,
    throughput,
)
from tests.support import PASSWORD, count_statements, login

SIZES = (10, 100, 1_000, 10_000)
#: Pages are full from this size on: times are compared with it.
FULL = 100
RUNS = 31
#: Generous: the time of a page at 10,000 events against the same page at 10.
MAX_GROWTH = 2.0
#: Under load, the pages at 10,000 events keep at least this share of their speed at 10.
KEPT = 0.8


def report(label: str, figure: str) -> None:
    print(f"\n  events {label:<58} {figure}")


def grow_events(workspace, people, up_to: int) -> None:
    """Events until the workspace has `up_to`: every 17 hours from (up_to / 2) × 17 hours
    ago, alternately of two kinds, each with three registrations (bulk inserts)."""
    kinds = [kind.id for kind in ensure_default_kinds(workspace)[:2]]
    have = db.session.query(Event).filter(Event.workspace_id == workspace.id).count()
    now = datetime.now(UTC).replace(microsecond=0)
    first = now - timedelta(hours=17 * (up_to // 2))
    rows = []
    for number in range(have, up_to):
        starts = first + timedelta(hours=17 * number)
        rows.append(
            {
                "workspace_id": workspace.id,
                "kind_id": kinds[number % 2],
                "number": number // 2 + 1,
                "title": f"Event {number}",
                "theme": "A theme of some length, as the demo's have",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "timezone": "Europe/Paris",
                "capacity": 40,
                "registered_count": len(people),
                "created_at": now,
                "updated_at": now,
            }
        )
    if not rows:
        return
    db.session.execute(insert(Event), rows)
    ids = db.session.scalars(
        select(Event.id).where(Event.workspace_id == workspace.id).order_by(Event.id.desc())
    ).all()[: len(rows)]
    db.session.execute(
        insert(Registration),
        [
            {
                "event_id": event_id,
                "user_id": person.id,
                "status": RegistrationStatus.REGISTERED,
                "listed_at": now,
                "changed_at": now,
            }
            for event_id in ids
            for person in people
        ],
    )
    db.session.commit()


def measure(client, path: str) -> tuple[int, float]:
    db.session.commit()
    with count_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements), median_ms(lambda: client.get(path), RUNS)


def test_event_pages_keep_their_cost_from_10_to_10000_events(wiki, client):
    login(client, MEMBER_EMAIL)
    people = [wiki.member, *wiki.colleagues]
    figures = {}
    year = datetime.now(UTC).year
    for size in SIZES:
        grow_events(wiki.workspace, people, size)
        oldest_shown = db.session.scalar(
            select(Event.id)
            .where(Event.starts_at < datetime.now(UTC))
            .order_by(Event.starts_at.desc())
            .offset(min(size // 2 - 1, 500))
            .limit(1)
        )
        figures[size] = {
            "list": measure(client, "/w/ai/events/"),
            "filtered": measure(client, f"/w/ai/events/?kind=vdr&year={year}"),
            "deep": measure(client, f"/w/ai/events/?after={oldest_shown}"),
            "calendar": measure(client, "/w/ai/events/calendar"),
            "timeline": measure(client, "/w/ai/events/timeline"),
        }
    for size, places in figures.items():
        report(
            f"{size:>6,} events",
            "  ".join(f"{place} {st} st {ms:5.1f} ms" for place, (st, ms) in places.items()),
        )
    smallest, full, largest = figures[SIZES[0]], figures[FULL], figures[SIZES[-1]]
    for place, (statements, ms) in largest.items():
        assert statements <= smallest[place][0], f"{place}: statements grow: {figures}"
        # The timeline counts every event by year and kind past 80: one aggregate over the
        # workspace's events, reported but not bounded in time.
        if place != "timeline":
            assert ms <= full[place][1] * MAX_GROWTH, f"{place}: {figures}"


def prepare(instance: Path, url: str, events: int) -> None:
    migrate_fresh_database(url)
    seeder = create_app(TestingConfig, instance_path=str(instance), SQLALCHEMY_DATABASE_URI=url)
    with seeder.app_context():
        wiki = seed_wiki()
        grow_events(wiki.workspace, [wiki.member, *wiki.colleagues], events)
        db.engine.dispose()


PATHS = {"list": "/w/ai/events/", "calendar": "/w/ai/events/calendar"}


@pytest.mark.backend_independent
def test_list_and_calendar_throughput_with_10_and_10000_events(tmp_path):
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed: apt-get install wrk")
    bare = bare_throughput(tmp_path)
    report("bare Flask page (gunicorn -w 2, wrk -c4)", against_bare(bare, bare))
    ratios: dict[int, dict[str, float]] = {}
    cpu: dict[int, dict[str, float]] = {}
    for events in (10, 100, 10_000):
        folder = tmp_path / f"events-{events}"
        folder.mkdir()
        url = f"sqlite:///{folder / 'hub.sqlite3'}"
        prepare(folder, url, events)
        with gunicorn("wsgi:app", hub_server_environment(url), folder / "hub.log") as server:
            cookie = sign_in_over_http(server.port, MEMBER_EMAIL, PASSWORD)
            ratios[events], cpu[events] = {}, {}
            for name, path in PATHS.items():
                status, html = get_over_http(server.port, path, cookie)
                assert status == 200, (path, status, html[:500])
                if name == "list":
                    assert len(re.findall(r'class="event-item card', html)) >= min(events, 25)
                load = throughput(server, path, cookie)
                ratios[events][name] = load.requests_per_second / bare.requests_per_second
                cpu[events][name] = load.cpu_ms_per_request
                report(
                    f"{name} with {events:,} events ({len(html) // 1024} KB)",
                    against_bare(load, bare),
                )
    for name in PATHS:
        for base in (10, 100):
            kept = cpu[base][name] / cpu[10_000][name]
            target = f" (target {KEPT})" if base == 100 else ""
            report(f"{name}: speed at 10,000 events / at {base:,}{target}", f"{kept:7.3f}")
        assert cpu[100][name] / cpu[10_000][name] >= KEPT, f"{name}: {cpu}"
