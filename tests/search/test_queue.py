"""The index follows the database: each change of searchable content, made through the
packages' own services, queues its items in the same transaction; applying the queue makes
them searchable; nothing is lost when the index is busy or the applier dies halfway."""

import os
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from documents import services as documents
from forums import moderation
from forums import services as forums
from hub.admin.services import suspend_account
from hub.auth.models import User
from hub.extensions import db
from hub.search import services as search
from hub.search.backend import IndexBusy
from hub.search.models import IndexQueueEntry
from hub.search.queue import apply_pending, search_backend, search_status
from tests.search.conftest import indexed
from tests.support import make_membership, make_user, make_workspace
from tests.support.document_files import sample_pdf
from tests.support.documents import Library, upload
from tests.support.events import build_calendar, make_event
from tests.support.forums import build_forums, start
from tests.support.wiki import add_page, build_wiki, save
from wiki import services as wiki


def titles(user: User, text: str, workspace=None, everywhere=True) -> list[str]:
    outcome = search.search(user, text, workspace=workspace, everywhere=everywhere)
    return [hit.title for hit in outcome.results.hits] if outcome.results else []


def queued() -> set[tuple[str, int]]:
    return {
        (row.item_type, row.item_id)
        for row in db.session.execute(select(IndexQueueEntry.item_type, IndexQueueEntry.item_id))
    }


def test_a_wiki_page_is_found_once_created_edited_and_no_more_once_deleted():
    world = build_wiki()
    page = add_page(world, "Speech recognition", "Transcribing interviews.")
    assert ("wiki", page.id) in queued()
    indexed()
    assert queued() == set()
    assert titles(world.member, "interviews") == ["Speech recognition"]

    save(page, world.member, "Voice analysis of recorded calls.")
    indexed()
    assert titles(world.member, "interviews") == []
    assert titles(world.member, "calls") == ["Speech recognition"]

    wiki.delete_page(page, world.moderator)
    indexed()
    assert titles(world.member, "calls") == []
    wiki.restore_page(page, world.moderator)
    indexed()
    assert titles(world.member, "calls") == ["Speech recognition"]


def test_a_rolled_back_change_queues_nothing():
    world = build_wiki()
    indexed()
    wiki.create_page(world.workspace, world.member, title="Draft", section=world.topics, body="x")
    db.session.rollback()
    assert queued() == set()


def test_forum_topics_and_replies_follow_their_topic():
    world = build_forums()
    topic = start(world, title="Drone footage", body="Who analyses drone footage?")
    forums.reply(topic, world.other_member, body="Our forensic lab does.")
    indexed()
    assert sorted(titles(world.member, "forensic OR drone")) == ["Drone footage", "Drone footage"]

    moderation.remove_topic(topic, world.moderator)
    indexed()
    assert titles(world.member, "forensic OR drone") == []
    moderation.restore_topic(topic, world.moderator)
    indexed()
    reply = topic_posts(topic)[1]
    forums.delete_post(reply, world.other_member)
    indexed()
    assert titles(world.member, "forensic") == []
    assert titles(world.member, "drone") == ["Drone footage"]


def topic_posts(topic):
    from forums.models import Post

    return list(
        db.session.scalars(select(Post).where(Post.topic_id == topic.id).order_by(Post.position))
    )


def test_a_document_is_found_by_the_text_of_its_latest_version():
    workspace = make_workspace()
    member = make_user()
    make_membership(workspace, member)
    library = Library(workspace, member, member, member, member, member)
    document = upload(library, sample_pdf("Quarterly figures on ransomware."), "figures.pdf")
    indexed()
    assert titles(member, "ransomware") == [document.title]
    documents.delete_document(document, make_admin_of(workspace))
    indexed()
    assert titles(member, "ransomware") == []


def test_an_event_is_found_by_its_theme_and_follows_its_edits():
    calendar = build_calendar()
    event = make_event(calendar, title="Deepfake detection clinic", theme="Checking seized audio")
    indexed()
    assert titles(calendar.member, "seized audio") == ["VDR 1: Deepfake detection clinic"]
    assert titles(calendar.outsider, "seized audio") == []
    event.theme = "Checking seized video"
    db.session.commit()
    indexed()
    assert titles(calendar.member, "seized audio") == []
    assert titles(calendar.member, "type:event video") == ["VDR 1: Deepfake detection clinic"]


def make_admin_of(workspace):
    from hub.workspaces.models import Role

    admin = make_user()
    make_membership(workspace, admin, Role.ADMINISTRATOR)
    return admin


def test_members_are_found_by_members_only_and_leave_when_suspended():
    world = build_wiki()
    indexed()
    assert titles(world.member, "title:moderator") == ["Moderator"]
    assert titles(world.outsider, "title:moderator") == []
    suspend_account(world.moderator, make_user(hub_admin=True), reason="Test.")
    indexed()
    assert titles(world.member, "title:moderator") == []


def test_a_suspended_user_finds_nothing():
    world = build_wiki()
    add_page(world, "Speech recognition")
    indexed()
    assert titles(world.member, "speech") == ["Speech recognition"]
    suspend_account(world.member, make_user(hub_admin=True), reason="Test.")
    db.session.commit()
    assert titles(world.member, "speech") == []


def test_a_busy_index_leaves_the_changes_queued_until_it_is_free():
    world = build_wiki()
    indexed()
    page = add_page(world, "Speech recognition")
    with search_backend().writing(timeout=1):
        with pytest.raises(IndexBusy):
            apply_pending(timeout=0.1)
    db.session.rollback()
    assert ("wiki", page.id) in queued()
    assert titles(world.member, "speech") == []
    apply_pending()
    assert titles(world.member, "speech") == ["Speech recognition"]
    assert search_status().up_to_date


def test_a_request_that_finds_the_index_busy_answers_and_a_later_request_catches_up(app):
    world = build_wiki()
    indexed()
    client = app.test_client()
    from tests.support import sign_in

    sign_in(client, world.member)
    with search_backend().writing(timeout=1):
        app.config["SEARCH_WRITE_TIMEOUT"] = 0.1
        try:
            response = client.post(
                "/w/ai/wiki/new",
                data={"title": "Speech recognition", "section": world.topics.id, "body": "Text."},
            )
        finally:
            app.config["SEARCH_WRITE_TIMEOUT"] = 2
    assert response.status_code in (200, 302)
    assert queued()
    app.extensions["hub_search"].retry_at = 0
    client.get("/w/ai/search?q=speech")
    assert queued() == set()
    assert titles(world.member, "speech") == ["Speech recognition"]


# --- several processes, and a dying one ----------------------------------------------------

WRITER_SCRIPT = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, os.getcwd())
    from config import TestingConfig
    from hub import create_app
    from hub.extensions import db
    from hub.search.backend import IndexBusy
    from hub.search.queue import apply_pending
    from wiki import services
    from wiki.models import Section
    from hub.auth.models import User
    from hub.workspaces.models import Workspace

    url, instance, worker, count, mode = sys.argv[1:6]
    app = create_app(TestingConfig, instance_path=instance, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        workspace = db.session.scalar(db.select(Workspace))
        author = db.session.scalar(db.select(User).where(User.email.like("member@%")))
        section = db.session.scalar(db.select(Section).where(Section.slug == "topics"))
        if mode == "die":
            import hub.search.whoosh_backend as backend
            original = backend._Writer.replace
            written = []
            def replace(self, *args):
                original(self, *args)
                written.append(1)
                if len(written) == int(count):
                    os._exit(9)  # killed halfway: the index was never committed
            backend._Writer.replace = replace
            apply_pending(batch_size=int(count) * 2)
        else:
            for number in range(int(count)):
                services.create_page(
                    workspace, author, title=f"Page {worker}-{number}", section=section,
                    body=f"Concurrent text {worker} {number}.",
                )
                db.session.commit()
                try:
                    apply_pending(timeout=0.2)  # as a request's end does
                except IndexBusy:
                    db.session.rollback()
    """
)


def run_writers(app, workers: int, count: int, mode: str = "write") -> list[subprocess.Popen]:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER_SCRIPT,
                app.config["SQLALCHEMY_DATABASE_URI"],
                app.instance_path,
                str(worker),
                str(count),
                mode,
            ],
            env=env,
            stderr=subprocess.PIPE,
        )
        for worker in range(workers)
    ]


def index_matches_database() -> bool:
    status = search_status()
    keys = set(search_backend().keys())
    return (
        status.queue_length == 0
        and all(each.indexed == each.in_database for each in status.types)
        and len(keys) == sum(each.in_database for each in status.types)
    )


def test_several_processes_writing_at_once_leave_the_index_matching_the_database(app):
    world = build_wiki()
    indexed()
    processes = run_writers(app, workers=4, count=12)
    for process in processes:
        _out, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors.decode()[-2000:]
        assert b"LockError" not in errors
    db.session.expire_all()
    apply_pending()  # what a later request, or `flask hub reindex --pending`, does
    assert index_matches_database()
    pages = db.session.scalar(select(func.count()).select_from(wiki_pages()))
    assert pages == 48
    assert len(titles(world.member, "concurrent")) == 20  # the first page of 48
    assert search.search(world.member, "concurrent", everywhere=True).results.total == 48


def wiki_pages():
    from wiki.models import Page

    return Page.__table__


def test_an_applier_killed_halfway_loses_nothing(app):
    world = build_wiki()
    for number in range(30):
        wiki.create_page(
            world.workspace,
            world.member,
            title=f"Report {number}",
            section=world.topics,
            body="Annual report.",
        )
    db.session.commit()
    (process,) = run_writers(app, workers=1, count=10, mode="die")
    process.communicate(timeout=60)
    assert process.returncode == 9
    db.session.expire_all()
    assert len(queued()) >= 30  # nothing was applied: the rows are all still there
    assert search.search(world.member, "annual", everywhere=True).results.total == 0
    apply_pending()
    assert search.search(world.member, "annual", everywhere=True).results.total == 30
    assert index_matches_database()


def test_more_than_a_requests_share_is_applied_by_the_next_requests(app, monkeypatch):
    from tests.support import sign_in

    world = build_wiki()
    indexed()
    monkeypatch.setitem(app.config, "SEARCH_BATCH_SIZE", 2)
    monkeypatch.setitem(app.config, "SEARCH_BATCHES_PER_REQUEST", 1)
    for number in range(5):
        wiki.create_page(
            world.workspace,
            world.member,
            title=f"Bulk {number}",
            section=world.topics,
            body="Bulk change.",
        )
    db.session.commit()
    client = sign_in(app.test_client(), world.member)
    response = client.post(
        "/w/ai/wiki/new",
        data={"title": "Bulk 5", "section": world.topics.id, "body": "Bulk change."},
    )
    assert response.status_code == 302  # its change, and one batch of the queue, applied
    remaining = []
    for _ in range(6):
        remaining.append(len(queued()))
        client.get("/w/ai/search?q=bulk")
    assert remaining[0] > remaining[-1] == 0
    assert search.search(world.member, "bulk", everywhere=True).results.total == 6
