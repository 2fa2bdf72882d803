"""The rows of the wiki's lists, each rendered once and kept for every reader who sees it the
same way (hub.fragments): the section page's pages, the trees' entries (sidebar, branches),
the lists of links (pages under a page, what links here), the A–Z index and a page's
history, and the links that close lists ("N more…", "All N pages…"). At full size these
lists have 50 rows where the demo's have 6, and rendering each row anew cost more than the
rest of the page.

A row's key is its data as a hashable value (below), the workspace's slug and the section's,
and the reader's language and time zone (which hub.fragments adds). None of these rows shows
anything that depends on the reader's access: every reader of the list sees the same row.
A page renamed, moved or edited is another row, and another key.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from markupsafe import Markup

from hub.fragments import Fragment

_ROWS = "wiki/_rows.html"


class TreeEntry(NamedTuple):
    """A page in a tree: its control opens its branch when it has pages under it."""

    id: int
    path: str
    title: str
    has_children: bool


class PageLink(NamedTuple):
    path: str
    title: str


class IndexEntry(NamedTuple):
    path: str
    title: str
    section_name: str


class HistoryLine(NamedTuple):
    number: int
    created_at: datetime
    author_name: str | None
    size: int
    size_delta: int
    summary: str
    reverted_to_number: int | None


_tree_item = Fragment(_ROWS, "tree_item", size=4096)
_page_link_item = Fragment(_ROWS, "page_link_item", size=4096)
_listed_page = Fragment(_ROWS, "listed_page", size=2048)
_index_entry = Fragment(_ROWS, "index_entry", size=2048)
_history_row = Fragment(_ROWS, "history_row", size=2048)
# The links that close lists ("N more…", "All N pages…"): a page view has up to five.
_more_pages = Fragment(_ROWS, "more_pages", size=2048)
_all_pages_under = Fragment(_ROWS, "all_pages_under", size=1024)
_all_linking_pages = Fragment(_ROWS, "all_linking_pages", size=1024)


def tree_entry(row) -> TreeEntry:
    return TreeEntry(row.id, row.path, row.title, bool(row.has_children))


def tree_items(rows: Iterable, slug: str, section_slug: str) -> Markup:
    """Rows with id, path, title and has_children, as a tree's list items."""
    return _tree_item.join(map(tree_entry, rows), slug, section_slug)


def page_link_items(rows: Iterable, slug: str) -> Markup:
    """Rows with a path and a title, as list items of links to the pages."""
    return _page_link_item.join((PageLink(row.path, row.title) for row in rows), slug)


def listed_pages(pages: Iterable, slug: str, section_slug: str) -> Markup:
    """The section page's pages (queries.ListedPage, hashable: its children are a tuple of
    TreeEntry)."""
    return _listed_page.join(pages, slug, section_slug)


def index_entries(rows: Iterable, slug: str) -> Markup:
    return _index_entry.join(
        (IndexEntry(row.path, row.title, row.section_name) for row in rows), slug
    )


def history_rows(lines: list[HistoryLine], slug: str, path: str, newest: bool) -> Markup:
    """A batch of a page's history; in the `newest` batch the first two revisions are
    chosen to compare."""
    return _history_row.join_each(
        (line, slug, path, newest and place == 1, newest and place == 0)
        for place, line in enumerate(lines)
    )


def more_pages(
    number: int, slug: str, section_slug: str, under: str | None = None, after: int | None = None
) -> Markup:
    """The link after a branch's first pages, "N more…" (`under`: the path of the page they
    are under; `after`: the id of the last page shown)."""
    return _more_pages(number, slug, section_slug, under, after)


def all_pages_under(number: int, slug: str, section_slug: str, path: str) -> Markup:
    """The link after a page's first children, "All N pages under this one" (`path`: the
    page's)."""
    return _all_pages_under(number, slug, section_slug, path)


def all_linking_pages(number: int, slug: str, path: str) -> Markup:
    """The link after the newest pages that link to a page, "All N pages that link here"
    (`path`: the page's)."""
    return _all_linking_pages(number, slug, path)


#: Used by the wiki's templates.
TEMPLATE_GLOBALS = {
    "wiki_tree_items": tree_items,
    "wiki_page_link_items": page_link_items,
    "wiki_listed_pages": listed_pages,
    "wiki_index_entries": index_entries,
    "wiki_history_rows": history_rows,
    "wiki_more_pages": more_pages,
    "wiki_all_pages_under": all_pages_under,
    "wiki_all_linking_pages": all_linking_pages,
}
