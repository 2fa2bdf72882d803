"""The demo forums: two forums of the AI workspace that look alive, with stored counts that
match their rows."""

import re

from sqlalchemy import func, select

from forums.demo import load_demo_forums
from forums.models import POSTS_PER_PAGE, Answer, Forum, Post, Reaction, Topic
from hub.extensions import db
from hub.notifications.models import Notification
from tests.support import sign_in


def demo_forums() -> list[Forum]:
    return list(db.session.scalars(select(Forum).order_by(Forum.position)))


def test_the_demo_files_are_readable():
    forums, topics = load_demo_forums()
    assert [forum.title for forum in forums] == ["AI in policing", "Toolkit and responsible use"]
    assert len(topics) >= 12


def test_two_forums_of_six_topics_or_more_with_a_pinned_welcome_and_a_locked_topic(in_demo):
    forums = demo_forums()
    assert len(forums) == 2
    for forum in forums:
        topics = db.session.scalars(select(Topic).where(Topic.forum_id == forum.id)).all()
        assert len(topics) >= 6 and forum.topic_count == len(topics)
        assert any(topic.pinned for topic in topics)
    assert db.session.scalar(select(func.count()).select_from(Topic).where(Topic.locked)) >= 1
    longest = db.session.scalar(select(func.max(Topic.post_count)))
    assert longest > POSTS_PER_PAGE


def test_the_stored_counts_and_pointers_match_the_posts(in_demo):
    for topic in db.session.scalars(select(Topic)):
        posts = db.session.scalars(
            select(Post).where(Post.topic_id == topic.id).order_by(Post.position)
        ).all()
        assert [post.position for post in posts] == list(range(1, len(posts) + 1))
        assert topic.post_count == len(posts) and topic.last_post_id == posts[-1].id
        assert topic.last_post_at == posts[-1].created_at
        assert [post.created_at for post in posts] == sorted(post.created_at for post in posts)
    for forum in demo_forums():
        posts = db.session.scalar(
            select(func.count())
            .select_from(Post)
            .join(Topic, Topic.id == Post.topic_id)
            .where(Topic.forum_id == forum.id)
        )
        latest = db.session.scalar(
            select(Post.id)
            .join(Topic, Topic.id == Post.topic_id)
            .where(Topic.forum_id == forum.id)
            .order_by(Post.created_at.desc())
            .limit(1)
        )
        assert forum.post_count == posts
        assert forum.last_post_id is not None
        assert latest is not None


def test_the_member_reads_the_demo_forums(demo_client):
    sign_in(demo_client, "member@example.org", "demo-password-1")
    index = demo_client.get("/w/ai/forums/")
    assert index.status_code == 200 and "Toolkit and responsible use" in index.text
    welcome = db.session.scalar(select(Topic).where(Topic.pinned).order_by(Topic.id))
    page = demo_client.get(f"/w/ai/forums/topics/{welcome.id}?page=2")
    assert page.status_code == 200 and "Page 2 of 2" in page.text
    home = demo_client.get("/w/ai/").text
    assert "topics" in home


def test_the_seed_says_what_it_made(demo):
    assert "Forums of Artificial Intelligence: 2 forums, 25 topics" in demo.output


def test_the_demo_member_has_unread_posts_a_followed_topic_answers_and_helpful_marks(app):
    # A seed of its own: the shared demo's reading state moves as other tests read it.
    assert app.test_cli_runner().invoke(args=["hub", "seed-demo"]).exit_code == 0
    client = sign_in(app.test_client(), "member@example.org", "demo-password-1")
    policing, toolkit = demo_forums()
    listing = client.get(f"/w/ai/forums/{policing.id}/").text
    assert "6 new posts" in listing and "1 new post<" in listing
    toolkit_listing = client.get(f"/w/ai/forums/{toolkit.id}/").text
    assert "2 new posts" in toolkit_listing and "Answered" in toolkit_listing
    assert toolkit_listing.count('class="topic--unread"') == 2  # one never opened
    voices = db.session.scalar(select(Topic).where(Topic.title.startswith("Synthetic voices")))
    page = client.get(f"/w/ai/forums/topics/{voices.id}").text
    assert "Stop following" in page and "New since your last visit" in page
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 3
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 14
    # The demo's posts are history: nobody was told of them.
    told = select(func.count()).where(Notification.kind.startswith("forums."))
    assert db.session.scalar(told) == 0


def test_the_moderator_finds_a_report_waiting_and_notes_of_moderation(demo_client):
    sign_in(demo_client, "moderator@example.org", "demo-password-1")
    index = demo_client.get("/w/ai/forums/").text
    assert 'aria-label="1 report waiting"' in index
    queue = demo_client.get("/w/ai/forums/reports").text
    assert "operational trial" in queue and "old bus depot" in queue
    locked = db.session.scalar(select(Topic).where(Topic.title.startswith("Predictive tools")))
    page = demo_client.get(f"/w/ai/forums/topics/{locked.id}").text
    assert "Locked by" in page
    moved = db.session.scalar(select(Topic).where(Topic.title.startswith("Explainability")))
    page = demo_client.get(f"/w/ai/forums/topics/{moved.id}").text
    assert "Moved from AI in policing by" in page


def test_the_wiki_home_and_the_toolkit_pages_point_to_the_toolkit_forum(demo_client):
    sign_in(demo_client, "member@example.org", "demo-password-1")
    forum = db.session.scalar(select(Forum).where(Forum.title == "Toolkit and responsible use"))
    link = f'href="/w/ai/forums/{forum.id}/"'
    pages = ["home", "toolkit", "toolkit/principles", "toolkit/self-assessment"]
    for path in pages:
        page = demo_client.get(f"/w/ai/wiki/{path}")
        assert page.status_code == 200, path
        assert link in page.text, path
    home = demo_client.get("/w/ai/wiki/home").text
    assert re.search(f"{link}[^>]*>Toolkit and responsible use</a>", home)
