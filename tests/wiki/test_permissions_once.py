"""A user's permissions in a workspace are looked up once per unit of work, and for many
users at once: telling a page's watchers costs the same membership queries for 2 as for 200."""

import pytest
from sqlalchemy import func, select

from hub.access import permissions_of
from hub.extensions import db
from hub.notifications.models import Notification
from hub.workspaces.models import Membership, Role
from tests.support import count_statements, make_user
from tests.support.wiki import add_page, build_wiki, save
from wiki.models import Watch


def membership_queries(statements: list[str]) -> list[str]:
    return [
        statement
        for statement in statements
        if statement.lstrip().upper().startswith("SELECT") and "FROM memberships" in statement
    ]


def add_watchers(page, how_many: int, workspace) -> None:
    # Rows written directly: 200 accounts through the services would hash 200 passwords.
    for number in range(how_many):
        watcher = make_user(f"watcher{number}@example.org", password=None)
        db.session.add(
            Membership(
                workspace_id=workspace.id, user_id=watcher.id, role=Role.MEMBER, status="active"
            )
        )
        db.session.add(Watch(user_id=watcher.id, page_id=page.id))
    db.session.commit()


@pytest.mark.parametrize("watchers", [2, 200])
def test_telling_watchers_looks_their_memberships_up_in_one_query(watchers):
    wiki = build_wiki()
    page = add_page(wiki, "Robots", "One.")
    db.session.commit()
    add_watchers(page, watchers, wiki.workspace)

    with count_statements() as statements:
        save(page, wiki.member, "Two.")
    db.session.commit()

    # One for the editor's own permissions, one for all the watchers'.
    assert len(membership_queries(statements)) == 2
    told = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.kind == "wiki.page_changed")
    )
    assert told == watchers


def test_permissions_are_looked_up_once_per_unit_of_work_and_follow_changes():
    wiki = build_wiki()
    with count_statements() as statements:
        first = permissions_of(wiki.member, wiki.workspace)
        again = permissions_of(wiki.member, wiki.workspace)
    assert first == again
    assert len(membership_queries(statements)) == 1

    membership = db.session.scalar(select(Membership).where(Membership.user_id == wiki.member.id))
    membership.role = Role.ADMINISTRATOR
    assert len(permissions_of(wiki.member, wiki.workspace)) > len(first)
    db.session.delete(membership)
    db.session.flush()
    assert permissions_of(wiki.member, wiki.workspace) == frozenset()
