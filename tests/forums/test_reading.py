"""What each member has read: unread topics in the list, the first unread post, "mark all
read", and the view count of members who opened a topic."""

from sqlalchemy import select

from forums import services
from forums.models import POSTS_PER_PAGE, Post, Topic, TopicRead
from hub.extensions import db
from tests.support import signed_in
from tests.support.forums import add_replies, build_forums, reload, start


def read_position(topic, user) -> int | None:
    db.session.expire_all()
    return db.session.scalar(
        select(TopicRead.last_position).where(
            TopicRead.topic_id == topic.id, TopicRead.user_id == user.id
        )
    )


def unread_titles(page: str) -> list[str]:
    rows = page.split('<tr class="topic--unread">')[1:]
    return [row.split('dir="auto">')[1].split("<")[0] for row in rows]


def test_reading_a_page_moves_the_place_to_its_last_post_never_back(app, forums):
    topic = start(forums)
    add_replies(topic, [forums.other_member], POSTS_PER_PAGE + 4)  # 30 posts, 2 pages
    reader = signed_in(app, forums.member)
    reader.get(forums.url("topics", topic.id))
    assert read_position(topic, forums.member) == POSTS_PER_PAGE
    reader.get(forums.url("topics", topic.id) + "?page=2")
    assert read_position(topic, forums.member) == POSTS_PER_PAGE + 5
    reader.get(forums.url("topics", topic.id))
    assert read_position(topic, forums.member) == POSTS_PER_PAGE + 5


def test_the_view_count_is_the_members_who_opened_the_topic(app, forums):
    topic = start(forums)
    assert reload(topic).view_count == 1  # its starter
    for user in (forums.member, forums.other_member, forums.other_member, forums.moderator):
        signed_in(app, user).get(forums.url("topics", topic.id))
    assert reload(topic).view_count == 3


def test_the_topic_list_marks_unread_topics_and_counts_new_posts(app, forums):
    read = start(forums, title="Read topic")
    unread = start(forums, title="Growing topic")
    start(forums, title="Never opened")
    reader = signed_in(app, forums.other_member)
    for topic in (read, unread):
        reader.get(forums.url("topics", topic.id))
    add_replies(unread, [forums.member], 3)
    page = reader.get(forums.url(forums.forum.id, "")).text
    assert sorted(unread_titles(page)) == ["Growing topic", "Never opened"]
    assert "3 new posts" in page
    assert f"/topics/{unread.id}/unread" in page


def test_the_first_unread_link_lands_on_the_right_page_at_the_post(app, forums):
    topic = start(forums)
    add_replies(topic, [forums.other_member], POSTS_PER_PAGE - 1)  # one full page
    reader = signed_in(app, forums.member)
    reader.get(forums.url("topics", topic.id))
    [first_new, *_] = add_replies(topic, [forums.other_member], 3)
    response = reader.get(forums.url("topics", topic.id, "unread"))
    assert response.location.endswith(f"/topics/{topic.id}?page=2#post-{first_new.id}")
    # Never opened: the first post; all read: the last one.
    fresh = signed_in(app, forums.moderator).get(forums.url("topics", topic.id, "unread"))
    first = db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.position == 1))
    assert fresh.location.endswith(f"#post-{first.id}")
    reader.get(forums.url("topics", topic.id) + "?page=2")
    again = reader.get(forums.url("topics", topic.id, "unread"))
    assert again.location.endswith(f"#post-{reload(topic).last_post_id}")


def test_the_topic_page_points_at_the_first_unread_post(app, forums):
    topic = start(forums)
    reader = signed_in(app, forums.other_member)
    reader.get(forums.url("topics", topic.id))
    [new_reply, _] = add_replies(topic, [forums.member], 2)
    page = reader.get(forums.url("topics", topic.id)).text
    assert f'href="#post-{new_reply.id}">Jump to the first unread post' in page
    assert "New since your last visit" in page
    assert "Jump to the first unread post" not in reader.get(forums.url("topics", topic.id)).text


def test_mark_all_read_reads_every_topic_of_the_forum_only(app, forums):
    first, second = start(forums), start(forums)
    add_replies(first, [forums.member], 2)
    other_forum = services.create_forum(forums.workspace, forums.admin, title="Other")
    elsewhere = start(forums, forum=other_forum)
    reader = signed_in(app, forums.other_member)
    reader.get(forums.url("topics", first.id))  # read up to 3 already: moves no view count
    response = reader.post(forums.url(forums.forum.id, "read"))
    assert response.status_code == 302
    assert read_position(first, forums.other_member) == 3
    assert read_position(second, forums.other_member) == 1
    assert read_position(elsewhere, forums.other_member) is None
    assert unread_titles(reader.get(forums.url(forums.forum.id, "")).text) == []
    # Twice is the same.
    reader.post(forums.url(forums.forum.id, "read"))
    assert read_position(first, forums.other_member) == 3


def test_mark_all_read_of_another_workspace_is_not_found(app, forums):
    elsewhere = build_forums("drones")
    start(elsewhere, author=elsewhere.member)
    response = signed_in(app, forums.member).post(forums.url(elsewhere.forum.id, "read"))
    assert response.status_code == 404
    assert read_position(db.session.scalar(select(Topic)), forums.member) is None
