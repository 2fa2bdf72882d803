"""Forums, their topics, the posts of a topic and the earlier versions of edited posts.

Counts and last-post pointers are stored and kept right by forums.services, so lists never
count or sort posts on read: a forum index or a topic list reads a few rows whatever the
number of posts.
"""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.auth.models import User
from hub.database import UTCDateTime, utcnow
from hub.extensions import db
from hub.workspaces.models import Workspace

MAX_FORUM_TITLE_LENGTH = 120
MAX_FORUM_DESCRIPTION_LENGTH = 500
MAX_TOPIC_TITLE_LENGTH = 200
#: Largest post accepted, in characters (the forms say so).
MAX_POST_LENGTH = 20_000
#: Posts shown on one page of a topic.
POSTS_PER_PAGE = 25
#: A one-time token a form carries, so that sending it twice makes one post.
MAX_FORM_TOKEN_LENGTH = 64


class Forum(db.Model):
    __tablename__ = "forum_forums"
    __table_args__ = (Index("ix_forum_forums_workspace_position", "workspace_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(MAX_FORUM_TITLE_LENGTH))
    description: Mapped[str] = mapped_column(String(MAX_FORUM_DESCRIPTION_LENGTH), default="")
    #: Order on the forum index, smallest first.
    position: Mapped[int] = mapped_column(default=0)
    #: An archived forum is read, never written to.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Live topics, and live posts in them.
    topic_count: Mapped[int] = mapped_column(default=0)
    post_count: Mapped[int] = mapped_column(default=0)
    last_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_posts.id", use_alter=True, ondelete="SET NULL")
    )

    workspace: Mapped[Workspace] = relationship()

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Topic(db.Model):
    __tablename__ = "forum_topics"
    __table_args__ = (
        # The topic list: pinned first, then by last activity, keyset-paged.
        Index("ix_forum_topics_listing", "forum_id", "pinned", "last_post_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forum_forums.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(MAX_TOPIC_TITLE_LENGTH))
    pinned: Mapped[bool] = mapped_column(default=False)
    #: A locked topic takes no more replies.
    locked: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Live posts, the first one included (replies are one fewer).
    post_count: Mapped[int] = mapped_column(default=0)
    #: The position of the newest post, removed ones included: positions are never reused.
    last_position: Mapped[int] = mapped_column(default=0)
    view_count: Mapped[int] = mapped_column(default=0)
    last_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_posts.id", use_alter=True, ondelete="SET NULL")
    )
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    forum: Mapped[Forum] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)


class Post(db.Model):
    __tablename__ = "forum_posts"
    __table_args__ = (
        # A post's page is its position: a permalink finds its page without counting.
        UniqueConstraint("topic_id", "position"),
        # The same form sent twice by its author makes one post.
        UniqueConstraint("author_id", "form_token"),
        # Flood control counts an author's posts of the last minute.
        Index("ix_forum_posts_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("forum_topics.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: 1 for the first post of a topic, then 2, 3...
    position: Mapped[int] = mapped_column()
    body: Mapped[str] = mapped_column(Text)
    #: The body rendered once, on write (hub.markup).
    html: Mapped[str] = mapped_column(Text)
    form_token: Mapped[str | None] = mapped_column(String(MAX_FORM_TOKEN_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Soft deletion: the post shows as removed, the thread keeps its shape.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    topic: Mapped[Topic] = relationship(foreign_keys=[topic_id])
    author: Mapped[User | None] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def page(self) -> int:
        """The page of its topic the post is on."""
        return (self.position - 1) // POSTS_PER_PAGE + 1


class PostRevision(db.Model):
    """An earlier version of an edited post: its text before the edit."""

    __tablename__ = "forum_post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_posts.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    #: When this version was written (the post's creation or its previous edit).
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When the edit replaced it, and who made it.
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class TopicRead(db.Model):
    """How far a member has read a topic: the position of the last post they were shown.

    A topic is unread while its last position is beyond the member's; a topic the member
    has never opened has no row and is unread.
    """

    __tablename__ = "forum_topic_reads"

    # The primary key (user, topic) is the index the topic list joins on.
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("forum_topics.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_position: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Subscription(db.Model):
    """A member follows a topic, or a whole forum: new posts there notify them."""

    __tablename__ = "forum_subscriptions"
    __table_args__ = (
        # Also the indexes the followers of a topic, or of a forum, are read from.
        UniqueConstraint("topic_id", "user_id"),
        UniqueConstraint("forum_id", "user_id"),
        CheckConstraint("(topic_id IS NULL) <> (forum_id IS NULL)", name="topic_or_forum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("forum_topics.id", ondelete="CASCADE"))
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forum_forums.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reaction(db.Model):
    """A member found a post helpful: once per member and post."""

    __tablename__ = "forum_reactions"

    # (post, user) first: a post's count is read from the primary key's index alone.
    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Answer(db.Model):
    """The reply the topic's starter (or a moderator) marked as the answer to the question:
    one a topic."""

    __tablename__ = "forum_answers"

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("forum_topics.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_posts.id", ondelete="CASCADE"), unique=True
    )
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: Longest reason a member gives when reporting a post (the form says so).
MAX_REPORT_REASON_LENGTH = 500


class ModerationNote(db.Model):
    """A moderator's action on a topic, shown in the topic: "Locked by … on …".

    Written by the service that makes the change, next to its audit entry (the audit log is
    for administrators; the note is for the topic's readers)."""

    __tablename__ = "forum_moderation_notes"
    __table_args__ = (Index("ix_forum_moderation_notes_topic_created", "topic_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("forum_topics.id", ondelete="CASCADE"))
    #: What was done: "pinned", "unpinned", "locked", "unlocked", "moved", "removed",
    #: "restored", "post_removed", "post_restored".
    action: Mapped[str] = mapped_column(String(20))
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: What the note names, as it was then: {"from_forum": title} for a move, {"post": id}.
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    moderator: Mapped[User | None] = relationship()


class Report(db.Model):
    """A member's report of a post, waiting in the workspace's moderation queue until a
    moderator dismisses it or removes the post. One a member and post."""

    __tablename__ = "forum_reports"
    __table_args__ = (
        UniqueConstraint("post_id", "reporter_id"),
        # The queue and the navigation's count: a workspace's open reports, oldest first.
        Index("ix_forum_reports_open", "workspace_id", "resolved_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(MAX_REPORT_REASON_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: "dismissed" (the post stays) or "removed" (the post was removed).
    resolution: Mapped[str | None] = mapped_column(String(20))

    post: Mapped[Post] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
