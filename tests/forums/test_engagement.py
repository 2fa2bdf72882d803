"""Following and notifications, @mentions, quoting, "helpful" reactions and the marked answer:
what they do, and what they refuse."""

import pytest
from sqlalchemy import func, select

from forums import engagement, services
from forums.mentions import candidate_names
from forums.models import Answer, Post, Reaction, Subscription
from hub.auth.models import EmailPreference
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.notifications.models import Notification
from hub.workspaces.models import Membership, MembershipStatus, Role
from tests.support import (
    alerts,
    count_statements,
    make_membership,
    make_user,
    sent_mail,
    signed_in,
)
from tests.support.forums import add_replies, build_forums, reload, start


def notifications_of(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def first_post(topic) -> Post:
    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.position == 1))


# --- following ---------------------------------------------------------------------------


def test_starting_and_replying_follow_the_topic_and_new_posts_notify_followers(forums):
    topic = start(forums, title="Deepfake audio")
    [reply] = add_replies(topic, [forums.other_member], 1)
    [notification] = notifications_of(forums.member)
    assert notification.message == "Other Member replied to “Deepfake audio”."
    assert notification.link == f"/w/ai/forums/posts/{reply.id}"
    assert notifications_of(forums.other_member) == []  # not told of one's own post
    add_replies(topic, [forums.member], 1)
    assert len(notifications_of(forums.other_member)) == 1  # replying followed the topic
    assert len(notifications_of(forums.member)) == 1


def test_forum_followers_hear_of_new_topics_and_unfollowing_stops_it(forums):
    engagement.set_following(forums.moderator, forums.forum, True)
    engagement.set_following(forums.moderator, forums.forum, True)  # twice: once
    topic = start(forums, title="Drones")
    [told] = notifications_of(forums.moderator)
    assert told.message == "Member started “Drones” in General."
    engagement.set_following(forums.moderator, forums.forum, False)
    add_replies(topic, [forums.other_member], 1)
    assert len(notifications_of(forums.moderator)) == 1


def test_followers_who_left_the_workspace_are_not_told(forums):
    topic = start(forums)
    engagement.set_following(forums.other_member, topic, True)
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == forums.other_member.id)
    )
    membership.status = MembershipStatus.REMOVED
    add_replies(topic, [forums.moderator], 1)
    assert notifications_of(forums.other_member) == []


@pytest.mark.parametrize("followed", ["topic", "forum"])
def test_the_follow_button_follows_and_stops_following(app, forums, followed):
    topic = start(forums)
    address = forums.url("topics", topic.id) if followed == "topic" else forums.url(forums.forum.id)
    follows = (
        select(func.count())
        .select_from(Subscription)
        .where(Subscription.user_id == forums.other_member.id)
    )
    reader = signed_in(app, forums.other_member)
    response = reader.post(f"{address}/follow", follow_redirects=True)
    assert alerts(response)[0].startswith(f"You follow this {followed}: new ")
    assert db.session.scalar(follows) == 1
    response = reader.post(f"{address}/follow", data={"following": "0"}, follow_redirects=True)
    assert alerts(response) == [f"You no longer follow this {followed}."]
    assert db.session.scalar(follows) == 0


def test_the_follower_list_is_one_query_whatever_its_length(forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    with count_statements() as few:
        engagement.followers(reply, forums.other_member)
    for number in range(20):
        user = make_user(f"reader{number}@example.org")
        make_membership(forums.workspace, user)
        engagement.set_following(user, topic, True)
    db.session.commit()
    with count_statements() as many:
        assert len(engagement.followers(reload(reply), forums.other_member)) == 21
    assert len(many) == len(few)


def test_e_mail_at_once_when_the_follower_chose_it(app, forums):
    forums.other_member.email_preference = EmailPreference.IMMEDIATE
    topic = start(forums)
    engagement.set_following(forums.other_member, topic, True)
    add_replies(topic, [forums.member], 1)
    [message] = sent_mail(app)
    assert message["To"] == forums.other_member.email
    assert "/w/ai/forums/posts/" in message.get_content()


def test_follow_buttons_and_their_bad_input(app, client, forums):
    topic = start(forums, author=forums.other_member)
    reader = signed_in(app, forums.member)
    reader.post(forums.url("topics", topic.id, "follow"), data={"following": "1"})
    assert count(Subscription) == 2  # the starter's, the reader's
    page = reader.get(forums.url("topics", topic.id)).text
    assert "Stop following" in page
    reader.post(forums.url("topics", topic.id, "follow"), data={"following": "0"})
    reader.post(forums.url(forums.forum.id, "follow"), data={"following": "1"})
    assert "You follow its whole forum." in reader.get(forums.url("topics", topic.id)).text
    elsewhere = build_forums("drones")
    other_topic = start(elsewhere, author=elsewhere.member)
    for path in (
        forums.url("topics", other_topic.id, "follow"),
        forums.url(elsewhere.forum.id, "follow"),
    ):
        assert reader.post(path, data={"following": "1"}).status_code == 404
    assert count(Subscription) == 3  # the starter's, the reader's forum, the other starter's


# --- @mentions ---------------------------------------------------------------------------


def test_a_mention_of_a_member_links_to_them_and_notifies_them(forums):
    topic = start(forums, body="Thanks, @other member! And @Moderator.")
    html = first_post(topic).html
    assert '<a href="/w/ai/members/?q=Other+Member" class="mention"' in html
    assert ">@other member</a>!" in html and ">@Moderator</a>." in html
    [mentioned] = notifications_of(forums.other_member)
    assert mentioned.message == "Member mentioned you in “A topic”."
    # A mentioned follower is told once.
    add_replies(topic, [forums.other_member], 1)
    services.reply(reload(topic), forums.moderator, body="@Member see above.")
    db.session.commit()
    assert [n.kind for n in notifications_of(forums.member)] == [
        "forums.new_post",
        "forums.mention",
    ]


def test_mentions_of_non_members_are_plain_text_and_tell_nobody(forums):
    elsewhere = build_forums("drones")
    pilot = make_user("pilot@example.org", display_name="Drone Pilot")
    make_membership(elsewhere.workspace, pilot)
    forums.outsider.display_name = "Lone Outsider"
    db.session.commit()
    body = "Hello @Nobody At All, @Drone Pilot and @Lone Outsider."
    topic = start(forums, body=body)
    assert first_post(topic).html == f"<p>{body}</p>\n"  # as if no account had those names
    assert notifications_of(pilot) == [] and notifications_of(forums.outsider) == []


def test_mentions_in_code_links_and_addresses_are_left_alone(forums):
    topic = start(forums, body="`@Member` and member@ai.example.org and [@Member](https://x.org)")
    assert 'class="mention"' not in first_post(topic).html
    assert notifications_of(forums.member) == []


def test_the_longest_name_wins_and_shared_names_link_to_nobody(forums):
    ana = make_user("ana@example.org", display_name="Ana Silva")
    ana_costa = make_user("ana.costa@example.org", display_name="Ana Silva Costa")
    twin = make_user("twin@example.org", display_name="Other Member")
    for user in (ana, ana_costa, twin):
        make_membership(forums.workspace, user, Role.MEMBER)
    db.session.commit()
    topic = start(forums, body="@Ana Silva Costa, @Ana Silva, and @Other Member.")
    html = first_post(topic).html
    assert "q=Ana+Silva+Costa" in html and 'q=Ana+Silva"' in html
    assert "@Other Member." in html and "q=Other+Member" not in html
    assert len(notifications_of(ana)) == len(notifications_of(ana_costa)) == 1
    assert notifications_of(twin) == []


def test_candidate_names_take_up_to_six_words_without_end_punctuation():
    assert candidate_names("hi @Ana Silva, bye") == {"ana", "ana silva", "ana silva, bye"}
    assert candidate_names("mail me at a@b.org") == set()


def test_an_edit_tells_only_the_newly_mentioned(forums):
    topic = start(forums, body="Hello @Moderator.")
    services.edit_post(first_post(topic), forums.member, body="Hello @Moderator and @Admin.")
    assert len(notifications_of(forums.moderator)) == 1
    assert len(notifications_of(forums.admin)) == 1


# --- quoting -----------------------------------------------------------------------------


def test_quote_opens_the_reply_form_with_the_post_quoted(app, forums):
    topic = start(forums, body="Line one.\n\nLine two.")
    reader = signed_in(app, forums.other_member)
    page = reader.get(forums.url("topics", topic.id)).text
    post = first_post(topic)
    assert f"/reply?quote={post.id}" in page
    form = reader.get(forums.url("topics", topic.id, "reply") + f"?quote={post.id}").text
    assert "&gt; Member wrote:\n&gt;\n&gt; Line one.\n&gt;\n&gt; Line two.\n\n</textarea>" in form


def test_quoting_a_post_of_another_topic_or_workspace_is_not_found(app, forums):
    topic, other = start(forums), start(forums)
    elsewhere = build_forums("drones")
    far = start(elsewhere, author=elsewhere.member)
    reader = signed_in(app, forums.other_member)
    [removed] = add_replies(topic, [forums.member], 1)
    services.delete_post(reload(removed), forums.member)
    db.session.commit()
    for quoted in (first_post(other).id, first_post(far).id, removed.id, "x", 2**70):
        path = forums.url("topics", topic.id, "reply") + f"?quote={quoted}"
        status = reader.get(path).status_code
        assert status == (200 if quoted in ("x", 2**70) else 404), quoted


# --- helpful -----------------------------------------------------------------------------


def test_helpful_is_once_per_member_and_toggles(app, forums):
    topic = start(forums)
    post = first_post(topic)
    assert engagement.toggle_helpful(post, forums.other_member) is True
    assert engagement.toggle_helpful(post, forums.moderator) is True
    db.session.commit()
    page = signed_in(app, forums.admin).get(forums.url("topics", topic.id)).text
    assert "2 members found this helpful" in page
    assert engagement.toggle_helpful(post, forums.other_member) is False
    assert count(Reaction) == 1


def test_ones_own_post_cannot_be_marked_helpful(app, forums):
    topic = start(forums)
    post = first_post(topic)
    with pytest.raises(RuleViolation):
        engagement.toggle_helpful(post, forums.member)
    db.session.rollback()
    author = signed_in(app, forums.member)
    response = author.post(forums.url("posts", post.id, "helpful"), follow_redirects=True)
    assert "You cannot mark your own post as helpful." in alerts(response)
    assert count(Reaction) == 0


def test_helpful_on_a_removed_post_or_another_workspace_is_refused(app, forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    services.delete_post(reload(reply), forums.other_member)
    db.session.commit()
    with pytest.raises(RuleViolation):
        engagement.toggle_helpful(reload(reply), forums.member)
    db.session.rollback()
    elsewhere = build_forums("drones")
    far = first_post(start(elsewhere, author=elsewhere.member))
    reader = signed_in(app, forums.member)
    assert reader.post(forums.url("posts", far.id, "helpful")).status_code == 404
    assert count(Reaction) == 0


# --- the answer ----------------------------------------------------------------------------


def test_the_starter_marks_an_answer_shown_under_the_question_and_in_the_list(app, forums):
    topic = start(forums, title="Which tool?")
    replies = add_replies(topic, [forums.other_member], 2)
    starter = signed_in(app, forums.member)
    starter.post(forums.url("posts", replies[0].id, "answer"), data={"answer": "1"})
    starter.post(forums.url("posts", replies[1].id, "answer"), data={"answer": "1"})
    [answer] = db.session.scalars(select(Answer)).all()
    assert answer.post_id == replies[1].id  # one answer a topic: the later choice
    page = starter.get(forums.url("topics", topic.id)).text
    assert "The answer, by Other Member" in page
    assert page.index("The answer, by") < page.index(f'id="post-{replies[0].id}"')
    assert "Answered" in starter.get(forums.url(forums.forum.id, "")).text
    starter.post(forums.url("posts", replies[1].id, "answer"), data={"answer": "0"})
    assert count(Answer) == 0


def test_moderators_mark_answers_other_members_may_not(app, forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    with pytest.raises(AccessDenied):
        engagement.mark_answer(reply, forums.other_member)
    db.session.rollback()
    response = signed_in(app, forums.other_member).post(
        forums.url("posts", reply.id, "answer"), data={"answer": "1"}
    )
    assert response.status_code == 403 and count(Answer) == 0
    engagement.mark_answer(reload(reply), forums.moderator)
    assert count(Answer) == 1


def test_the_question_itself_or_a_removed_reply_is_not_an_answer(app, forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    starter = signed_in(app, forums.member)
    response = starter.post(
        forums.url("posts", first_post(topic).id, "answer"),
        data={"answer": "1"},
        follow_redirects=True,
    )
    assert "The question cannot be its own answer: choose a reply." in alerts(response)
    services.delete_post(reload(reply), forums.other_member)
    db.session.commit()
    with pytest.raises(RuleViolation):
        engagement.mark_answer(reload(reply), forums.member)
    db.session.rollback()
    elsewhere = build_forums("drones")
    far = add_replies(start(elsewhere, author=elsewhere.member), [elsewhere.admin], 1)[0]
    assert starter.post(forums.url("posts", far.id, "answer")).status_code == 404
    assert count(Answer) == 0


def test_a_removed_answer_is_no_longer_the_answer(forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    engagement.mark_answer(reply, forums.member)
    services.delete_post(reload(reply), forums.other_member)
    assert count(Answer) == 0


def test_the_preview_links_mentions_as_posting_would(app, forums):
    response = signed_in(app, forums.member).post(
        forums.url("preview"), data={"body": "Hi @Other Member"}
    )
    assert 'class="mention"' in response.text
    assert notifications_of(forums.other_member) == []
