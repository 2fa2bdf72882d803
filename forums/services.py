"""Every change to forums, topics and posts: its rules, permission checks, audit, counts
and pointers (what members read, follow and mark: forums.engagement; what moderators do
and what members report: forums.moderation).

Functions flush and never commit. A topic's and a forum's counts and last-post pointers
are kept right here, in the same transaction as the post that changes them; the rows are
locked first (PostgreSQL; SQLite serialises writers already), so concurrent replies take
distinct positions and lose no count.
"""

import re
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from forums import policies
from forums.engagement import after_posting, notify_mentioned
from forums.mentions import MentionedMember, link_mentions, members_named
from forums.models import (
    MAX_FORM_TOKEN_LENGTH,
    MAX_FORUM_DESCRIPTION_LENGTH,
    MAX_FORUM_TITLE_LENGTH,
    MAX_POST_LENGTH,
    MAX_TOPIC_TITLE_LENGTH,
    Answer,
    Forum,
    ModerationNote,
    Post,
    PostRevision,
    Topic,
)
from hub.access import enforce, permissions_of
from hub.audit.services import record_audit
from hub.auth.models import User
from hub.database import utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db
from hub.markup import render_markdown
from hub.workspaces.models import Workspace

_FORM_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{16,{MAX_FORM_TOKEN_LENGTH}}}")
MAX_FORUM_POSITION = 10_000


# --- checks ------------------------------------------------------------------------------


def _clean_title(title: str, limit: int, empty_message: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise RuleViolation(empty_message, field="title")
    if len(title) > limit:
        raise RuleViolation(_("Use at most %(max)d characters.", max=limit), field="title")
    return title


def _check_body(body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        raise RuleViolation(_("Write something first."), field="body")
    if len(body) > MAX_POST_LENGTH:
        raise RuleViolation(_("Use at most %(max)d characters.", max=MAX_POST_LENGTH), field="body")
    return body


def _check_position(position: int) -> int:
    if not 0 <= position <= MAX_FORUM_POSITION:
        raise RuleViolation(
            _("Give a number from 0 to %(max)d.", max=MAX_FORUM_POSITION), field="position"
        )
    return position


def usable_form_token(token: str | None) -> str | None:
    """The form's one-time token if it looks like one we made, else None (no de-duplication)."""
    return token if token and _FORM_TOKEN.fullmatch(token) else None


def _check_flood(author: User) -> None:
    """At most FORUM_POSTS_PER_MINUTE posts a member a minute."""
    limit = current_app.config["FORUM_POSTS_PER_MINUTE"]
    recent = db.session.scalar(
        select(func.count())
        .select_from(Post)
        .where(Post.author_id == author.id, Post.created_at > utcnow() - timedelta(minutes=1))
    )
    if recent >= limit:
        raise RuleViolation(
            _(
                "You have posted %(count)d times in the last minute. Wait a moment, then "
                "send your text again.",
                count=recent,
            ),
            field="body",
        )


def _already_sent(author: User, token: str | None) -> Post | None:
    if token is None:
        return None
    return db.session.scalar(
        select(Post).where(Post.author_id == author.id, Post.form_token == token)
    )


def lock_row(row) -> None:
    """Read `row` again, its database row locked until the transaction ends."""
    db.session.flush()
    db.session.refresh(row, with_for_update=True)


def write_note(topic: Topic, action: str, by: User, **details) -> ModerationNote:
    """The note the topic shows of a moderator's action (forums.models.ModerationNote)."""
    note = ModerationNote(topic_id=topic.id, action=action, moderator_id=by.id, details=details)
    db.session.add(note)
    return note


# --- forums ------------------------------------------------------------------------------


def create_forum(
    workspace: Workspace,
    by: User,
    *,
    title: str,
    description: str = "",
    position: int | None = None,
) -> Forum:
    enforce(policies.manage_forum_refusal(by, permissions_of(by, workspace), None))
    title = _clean_title(title, MAX_FORUM_TITLE_LENGTH, _("Give the forum a title."))
    description = " ".join(description.split())
    if len(description) > MAX_FORUM_DESCRIPTION_LENGTH:
        raise RuleViolation(
            _("Use at most %(max)d characters.", max=MAX_FORUM_DESCRIPTION_LENGTH),
            field="description",
        )
    if position is None:
        position = 1 + db.session.scalar(
            select(func.coalesce(func.max(Forum.position), -1)).where(
                Forum.workspace_id == workspace.id
            )
        )
    forum = Forum(
        workspace_id=workspace.id,
        title=title,
        description=description,
        position=_check_position(position),
    )
    db.session.add(forum)
    db.session.flush()
    record_audit("forums.forum_created", by, workspace=workspace, forum=title)
    return forum


def update_forum(forum: Forum, by: User, *, title: str, description: str, position: int) -> Forum:
    workspace = forum.workspace
    enforce(policies.manage_forum_refusal(by, permissions_of(by, workspace), forum))
    forum.title = _clean_title(title, MAX_FORUM_TITLE_LENGTH, _("Give the forum a title."))
    description = " ".join(description.split())
    if len(description) > MAX_FORUM_DESCRIPTION_LENGTH:
        raise RuleViolation(
            _("Use at most %(max)d characters.", max=MAX_FORUM_DESCRIPTION_LENGTH),
            field="description",
        )
    forum.description = description
    forum.position = _check_position(position)
    db.session.flush()
    record_audit("forums.forum_edited", by, workspace=workspace, forum=forum.title)
    return forum


def set_forum_archived(forum: Forum, by: User, archived: bool) -> None:
    enforce(policies.manage_forum_refusal(by, permissions_of(by, forum.workspace), forum))
    if forum.is_archived == archived:
        return
    forum.archived_at = utcnow() if archived else None
    db.session.flush()
    action = "forums.forum_archived" if archived else "forums.forum_unarchived"
    record_audit(action, by, workspace=forum.workspace, forum=forum.title)


# --- topics and posts --------------------------------------------------------------------


def render_post(body: str, workspace: Workspace) -> tuple[str, list[MentionedMember]]:
    """A post's HTML, its @mentions of members linked, and the members it mentions."""
    return link_mentions(render_markdown(body), workspace, members_named(workspace, body))


def _new_post(
    topic: Topic, author: User, body: str, token: str | None
) -> tuple[Post, list[MentionedMember]]:
    """Append a post to `topic` (whose row the caller has locked) and move its pointers."""
    html, mentioned = render_post(body, topic.forum.workspace)
    topic.last_position += 1
    post = Post(
        topic_id=topic.id,
        author_id=author.id,
        position=topic.last_position,
        body=body,
        html=html,
        form_token=token,
    )
    db.session.add(post)
    db.session.flush()
    topic.post_count += 1
    topic.last_post_id = post.id
    topic.last_post_at = post.created_at
    return post, mentioned


def _count_in_forum(forum: Forum, post: Post, *, topics: int = 0) -> None:
    lock_row(forum)
    forum.post_count += 1
    forum.topic_count += topics
    forum.last_post_id = post.id
    db.session.flush()


def start_topic(
    forum: Forum,
    author: User,
    *,
    title: str,
    body: str,
    form_token: str | None = None,
    tell: bool = True,
) -> Topic:
    """A new topic and its first post. Sent again with the same `form_token`, the topic
    the first sending made. `tell=False`: no notification (forums.engagement.after_posting)."""
    workspace = forum.workspace
    token = usable_form_token(form_token)
    earlier = _already_sent(author, token)
    if earlier is not None:
        return earlier.topic
    enforce(policies.start_topic_refusal(author, permissions_of(author, workspace), forum))
    title = _clean_title(title, MAX_TOPIC_TITLE_LENGTH, _("Give the topic a title."))
    body = _check_body(body)
    _check_flood(author)
    topic = Topic(forum_id=forum.id, author_id=author.id, title=title)
    try:
        with db.session.begin_nested():
            db.session.add(topic)
            db.session.flush()
            post, mentioned = _new_post(topic, author, body, token)
            topic.created_at = post.created_at
    except IntegrityError:
        # The same form, sent twice at once: the other sending made the topic.
        earlier = _already_sent(author, token)
        if earlier is None:
            raise
        return earlier.topic
    _count_in_forum(forum, post, topics=1)
    after_posting(post, author, mentioned, tell=tell)
    return topic


def reply(
    topic: Topic,
    author: User,
    *,
    body: str,
    form_token: str | None = None,
    tell: bool = True,
) -> Post:
    """A reply at the end of `topic`. Sent again with the same `form_token`, the post the
    first sending made. `tell=False`: no notification (forums.engagement.after_posting)."""
    token = usable_form_token(form_token)
    earlier = _already_sent(author, token)
    if earlier is not None:
        return earlier
    workspace = topic.forum.workspace
    body = _check_body(body)
    lock_row(topic)  # locked or removed a moment ago: the check below sees it
    enforce(policies.reply_refusal(author, permissions_of(author, workspace), topic))
    _check_flood(author)
    try:
        with db.session.begin_nested():
            post, mentioned = _new_post(topic, author, body, token)
    except IntegrityError:
        db.session.refresh(topic)
        earlier = _already_sent(author, token)
        if earlier is None:
            raise
        return earlier
    _count_in_forum(topic.forum, post)
    after_posting(post, author, mentioned, tell=tell)
    return post


def edit_post(post: Post, by: User, *, body: str) -> Post:
    """Replace a post's text; the text it had is kept as a PostRevision."""
    workspace = post.topic.forum.workspace
    enforce(policies.edit_post_refusal(by, permissions_of(by, workspace), post))
    body = _check_body(body)
    if body == post.body:
        return post
    db.session.add(
        PostRevision(
            post_id=post.id,
            body=post.body,
            written_at=post.edited_at or post.created_at,
            editor_id=by.id,
        )
    )
    _, mentioned_before = render_post(post.body, workspace)
    post.body = body
    post.html, mentioned = render_post(body, workspace)
    post.edited_at = utcnow()
    db.session.flush()
    # Only those the edit mentions for the first time are told.
    earlier = {member.user_id for member in mentioned_before}
    notify_mentioned(post, by, [member for member in mentioned if member.user_id not in earlier])
    return post


def latest_live_post(topic: Topic) -> tuple[int | None, object]:
    row = db.session.execute(
        select(Post.id, Post.created_at)
        .where(Post.topic_id == topic.id, Post.deleted_at.is_(None))
        .order_by(Post.position.desc())
        .limit(1)
    ).first()
    return (row.id, row.created_at) if row else (None, topic.created_at)


def latest_post_of_forum(forum: Forum) -> int | None:
    return db.session.scalar(
        select(Topic.last_post_id)
        .where(
            Topic.forum_id == forum.id,
            Topic.deleted_at.is_(None),
            Topic.last_post_id.is_not(None),
        )
        .order_by(Topic.last_post_at.desc(), Topic.id.desc())
        .limit(1)
    )


def delete_post(post: Post, by: User) -> None:
    """Remove a post softly: it shows as removed in its place, the counts leave it out and
    the last-post pointers move back to the latest post still there. A removed answer is
    no longer the topic's answer."""
    topic = post.topic
    forum = topic.forum
    enforce(policies.delete_post_refusal(by, permissions_of(by, forum.workspace), post))
    lock_row(topic)
    post.deleted_at = utcnow()
    db.session.execute(delete(Answer).where(Answer.post_id == post.id))
    topic.post_count -= 1
    if topic.last_post_id == post.id:
        topic.last_post_id, last_at = latest_live_post(topic)
        topic.last_post_at = last_at
    db.session.flush()
    lock_row(forum)
    if not topic.is_deleted:
        forum.post_count -= 1
        if forum.last_post_id == post.id:
            forum.last_post_id = latest_post_of_forum(forum)
    db.session.flush()
    if post.author_id != by.id:
        write_note(topic, "post_removed", by, post=post.id)
        record_audit(
            "forums.post_removed",
            by,
            target_user=post.author,
            workspace=forum.workspace,
            topic=topic.title,
            post=post.id,
        )
