"""Eight members reply to one topic at once, ten replies each, through HTTP: every post is
stored, in its own place, and the topic's and the forum's counts and last-post pointers
end right, and a member who had read the topic before sees every new post as unread. On
SQLite the writers take turns (BEGIN IMMEDIATE, with a busy timeout); on PostgreSQL they wait
on the topic's row lock."""

import threading

from sqlalchemy import func, select

from forums.models import POSTS_PER_PAGE, Forum, Post, Topic
from hub.extensions import db
from hub.workspaces.models import Role
from tests.support import make_membership, make_user, signed_in
from tests.support.forums import reload, start

WRITERS = 8
REPLIES_EACH = 10


def test_eight_members_replying_at_once_lose_nothing(app, forums):
    topic = start(forums, title="Busy topic")
    writers = []
    for number in range(WRITERS):
        writer = make_user(f"writer{number}@ai.example.org", display_name=f"Writer {number}")
        make_membership(forums.workspace, writer, Role.MEMBER)
        writers.append(writer)
    db.session.commit()
    clients = [signed_in(app, writer) for writer in writers]
    reader = signed_in(app, forums.other_member)
    assert reader.get(forums.url("topics", topic.id)).status_code == 200  # read: post 1
    reply_url = forums.url("topics", topic.id, "reply")
    db.session.commit()  # the test's own transaction must not hold SQLite's write lock
    start_together = threading.Barrier(WRITERS)
    answers: list[int] = []
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            with app.app_context():
                start_together.wait()
                for reply in range(REPLIES_EACH):
                    response = clients[number].post(
                        reply_url, data={"body": f"Writer {number}, reply {reply}."}
                    )
                    answers.append(response.status_code)
        except BaseException as failure:  # reported below, with the thread's traceback
            failures.append(failure)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert answers == [302] * (WRITERS * REPLIES_EACH), answers
    posts = db.session.execute(
        select(Post.id, Post.position, Post.body).where(Post.topic_id == topic.id)
    ).all()
    total = 1 + WRITERS * REPLIES_EACH
    assert sorted(post.position for post in posts) == list(range(1, total + 1))
    bodies = {post.body for post in posts}
    for number in range(WRITERS):
        for reply in range(REPLIES_EACH):
            assert f"Writer {number}, reply {reply}." in bodies
    newest = max(posts, key=lambda post: post.position)
    topic = reload(topic)
    assert (topic.post_count, topic.last_position, topic.last_post_id) == (
        total,
        total,
        newest.id,
    )
    forum = reload(forums.forum)
    assert (forum.post_count, forum.topic_count, forum.last_post_id) == (total, 1, newest.id)
    assert db.session.scalar(select(func.count()).select_from(Topic)) == 1
    assert db.session.scalar(select(func.count()).select_from(Forum)) == 1

    # The reader who had read the first post: 80 new posts, the first unread is the second.
    listing = reader.get(forums.url(forums.forum.id, "")).text
    assert f"{total - 1} new posts" in listing
    first_unread = reader.get(forums.url("topics", topic.id, "unread"))
    second = min((post for post in posts if post.position == 2), key=lambda post: post.id)
    assert first_unread.headers["Location"].endswith(f"#post-{second.id}")
    last_page = (total - 1) // POSTS_PER_PAGE + 1
    assert reader.get(forums.url("topics", topic.id) + f"?page={last_page}").status_code == 200
    assert "new posts" not in reader.get(forums.url(forums.forum.id, "")).text
