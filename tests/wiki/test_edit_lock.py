"""The row lock that makes edit conflicts safe on PostgreSQL, seen from a second connection.

Two saves on the same base revision must not both pass the base check. On PostgreSQL the
save locks the page row (SELECT ... FOR UPDATE) before it compares the base with the current
revision, and holds the lock until its transaction ends; the second save then waits, sees the
first one's revision and becomes a conflict. Here a second connection asks for the same row
with NOWAIT right after the save has read the page's current revision: it must be refused.
(Later, once the revision is inserted, its foreign key alone would block a FOR UPDATE.)
"""

import re
from collections.abc import Callable

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from hub.extensions import db
from hub.workspaces.models import Role
from tests.support import make_membership, make_user, make_workspace
from wiki import services
from wiki.models import Page

#: The statement of the base check: the page's current revision, read (and locked) in the save.
BASE_CHECK = re.compile(r"SELECT wiki_pages\.current_revision_id\s+FROM wiki_pages\b")


def lock_page_without_waiting(page_id: int) -> str:
    """Try to lock the page row from a connection of its own: "locked" or why it could not."""
    with db.engine.connect() as other:
        try:
            other.execute(select(Page.id).where(Page.id == page_id).with_for_update(nowait=True))
        except OperationalError as error:
            return type(error.orig).__name__
        return "locked"


def save(page: Page, editor) -> Callable[[], object]:
    """A save on top of the current revision, ready to run."""
    base_id = page.current_revision_id
    return lambda: services.save_page(
        page, editor, body="Second text.", summary="", base_revision_id=base_id
    )


def revert(page: Page, editor) -> Callable[[], object]:
    """A revert to the first revision of a page that has two, ready to run."""
    first = page.current_revision
    save(page, editor)()
    db.session.commit()
    return lambda: services.revert_page(page, editor, first)


@pytest.mark.parametrize("prepare", [save, revert], ids=["save", "revert"])
def test_a_save_holds_the_page_row_lock_from_its_base_check_to_its_commit(app, backend, prepare):
    if backend == "sqlite":
        pytest.skip("SQLite has no row locks: BEGIN IMMEDIATE lets one writer in at a time")
    workspace = make_workspace()
    editor = make_user()
    make_membership(workspace, editor, Role.MEMBER)
    [topics, *_] = services.ensure_default_sections(workspace)
    page = services.create_page(
        workspace, editor, title="Robots", section=topics, body="First text."
    )
    write = prepare(page, editor)
    db.session.commit()
    assert lock_page_without_waiting(page.id) == "locked"  # nobody holds it between requests

    attempts: list[str] = []

    def probe_after_base_check(_connection, _cursor, statement: str, *_args) -> None:
        if BASE_CHECK.match(statement) and not attempts:
            attempts.append("probing")  # the probe's own statements come through here too
            attempts[0] = lock_page_without_waiting(page.id)

    event.listen(db.engine, "after_cursor_execute", probe_after_base_check)
    try:
        write()
    finally:
        event.remove(db.engine, "after_cursor_execute", probe_after_base_check)

    assert attempts == ["LockNotAvailable"]
    db.session.commit()
    assert lock_page_without_waiting(page.id) == "locked"  # the commit released it
