"""The forums' test world: a workspace with one forum, one account per role and an outsider."""

from dataclasses import dataclass

from forums import moderation, services
from forums.models import Forum, Post, Report, Topic
from hub.auth.models import User
from hub.extensions import db
from hub.workspaces.models import Visibility, Workspace
from tests.support import make_workspace, role_accounts


@dataclass
class Forums:
    workspace: Workspace
    forum: Forum
    admin: User
    moderator: User
    member: User
    other_member: User
    outsider: User

    def url(self, *parts: object) -> str:
        return "/".join([f"/w/{self.workspace.slug}/forums", *map(str, parts)])


def build_forums(slug: str = "ai", visibility: Visibility = Visibility.RESTRICTED) -> Forums:
    workspace = make_workspace(slug, visibility=visibility)
    accounts = role_accounts(workspace, with_organisations=True)
    forum = services.create_forum(workspace, accounts["admin"], title="General")
    db.session.commit()
    return Forums(workspace, forum, **accounts)


def start(
    forums: Forums,
    author: User | None = None,
    title: str = "A topic",
    body: str = "First.",
    **extra,
) -> Topic:
    topic = services.start_topic(
        extra.pop("forum", forums.forum), author or forums.member, title=title, body=body, **extra
    )
    db.session.commit()
    return topic


def add_replies(topic: Topic, authors: list[User], count: int) -> list[Post]:
    posts = [
        services.reply(topic, authors[number % len(authors)], body=f"Reply {number + 1}.")
        for number in range(count)
    ]
    db.session.commit()
    return posts


def reload(row):
    db.session.expire_all()
    return db.session.get(type(row), row.id)


def make_reports(forums: Forums, count: int) -> list[Report]:
    """The member's reports of `count` posts of the administrator's, in one topic."""
    topic = start(forums, author=forums.admin, title="Heated")
    posts = add_replies(topic, [forums.admin], count)
    reports = [
        moderation.report_post(post, forums.member, reason=f"Reason {number}.")
        for number, post in enumerate(posts)
    ]
    db.session.commit()
    return reports
