"""The forum index, a topic list, a topic page and the moderation queue issue as many SQL
statements with 60 rows as with 3, whatever the number of readers, followers, reports and
moderation notes: nothing is loaded row by row.
A topic page seen again with nothing new on it writes nothing."""

from forums import engagement, moderation, services
from hub.extensions import db
from tests.forums.test_moderation import make_reports
from tests.support import (
    count_statements,
    counted_get,
    make_membership,
    make_user,
    sign_in,
    signed_in,
)
from tests.support.forums import add_replies, start


def test_the_forum_index_reads_the_same_whatever_the_number_of_forums(client, forums):
    def add_forums(number):
        for index in range(number):
            forum = services.create_forum(forums.workspace, forums.admin, title=f"Forum {index}")
            start(forums, forum=forum, author=forums.other_member)
        db.session.commit()

    sign_in(client, forums.member)
    add_forums(2)
    few = counted_get(client, forums.url(""))
    add_forums(57)
    assert counted_get(client, forums.url("")) == few


def test_a_topic_list_reads_the_same_whatever_the_number_of_topics_and_readers(app, forums):
    client = signed_in(app, forums.member)
    authors = [forums.member, forums.other_member, forums.moderator]
    for number in range(3):
        start(forums, author=authors[number % 3])
    few = counted_get(client, forums.url(forums.forum.id, ""))
    for number in range(57):
        topic = start(forums, author=authors[number % 3])
        if number % 2:
            engagement.set_following(forums.moderator, topic, True)
            engagement.mark_answer(add_replies(topic, [forums.admin], 1)[0], forums.moderator)
    for reader in (forums.admin, forums.moderator):
        engagement.mark_forum_read(forums.forum, reader)
    engagement.mark_forum_read(forums.forum, forums.member)  # some read, some not
    start(forums, author=forums.other_member)
    db.session.commit()
    assert counted_get(client, forums.url(forums.forum.id, "")) == few


def topic_page_statements(client, path: str) -> list[str]:
    db.session.commit()
    with count_statements() as statements:
        assert client.get(path).status_code == 200
    return statements


def writes(statements: list[str]) -> list[str]:
    return [sql for sql in statements if sql.split()[0] in {"INSERT", "UPDATE", "DELETE"}]


def test_a_topic_page_reads_the_same_whatever_the_number_of_posts_and_readers(app, forums):
    topic = start(forums)
    authors = [forums.member, forums.other_member, forums.moderator, forums.admin]
    add_replies(topic, authors, 2)
    path = forums.url("topics", topic.id)
    reader = signed_in(app, forums.other_member)
    first_visit = topic_page_statements(reader, path)
    add_replies(topic, authors, 1)
    moved_on = topic_page_statements(reader, path)
    seen_again = topic_page_statements(reader, path)
    assert len(writes(first_visit)) == 2  # the reader's place, and one more view
    assert len(writes(moved_on)) == 1 and writes(seen_again) == []
    if db.engine.dialect.name == "sqlite":  # only a page that moves the place takes the lock
        assert "BEGIN IMMEDIATE" in moved_on and "BEGIN IMMEDIATE" not in seen_again

    replies = add_replies(topic, authors, 57)
    for post in replies[::5]:
        engagement.toggle_helpful(
            post, forums.member if post.author_id != forums.member.id else forums.admin
        )
    engagement.mark_answer(replies[3], forums.member)
    for follower in (forums.admin, forums.moderator):
        engagement.set_following(follower, topic, True)
    topic_page_statements(signed_in(app, forums.moderator), path)
    late_reader = make_user("late.reader@example.org")
    make_membership(forums.workspace, late_reader)
    assert len(topic_page_statements(signed_in(app, late_reader), path)) == len(first_visit)
    assert len(topic_page_statements(reader, path + "?page=3")) == len(moved_on)
    assert len(topic_page_statements(reader, path + "?page=3")) == len(seen_again)
    assert len(topic_page_statements(reader, path + "?page=2")) == len(seen_again)


def test_the_queue_reads_the_same_whatever_the_number_of_reports(app, forums):
    client = signed_in(app, forums.moderator)
    make_reports(forums, 3)
    few = counted_get(client, forums.url("reports"))
    make_reports(forums, 57)
    assert counted_get(client, forums.url("reports")) == few


def test_a_topic_page_reads_the_same_whatever_the_number_of_notes(app, forums):
    topic = start(forums)
    client = signed_in(app, forums.moderator)
    path = forums.url("topics", topic.id)
    moderation.set_topic_flag(topic, forums.moderator, "pinned", True)
    client.get(path)
    few = counted_get(client, path)
    for number in range(30):
        moderation.set_topic_flag(topic, forums.moderator, "locked", number % 2 == 0)
    assert counted_get(client, path) == few
