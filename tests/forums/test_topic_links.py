"""``[[topic:ID]]`` in the wiki links to a forum topic of the same workspace, named by its
title; a topic that is removed, of another workspace or not written as a number stays text."""

import re

import pytest

from config import TestingConfig
from hub import create_app
from hub.database import utcnow
from hub.extensions import db
from tests.support import make_membership, make_user, make_workspace, sign_in
from tests.support.forums import build_forums, start
from wiki.links import render_body
from wiki.services import create_page, ensure_default_sections


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', html)


def test_a_topic_link_shows_the_topics_title_and_opens_the_topic(client, forums):
    topic = start(forums, title="Deepfake audio in court")
    sections = {section.slug: section for section in ensure_default_sections(forums.workspace)}
    page = create_page(
        forums.workspace,
        forums.member,
        title="Audio evidence",
        section=sections["topics"],
        body=f"See [[topic:{topic.id}]] and [[topic:{topic.id}|the discussion]].",
    )
    db.session.commit()

    shown = sign_in(client, forums.other_member).get(f"/w/ai/wiki/{page.path}").text
    href = f"/w/ai/forums/topics/{topic.id}"
    assert (href, "Deepfake audio in court") in links(shown)
    assert (href, "the discussion") in links(shown)
    assert client.get(href).status_code == 200


@pytest.mark.parametrize(
    "written",
    ["topic:{removed}", "topic:{elsewhere}", "topic:twelve", "topic:999999", "topic:{id}x"],
)
def test_a_link_to_no_live_topic_here_stays_text(forums, written):
    topic = start(forums, title="Kept")
    removed = start(forums, title="Removed topic")
    removed.deleted_at = utcnow()  # as removing a topic leaves it
    elsewhere = start(build_forums("other"), title="Their topic")
    db.session.commit()
    target = written.format(removed=removed.id, elsewhere=elsewhere.id, id=topic.id)

    html = render_body(forums.workspace, f"[[{target}]]").html

    assert "<a " not in html
    assert target in html


def test_without_the_forums_a_topic_link_stays_text(tmp_path):
    app = create_app(
        TestingConfig,
        instance_path=str(tmp_path),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        FEATURES=("wiki",),
    )
    with app.app_context():
        db.create_all()
        workspace = make_workspace("ai")
        make_membership(workspace, make_user("member@example.org"))
        html = render_body(workspace, "[[topic:1]]").html
        db.session.remove()
        db.engine.dispose()
    assert "<a " not in html and "topic:1" in html
