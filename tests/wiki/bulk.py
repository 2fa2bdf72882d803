"""Many pages at once, written by SQL inserts through the models: the statement and size
tests need sections of thousands of pages, which the services would take minutes to write."""

from sqlalchemy import insert, select, update

from hub.database import utcnow
from hub.extensions import db
from tests.support.wiki import Wiki
from wiki.models import Page, PageLink, Section


def bulk_pages(
    wiki: Wiki,
    count: int,
    prefix: str,
    section: Section,
    *,
    parent: Page | None = None,
    start: int = 0,
) -> list[Page]:
    """Pages "<Prefix> <start>" ... "<Prefix> <start + count - 1>" in `section` (under
    `parent`, whose count of children grows by as many), without revisions: what trees and
    lists read of a page."""
    now = utcnow()
    folder = f"{parent.path}/" if parent is not None else ""
    db.session.execute(
        insert(Page),
        [
            {
                "workspace_id": wiki.workspace.id,
                "section_id": section.id,
                "parent_id": parent.id if parent is not None else None,
                "path": f"{folder}{prefix}-{number}",
                "title": f"{prefix.title()} {number}",
                "title_key": f"{prefix} {number}",
                "created_at": now,
                "updated_at": now,
            }
            for number in range(start, start + count)
        ],
    )
    if parent is not None:
        db.session.execute(
            update(Page).where(Page.id == parent.id).values(child_count=Page.child_count + count)
        )
    return list(db.session.scalars(select(Page).where(Page.path.startswith(f"{folder}{prefix}-"))))


def bulk_links(target: Page, sources: list[Page]) -> None:
    """Each of `sources` links to `target` (as its current revision would by title)."""
    db.session.execute(
        insert(PageLink),
        [
            {
                "source_page_id": source.id,
                "target_key": target.title_key,
                "target_page_id": target.id,
            }
            for source in sources
        ],
    )
    db.session.commit()
