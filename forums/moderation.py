"""What moderators do to topics and posts, and members' reports of posts.

Every moderator's action is audited (the hub's audit log, for administrators) and noted in
its topic ("Locked by … on …", forums.models.ModerationNote) by the function that makes the
change. Reports wait in the workspace's moderation queue until a moderator dismisses them or
removes the post; the reporter is told either way. Functions flush and never commit.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forums import policies
from forums.models import MAX_REPORT_REASON_LENGTH, Forum, Post, Report, Topic
from forums.services import (
    delete_post,
    latest_live_post,
    latest_post_of_forum,
    lock_row,
    write_note,
)
from hub.access import enforce, permissions_of
from hub.audit.services import record_audit
from hub.auth.models import User
from hub.database import utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db
from hub.links import hub_path
from hub.notifications.services import notify

# --- topics ------------------------------------------------------------------------------

#: A topic's moderation flags, and the audit actions that set and clear each.
TOPIC_FLAG_ACTIONS = {
    "pinned": ("forums.topic_pinned", "forums.topic_unpinned"),
    "locked": ("forums.topic_locked", "forums.topic_unlocked"),
}
#: The note each flag change leaves in the topic.
TOPIC_FLAG_NOTES = {"pinned": ("pinned", "unpinned"), "locked": ("locked", "unlocked")}


def set_topic_flag(topic: Topic, by: User, flag: str, value: bool) -> None:
    """Pin or unpin, lock or unlock a topic (`flag` is "pinned" or "locked")."""
    set_action, clear_action = TOPIC_FLAG_ACTIONS[flag]
    workspace = topic.forum.workspace
    enforce(policies.moderate_topic_refusal(by, permissions_of(by, workspace), topic))
    if getattr(topic, flag) == value:
        return
    setattr(topic, flag, value)
    db.session.flush()
    set_note, clear_note = TOPIC_FLAG_NOTES[flag]
    write_note(topic, set_note if value else clear_note, by)
    record_audit(set_action if value else clear_action, by, workspace=workspace, topic=topic.title)


def move_topic(topic: Topic, by: User, forum: Forum) -> None:
    """Move a topic, its posts and its counts to another forum of the same workspace; each
    forum's latest post is found again."""
    source = topic.forum
    workspace = source.workspace
    enforce(policies.moderate_topic_refusal(by, permissions_of(by, workspace), topic))
    if forum.workspace_id != workspace.id:
        raise RuleViolation(_("Choose a forum of this workspace."), field="forum")
    if forum.id == source.id:
        raise RuleViolation(_("The topic is already in this forum."), field="forum")
    if forum.is_archived:
        raise RuleViolation(_("This forum is archived: it takes no new topics."), field="forum")
    lock_row(topic)
    # Both forums' rows, in one order whoever moves what, so two moves cannot deadlock.
    for row in sorted((source, forum), key=lambda row: row.id):
        lock_row(row)
    topic.forum = forum
    source.topic_count -= 1
    source.post_count -= topic.post_count
    forum.topic_count += 1
    forum.post_count += topic.post_count
    db.session.flush()
    source.last_post_id = latest_post_of_forum(source)
    forum.last_post_id = latest_post_of_forum(forum)
    db.session.flush()
    write_note(topic, "moved", by, from_forum=source.title, to_forum=forum.title)
    record_audit(
        "forums.topic_moved",
        by,
        workspace=workspace,
        topic=topic.title,
        from_forum=source.title,
        to_forum=forum.title,
    )


def _count_topic_in_forum(topic: Topic, sign: int) -> None:
    """Take a topic's posts out of its forum's counts (-1) or put them back (+1)."""
    forum = topic.forum
    lock_row(forum)
    forum.topic_count += sign
    forum.post_count += sign * topic.post_count
    db.session.flush()
    forum.last_post_id = latest_post_of_forum(forum)
    db.session.flush()


def remove_topic(topic: Topic, by: User) -> None:
    """Remove a topic softly: members no longer see it, moderators see it marked removed."""
    workspace = topic.forum.workspace
    enforce(policies.moderate_topic_refusal(by, permissions_of(by, workspace), topic))
    lock_row(topic)
    topic.deleted_at = utcnow()
    _count_topic_in_forum(topic, -1)
    write_note(topic, "removed", by)
    record_audit(
        "forums.topic_removed", by, target_user=topic.author, workspace=workspace, topic=topic.title
    )


def restore_topic(topic: Topic, by: User) -> None:
    """Bring back a removed topic, with its live posts in its forum's counts."""
    workspace = topic.forum.workspace
    enforce(policies.restore_topic_refusal(by, permissions_of(by, workspace), topic))
    lock_row(topic)
    topic.deleted_at = None
    _count_topic_in_forum(topic, +1)
    write_note(topic, "restored", by)
    record_audit(
        "forums.topic_restored",
        by,
        target_user=topic.author,
        workspace=workspace,
        topic=topic.title,
    )


def restore_post(post: Post, by: User) -> None:
    """Bring back a removed post in its place, in the counts and, if it is the latest, as
    its topic's and forum's last post."""
    topic = post.topic
    forum = topic.forum
    enforce(policies.restore_post_refusal(by, permissions_of(by, forum.workspace), post))
    lock_row(topic)
    post.deleted_at = None
    topic.post_count += 1
    db.session.flush()
    topic.last_post_id, topic.last_post_at = latest_live_post(topic)
    db.session.flush()
    lock_row(forum)
    forum.post_count += 1
    forum.last_post_id = latest_post_of_forum(forum)
    db.session.flush()
    write_note(topic, "post_restored", by, post=post.id)
    record_audit(
        "forums.post_restored",
        by,
        target_user=post.author,
        workspace=forum.workspace,
        topic=topic.title,
        post=post.id,
    )


# --- reports -----------------------------------------------------------------------------


def _check_reason(reason: str) -> str:
    reason = reason.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not reason:
        raise RuleViolation(_("Say why you report this post."), field="reason")
    if len(reason) > MAX_REPORT_REASON_LENGTH:
        raise RuleViolation(
            _("Use at most %(max)d characters.", max=MAX_REPORT_REASON_LENGTH), field="reason"
        )
    return reason


def _already_reported() -> RuleViolation:
    return RuleViolation(_("You have already reported this post: moderators will look at it."))


def report_post(post: Post, reporter: User, *, reason: str) -> Report:
    """A member's report of someone else's post, for the moderation queue: once a post."""
    workspace = post.topic.forum.workspace
    enforce(policies.report_post_refusal(reporter, permissions_of(reporter, workspace), post))
    reason = _check_reason(reason)
    earlier = db.session.scalar(
        select(Report.id).where(Report.post_id == post.id, Report.reporter_id == reporter.id)
    )
    if earlier is not None:
        raise _already_reported()
    report = Report(
        workspace_id=workspace.id, post_id=post.id, reporter_id=reporter.id, reason=reason
    )
    try:
        with db.session.begin_nested():
            db.session.add(report)
            db.session.flush()
    except IntegrityError:
        raise _already_reported() from None  # the same report, sent twice at once
    return report


def _resolve(report: Report, by: User, resolution: str) -> None:
    report.resolved_at = utcnow()
    report.resolved_by_id = by.id
    report.resolution = resolution
    topic = report.post.topic
    if resolution == "removed":
        message = _l(
            "Your report of a post in “%(topic)s” was reviewed: a moderator removed the post.",
            topic=topic.title,
        )
    else:
        message = _l(
            "Your report of a post in “%(topic)s” was reviewed: a moderator left the post "
            "in place.",
            topic=topic.title,
        )
    workspace = topic.forum.workspace
    notify(
        report.reporter,
        "forums.report_handled",
        message,
        link=hub_path("forums.post", slug=workspace.slug, post_id=report.post_id),
        workspace=workspace,
    )


def _check_open(report: Report, by: User) -> None:
    workspace = report.post.topic.forum.workspace
    lock_row(report)  # handled a moment ago by another moderator: the check below sees it
    enforce(policies.handle_report_refusal(by, permissions_of(by, workspace), report))


def dismiss_report(report: Report, by: User) -> None:
    """Close a report and leave the post as it is."""
    _check_open(report, by)
    _resolve(report, by, "dismissed")
    db.session.flush()
    record_audit(
        "forums.report_dismissed",
        by,
        target_user=report.reporter,
        workspace=report.post.topic.forum.workspace,
        topic=report.post.topic.title,
        post=report.post_id,
    )


def remove_reported_post(report: Report, by: User) -> None:
    """Remove the reported post (unless it is gone already) and close every open report
    of it: each reporter is told."""
    _check_open(report, by)
    post = report.post
    if not post.is_deleted:
        delete_post(post, by)
    open_reports = db.session.scalars(
        select(Report)
        .where(Report.post_id == post.id, Report.resolved_at.is_(None))
        .order_by(Report.id)
        .with_for_update()
    ).all()
    for each in open_reports:
        _resolve(each, by, "removed")
    db.session.flush()
    record_audit(
        "forums.report_upheld",
        by,
        target_user=post.author,
        workspace=post.topic.forum.workspace,
        topic=post.topic.title,
        post=post.id,
        reports=len(open_reports),
    )
