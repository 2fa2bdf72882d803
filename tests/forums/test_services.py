"""The forum services: counts, pointers, positions, revisions, removal, and what they refuse."""

import pytest
from sqlalchemy import func, select

from forums import moderation, services
from forums.models import Post, PostRevision, Topic
from hub.database import utcnow
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from tests.support.forums import add_replies, reload, start
from tests.support.hub import audit_actions

TOKEN = "a-form-token-of-24-chars"


def posts_of(topic: Topic) -> list[Post]:
    return list(
        db.session.scalars(select(Post).where(Post.topic_id == topic.id).order_by(Post.position))
    )


def test_a_new_topic_counts_in_its_forum_and_points_at_its_post(forums):
    topic = start(forums, title="  Face   matching ", body="**Hello**")
    forum = reload(forums.forum)
    [post] = posts_of(topic)
    assert topic.title == "Face matching"
    assert (post.position, post.html) == (1, "<p><strong>Hello</strong></p>\n")
    assert (topic.post_count, topic.reply_count, topic.last_position) == (1, 0, 1)
    assert topic.last_post_id == post.id and topic.last_post_at == post.created_at
    assert (forum.topic_count, forum.post_count, forum.last_post_id) == (1, 1, post.id)


def test_replies_take_the_next_positions_and_move_the_pointers(forums):
    topic = start(forums)
    replies = add_replies(topic, [forums.other_member, forums.moderator], 3)
    topic, forum = reload(topic), reload(forums.forum)
    assert [post.position for post in posts_of(topic)] == [1, 2, 3, 4]
    assert (topic.post_count, topic.reply_count, topic.last_position) == (4, 3, 4)
    assert topic.last_post_id == replies[-1].id == forum.last_post_id
    assert (forum.topic_count, forum.post_count) == (1, 4)


def test_an_edit_keeps_the_earlier_text_and_marks_the_post(forums):
    topic = start(forums, body="First version.")
    [post] = posts_of(topic)
    services.edit_post(post, forums.member, body="Second *version*.")
    db.session.commit()
    post = reload(post)
    assert post.html == "<p>Second <em>version</em>.</p>\n" and post.edited_at is not None
    [revision] = db.session.scalars(select(PostRevision)).all()
    assert (revision.body, revision.editor_id) == ("First version.", forums.member.id)
    services.edit_post(post, forums.member, body="Second *version*.")  # unchanged: no revision
    assert db.session.scalar(select(func.count()).select_from(PostRevision)) == 1


def test_only_the_author_edits_a_post(forums):
    [post] = posts_of(start(forums))
    for other in (forums.other_member, forums.moderator):
        with pytest.raises(AccessDenied):
            services.edit_post(post, other, body="Not mine.")


def test_a_removed_post_keeps_its_place_and_leaves_the_counts(forums):
    topic = start(forums)
    first_reply, last_reply = add_replies(topic, [forums.other_member], 2)
    services.delete_post(reload(last_reply), forums.other_member)
    db.session.commit()
    topic, forum = reload(topic), reload(forums.forum)
    assert reload(last_reply).deleted_at is not None
    assert (topic.post_count, topic.last_position) == (2, 3)
    assert topic.last_post_id == first_reply.id == forum.last_post_id
    assert topic.last_post_at == first_reply.created_at
    assert forum.post_count == 2
    newest = services.reply(topic, forums.member, body="After the removal.")
    assert newest.position == 4  # positions are never reused: permalinks stay right


def test_moderators_remove_others_posts_and_the_audit_says_so(forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    with pytest.raises(AccessDenied):
        services.delete_post(reload(reply), forums.member)
    services.delete_post(reload(reply), forums.moderator)
    assert "forums.post_removed" in audit_actions()
    with pytest.raises(RuleViolation):
        services.delete_post(reload(reply), forums.moderator)


def test_the_same_form_sent_twice_makes_one_post(forums):
    topic = start(forums, form_token=TOKEN)
    again = start(forums, form_token=TOKEN)
    assert again.id == topic.id
    first = services.reply(topic, forums.other_member, body="Once.", form_token=TOKEN + "x")
    second = services.reply(topic, forums.other_member, body="Once.", form_token=TOKEN + "x")
    db.session.commit()
    assert first.id == second.id
    assert reload(topic).post_count == 2 and reload(forums.forum).topic_count == 1


def test_flood_control_refuses_the_post_beyond_the_limit(app, forums, monkeypatch):
    monkeypatch.setitem(app.config, "FORUM_POSTS_PER_MINUTE", 3)
    topic = start(forums)
    add_replies(topic, [forums.member], 2)
    with pytest.raises(RuleViolation) as refused:
        services.reply(topic, forums.member, body="One too many.")
    assert refused.value.field == "body"
    db.session.rollback()
    assert reload(topic).post_count == 3
    # Posts older than a minute do not count; others still post.
    services.reply(topic, forums.other_member, body="Someone else.")
    for post in posts_of(topic):
        post.created_at = utcnow().replace(year=2020)
    services.reply(topic, forums.member, body="A minute later.")


def test_a_locked_topic_takes_replies_from_moderators_only(forums):
    topic = start(forums)
    moderation.set_topic_flag(topic, forums.moderator, "locked", True)
    with pytest.raises(RuleViolation, match="locked"):
        services.reply(topic, forums.other_member, body="Too late.")
    services.reply(topic, forums.moderator, body="A closing note.")
    with pytest.raises(RuleViolation):
        services.edit_post(posts_of(topic)[0], forums.member, body="Changed.")


def test_a_removed_topic_takes_no_replies(forums):
    topic = start(forums)
    topic.deleted_at = utcnow()
    with pytest.raises(RuleViolation, match="removed"):
        services.reply(topic, forums.moderator, body="Hello?")


def test_an_archived_forum_takes_no_topics(forums):
    services.set_forum_archived(forums.forum, forums.admin, True)
    with pytest.raises(RuleViolation, match="archived"):
        start(forums)
    assert "forums.forum_archived" in audit_actions()


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("   ", "Text.", "title"),
        ("Title", " \n\t ", "body"),
        ("x" * 201, "Text.", "title"),
        ("Title", "x" * 20_001, "body"),
    ],
)
def test_bad_titles_and_bodies_are_refused_and_nothing_is_saved(forums, title, body, field):
    with pytest.raises(RuleViolation) as refused:
        start(forums, title=title, body=body)
    assert refused.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Topic)) == 0
    assert reload(forums.forum).topic_count == 0


def test_pinning_and_locking_are_for_moderators_and_audited(forums):
    topic = start(forums)
    with pytest.raises(AccessDenied):
        moderation.set_topic_flag(topic, forums.member, "pinned", True)
    moderation.set_topic_flag(topic, forums.moderator, "pinned", True)
    moderation.set_topic_flag(topic, forums.admin, "locked", True)
    moderation.set_topic_flag(topic, forums.admin, "locked", False)
    assert {"forums.topic_pinned", "forums.topic_locked", "forums.topic_unlocked"} <= set(
        audit_actions()
    )


def test_forums_are_managed_by_administrators(forums):
    with pytest.raises(AccessDenied):
        services.create_forum(forums.workspace, forums.moderator, title="Mine")
    forum = services.create_forum(forums.workspace, forums.admin, title="Toolkit")
    assert forum.position == forums.forum.position + 1
    services.update_forum(forum, forums.admin, title="Toolkit use", description="How.", position=0)
    with pytest.raises(RuleViolation):
        services.update_forum(forum, forums.admin, title=" ", description="", position=0)
