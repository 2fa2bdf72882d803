"""The forum index, a topic list and a topic page issue as many SQL statements with 60
rows as with 3: nothing is loaded row by row."""

from forums import services
from hub.extensions import db
from tests.support import counted_get, sign_in
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


def test_a_topic_list_reads_the_same_whatever_the_number_of_topics(client, forums):
    sign_in(client, forums.member)
    authors = [forums.member, forums.other_member, forums.moderator]
    for number in range(3):
        start(forums, author=authors[number % 3])
    few = counted_get(client, forums.url(forums.forum.id, ""))
    for number in range(57):
        start(forums, author=authors[number % 3])
    assert counted_get(client, forums.url(forums.forum.id, "")) == few


def test_a_topic_page_reads_the_same_whatever_the_number_of_posts(client, forums):
    sign_in(client, forums.member)
    topic = start(forums)
    authors = [forums.member, forums.other_member, forums.moderator, forums.admin]
    add_replies(topic, authors, 2)
    path = forums.url("topics", topic.id)
    few = counted_get(client, path)
    add_replies(topic, authors, 57)
    assert counted_get(client, path) == few
    assert counted_get(client, path + "?page=3") == few
