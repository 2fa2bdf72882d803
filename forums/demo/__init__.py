"""The demo forums: their topics as Markdown files, and the seeder that posts them through
the services.

`forums.toml` lists the forums, then the topics in the order they were started, each with
its forum, title, folder and whether it ends pinned or locked. A topic's posts are
`topics/<folder>/01.md, 02.md, ...` with their author (a demo account's or an invented
member's e-mail) and day as front matter (see hub.demo_files). A topic may also ask for
`introductions`: that many replies of invented members introducing themselves, written from
their profiles with the sentences of `introductions.toml`, so that one thread is long
enough to page.

A topic may name the reply its starter marked as the `answer` (its number), and a post's
front matter the members who found it `helpful_from` (e-mails). What the demo member
(member@example.org) has read and follows is said per topic: `member_unread` (how many of
its last posts are new to them), `member_opened = false` (never opened) and
`member_follows = true`. Every author has read their topics to the end. Nobody is notified
of the demo's posts: they are dated years ago.

The demo moderator (moderator@example.org) pins and locks topics through the moderation
service, so that each topic shows its note ("Locked by … on …"), and moves the topics that
name the forum they were `moved_from`. The `[[report]]` entries are members' reports of posts,
left open in the moderation queue.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from forums import engagement, moderation, services
from forums.models import Forum, ModerationNote, Post, Topic, TopicRead
from hub.demo_files import DemoFileError, make_record, read_numbered_markdown, read_toml
from hub.extensions import db
from hub.seed import DemoContext
from hub.workspaces.models import Membership, MembershipStatus

DEMO_FOLDER = Path(__file__).parent


@dataclass(frozen=True)
class DemoPost:
    author: str  #: e-mail of a demo account or an invented member
    day: date
    body: str
    #: E-mails of the members who marked the post helpful.
    helpful_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoTopic:
    forum: str  #: the title of one of the forums
    title: str
    folder: str  #: under topics/
    posts: tuple[DemoPost, ...]
    pinned: bool = False
    locked: bool = False
    #: Replies of invented members introducing themselves, after the posts.
    introductions: int = 0
    #: The number of the reply the starter marked as the answer (0: none).
    answer: int = 0
    #: What the demo member has read of the topic, and whether they follow it.
    member_unread: int = 0
    member_opened: bool = True
    member_follows: bool = False
    #: The forum the topic was started in, before the moderator moved it to `forum`.
    moved_from: str = ""


@dataclass(frozen=True)
class DemoReport:
    """A member's report of a post, waiting in the moderation queue."""

    folder: str  #: the topic's folder
    post: int  #: the post's number in the topic
    reporter: str  #: e-mail
    reason: str


@dataclass(frozen=True)
class DemoForum:
    title: str
    description: str


def load_demo_forums(folder: Path = DEMO_FOLDER) -> tuple[list[DemoForum], list[DemoTopic]]:
    index = folder / "forums.toml"
    data = read_toml(index)
    forums = [
        make_record(DemoForum, entry, index, entry=f"forum {number}")
        for number, entry in enumerate(data.get("forum", []), start=1)
    ]
    titles = {forum.title for forum in forums}
    topics = []
    for number, entry in enumerate(data.get("topic", []), start=1):
        name = entry.get("folder") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name:
            raise DemoFileError(index, f"topic {number} needs a folder")
        posts = read_numbered_markdown(folder / "topics" / name)
        if not posts:
            raise DemoFileError(index, f"topic {name!r} has no posts in topics/{name}/")
        topic = make_record(
            DemoTopic,
            entry,
            index,
            entry=f"topic {name!r}",
            posts=tuple(
                make_record(DemoPost, file.front, file.path, body=file.body) for file in posts
            ),
        )
        for forum_title in filter(None, (topic.forum, topic.moved_from)):
            if forum_title not in titles:
                raise DemoFileError(index, f"topic {name!r}: no forum is called {forum_title!r}")
        topics.append(topic)
    return forums, topics


def load_demo_reports(folder: Path = DEMO_FOLDER) -> list[DemoReport]:
    index = folder / "forums.toml"
    return [
        make_record(DemoReport, entry, index, entry=f"report {number}")
        for number, entry in enumerate(read_toml(index).get("report", []), start=1)
    ]


def introduction_posts(context: DemoContext, count: int, start: date) -> list[DemoPost]:
    """`count` invented members introduce themselves, a day or two apart, from `start`."""
    sentences = read_toml(DEMO_FOLDER / "introductions.toml")
    pick = random.Random(2021)
    active = set(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.workspace_id == context.workspace.id,
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
    )
    people = sorted(context.people.values(), key=lambda person: person.email)
    members = [person for person in people if person.id in active][:count]
    posts, day = [], start
    for person in members:
        opening = pick.choice(sentences["opening"]).format(
            name=person.display_name.split()[0], organisation=person.organisation
        )
        interest = pick.choice(sentences[person.sector.value])
        closing = pick.choice(sentences["closing"])
        posts.append(DemoPost(person.email, day, f"{opening} {interest}\n\n{closing}\n"))
        day += timedelta(days=pick.choice((1, 2, 3)))
    return posts


def _seed_topic(
    context: DemoContext, demo: DemoTopic, forums: dict[str, Forum], users: dict
) -> Topic:
    clock = context.clock
    forum = forums[demo.moved_from or demo.forum]
    first, *replies = demo.posts
    if demo.introductions:
        replies += introduction_posts(context, demo.introductions, first.day + timedelta(days=1))
    topic = services.start_topic(
        forum, users[first.author], title=demo.title, body=first.body, tell=False
    )
    _backdate(topic, topic_post(topic, 1), clock.at(first.day))
    topic.created_at = clock.at(first.day)
    posts = [topic_post(topic, 1)]
    for number, demo_post in enumerate(replies, start=2):
        post = services.reply(topic, users[demo_post.author], body=demo_post.body, tell=False)
        # Posts of one day, in order, a quarter of an hour apart.
        _backdate(topic, post, clock.at(demo_post.day) + timedelta(minutes=15 * number))
        posts.append(post)
    for post, demo_post in zip(posts, [first, *replies], strict=True):
        for email in demo_post.helpful_from:
            engagement.toggle_helpful(post, users[email])
    if demo.answer:
        engagement.mark_answer(posts[demo.answer - 1], users[first.author])
    for author_id in sorted({post.author_id for post in posts}):
        engagement.record_reading(
            topic.id, author_id, read_position=None, shown_up_to=topic.last_position
        )
    _seed_member_reading(context, demo, topic)
    _seed_moderation(context, demo, topic, forums, posts[-1].created_at)
    return topic


def _seed_moderation(
    context: DemoContext, demo: DemoTopic, topic: Topic, forums: dict[str, Forum], last_post_at
) -> None:
    """The demo moderator pins, moves and locks the topic as `demo` says, a few hours after
    its last post; each note is dated then."""
    moderator = context.accounts["moderator@example.org"]
    steps = []
    if demo.pinned:
        steps.append(lambda: moderation.set_topic_flag(topic, moderator, "pinned", True))
    if demo.moved_from:
        steps.append(lambda: moderation.move_topic(topic, moderator, forums[demo.forum]))
    if demo.locked:
        steps.append(lambda: moderation.set_topic_flag(topic, moderator, "locked", True))
    for hours, step in enumerate(steps, start=2):
        step()
        db.session.flush()
        note = db.session.scalar(
            select(ModerationNote)
            .where(ModerationNote.topic_id == topic.id)
            .order_by(ModerationNote.id.desc())
            .limit(1)
        )
        note.created_at = last_post_at + timedelta(hours=hours)


def _seed_reports(topics: dict[str, Topic], users: dict) -> None:
    for demo in load_demo_reports():
        post = topic_post(topics[demo.folder], demo.post)
        report = moderation.report_post(post, users[demo.reporter], reason=demo.reason)
        report.created_at = post.created_at + timedelta(hours=3)
    db.session.flush()


def _seed_member_reading(context: DemoContext, demo: DemoTopic, topic: Topic) -> None:
    """The demo member's place in `topic` and whether they follow it, as `demo` says."""
    member = context.accounts["member@example.org"]
    if demo.member_follows:
        engagement.set_following(member, topic, True)
    if not demo.member_opened:
        return
    position = max(topic.last_position - demo.member_unread, 1)
    read = db.session.get(TopicRead, (member.id, topic.id))
    if read is None:
        engagement.record_reading(topic.id, member.id, read_position=None, shown_up_to=position)
    else:  # the member wrote in the topic, so read it to the end: then came newer posts
        read.last_position = position
    db.session.flush()


def topic_post(topic: Topic, position: int) -> Post:
    return db.session.scalar(
        select(Post).where(Post.topic_id == topic.id, Post.position == position)
    )


def _backdate(topic: Topic, post: Post, when) -> None:
    post.created_at = when
    topic.last_post_at = when
    db.session.flush()


def seed_demo_forums(context: DemoContext) -> None:
    workspace = context.workspace
    if db.session.scalar(select(Forum.id).where(Forum.workspace_id == workspace.id).limit(1)):
        context.report.append(f"Forums of {workspace.name}: already seeded")
        return
    demo_forums, demo_topics = load_demo_forums()
    admin = context.accounts["wsadmin@example.org"]
    forums = {
        demo.title: services.create_forum(
            workspace, admin, title=demo.title, description=demo.description
        )
        for demo in demo_forums
    }
    users = context.accounts | context.people
    topics = {demo.folder: _seed_topic(context, demo, forums, users) for demo in demo_topics}
    _seed_reports(topics, users)
    db.session.flush()
    context.report.append(
        f"Forums of {workspace.name}: {len(forums)} forums, {len(demo_topics)} topics"
    )
