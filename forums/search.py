"""The forums' content for hub search: each live topic (its title and first post) and each
live reply, with the forum it is in."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forums.models import Forum, Post, Topic
from hub.auth.models import User
from hub.extensions import db
from hub.search.providers import SearchDocument, SearchProvider, Watch, text_of_html


def topic_documents(ids: Sequence[int]) -> dict[int, SearchDocument]:
    rows = db.session.execute(
        select(Topic, Forum.workspace_id, Forum.title, Post.html, User.display_name)
        .join(Forum, Forum.id == Topic.forum_id)
        .outerjoin(Post, (Post.topic_id == Topic.id) & (Post.position == 1))
        .outerjoin(User, User.id == Topic.author_id)
        .where(Topic.id.in_(ids), Topic.deleted_at.is_(None))
    ).all()
    return {
        topic.id: SearchDocument(
            workspace_id=workspace_id,
            title=topic.title,
            body=text_of_html(html or ""),
            endpoint="forums.topic",
            url_values={"topic_id": topic.id},
            date=topic.created_at,
            author=author or "",
            location=forum_title,
        )
        for topic, workspace_id, forum_title, html, author in rows
    }


def reply_documents(ids: Sequence[int]) -> dict[int, SearchDocument]:
    rows = db.session.execute(
        select(Post, Topic.title, Forum.workspace_id, Forum.title, User.display_name)
        .join(Topic, Topic.id == Post.topic_id)
        .join(Forum, Forum.id == Topic.forum_id)
        .outerjoin(User, User.id == Post.author_id)
        .where(
            Post.id.in_(ids),
            Post.position > 1,
            Post.deleted_at.is_(None),
            Topic.deleted_at.is_(None),
        )
    ).all()
    return {
        post.id: SearchDocument(
            workspace_id=workspace_id,
            title=topic_title,
            body=text_of_html(post.html),
            endpoint="forums.post",
            url_values={"post_id": post.id},
            date=post.created_at,
            author=author or "",
            location=forum_title,
            title_weight=0.3,
        )
        for post, topic_title, workspace_id, forum_title, author in rows
    }


def live_topic_ids(workspace_id: int | None):
    query = select(Topic.id).where(Topic.deleted_at.is_(None))
    if workspace_id is not None:
        query = query.join(Forum, Forum.id == Topic.forum_id).where(
            Forum.workspace_id == workspace_id
        )
    return query


def live_reply_ids(workspace_id: int | None):
    query = (
        select(Post.id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(Post.position > 1, Post.deleted_at.is_(None), Topic.deleted_at.is_(None))
    )
    if workspace_id is not None:
        query = query.join(Forum, Forum.id == Topic.forum_id).where(
            Forum.workspace_id == workspace_id
        )
    return query


def _replies_of_topic(topic, session):
    return session.scalars(select(Post.id).where(Post.topic_id == topic.id, Post.position > 1))


def _topics_of_forum(forum, session):
    return session.scalars(select(Topic.id).where(Topic.forum_id == forum.id))


def _replies_of_forum(forum, session):
    return session.scalars(
        select(Post.id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(Topic.forum_id == forum.id, Post.position > 1)
    )


TOPIC_FIELDS = ("title", "deleted_at", "forum_id", "author_id")

TOPICS = SearchProvider(
    type="topic",
    label=_l("Forum topic"),
    documents=topic_documents,
    all_ids=live_topic_ids,
    watches=(
        Watch(Topic, lambda topic, _session: [topic.id], fields=TOPIC_FIELDS),
        # The first post is the topic's text.
        Watch(
            Post,
            lambda post, _session: [post.topic_id] if post.position == 1 else [],
            fields=("html", "deleted_at"),
        ),
        Watch(Forum, _topics_of_forum, fields=("title",)),
    ),
    order=20,
)

REPLIES = SearchProvider(
    type="post",
    label=_l("Forum reply"),
    documents=reply_documents,
    all_ids=live_reply_ids,
    watches=(
        Watch(
            Post,
            lambda post, _session: [post.id] if post.position > 1 else [],
            fields=("html", "deleted_at", "topic_id"),
        ),
        Watch(Topic, _replies_of_topic, fields=("title", "deleted_at", "forum_id")),
        Watch(Forum, _replies_of_forum, fields=("title",)),
    ),
    suggested=False,
    order=21,
    weight=0.8,
)
