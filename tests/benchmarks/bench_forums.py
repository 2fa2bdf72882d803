"""Forums under load and at scale (issue 11).

- Throughput: a signed-in member's view of a 25-post topic page under gunicorn (2 sync
  workers) and `wrk` (4 connections, 10 s) against the bare Flask page in the same run;
  the target is at least 12% of its requests per second. The forum index and the topic
  list are measured too, for comparison.
- Paging: a topic of 100, 1,000 and 10,000 posts and a forum of as many topics; the first,
  a middle and the last page of each, through the test client: the statements each page
  issues (the same at every size and place) and the median time of RUNS views.

Run with `make bench`. Rows are grown with bulk inserts of what forums.services writes.
"""

import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from config import TestingConfig
from forums.models import POSTS_PER_PAGE, Forum, Post, Topic
from forums.queries import TOPICS_PER_PAGE
from forums.services import create_forum, start_topic
from hub import create_app
from hub.extensions import db
from hub.markup import render_markdown
from hub.workspaces.models import Role
from tests.benchmarks.conftest import (
    MEMBER_EMAIL,
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
from tests.support import PASSWORD, count_statements, login, make_membership, make_user

#: The topic page keeps at least 12% of the bare page's requests per second.
THROUGHPUT_TARGET = 0.12
THROUGHPUT_ROUNDS = int(os.environ.get("BENCH_FORUM_ROUNDS", "3"))
SIZES = (100, 1_000, 10_000)
RUNS = 15
#: Generous: the time of a page at 10,000 rows against the same page at 100.
MAX_GROWTH = 2.0
POST_WORDS = 120


def report(label: str, figure: str) -> None:
    print(f"\n  forums {label:<58} {figure}")


@dataclass
class Place:
    forum: Forum
    topic: Topic


def new_forum(workspace, title: str) -> Forum:
    administrator = make_user(display_name="Forum Administrator")
    make_membership(workspace, administrator, role=Role.ADMINISTRATOR)
    forum = create_forum(workspace, administrator, title=title)
    db.session.commit()
    return forum


def seed_forum(workspace, author) -> Place:
    forum = new_forum(workspace, "AI in policing")
    topic = start_topic(forum, author, title="Busy topic", body=prose(POST_WORDS))
    db.session.commit()
    return Place(forum, topic)


def grow_topic(topic: Topic, authors: list, up_to: int) -> None:
    """Replies at positions 2..`up_to` of `topic`, a minute apart, with the counts and the
    last-post pointers the services keep (one bulk insert)."""
    html = render_markdown(prose(POST_WORDS, seed=2))
    start = datetime.now(UTC) - timedelta(minutes=up_to)
    db.session.execute(
        insert(Post),
        [
            {
                "topic_id": topic.id,
                "author_id": authors[position % len(authors)].id,
                "position": position,
                "body": f"Reply {position}",
                "html": f"{html}<p>Reply {position}.</p>",
                "created_at": start + timedelta(minutes=position),
            }
            for position in range(topic.last_position + 1, up_to + 1)
        ],
    )
    last = db.session.execute(
        select(Post.id, Post.created_at).where(Post.topic_id == topic.id, Post.position == up_to)
    ).one()
    added = up_to - topic.last_position
    db.session.execute(
        update(Topic)
        .where(Topic.id == topic.id)
        .values(
            post_count=Topic.post_count + added,
            last_position=up_to,
            last_post_id=last.id,
            last_post_at=last.created_at,
        )
    )
    db.session.execute(
        update(Forum)
        .where(Forum.id == topic.forum_id)
        .values(post_count=Forum.post_count + added, last_post_id=last.id)
    )
    db.session.commit()
    db.session.refresh(topic)


def grow_forum(forum: Forum, author, topics: int) -> list[int]:
    """`topics` one-post topics in `forum`, each a minute newer than the one before; their
    ids in the topic list's order (newest activity first)."""
    start = datetime.now(UTC) - timedelta(days=30)
    first_id = (db.session.scalar(select(Topic.id).order_by(Topic.id.desc()).limit(1)) or 0) + 1
    when = [start + timedelta(minutes=number) for number in range(topics)]
    db.session.execute(
        insert(Topic),
        [
            {
                "forum_id": forum.id,
                "author_id": author.id,
                "title": f"Question {number}",
                "post_count": 1,
                "last_position": 1,
                "last_post_at": when[number],
                "created_at": when[number],
            }
            for number in range(topics)
        ],
    )
    ids = list(
        db.session.scalars(select(Topic.id).where(Topic.forum_id == forum.id, Topic.id >= first_id))
    )
    db.session.execute(
        insert(Post),
        [
            {
                "topic_id": topic_id,
                "author_id": author.id,
                "position": 1,
                "body": "Question",
                "html": "<p>Question</p>",
                "created_at": when[index],
            }
            for index, topic_id in enumerate(ids)
        ],
    )
    newest_post = select(Post.id).where(Post.topic_id == Topic.id).scalar_subquery()
    db.session.execute(update(Topic).where(Topic.id.in_(ids)).values(last_post_id=newest_post))
    db.session.execute(
        update(Forum)
        .where(Forum.id == forum.id)
        .values(topic_count=Forum.topic_count + topics, post_count=Forum.post_count + topics)
    )
    db.session.commit()
    return ids[::-1]


def measure(client, path: str, expected: str) -> tuple[int, float]:
    """Statements of a GET of `path` seen once already, and the median time of RUNS more.
    (The first view of a page beyond the reader's place records the place: two writes more,
    on whichever pages of whichever size come first.)"""
    db.session.commit()
    client.get(path)
    with count_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    assert expected in response.get_data(as_text=True), f"{path} lacks {expected!r}"
    return len(statements), median_ms(lambda: client.get(path), RUNS)


def check_flat(label: str, figures: dict[int, dict[str, tuple[int, float]]]) -> None:
    for size, places in figures.items():
        report(
            f"{label}, {size:>6,} rows",
            "  ".join(
                f"{place} {statements} st {ms:6.1f} ms"
                for place, (statements, ms) in places.items()
            ),
        )
    smallest, largest = figures[SIZES[0]], figures[SIZES[-1]]
    for place, (statements, ms) in largest.items():
        counts = {figures[size][place][0] for size in SIZES}
        assert counts == {statements}, f"{label}, {place}: statements grow with size: {figures}"
        assert ms <= smallest[place][1] * MAX_GROWTH, f"{label}, {place}: {figures}"


# --- paging deep into a topic and a forum ------------------------------------------------


def test_topic_pages_keep_their_cost_from_100_to_10000_posts(wiki, client):
    place = seed_forum(wiki.workspace, wiki.member)
    login(client, MEMBER_EMAIL)
    base = f"/w/ai/forums/topics/{place.topic.id}"
    figures = {}
    for size in SIZES:
        grow_topic(place.topic, [wiki.member, *wiki.colleagues], size)
        last = (size - 1) // POSTS_PER_PAGE + 1
        middle = last // 2
        figures[size] = {
            "first": measure(client, base, "Busy topic"),
            "middle": measure(client, f"{base}?page={middle}", f"Reply {middle * POSTS_PER_PAGE}"),
            "last": measure(client, f"{base}?page={last}", f"Reply {size}."),
        }
    check_flat("topic pages", figures)


def test_topic_list_keeps_its_cost_from_100_to_10000_topics(wiki, client):
    login(client, MEMBER_EMAIL)
    figures = {}
    for size in SIZES:
        forum = new_forum(wiki.workspace, f"Forum {size}")
        listed = grow_forum(forum, wiki.member, size)
        base = f"/w/ai/forums/{forum.id}/"
        middle, last = listed[size // 2], listed[-TOPICS_PER_PAGE - 1]
        figures[size] = {
            "first": measure(client, base, f"Question {size - 1}<"),
            "middle": measure(client, f"{base}?after={middle}", f"Question {size // 2 - 2}<"),
            "last": measure(client, f"{base}?after={last}", "Question 0<"),
        }
    check_flat("topic list", figures)


# --- throughput under gunicorn and wrk ---------------------------------------------------


def prepare_forum_database(instance: Path, url: str) -> dict[str, str]:
    """Migrate a fresh database as production does, then add a member, a forum and a topic
    of 25 posts; the addresses of the forum index, the topic list and the topic."""
    migrate_fresh_database(url)
    seeder = create_app(TestingConfig, instance_path=str(instance), SQLALCHEMY_DATABASE_URI=url)
    with seeder.app_context():
        wiki = seed_wiki()
        place = seed_forum(wiki.workspace, wiki.member)
        grow_forum(place.forum, wiki.colleagues[0], TOPICS_PER_PAGE)
        grow_topic(place.topic, [wiki.member, *wiki.colleagues], POSTS_PER_PAGE)
        paths = {
            "index": "/w/ai/forums/",
            "list": f"/w/ai/forums/{place.forum.id}/",
            "topic": f"/w/ai/forums/topics/{place.topic.id}",
        }
        db.engine.dispose()
    return paths


@pytest.mark.backend_independent
def test_topic_page_throughput_against_a_bare_flask_page(tmp_path):
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed: apt-get install wrk")
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    paths = prepare_forum_database(tmp_path, url)

    with (
        bare_server(tmp_path) as bare,
        gunicorn("wsgi:app", hub_server_environment(url), tmp_path / "hub.log") as server,
    ):
        cookie = sign_in_over_http(server.port, MEMBER_EMAIL, PASSWORD)
        sizes = {}
        for name, path in paths.items():
            status, html = get_over_http(server.port, path, cookie)
            assert status == 200, (path, status, html[:500])
            sizes[name] = len(html) // 1024
        assert len(re.findall(r'<li class="card forum-post" id="post-', html)) == POSTS_PER_PAGE
        measured = in_turn_with_bare(bare, server, paths, cookie, THROUGHPUT_ROUNDS)

    report(
        f"each page and the bare Flask page (6 KB) in turn, {THROUGHPUT_ROUNDS} rounds, median",
        "(gunicorn -w 2, wrk -c4, 10 s each)",
    )
    report(
        f"signed-in view of a 25-post topic page ({sizes['topic']} KB)",
        in_turn_line(measured["topic"]),
    )
    report(
        f"for comparison: a forum's 25 topics ({sizes['list']} KB)", in_turn_line(measured["list"])
    )
    report(
        f"for comparison: the forum index ({sizes['index']} KB)", in_turn_line(measured["index"])
    )
    ratio = measured["topic"].ratio
    report(
        f"ratio of the topic page to bare (target at least {THROUGHPUT_TARGET})", f"{ratio:7.3f}"
    )
    assert ratio >= THROUGHPUT_TARGET, f"{ratio:.3f} of the bare page's throughput"
