"""Moderation: pinning, locking, moving, removing and restoring, each audited and noted in
the topic; the earlier versions of edited posts; members' reports and the moderation queue.
Bad input is refused with a reason, never a 500, and nothing is half-saved."""

import re

import pytest
from sqlalchemy import func, select

from forums import moderation, policies, services
from forums.models import ModerationNote, Post, Report
from hub.access import permissions_of
from hub.audit.models import AuditEntry
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.notifications.models import Notification
from tests.support import alerts, sign_in, signed_in
from tests.support.forums import add_replies, build_forums, make_reports, reload, start


def notes_of(topic) -> list[str]:
    return list(
        db.session.scalars(
            select(ModerationNote.action)
            .where(ModerationNote.topic_id == topic.id)
            .order_by(ModerationNote.id)
        )
    )


def audited() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.action.like("forums.%"))
            .order_by(AuditEntry.id)
        )
    )


def notifications_of(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def textarea(response) -> str:
    match = re.search(r"<textarea[^>]*>\r?\n?(.*?)</textarea>", response.text, re.DOTALL)
    return match.group(1) if match else ""


def report_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Report))


# --- pin, lock, move, remove, restore ----------------------------------------------------


def test_pinning_and_locking_are_audited_and_noted_in_the_topic(client, forums):
    topic = start(forums)
    moderation.set_topic_flag(topic, forums.moderator, "pinned", True)
    moderation.set_topic_flag(topic, forums.moderator, "locked", True)
    moderation.set_topic_flag(topic, forums.moderator, "locked", True)  # already: nothing
    moderation.set_topic_flag(topic, forums.admin, "locked", False)
    db.session.commit()
    assert notes_of(topic) == ["pinned", "locked", "unlocked"]
    assert audited()[-3:] == ["forums.topic_pinned", "forums.topic_locked", "forums.topic_unlocked"]
    page = sign_in(client, forums.member).get(forums.url("topics", topic.id)).text
    assert "Pinned by Moderator on" in page and "Unlocked by Admin on" in page


def test_moving_a_topic_keeps_both_forums_counts_and_latest_posts_right(client, forums):
    toolkit = services.create_forum(forums.workspace, forums.admin, title="Toolkit")
    in_toolkit = start(forums, forum=toolkit, title="Already there")
    older = start(forums, title="Older")
    add_replies(older, [forums.other_member], 2)
    newer = start(forums, title="Newer")
    [newest_post] = add_replies(newer, [forums.other_member], 1)
    sign_in(client, forums.moderator)
    assert "Toolkit" in client.get(forums.url("topics", newer.id, "move")).text
    response = client.post(forums.url("topics", newer.id, "move"), data={"forum": toolkit.id})
    assert response.status_code == 302
    general, toolkit = reload(forums.forum), reload(toolkit)
    assert (general.topic_count, general.post_count) == (1, 3)
    assert general.last_post_id == reload(older).last_post_id
    assert (toolkit.topic_count, toolkit.post_count) == (2, 3)
    assert toolkit.last_post_id == newest_post.id != reload(in_toolkit).last_post_id
    assert reload(newer).forum_id == toolkit.id
    assert notes_of(newer) == ["moved"] and audited()[-1] == "forums.topic_moved"
    page = client.get(forums.url("topics", newer.id)).text
    assert "Moved from General by Moderator on" in page


def test_a_topic_moves_only_to_another_live_forum_of_its_workspace(client, forums):
    elsewhere = build_forums("drones")
    services.create_forum(forums.workspace, forums.admin, title="Toolkit")
    archived = services.create_forum(forums.workspace, forums.admin, title="Old")
    services.set_forum_archived(archived, forums.admin, True)
    topic = start(forums)
    with pytest.raises(RuleViolation, match="this workspace"):
        moderation.move_topic(topic, forums.moderator, elsewhere.forum)
    with pytest.raises(RuleViolation, match="already in this forum"):
        moderation.move_topic(topic, forums.moderator, forums.forum)
    with pytest.raises(RuleViolation, match="archived"):
        moderation.move_topic(topic, forums.moderator, archived)
    with pytest.raises(AccessDenied):
        moderation.move_topic(topic, forums.member, archived)
    db.session.rollback()
    sign_in(client, forums.moderator)
    path = forums.url("topics", topic.id, "move")
    assert client.post(path, data={"forum": elsewhere.forum.id}).status_code == 404
    assert client.post(path, data={"forum": "2" * 30}).status_code == 404
    assert client.post(path, data={"forum": "nine"}).status_code == 422
    assert client.post(path, data={}).status_code == 422
    response = client.post(path, data={"forum": archived.id})
    assert response.status_code == 422 and "archived" in " ".join(alerts(response))
    assert reload(topic).forum_id == forums.forum.id
    assert reload(forums.forum).topic_count == 1 and reload(elsewhere.forum).topic_count == 0
    assert notes_of(topic) == []


def test_a_removed_topic_leaves_members_lists_and_comes_back_with_its_counts(app, forums):
    kept = start(forums, title="Kept")
    removed = start(forums, title="Gone for now")
    add_replies(removed, [forums.other_member], 2)
    before = reload(forums.forum)
    assert before.last_post_id == reload(removed).last_post_id
    moderator = signed_in(app, forums.moderator)
    assert moderator.post(forums.url("topics", removed.id, "remove")).status_code == 302
    forum = reload(forums.forum)
    assert (forum.topic_count, forum.post_count) == (1, 1)
    assert forum.last_post_id == reload(kept).last_post_id
    member = signed_in(app, forums.member)
    assert "Gone for now" not in member.get(forums.url(forums.forum.id, "")).text
    assert member.get(forums.url("topics", removed.id)).status_code == 404
    listing = moderator.get(forums.url(forums.forum.id, "")).text
    assert "Gone for now" in listing and "Removed" in listing
    page = moderator.get(forums.url("topics", removed.id)).text
    assert "Removed by Moderator on" in page and "Restore the topic" in page

    assert moderator.post(forums.url("topics", removed.id, "restore")).status_code == 302
    forum = reload(forums.forum)
    assert (forum.topic_count, forum.post_count) == (before.topic_count, before.post_count)
    assert forum.last_post_id == before.last_post_id
    assert notes_of(removed) == ["removed", "restored"]
    assert audited()[-2:] == ["forums.topic_removed", "forums.topic_restored"]
    assert member.get(forums.url("topics", removed.id)).status_code == 200


def test_restoring_what_is_not_removed_is_refused(app, forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    moderator = signed_in(app, forums.moderator)
    response = moderator.post(forums.url("topics", topic.id, "restore"), follow_redirects=True)
    assert "This topic is not removed." in alerts(response)
    response = moderator.post(forums.url("posts", reply.id, "restore"), follow_redirects=True)
    assert "This post is not removed." in alerts(response)
    assert notes_of(topic) == [] and reload(topic).post_count == 2


def test_moderators_restore_a_removed_post_in_its_place_and_counts(app, forums):
    topic = start(forums)
    first, last = add_replies(topic, [forums.other_member], 2)
    services.delete_post(last, forums.moderator)
    db.session.commit()
    assert reload(topic).last_post_id == first.id and reload(forums.forum).post_count == 2
    member = signed_in(app, forums.member)
    assert member.post(forums.url("posts", last.id, "restore")).status_code == 403
    moderator = signed_in(app, forums.moderator)
    assert "Restore the post" in moderator.get(forums.url("topics", topic.id)).text
    assert moderator.post(forums.url("posts", last.id, "restore")).status_code == 302
    topic, forum = reload(topic), reload(forums.forum)
    assert (topic.post_count, topic.last_post_id) == (3, last.id)
    assert (forum.post_count, forum.last_post_id) == (3, last.id)
    assert notes_of(topic) == ["post_removed", "post_restored"]
    assert audited()[-2:] == ["forums.post_removed", "forums.post_restored"]
    page = member.get(forums.url("topics", topic.id)).text
    assert "Reply 2." in page and "A post restored by Moderator on" in page


def test_a_post_of_a_removed_topic_waits_for_its_topic(forums):
    topic = start(forums)
    [reply] = add_replies(topic, [forums.other_member], 1)
    services.delete_post(reply, forums.moderator)
    moderation.remove_topic(topic, forums.moderator)
    with pytest.raises(RuleViolation, match="restore the topic first"):
        moderation.restore_post(reply, forums.moderator)


def test_moderation_ids_of_another_workspace_are_not_found(client, forums):
    elsewhere = build_forums("drones")
    topic = start(elsewhere, author=elsewhere.member)
    [post] = add_replies(topic, [elsewhere.other_member], 1)
    report = moderation.report_post(post, elsewhere.member, reason="Off topic.")
    db.session.commit()
    sign_in(client, forums.admin)
    for path in (
        forums.url("topics", topic.id, "move"),
        forums.url("posts", post.id, "versions"),
        forums.url("posts", post.id, "report"),
    ):
        assert client.get(path).status_code == 404, path
    for path in (
        forums.url("topics", topic.id, "move"),
        forums.url("topics", topic.id, "remove"),
        forums.url("topics", topic.id, "restore"),
        forums.url("posts", post.id, "restore"),
        forums.url("posts", post.id, "report"),
        forums.url("reports", report.id, "dismiss"),
        forums.url("reports", report.id, "remove"),
        forums.url("reports", 2**70, "dismiss"),
    ):
        assert client.post(path, data={"forum": forums.forum.id, "reason": "x"}).status_code == 404
    assert reload(report).is_open and not reload(topic).is_deleted
    assert report_count() == 1 and reload(topic).forum_id == elsewhere.forum.id


# --- earlier versions --------------------------------------------------------------------


def test_moderators_read_the_earlier_versions_of_an_edited_post(app, forums):
    topic = start(forums, body="First **draft**.")
    [post] = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).all()
    services.edit_post(post, forums.member, body="Second draft.")
    services.edit_post(post, forums.member, body="Final text.")
    db.session.commit()
    moderator = signed_in(app, forums.moderator)
    versions_path = forums.url("posts", post.id, "versions")
    assert versions_path in moderator.get(forums.url("topics", topic.id)).text
    page = moderator.get(versions_path).text
    assert page.index("Final text.") < page.index("Second draft.") < page.index("<strong>draft")
    assert "replaced by Member on" in page
    member = signed_in(app, forums.member)
    assert versions_path not in member.get(forums.url("topics", topic.id)).text
    assert member.get(versions_path).status_code == 403


# --- reports -----------------------------------------------------------------------------


def test_a_member_reports_a_post_once(app, forums):
    topic = start(forums, author=forums.other_member)
    [post] = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).all()
    member = signed_in(app, forums.member)
    assert forums.url("posts", post.id, "report") in member.get(forums.url("topics", topic.id)).text
    page = member.get(forums.url("posts", post.id, "report")).text
    assert "At most 500 characters." in page
    response = member.post(forums.url("posts", post.id, "report"), data={"reason": "Rude."})
    assert response.status_code == 302
    again = member.post(forums.url("posts", post.id, "report"), data={"reason": "Still rude."})
    assert again.status_code == 422
    assert "You have already reported this post: moderators will look at it." in alerts(again)
    assert textarea(again) == "Still rude."
    [report] = db.session.scalars(select(Report)).all()
    assert (report.reporter_id, report.reason, report.is_open) == (forums.member.id, "Rude.", True)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say why you report this post."),
        ("   \n ", "Say why you report this post."),
        ("x" * 501, "Use at most 500 characters."),
    ],
)
def test_a_report_needs_a_reason_within_its_limit(client, forums, reason, message):
    topic = start(forums, author=forums.other_member)
    sign_in(client, forums.member)
    post_id = reload(topic).last_post_id
    response = client.post(forums.url("posts", post_id, "report"), data={"reason": reason})
    assert response.status_code == 422 and message in alerts(response)
    if reason.strip():
        assert textarea(response) == reason
    assert report_count() == 0


def test_nobody_reports_their_own_post(client, forums):
    topic = start(forums, author=forums.member)
    post_id = reload(topic).last_post_id
    sign_in(client, forums.member)
    assert "/report" not in client.get(forums.url("topics", topic.id)).text
    response = client.get(forums.url("posts", post_id, "report"), follow_redirects=True)
    assert "You cannot report your own post." in alerts(response)
    response = client.post(forums.url("posts", post_id, "report"), data={"reason": "Mine."})
    assert response.status_code == 422 and "You cannot report your own post." in alerts(response)
    assert textarea(response) == "Mine." and report_count() == 0


def test_the_queue_lists_open_reports_and_the_navigation_counts_them(app, forums):
    make_reports(forums, 2)
    moderator = signed_in(app, forums.moderator)
    page = moderator.get(forums.url("reports")).text
    assert "Reason 0." in page and "Reason 1." in page and "Reply 2." in page
    assert "Reported by Member on" in page
    assert 'aria-label="2 reports waiting"' in moderator.get(forums.url("")).text
    make_reports(forums, 1)
    assert 'aria-label="3 reports waiting"' in moderator.get(forums.url("")).text
    member = signed_in(app, forums.member)
    assert "reports waiting" not in member.get(forums.url("")).text
    assert member.get(forums.url("reports")).status_code == 403


def test_dismissing_a_report_tells_its_author(app, forums):
    [report] = make_reports(forums, 1)
    moderator = signed_in(app, forums.moderator)
    assert moderator.post(forums.url("reports", report.id, "dismiss")).status_code == 302
    report = reload(report)
    assert (report.resolution, report.resolved_by_id) == ("dismissed", forums.moderator.id)
    assert not reload(report.post).is_deleted
    [told] = notifications_of(forums.member)
    assert "left the post in place" in told.message
    assert audited()[-1] == "forums.report_dismissed"
    assert "No report is waiting." in moderator.get(forums.url("reports")).text
    again = moderator.post(forums.url("reports", report.id, "dismiss"), follow_redirects=True)
    assert "This report was already handled." in alerts(again)
    assert len(notifications_of(forums.member)) == 1


def test_removing_a_reported_post_closes_every_report_of_it(app, forums):
    [report] = make_reports(forums, 1)
    second = moderation.report_post(report.post, forums.other_member, reason="Same here.")
    db.session.commit()
    moderator = signed_in(app, forums.moderator)
    assert moderator.post(forums.url("reports", report.id, "remove")).status_code == 302
    assert reload(report.post).is_deleted
    assert {reload(each).resolution for each in (report, second)} == {"removed"}
    for reporter in (forums.member, forums.other_member):
        [told] = notifications_of(reporter)
        assert "removed the post" in told.message
    assert audited()[-2:] == ["forums.post_removed", "forums.report_upheld"]
    assert "report waiting" not in moderator.get(forums.url("")).text


def test_the_moderation_rules_on_their_own(forums):
    topic = start(forums, author=forums.other_member)
    [post] = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).all()
    member = frozenset(permissions_of(forums.member, forums.workspace))
    moderator = frozenset(permissions_of(forums.moderator, forums.workspace))
    assert policies.report_post_refusal(forums.member, member, post) is None
    assert isinstance(
        policies.report_post_refusal(forums.other_member, member, post), RuleViolation
    )
    assert isinstance(policies.see_versions_refusal(forums.member, member, post), AccessDenied)
    assert policies.see_versions_refusal(forums.moderator, moderator, post) is None
    assert isinstance(policies.restore_post_refusal(forums.moderator, member, post), AccessDenied)
    assert isinstance(
        policies.restore_post_refusal(forums.moderator, moderator, post), RuleViolation
    )
    assert isinstance(
        policies.restore_topic_refusal(forums.moderator, moderator, topic), RuleViolation
    )
    report = moderation.report_post(post, forums.member, reason="Why not.")
    assert isinstance(policies.handle_report_refusal(forums.member, member, report), AccessDenied)
    assert policies.handle_report_refusal(forums.moderator, moderator, report) is None
    moderation.dismiss_report(report, forums.moderator)
    assert isinstance(
        policies.handle_report_refusal(forums.moderator, moderator, report), RuleViolation
    )
