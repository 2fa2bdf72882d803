"""The writes about how members take part beyond posting: how far each has read each topic,
what they follow and who is told of a new post, helpful marks, and a topic's marked answer.

Like forums.services, functions flush and never commit. forums.services calls
after_posting() once a post is made.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, literal, or_, select, update

from forums import policies
from forums.mentions import MentionedMember
from forums.models import Answer, Forum, Post, Reaction, Subscription, Topic, TopicRead
from hub.access import enforce, permissions_of
from hub.auth.models import AccountStatus, User
from hub.database import upsert, utcnow
from hub.extensions import db
from hub.links import hub_path
from hub.notifications.services import notify
from hub.workspaces.models import Membership, MembershipStatus, Visibility

# --- reading -----------------------------------------------------------------------------


def record_reading(
    topic_id: int, reader_id: int, *, read_position: int | None, shown_up_to: int
) -> None:
    """The reader was shown the topic up to the post at `shown_up_to`; they had read it up
    to `read_position` (None: never opened). Writes only when the position moves forward.
    (Ids, not rows: the topic page calls this once rendered, its rows let go.)

    The view count is the number of members who opened the topic: it grows by one when a
    member's first reading is recorded, and a page seen again writes nothing. So reading a
    topic already read takes no write lock (SQLite has one writer at a time), and the count
    stays exact without a write on every view or a counter kept in each process's memory.
    """
    if read_position is not None and read_position >= shown_up_to:
        return
    now = utcnow()
    if read_position is None:
        inserted = db.session.execute(
            upsert(TopicRead)
            .values(user_id=reader_id, topic_id=topic_id, last_position=shown_up_to, read_at=now)
            .on_conflict_do_nothing()
            .returning(TopicRead.topic_id)  # a row only when this reading was the first
        ).first()
        if inserted is not None:
            db.session.execute(
                update(Topic).where(Topic.id == topic_id).values(view_count=Topic.view_count + 1)
            )
            return
    # Never backwards: reading page 1 again keeps the place reached on page 3.
    db.session.execute(
        update(TopicRead)
        .where(
            TopicRead.user_id == reader_id,
            TopicRead.topic_id == topic_id,
            TopicRead.last_position < shown_up_to,
        )
        .values(last_position=shown_up_to, read_at=now)
    )


def mark_forum_read(forum: Forum, reader: User) -> None:
    """Every live topic of `forum` read up to its last post, for `reader`: one statement.
    Topics the reader never opened count as viewed by them from now on."""
    enforce(policies.follow_refusal(reader, permissions_of(reader, forum.workspace), forum))
    now = utcnow()
    topics = select(
        literal(reader.id), Topic.id, Topic.last_position, literal(now, TopicRead.read_at.type)
    ).where(Topic.forum_id == forum.id, Topic.deleted_at.is_(None))
    statement = upsert(TopicRead).from_select(
        ["user_id", "topic_id", "last_position", "read_at"], topics
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id", "topic_id"],
            set_={"last_position": statement.excluded.last_position, "read_at": now},
            where=TopicRead.last_position < statement.excluded.last_position,
        )
    )


# --- following ---------------------------------------------------------------------------


def _add_subscription(user: User, *, topic: Topic | None = None, forum: Forum | None = None):
    """Follow, once: following again (or twice at once) changes nothing."""
    db.session.execute(
        upsert(Subscription)
        .values(
            user_id=user.id,
            topic_id=topic.id if topic else None,
            forum_id=forum.id if forum else None,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing()
    )


def set_following(user: User, subject: Topic | Forum, following: bool) -> None:
    """`user` follows (or stops following) a topic or a whole forum."""
    is_topic = isinstance(subject, Topic)
    forum = subject.forum if is_topic else subject
    enforce(policies.follow_refusal(user, permissions_of(user, forum.workspace), subject))
    if following:
        _add_subscription(user, **({"topic": subject} if is_topic else {"forum": subject}))
        return
    column = Subscription.topic_id if is_topic else Subscription.forum_id
    db.session.execute(
        delete(Subscription).where(Subscription.user_id == user.id, column == subject.id)
    )


def followers(post: Post, author: User) -> list[User]:
    """Who is told of `post`: the followers of its topic or of its forum who may still read
    the workspace, its author left out. One statement, whatever the number of followers."""
    topic = post.topic
    workspace = topic.forum.workspace
    following = select(Subscription.user_id).where(
        or_(Subscription.topic_id == topic.id, Subscription.forum_id == topic.forum_id)
    )
    query = select(User).where(
        User.id.in_(following), User.id != author.id, User.status == AccountStatus.ACTIVE
    )
    if workspace.visibility != Visibility.OPEN:  # an open workspace is read by every account
        query = query.join(
            Membership,
            and_(
                Membership.user_id == User.id,
                Membership.workspace_id == workspace.id,
                Membership.status == MembershipStatus.ACTIVE,
            ),
        )
    return list(db.session.scalars(query.order_by(User.id)))


def _post_link(post: Post) -> str:
    return hub_path("forums.post", slug=post.topic.forum.workspace.slug, post_id=post.id)


def notify_mentioned(post: Post, author: User, mentioned: list[MentionedMember]) -> set[int]:
    """Tell the members `post` mentions (its author aside); their ids."""
    told = set()
    if not mentioned:
        return told
    workspace = post.topic.forum.workspace
    users = db.session.scalars(
        select(User).where(User.id.in_([member.user_id for member in mentioned]))
    )
    for user in users:
        if user.id == author.id:
            continue
        notify(
            user,
            "forums.mention",
            _l(
                "%(name)s mentioned you in “%(topic)s”.",
                name=author.display_name,
                topic=post.topic.title,
            ),
            link=_post_link(post),
            workspace=workspace,
        )
        told.add(user.id)
    return told


def after_posting(
    post: Post, author: User, mentioned: list[MentionedMember], *, tell: bool = True
) -> None:
    """The author follows the topic (and has read it, if they started it); the members
    mentioned are told, then the followers (once each: a mention says more than a new
    post). `tell=False`: nobody is told (the demo's posts, dated years ago)."""
    topic = post.topic
    _add_subscription(author, topic=topic)
    if post.position == 1:  # the starter has read their topic
        record_reading(topic.id, author.id, read_position=None, shown_up_to=1)
    if not tell:
        return
    told = notify_mentioned(post, author, mentioned)
    if post.position == 1:
        message = _l(
            "%(name)s started “%(topic)s” in %(forum)s.",
            name=author.display_name,
            topic=topic.title,
            forum=topic.forum.title,
        )
    else:
        message = _l(
            "%(name)s replied to “%(topic)s”.", name=author.display_name, topic=topic.title
        )
    for user in followers(post, author):
        if user.id not in told:
            notify(
                user,
                "forums.new_post",
                message,
                link=_post_link(post),
                workspace=topic.forum.workspace,
            )


# --- reactions and answers ---------------------------------------------------------------


def toggle_helpful(post: Post, user: User) -> bool:
    """Mark `post` helpful for `user`, or take the mark back; whether it is marked now."""
    workspace = post.topic.forum.workspace
    enforce(policies.react_refusal(user, permissions_of(user, workspace), post))
    removed = db.session.execute(
        delete(Reaction).where(Reaction.post_id == post.id, Reaction.user_id == user.id)
    )
    if removed.rowcount:
        return False
    db.session.execute(
        upsert(Reaction)
        .values(post_id=post.id, user_id=user.id, created_at=utcnow())
        .on_conflict_do_nothing()
    )
    return True


def mark_answer(post: Post, by: User) -> None:
    """Mark `post` as the answer to its topic's question, in place of any earlier one."""
    topic = post.topic
    enforce(policies.mark_answer_refusal(by, permissions_of(by, topic.forum.workspace), post))
    now = utcnow()
    statement = upsert(Answer).values(
        topic_id=topic.id, post_id=post.id, marked_by_id=by.id, marked_at=now
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["topic_id"],
            set_={"post_id": post.id, "marked_by_id": by.id, "marked_at": now},
        )
    )


def clear_answer(post: Post, by: User) -> None:
    """`post` is no longer its topic's answer."""
    topic = post.topic
    enforce(policies.mark_answer_refusal(by, permissions_of(by, topic.forum.workspace), post))
    db.session.execute(delete(Answer).where(Answer.topic_id == topic.id, Answer.post_id == post.id))
