"""The posts of a topic page and the rows of a forum's topic list, each rendered once and kept
for every reader who sees it the same way.

A post's item depends on the post's row, on what the page lets its reader do (the same for
nearly every member of the workspace), and on the reader's language and time zone; the
reader's own relation to it (their post, the first one they have not read) is a flag. A
page of 25 items rendered anew cost three times the rest of the page together. The empty
reply box is kept the same way.
"""

from typing import NamedTuple

from markupsafe import Markup

from forums.forms import ReplyForm
from forums.queries import AnswerLine, ListedTopic, ShownPost
from hub.fragments import Fragment


class PostsView(NamedTuple):
    """What a topic page's items depend on besides their posts: the same for most readers."""

    slug: str
    topic_id: int
    may_react: bool
    may_moderate: bool
    can_reply: bool
    can_mark_answer: bool
    can_see_versions: bool
    topic_locked: bool
    topic_deleted: bool
    #: Shown under the first post.
    answer: AnswerLine | None


def post_items(
    posts: list[ShownPost], view: PostsView, reader_id: int, first_unread_id: int | None
) -> Markup:
    return _post_item.join_each(
        (post, view, post.author_id == reader_id, post.id == first_unread_id) for post in posts
    )


# Bounded: a few megabytes a worker. A post changed (edited, removed, its author renamed)
# is another key, and its old item ages out. The post's HTML was sanitised on save.
_post_item = Fragment("forums/_post.html", "post_item", size=2048)


# A row is another key when its topic changes (a reply, a rename, a pin) or when the reader's
# place in it does; readers at the same place share it.
_topic_row = Fragment("forums/_macros.html", "topic_row", size=4096)


def topic_rows(topics: list[ListedTopic], slug: str) -> Markup:
    return _topic_row.join(topics, slug)


# Building and rendering the reply box's form cost a sixth of the page.
_blank_reply_box = Fragment("forums/_editor.html", "blank_reply_box", size=64)


def blank_reply_box(slug: str) -> Markup:
    """The editor of the topic page's reply box, empty: the same for every reader of the
    workspace at `slug` in a language."""
    return _blank_reply_box(slug, ReplyForm)
