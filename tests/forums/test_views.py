"""The forum pages through HTTP: each renders, bad input comes back with the text kept and a
reason, ids of another workspace are not found, and nothing is half-saved."""

import re

import pytest
from sqlalchemy import func, select

from forums import moderation
from forums.models import Post, Topic
from hub.extensions import db
from tests.support import alerts, sign_in, signed_in
from tests.support.forums import add_replies, build_forums, reload, start


def textarea(response) -> str:
    match = re.search(r"<textarea[^>]*>\r?\n?(.*?)</textarea>", response.text, re.DOTALL)
    return match.group(1) if match else ""


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_every_page_renders(app, client, forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.member], 1)
    sign_in(client, forums.admin)
    for path in (
        forums.url(""),
        forums.url(forums.forum.id, ""),
        forums.url(forums.forum.id, "new"),
        forums.url("topics", topic.id),
        forums.url("topics", topic.id, "reply"),
        forums.url("new"),
        forums.url(forums.forum.id, "edit"),
    ):
        assert client.get(path).status_code == 200, path
    author = signed_in(app, forums.member)
    assert author.get(forums.url("posts", reply.id, "edit")).status_code == 200


def test_the_forum_index_shows_counts_and_the_latest_post(client, forums):
    topic = start(forums, title="Deepfake audio")
    add_replies(topic, [forums.other_member], 2)
    page = sign_in(client, forums.member).get(forums.url("")).text
    assert "General" in page and "Deepfake audio" in page and "Other Member" in page
    assert re.search(r'data-label="Posts">3<', page)


def test_the_topic_page_shows_who_wrote_each_post(client, forums):
    topic = start(forums, body="Our *findings*.")
    page = sign_in(client, forums.other_member).get(forums.url("topics", topic.id)).text
    assert "<em>findings</em>" in page
    assert "Member Police" in page and "Law enforcement" in page and "Member since" in page
    assert reload(topic).view_count == 2  # its starter, and this reader


def test_a_permalink_lands_on_the_page_of_its_post(client, forums):
    topic = start(forums)
    replies = add_replies(topic, [forums.member, forums.other_member], 29)
    sign_in(client, forums.member)
    response = client.get(forums.url("posts", replies[-1].id))
    assert response.location == f"/w/ai/forums/topics/{topic.id}?page=2#post-{replies[-1].id}"
    second = client.get(forums.url("topics", topic.id) + "?page=2").text
    assert f'id="post-{replies[-1].id}"' in second and "Page 2 of 2" in second
    assert client.get(forums.url("topics", topic.id) + "?page=3").status_code == 404


def test_the_topic_list_is_paged_by_key_pinned_first(client, forums):
    topics = [start(forums, title=f"Topic {number:02d}") for number in range(30)]
    moderation.set_topic_flag(topics[0], forums.moderator, "pinned", True)
    db.session.commit()
    sign_in(client, forums.member)
    first = client.get(forums.url(forums.forum.id, "")).text
    titles = re.findall(r">(Topic \d\d)</a>", first)
    assert titles[:2] == ["Topic 00", "Topic 29"] and len(titles) == 25
    older = re.search(r'href="([^"]*after=\d+)"[^>]*>Older topics', first).group(1)
    second = client.get(older.replace("&amp;", "&")).text
    assert re.findall(r">(Topic \d\d)</a>", second) == [f"Topic {n:02d}" for n in range(5, 0, -1)]
    newer = re.search(r'href="([^"]*before=\d+)"', second).group(1)
    back = client.get(newer.replace("&amp;", "&")).text
    assert re.findall(r">(Topic \d\d)</a>", back) == titles


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "Some text.", "Give the topic a title."),
        ("   ", "Some text.", "Give the topic a title."),
        ("A title", "  \n  ", "Write something first."),
        ("x" * 201, "Some text.", "Use at most 200 characters."),
        ("A title", "y" * 20_001, "Use at most 20000 characters."),
    ],
)
def test_a_bad_topic_comes_back_with_the_text_and_saves_nothing(
    client, forums, title, body, message
):
    sign_in(client, forums.member)
    response = client.post(forums.url(forums.forum.id, "new"), data={"title": title, "body": body})
    assert response.status_code == 422
    assert message in alerts(response)
    if body.strip():
        assert textarea(response) == body
    assert count(Topic) == 0 and count(Post) == 0


def test_the_form_states_its_limits(client, forums):
    page = sign_in(client, forums.member).get(forums.url(forums.forum.id, "new")).text
    assert "At most 200 characters." in page and "At most 20000 characters." in page


def test_a_reply_to_a_locked_topic_keeps_its_text(client, forums):
    topic = start(forums)
    moderation.set_topic_flag(topic, forums.moderator, "locked", True)
    db.session.commit()
    sign_in(client, forums.other_member)
    assert "Post reply" not in client.get(forums.url("topics", topic.id)).text
    response = client.post(forums.url("topics", topic.id, "reply"), data={"body": "My answer."})
    assert response.status_code == 422
    assert "This topic is locked: it takes no more replies." in alerts(response)
    assert textarea(response) == "My answer."
    assert reload(topic).post_count == 1


def test_flood_control_keeps_the_text(app, client, forums, monkeypatch):
    monkeypatch.setitem(app.config, "FORUM_POSTS_PER_MINUTE", 1)
    topic = start(forums)
    sign_in(client, forums.member)
    response = client.post(forums.url("topics", topic.id, "reply"), data={"body": "Quickly."})
    assert response.status_code == 422 and textarea(response) == "Quickly."
    assert any("in the last minute" in alert for alert in alerts(response))


def test_a_double_submit_makes_one_reply(client, forums):
    topic = start(forums)
    sign_in(client, forums.other_member)
    data = {"body": "Only once.", "form_token": "abcdefghijklmnopqrstuvwx"}
    first = client.post(forums.url("topics", topic.id, "reply"), data=data)
    second = client.post(forums.url("topics", topic.id, "reply"), data=data)
    assert first.location == second.location
    assert reload(topic).post_count == 2


def test_editing_marks_the_post_and_others_may_not(app, client, forums):
    topic = start(forums, body="Before.")
    [post] = db.session.scalars(select(Post)).all()
    sign_in(client, forums.other_member)
    assert client.get(forums.url("posts", post.id, "edit")).status_code == 403
    assert (
        client.post(forums.url("posts", post.id, "edit"), data={"body": "Mine now."}).status_code
        == 403
    )
    client = signed_in(app, forums.member)
    response = client.post(forums.url("posts", post.id, "edit"), data={"body": "After."})
    assert response.status_code == 302
    page = client.get(forums.url("topics", topic.id)).text
    assert "After." in page and "Edited" in page


def test_a_removed_post_shows_as_removed(client, forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.member], 1)
    sign_in(client, forums.member)
    assert client.post(forums.url("posts", reply.id, "delete")).status_code == 302
    page = client.get(forums.url("topics", topic.id)).text
    assert "Post removed." in page and "Reply 1." not in page


def test_moderators_pin_and_lock_from_the_topic_page(client, forums):
    topic = start(forums)
    sign_in(client, forums.moderator)
    client.post(forums.url("topics", topic.id, "pin"), data={"pinned": "1"})
    client.post(forums.url("topics", topic.id, "lock"), data={"locked": "1"})
    topic = reload(topic)
    assert topic.pinned and topic.locked


def test_administrators_add_edit_and_archive_forums(client, forums):
    sign_in(client, forums.admin)
    response = client.post(forums.url("new"), data={"title": "  ", "description": "x"})
    assert response.status_code == 422 and "Give the forum a title." in alerts(response)
    client.post(forums.url("new"), data={"title": "Toolkit", "description": "Proposals."})
    client.post(
        forums.url(forums.forum.id, "edit"),
        data={"title": "General talk", "description": "", "position": "5"},
    )
    client.post(forums.url(forums.forum.id, "archive"), data={"archived": "1"})
    forum = reload(forums.forum)
    assert (forum.title, forum.position, forum.is_archived) == ("General talk", 5, True)
    page = client.get(forums.url("")).text
    assert page.index("Toolkit") < page.index("General talk")


def test_ids_of_another_workspace_are_not_found(client, forums):
    elsewhere = build_forums("drones")
    topic = start(elsewhere, author=elsewhere.member)
    [post] = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).all()
    sign_in(client, forums.admin)
    for path in (
        forums.url(elsewhere.forum.id, ""),
        forums.url(elsewhere.forum.id, "new"),
        forums.url(elsewhere.forum.id, "edit"),
        forums.url("topics", topic.id),
        forums.url("topics", topic.id, "reply"),
        forums.url("posts", post.id),
        forums.url("posts", post.id, "edit"),
        forums.url("topics", 2**70),
    ):
        assert client.get(path).status_code == 404, path
    for path in (
        forums.url("topics", topic.id, "reply"),
        forums.url("posts", post.id, "delete"),
        forums.url("topics", topic.id, "lock"),
        forums.url(elsewhere.forum.id, "archive"),
    ):
        assert client.post(path, data={"body": "Hello."}).status_code == 404, path
    assert reload(topic).post_count == 1 and not reload(topic).locked


def test_the_preview_renders_without_saving(client, forums):
    sign_in(client, forums.member)
    response = client.post(forums.url("preview"), data={"body": "**Bold**"})
    assert response.text == "<p><strong>Bold</strong></p>\n"
    assert client.post(forums.url("preview"), data={"body": " "}).status_code == 422
    assert count(Post) == 0


# The posts of a topic page are rendered once and kept for readers who see them the same
# way (forums/rendering.py): what differs between readers must still differ.


def test_kept_posts_speak_each_readers_language(app, client, forums):
    topic = start(forums)
    english = signed_in(app, forums.other_member).get(forums.url("topics", topic.id)).text
    assert "Member since" in english
    forums.member.language = "fr"
    db.session.commit()
    french = sign_in(client, forums.member).get(forums.url("topics", topic.id)).text
    assert "Membre depuis le" in french and "Member since" not in french


def test_kept_posts_show_the_authors_new_organisation_and_the_edit(app, forums):
    topic = start(forums, body="First wording.")
    reader = signed_in(app, forums.other_member)
    assert "Member Police" in reader.get(forums.url("topics", topic.id)).text
    forums.member.organisation = "Regional Cyber Unit"
    post = db.session.scalar(select(Post).where(Post.topic_id == topic.id))
    post.html = "<p>Second wording.</p>"
    post.edited_at = post.created_at
    db.session.commit()
    page = reader.get(forums.url("topics", topic.id)).text
    assert "Regional Cyber Unit" in page and "Member Police" not in page
    assert "Second wording." in page and "First wording." not in page


def test_kept_posts_show_each_reader_only_their_own_buttons(app, forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    remove = f'formaction="{forums.url("posts", reply.id, "delete")}"'
    assert remove in signed_in(app, forums.moderator).get(forums.url("topics", topic.id)).text
    assert remove in signed_in(app, forums.other_member).get(forums.url("topics", topic.id)).text
    assert remove not in signed_in(app, forums.member).get(forums.url("topics", topic.id)).text


def test_kept_topic_rows_follow_each_readers_place_and_the_topics_changes(app, forums):
    topic = start(forums, title="Speech to text in interviews")
    listing = forums.url(forums.forum.id, "")
    reader, other_reader = signed_in(app, forums.moderator), signed_in(app, forums.other_member)
    assert "tag--new" in reader.get(listing).text
    reader.get(forums.url("topics", topic.id))
    assert "tag--new" not in reader.get(listing).text
    assert "tag--new" in other_reader.get(listing).text, "another reader's place is their own"

    add_replies(topic, [forums.admin], 2)
    moderation.set_topic_flag(reload(topic), forums.moderator, "pinned", True)
    db.session.commit()
    page = reader.get(listing).text
    assert "2 new posts" in page and ">Pinned<" in page
    assert f"By {forums.admin.display_name}" in page
