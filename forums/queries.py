"""Reads for the forum pages: each a fixed number of bounded statements, whatever the number
of forums, topics and posts (tests/forums/test_statements.py counts them).

Topic lists are keyset-paged on the listing index (forum, pinned, last post time, id); a
topic's pages are ranges of post positions, so page 400 costs what page 1 costs.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.orm import aliased

from forums.models import (
    POSTS_PER_PAGE,
    Answer,
    Forum,
    ModerationNote,
    Post,
    PostRevision,
    Reaction,
    Report,
    Subscription,
    Topic,
    TopicRead,
)
from hub.auth.models import Sector, User
from hub.extensions import db
from hub.features import LinkTarget
from hub.links import hub_path
from hub.workspaces.models import Membership, Workspace

TOPICS_PER_PAGE = 25

# Made once: an alias made anew on every call has SQLAlchemy adapt each of its columns again,
# which cost a topic page more than running its statements.
_TOPIC_FOLLOW = aliased(Subscription, name="topic_follow")
_FORUM_FOLLOW = aliased(Subscription, name="forum_follow")
_ANSWER_POST = aliased(Post, name="answer_post")
_ANSWER_AUTHOR = aliased(User, name="answer_author")
_FIRST_AUTHOR = aliased(User, name="first_author")
_LAST_AUTHOR = aliased(User, name="last_author")
_OWN_REACTION = aliased(Reaction, name="own_reaction")
_REPORTER = aliased(User, name="reporter")
_POST_AUTHOR = aliased(User, name="post_author")
#: The forum index shows at most this many forums (a workspace has a handful).
MAX_FORUMS_LISTED = 100


@dataclass(frozen=True)
class LastPost:
    post_id: int
    topic_id: int
    topic_title: str
    author_name: str | None
    created_at: datetime


@dataclass(frozen=True)
class ForumSummary:
    forum: Forum
    last_post: LastPost | None


def _last_post(row) -> LastPost | None:
    if row.last_post_id is None:
        return None
    return LastPost(
        post_id=row.last_post_id,
        topic_id=row.last_topic_id,
        topic_title=row.last_topic_title,
        author_name=row.last_author_name,
        created_at=row.last_post_created_at,
    )


# Built once, with a parameter, as the topic page's statements are (see _TOPIC_FOR_READER).
_FORUM_INDEX = (
    select(
        Forum,
        Post.id.label("last_post_id"),
        Post.created_at.label("last_post_created_at"),
        Topic.id.label("last_topic_id"),
        Topic.title.label("last_topic_title"),
        User.display_name.label("last_author_name"),
    )
    .outerjoin(Post, Post.id == Forum.last_post_id)
    .outerjoin(Topic, Topic.id == Post.topic_id)
    .outerjoin(User, User.id == Post.author_id)
    .where(Forum.workspace_id == bindparam("workspace_id"))
    .order_by(Forum.archived_at.is_not(None), Forum.position, Forum.id)
    .limit(MAX_FORUMS_LISTED)
)


def forum_index(workspace: Workspace) -> list[ForumSummary]:
    """The workspace's forums in order, live ones first, each with its latest post: one
    statement."""
    rows = db.session.execute(_FORUM_INDEX, {"workspace_id": workspace.id}).all()
    return [ForumSummary(row.Forum, _last_post(row)) for row in rows]


def forum_in(workspace: Workspace, forum_id: int) -> Forum | None:
    return db.session.scalar(
        select(Forum).where(Forum.id == forum_id, Forum.workspace_id == workspace.id)
    )


def topic_in(workspace: Workspace, topic_id: int) -> Topic | None:
    """The topic with its forum (one statement), if it is in `workspace`."""
    row = db.session.execute(
        select(Topic, Forum)
        .join(Forum, Forum.id == Topic.forum_id)
        .where(Topic.id == topic_id, Forum.workspace_id == workspace.id)
    ).first()
    return row.Topic if row else None


def post_in(workspace: Workspace, post_id: int) -> Post | None:
    """The post with its topic and forum (one statement), if it is in `workspace`."""
    row = db.session.execute(
        select(Post, Topic, Forum)
        .join(Topic, Topic.id == Post.topic_id)
        .join(Forum, Forum.id == Topic.forum_id)
        .where(Post.id == post_id, Forum.workspace_id == workspace.id)
    ).first()
    return row.Post if row else None


@dataclass(frozen=True)
class AnswerLine:
    """The reply marked as a topic's answer, as the question shows it."""

    post_id: int
    author_name: str | None
    html: str


@dataclass(frozen=True)
class ReaderTopic:
    """A topic as one member reads it: how far they had read, what they follow, its answer."""

    topic: Topic
    forum: Forum
    #: The position of the last post the reader was shown (None: never opened).
    read_position: int | None
    follows_topic: bool
    follows_forum: bool
    answer: AnswerLine | None
    #: Moderators have acted on the topic: its page shows their notes (topic_notes).
    has_notes: bool

    @property
    def has_unread(self) -> bool:
        return self.read_position is None or self.read_position < self.topic.last_position


def _topic_for_reader_statement():
    reader_id = bindparam("reader_id")
    return (
        select(
            Topic,
            Forum,
            TopicRead.last_position.label("read_position"),
            _TOPIC_FOLLOW.id.label("topic_follow_id"),
            _FORUM_FOLLOW.id.label("forum_follow_id"),
            _ANSWER_POST.id.label("answer_post_id"),
            _ANSWER_POST.html.label("answer_html"),
            _ANSWER_POST.deleted_at.label("answer_deleted_at"),
            _ANSWER_AUTHOR.display_name.label("answer_author_name"),
            # Most topics have no notes: the page reads them only where there are some.
            select(ModerationNote.id)
            .where(ModerationNote.topic_id == Topic.id)
            .exists()
            .label("has_notes"),
        )
        .join(Forum, Forum.id == Topic.forum_id)
        .outerjoin(TopicRead, and_(TopicRead.topic_id == Topic.id, TopicRead.user_id == reader_id))
        .outerjoin(
            _TOPIC_FOLLOW,
            and_(_TOPIC_FOLLOW.topic_id == Topic.id, _TOPIC_FOLLOW.user_id == reader_id),
        )
        .outerjoin(
            _FORUM_FOLLOW,
            and_(_FORUM_FOLLOW.forum_id == Forum.id, _FORUM_FOLLOW.user_id == reader_id),
        )
        .outerjoin(Answer, Answer.topic_id == Topic.id)
        .outerjoin(_ANSWER_POST, _ANSWER_POST.id == Answer.post_id)
        .outerjoin(_ANSWER_AUTHOR, _ANSWER_AUTHOR.id == _ANSWER_POST.author_id)
        .where(Topic.id == bindparam("topic_id"), Forum.workspace_id == bindparam("workspace_id"))
    )


# The topic page's statements are built once, with parameters: building one anew on every
# view cost about as much as running it.
_TOPIC_FOR_READER = _topic_for_reader_statement()


def topic_for_reader(workspace: Workspace, topic_id: int, reader: User) -> ReaderTopic | None:
    """The topic with its forum, the reader's read position and subscriptions, the marked
    answer and whether it has moderators' notes, if the topic is in `workspace`: one
    statement."""
    row = db.session.execute(
        _TOPIC_FOR_READER,
        {"topic_id": topic_id, "workspace_id": workspace.id, "reader_id": reader.id},
    ).first()
    if row is None:
        return None
    answer = None
    if row.answer_post_id is not None and row.answer_deleted_at is None:
        answer = AnswerLine(row.answer_post_id, row.answer_author_name, row.answer_html)
    return ReaderTopic(
        topic=row.Topic,
        forum=row.Forum,
        read_position=row.read_position,
        follows_topic=row.topic_follow_id is not None,
        follows_forum=row.forum_follow_id is not None,
        answer=answer,
        has_notes=row.has_notes,
    )


def follows_forum(forum: Forum, reader: User) -> bool:
    return (
        db.session.scalar(
            select(Subscription.id).where(
                Subscription.forum_id == forum.id, Subscription.user_id == reader.id
            )
        )
        is not None
    )


def first_unread_post(topic: Topic, read_position: int | None) -> Post | None:
    """The first live post after `read_position`, else the topic's last live post."""
    after = read_position or 0
    post = db.session.scalar(
        select(Post)
        .where(Post.topic_id == topic.id, Post.position > after, Post.deleted_at.is_(None))
        .order_by(Post.position)
        .limit(1)
    )
    if post is None and topic.last_post_id is not None:
        post = db.session.get(Post, topic.last_post_id)
    return post


# --- the topic list ------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedTopic:
    id: int
    title: str
    pinned: bool
    locked: bool
    author_name: str | None
    created_at: datetime
    reply_count: int
    view_count: int
    last_post_id: int | None
    last_post_at: datetime
    last_author_name: str | None
    last_position: int
    #: How far the reader has read (None: never opened).
    read_position: int | None
    answered: bool
    #: Removed (only moderators' lists show removed topics).
    removed: bool = False

    @property
    def unread(self) -> bool:
        return self.read_position is None or self.read_position < self.last_position

    @property
    def new_posts(self) -> int | None:
        """Posts after the reader's position (removed ones too: cheap, from the positions
        alone); None when the reader never opened the topic."""
        if self.read_position is None:
            return None
        return max(self.last_position - self.read_position, 0)


@dataclass(frozen=True)
class TopicBatch:
    topics: list[ListedTopic]
    #: Keys of the links to the batches either side (None: there is none).
    older_after: int | None
    newer_before: int | None


def _listing_key(row_or_topic):
    return (row_or_topic.pinned, row_or_topic.last_post_at, row_or_topic.id)


def _beyond(key: tuple, *, older: bool):
    """Topics after `key` in the list's order (pinned first, newest activity first, then
    higher id first), or before it."""
    pinned, last_at, topic_id = key
    if older:
        same_group = or_(
            Topic.last_post_at < last_at,
            and_(Topic.last_post_at == last_at, Topic.id < topic_id),
        )
        if pinned:
            return or_(Topic.pinned.is_(False), and_(Topic.pinned.is_(True), same_group))
        return and_(Topic.pinned.is_(False), same_group)
    same_group = or_(
        Topic.last_post_at > last_at,
        and_(Topic.last_post_at == last_at, Topic.id > topic_id),
    )
    if pinned:
        return and_(Topic.pinned.is_(True), same_group)
    return or_(Topic.pinned.is_(True), and_(Topic.pinned.is_(False), same_group))


def topic_list(
    forum: Forum,
    reader: User,
    *,
    after: int | None = None,
    before: int | None = None,
    with_removed: bool = False,
) -> TopicBatch:
    """TOPICS_PER_PAGE live topics of `forum` (and removed ones, `with_removed`): the first
    ones, those older than the topic `after`, or those newer than the topic `before`, each
    with how far `reader` read it and whether it has an answer. A key topic from another
    forum (or none) gives the first batch. One statement, two when paging."""
    key = None
    cursor_id = after if after is not None else before
    if cursor_id is not None:
        cursor = db.session.execute(
            select(Topic.pinned, Topic.last_post_at, Topic.id).where(
                Topic.id == cursor_id, Topic.forum_id == forum.id
            )
        ).first()
        key = _listing_key(cursor) if cursor else None
    going_newer = key is not None and after is None
    query = (
        select(
            Topic.id,
            Topic.title,
            Topic.pinned,
            Topic.locked,
            Topic.created_at,
            Topic.post_count,
            Topic.view_count,
            Topic.last_post_id,
            Topic.last_post_at,
            Topic.last_position,
            Topic.deleted_at,
            _FIRST_AUTHOR.display_name.label("author_name"),
            _LAST_AUTHOR.display_name.label("last_author_name"),
            TopicRead.last_position.label("read_position"),
            Answer.post_id.label("answer_post_id"),
        )
        .outerjoin(_FIRST_AUTHOR, _FIRST_AUTHOR.id == Topic.author_id)
        .outerjoin(Post, Post.id == Topic.last_post_id)
        .outerjoin(_LAST_AUTHOR, _LAST_AUTHOR.id == Post.author_id)
        .outerjoin(TopicRead, and_(TopicRead.topic_id == Topic.id, TopicRead.user_id == reader.id))
        .outerjoin(Answer, Answer.topic_id == Topic.id)
        .where(Topic.forum_id == forum.id)
        .limit(TOPICS_PER_PAGE + 1)
    )
    if not with_removed:
        query = query.where(Topic.deleted_at.is_(None))
    if going_newer:
        query = query.where(_beyond(key, older=False)).order_by(
            Topic.pinned, Topic.last_post_at, Topic.id
        )
    else:
        if key is not None:
            query = query.where(_beyond(key, older=True))
        query = query.order_by(Topic.pinned.desc(), Topic.last_post_at.desc(), Topic.id.desc())
    rows = db.session.execute(query).all()
    more = len(rows) > TOPICS_PER_PAGE
    rows = rows[:TOPICS_PER_PAGE]
    if going_newer:
        rows.reverse()
    topics = [
        ListedTopic(
            id=row.id,
            title=row.title,
            pinned=row.pinned,
            locked=row.locked,
            author_name=row.author_name,
            created_at=row.created_at,
            reply_count=max(row.post_count - 1, 0),
            view_count=row.view_count,
            last_post_id=row.last_post_id,
            last_post_at=row.last_post_at,
            last_author_name=row.last_author_name,
            last_position=row.last_position,
            read_position=row.read_position,
            answered=row.answer_post_id is not None,
            removed=row.deleted_at is not None,
        )
        for row in rows
    ]
    if not topics:
        return TopicBatch([], None, None)
    if going_newer:
        older_after, newer_before = topics[-1].id, topics[0].id if more else None
    else:
        older_after = topics[-1].id if more else None
        newer_before = topics[0].id if key is not None else None
    return TopicBatch(topics, older_after, newer_before)


# --- a topic's posts -----------------------------------------------------------------------


class ShownPost(NamedTuple):
    """A post as the topic page shows it (a tuple: a page makes 25 of them)."""

    id: int
    position: int
    html: str
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    author_id: int | None
    author_name: str | None
    organisation: str
    sector: Sector | None
    joined_at: datetime | None
    helpful_count: int
    #: The reader marked it helpful.
    found_helpful: bool

    @property
    def page(self) -> int:
        return (self.position - 1) // POSTS_PER_PAGE + 1


def page_count(topic: Topic) -> int:
    return max((topic.last_position - 1) // POSTS_PER_PAGE + 1, 1)


def _posts_on_page_statement():
    # Counted from the reactions' primary-key index, for the page's posts only: a post has
    # at most one reaction per member.
    helpful_count = (
        select(func.count())
        .select_from(Reaction)
        .where(Reaction.post_id == Post.id)
        .correlate(Post)
        .scalar_subquery()
    )
    first = bindparam("first")
    return (
        select(
            # In ShownPost's order: a row becomes one without reading its columns by name.
            Post.id,
            Post.position,
            case((Post.deleted_at.is_(None), Post.html), else_=""),
            Post.created_at,
            Post.edited_at,
            Post.deleted_at.is_not(None),
            Post.author_id,
            User.display_name,
            func.coalesce(User.organisation, ""),
            User.sector,
            func.coalesce(Membership.joined_at, User.created_at),
            helpful_count,
            _OWN_REACTION.user_id.is_not(None),
        )
        .outerjoin(User, User.id == Post.author_id)
        .outerjoin(
            _OWN_REACTION,
            and_(
                _OWN_REACTION.post_id == Post.id,
                _OWN_REACTION.user_id == bindparam("reader_id"),
            ),
        )
        .outerjoin(
            Membership,
            and_(
                Membership.user_id == Post.author_id,
                Membership.workspace_id == bindparam("workspace_id"),
            ),
        )
        .where(
            Post.topic_id == bindparam("topic_id"),
            Post.position >= first,
            Post.position < first + POSTS_PER_PAGE,
        )
        .order_by(Post.position)
    )


_POSTS_ON_PAGE = _posts_on_page_statement()


def posts_on_page(topic: Topic, forum: Forum, page: int, reader: User) -> list[ShownPost]:
    """The posts at positions of page `page` of `topic` in `forum` (removed ones too, shown
    as such), each with its author's name, organisation, sector and joining date, its
    helpful count and whether `reader` found it helpful: one statement."""
    # Plain rows, without the ORM's pass: no object is loaded.
    rows = db.session.connection().execute(
        _POSTS_ON_PAGE,
        {
            "topic_id": topic.id,
            "workspace_id": forum.workspace_id,
            "reader_id": reader.id,
            "first": (page - 1) * POSTS_PER_PAGE + 1,
        },
    )
    return list(map(ShownPost._make, rows))


def topic_count(workspace: Workspace) -> int:
    """The live topics of the workspace's forums, from the stored counts."""
    return db.session.scalar(
        select(func.coalesce(func.sum(Forum.topic_count), 0)).where(
            Forum.workspace_id == workspace.id
        )
    )


def forum_link_targets(workspace: Workspace, ids: set[int]) -> dict[int, LinkTarget]:
    """The forums of `workspace` among `ids`, for ``[[forum:ID]]`` wiki links (archived ones
    too: they are still read)."""
    rows = db.session.execute(
        select(Forum.id, Forum.title).where(Forum.id.in_(ids), Forum.workspace_id == workspace.id)
    )
    return {
        row.id: LinkTarget(
            hub_path("forums.forum", slug=workspace.slug, forum_id=row.id), row.title
        )
        for row in rows
    }


def topic_link_targets(workspace: Workspace, ids: set[int]) -> dict[int, LinkTarget]:
    """The live topics of `workspace` among `ids`, for ``[[topic:ID]]`` wiki links."""
    rows = db.session.execute(
        select(Topic.id, Topic.title)
        .join(Forum, Forum.id == Topic.forum_id)
        .where(Topic.id.in_(ids), Forum.workspace_id == workspace.id, Topic.deleted_at.is_(None))
    )
    return {
        row.id: LinkTarget(
            hub_path("forums.topic", slug=workspace.slug, topic_id=row.id), row.title
        )
        for row in rows
    }


# --- moderation ----------------------------------------------------------------------------

#: A topic shows at most this many moderation notes, the latest.
MAX_NOTES_SHOWN = 20


@dataclass(frozen=True)
class NoteLine:
    action: str
    moderator_name: str | None
    created_at: datetime
    details: dict


_TOPIC_NOTES = (
    select(
        ModerationNote.action,
        ModerationNote.created_at,
        ModerationNote.details,
        User.display_name,
    )
    .outerjoin(User, User.id == ModerationNote.moderator_id)
    .where(ModerationNote.topic_id == bindparam("topic_id"))
    .order_by(ModerationNote.created_at.desc(), ModerationNote.id.desc())
    .limit(MAX_NOTES_SHOWN)
)


def topic_notes(topic: Topic) -> list[NoteLine]:
    """What moderators did to `topic`, oldest first (the latest MAX_NOTES_SHOWN): one
    statement."""
    rows = db.session.connection().execute(_TOPIC_NOTES, {"topic_id": topic.id}).all()
    return [
        NoteLine(row.action, row.display_name, row.created_at, row.details or {})
        for row in reversed(rows)
    ]


@dataclass(frozen=True)
class PostVersion:
    """An earlier text of a post: written when, replaced when and by whom."""

    html: str
    written_at: datetime
    replaced_at: datetime
    editor_name: str | None


def post_versions(post: Post, render) -> list[PostVersion]:
    """The earlier versions of `post`, newest first, each rendered by `render(body)`: one
    statement."""
    rows = db.session.execute(
        select(
            PostRevision.body,
            PostRevision.written_at,
            PostRevision.replaced_at,
            User.display_name,
        )
        .outerjoin(User, User.id == PostRevision.editor_id)
        .where(PostRevision.post_id == post.id)
        .order_by(PostRevision.replaced_at.desc(), PostRevision.id.desc())
    ).all()
    return [
        PostVersion(render(row.body), row.written_at, row.replaced_at, row.display_name)
        for row in rows
    ]


#: The moderation queue shows this many open reports, the oldest first.
REPORTS_SHOWN = 50
#: Characters of the reported post the queue shows.
EXCERPT_LENGTH = 280


@dataclass(frozen=True)
class QueuedReport:
    id: int
    reason: str
    created_at: datetime
    reporter_name: str | None
    post_id: int
    post_excerpt: str
    post_removed: bool
    post_author_name: str | None
    topic_id: int
    topic_title: str

    @property
    def excerpt_cut(self) -> bool:
        return len(self.post_excerpt) >= EXCERPT_LENGTH


def open_report_count(workspace: Workspace) -> int:
    """The workspace's reports waiting for a moderator, from their index."""
    return db.session.scalar(
        select(func.count())
        .select_from(Report)
        .where(Report.workspace_id == workspace.id, Report.resolved_at.is_(None))
    )


def open_reports(workspace: Workspace) -> list[QueuedReport]:
    """The oldest REPORTS_SHOWN open reports of the workspace, each with the start of the
    post, its author, the reporter and the topic: one statement."""
    rows = db.session.execute(
        select(
            Report.id,
            Report.reason,
            Report.created_at,
            _REPORTER.display_name.label("reporter_name"),
            Post.id.label("post_id"),
            func.substr(Post.body, 1, EXCERPT_LENGTH).label("excerpt"),
            Post.deleted_at,
            _POST_AUTHOR.display_name.label("author_name"),
            Topic.id.label("topic_id"),
            Topic.title,
        )
        .join(Post, Post.id == Report.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .outerjoin(_REPORTER, _REPORTER.id == Report.reporter_id)
        .outerjoin(_POST_AUTHOR, _POST_AUTHOR.id == Post.author_id)
        .where(Report.workspace_id == workspace.id, Report.resolved_at.is_(None))
        .order_by(Report.created_at, Report.id)
        .limit(REPORTS_SHOWN)
    ).all()
    return [
        QueuedReport(
            id=row.id,
            reason=row.reason,
            created_at=row.created_at,
            reporter_name=row.reporter_name,
            post_id=row.post_id,
            post_excerpt=row.excerpt,
            post_removed=row.deleted_at is not None,
            post_author_name=row.author_name,
            topic_id=row.topic_id,
            topic_title=row.title,
        )
        for row in rows
    ]


def report_in(workspace: Workspace, report_id: int) -> Report | None:
    """The report with its post, topic and forum (one statement), if it is in `workspace`."""
    row = db.session.execute(
        select(Report, Post, Topic, Forum)
        .join(Post, Post.id == Report.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .join(Forum, Forum.id == Topic.forum_id)
        .where(Report.id == report_id, Report.workspace_id == workspace.id)
    ).first()
    return row.Report if row else None


def live_forums(workspace: Workspace) -> list[Forum]:
    """The workspace's forums that take topics, in order (a topic moves to one of them)."""
    return list(
        db.session.scalars(
            select(Forum)
            .where(Forum.workspace_id == workspace.id, Forum.archived_at.is_(None))
            .order_by(Forum.position, Forum.id)
            .limit(MAX_FORUMS_LISTED)
        )
    )
