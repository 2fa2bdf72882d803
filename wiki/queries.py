"""Reading the wiki: each function is one or two queries, whatever the wiki's size."""

import functools
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ARRAY,
    JSON,
    ColumnElement,
    Integer,
    Row,
    Select,
    Subquery,
    and_,
    bindparam,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Bundle, aliased

from hub.access import Action, permissions_of
from hub.auth.models import User
from hub.extensions import db
from hub.features import LinkingItem, LinkingItems
from hub.workspaces.models import Workspace
from wiki.links import page_url
from wiki.models import (
    Page,
    PageItemLink,
    PageLink,
    PageRedirect,
    PageTag,
    Revision,
    Section,
    Watch,
)
from wiki.paths import HOME_PATH
from wiki.rendering import HistoryLine, TreeEntry

HISTORY_PER_PAGE = 50
RECENT_PER_PAGE = 50
LINKING_PAGES_PER_PAGE = 50
TAGGED_PER_PAGE = 50
TAGS_PER_PAGE = 200
# Tags are slugs (letters, digits, hyphens): a space never occurs in one.
_TAG_SEPARATOR = " "


def sections_of(workspace: Workspace) -> list[Section]:
    return list(
        db.session.scalars(
            select(Section)
            .where(Section.workspace_id == workspace.id)
            .order_by(Section.position, Section.name)
        )
    )


# The page view's statements are built once: building a statement costs about as much as
# running it, and every page view needs these.
_PAGE_AT_PATH = (
    select(Page)
    .where(Page.workspace_id == bindparam("workspace_id"), Page.path == bindparam("path"))
    .options(
        db.joinedload(Page.current_revision).joinedload(Revision.author),
        db.joinedload(Page.section),
        db.joinedload(Page.tags),
    )
)
_PAGE_BY_OLD_PATH = (
    select(Page)
    .join(PageRedirect, PageRedirect.page_id == Page.id)
    .where(
        PageRedirect.workspace_id == bindparam("workspace_id"),
        PageRedirect.old_path == bindparam("path"),
    )
)


def find_page(workspace: Workspace, path: str) -> tuple[Page | None, bool]:
    """The page at `path`, or the page an old path redirects to; and whether it redirected.
    The current revision, its author, the section and the tags come in the same query."""
    where = {"workspace_id": workspace.id, "path": path}
    page = db.session.execute(_PAGE_AT_PATH, where).unique().scalar_one_or_none()
    if page is not None:
        return page, False
    page = db.session.scalar(_PAGE_BY_OLD_PATH, where)
    return page, page is not None


#: What trees, breadcrumbs and link lists show of a page. They show a few columns of many
#: pages: rows of these cost far less to load than Page objects.
_ENTRY_COLUMNS = (
    Page.id,
    Page.section_id,
    Page.parent_id,
    Page.path,
    Page.title,
    Page.title_key,
    Page.protected,
)


@dataclass
class Batch:
    """One batch of a list paged by keyset: its rows, the key the next batch starts after
    (None for the last batch) and the key the previous batch ends before (None for the
    first batch)."""

    items: list  # rows, or what a query made of them
    next_after: int | str | None
    previous_before: int | str | None = None


def _batch(rows: list[Row], size: int, key) -> Batch:
    shown = rows[:size]
    return Batch(shown, key(shown[-1]) if len(rows) > size else None)


@dataclass(frozen=True)
class KeysetOrder:
    """The order of a list paged by keyset: by `column`, then by `id` (which breaks ties),
    both ascending or both descending. A batch's address names the id of the row it starts
    after or ends before; the row's `key` attribute holds it. A list ordered by a unique
    column alone has it as both `column` and `id`."""

    column: ColumnElement
    id: ColumnElement
    descending: bool = False
    key: str = "id"

    def sort(
        self, *, reverse: bool = False, of: Subquery | None = None, fixed: tuple = ()
    ) -> tuple:
        """The ORDER BY of this order (or of its reverse), on the table's columns or on those
        of a subquery `of` that holds them under the same names. `fixed` columns, which the
        list's conditions hold NULL, lead it in the same direction: PostgreSQL does not take
        "IS NULL" as fixing a column, and without them it would sort the whole list rather
        than read it in the order of an index that starts with them."""
        down = self.descending != reverse
        leading = tuple(column.desc() if down else column for column in fixed)
        column, id_ = (
            (self.column, self.id) if of is None else (of.c[self.column.key], of.c[self.id.key])
        )
        if self.column is self.id:
            return (*leading, id_.desc() if down else id_)
        return (*leading, column.desc(), id_.desc()) if down else (*leading, column, id_)

    def beyond(self, row_id: int, within, *, reverse: bool = False):
        """The rows after the row with id `row_id` in this order (before it, `reverse`).
        `within` confines that row to the list's scope (a section, a workspace), so that an
        id from elsewhere continues nothing. The plain range comes first: an index serves
        it, and not the "or"."""
        earlier = self.descending != reverse
        if self.column is self.id:
            return self.id < row_id if earlier else self.id > row_id
        key = select(self.column).where(self.id == row_id, within).correlate(None)
        key = key.scalar_subquery()
        if earlier:
            return and_(
                self.column <= key,
                or_(self.column < key, and_(self.column == key, self.id < row_id)),
            )
        return and_(
            self.column >= key,
            or_(self.column > key, and_(self.column == key, self.id > row_id)),
        )


#: The orders of the section page: by title, or the last changed first.
BY_TITLE = KeysetOrder(Page.title_key, Page.id)
LAST_CHANGED_FIRST = KeysetOrder(Page.updated_at, Page.id, descending=True)
LISTING_ORDERS = {"title": BY_TITLE, "changed": LAST_CHANGED_FIRST}


def keyset_batch(
    query: Select,
    order: KeysetOrder,
    *,
    size: int,
    within=None,
    after: int | None = None,
    before: int | None = None,
    scalars: bool = False,
    then: Callable[[Subquery], Select] | None = None,
    fixed: tuple = (),
) -> Batch:
    """`size` rows of `query` in `order`: the first ones, or those after the row with id
    `after`, or those before the row with id `before` (read backwards from it, then put back
    in order). One statement, which reads about `size` entries of an index that serves the
    order, however long the list. Rows, or the objects of an entity query with `scalars`.
    `fixed`: the columns `query` holds NULL, ahead of the order's in its index
    (KeysetOrder.sort).

    With `then`, `query` only picks the batch (its columns: the order's and the ids, which
    an index may hold alone) and `then` makes the rows shown from it, as a subquery: what
    they show of each page (its text, its author) is read for the batch only, never for the
    rows the database looks at to find it."""

    def read(statement: Select, reverse: bool = False) -> list:
        if then is not None:
            batch = statement.subquery("batch")
            statement = then(batch).order_by(*order.sort(reverse=reverse, of=batch))
        if scalars:
            return list(db.session.execute(statement).scalars())
        # Plain rows, on the session's connection: the ORM's pass over each of a batch's
        # rows costs more than reading it.
        return db.session.connection().execute(statement).all()

    def key(row) -> int:
        return getattr(row, order.key)

    if before is not None and after is None:
        rows = read(
            query.where(order.beyond(before, within, reverse=True))
            .order_by(*order.sort(reverse=True, fixed=fixed))
            .limit(size + 1),
            reverse=True,
        )
        shown = rows[:size][::-1]
        return Batch(
            shown,
            next_after=key(shown[-1]) if shown else None,
            previous_before=key(shown[0]) if len(rows) > size else None,
        )
    if after is not None:
        query = query.where(order.beyond(after, within))
    rows = read(query.order_by(*order.sort(fixed=fixed)).limit(size + 1))
    shown = rows[:size]
    return Batch(
        shown,
        next_after=key(shown[-1]) if len(rows) > size else None,
        previous_before=key(shown[0]) if after is not None and shown else None,
    )


class Neighbour(NamedTuple):
    """A page around the one viewed (_ENTRY_COLUMNS), the part of its surroundings it is in,
    how many pages that part has in all, and whether it has pages under it. Rows are read
    into these by position: the page view reads eighty of them, and a row's attributes by
    name cost more than the statement."""

    id: int
    section_id: int
    parent_id: int | None
    path: str
    title: str
    title_key: str
    protected: bool
    part: str
    total: int
    has_children: bool


@dataclass
class Surroundings:
    """What a page view shows around the page: the pages above it, a few of its siblings
    either side of it, a few of the pages under it and of the pages that link to it; with
    how many of each there are in all."""

    ancestors: list[Neighbour]
    siblings_before: list[Neighbour]
    siblings_after: list[Neighbour]
    children: list[Neighbour]
    backlinks: list[Neighbour]
    more_before: int = 0
    more_after: int = 0
    child_count: int = 0
    backlink_count: int = 0


#: The sidebar shows this many siblings either side of the page, and this many children.
SIBLINGS_SHOWN = 7
CHILDREN_SHOWN = 15
#: "What links here" on a page lists this many; its own page lists them all.
BACKLINKS_SHOWN = 50


#: "N more…" counts this far past the pages shown, and lists that say how long they are
#: this far; beyond, they say "1,000+": counting ten thousand siblings would cost more than
#: the rest of the page view.
COUNTED_UP_TO = 1_000


def _has_children(child_count=Page.child_count):
    """Whether a listed page has live pages under it (from the count it keeps): trees show
    those as branches that open."""
    return (child_count > 0).label("has_children")


_HOME = aliased(Page, name="home")


def _not_home(workspace_id) -> ColumnElement:
    """Not the wiki's home page, which no branch lists: told by its id, which every index of
    pages holds, so that a branch's pages are counted from an index alone."""
    home_id = select(_HOME.id).where(_HOME.workspace_id == workspace_id, _HOME.path == HOME_PATH)
    return Page.id != func.coalesce(home_id.scalar_subquery(), 0)


def _count_up_to(limit: int, *where) -> Select:
    """How many rows meet `where`, counted no further than `limit` + 1."""
    counted = select(literal(1)).where(*where).limit(limit + 1)
    return select(func.count()).select_from(counted.subquery())


def _part(name: str, *where, order=(), limit: int | None = None, branches: bool = False):
    """One bounded part of the neighbourhood statement: its live rows, labelled with the
    part's name and with how many rows match in all, up to COUNTED_UP_TO more than it shows,
    and (`branches`) whether each has pages under it.
    Counted apart (once a statement): a window count would read every matching row.
    Only the ancestors name the workspace: a section, a parent or a link is in one already,
    and a workspace condition leads SQLite to walk the workspace's title index instead."""
    where = (Page.deleted_at.is_(None), *where)
    total = _count_up_to((limit or 0) + COUNTED_UP_TO, *where).scalar_subquery()
    query = select(
        *_ENTRY_COLUMNS,
        literal(name).label("part"),
        total.label("total"),
        _has_children() if branches else false().label("has_children"),
    ).where(*where)
    if limit is not None:
        query = query.order_by(*order).limit(limit)
    return select(query.subquery())


def _siblings_of(top_level: bool):
    if top_level:
        return (
            Page.parent_id.is_(None),
            Page.section_id == bindparam("section_id"),
            _not_home(bindparam("workspace_id")),
        )
    return (Page.parent_id == bindparam("parent_id"), Page.section_id == bindparam("section_id"))


def _around_page(top_level: bool):
    # Siblings come in title order, then id: the page's own place is (title_key, id). The
    # plain range on the title comes first: an index serves it, and not the "or".
    before = and_(
        Page.title_key <= bindparam("title_key"),
        or_(
            Page.title_key < bindparam("title_key"),
            and_(Page.title_key == bindparam("title_key"), Page.id < bindparam("page_id")),
        ),
    )
    after = and_(
        Page.title_key >= bindparam("title_key"),
        or_(
            Page.title_key > bindparam("title_key"),
            and_(Page.title_key == bindparam("title_key"), Page.id > bindparam("page_id")),
        ),
    )
    siblings = _siblings_of(top_level)
    # The columns the siblings' conditions hold NULL lead their order (KeysetOrder.sort).
    fixed = (Page.parent_id, Page.deleted_at) if top_level else (Page.deleted_at,)
    # A top-level page has no ancestors: its statement has no such part (and no list of
    # paths to expand into it on every view).
    ancestors = (
        ()
        if top_level
        else (
            _part(
                "ancestor",
                Page.workspace_id == bindparam("workspace_id"),
                Page.path.in_(bindparam("ancestor_paths", expanding=True)),
            ),
        )
    )
    return union_all(
        *ancestors,
        _part(
            "before",
            *siblings,
            before,
            order=BY_TITLE.sort(reverse=True, fixed=fixed),
            limit=SIBLINGS_SHOWN,
            branches=True,
        ),
        _part(
            "after",
            *siblings,
            after,
            order=BY_TITLE.sort(fixed=fixed),
            limit=SIBLINGS_SHOWN,
            branches=True,
        ),
        _part(
            "child",
            Page.parent_id == bindparam("page_id"),
            order=BY_TITLE.sort(fixed=(Page.deleted_at,)),
            limit=CHILDREN_SHOWN,
            branches=True,
        ),
        _backlinks_part(),
    )


_DUPLICATE = aliased(PageLink, name="duplicate")


def _first_links_to(page_id):
    """Each other page's first link to the page with id `page_id` (a page may link twice, by
    title and by path: it counts once)."""
    return (
        PageLink.target_page_id == page_id,
        PageLink.source_page_id != page_id,
        ~exists().where(
            _DUPLICATE.target_page_id == PageLink.target_page_id,
            _DUPLICATE.source_page_id == PageLink.source_page_id,
            _DUPLICATE.id < PageLink.id,
        ),
    )


def _linking(page_id):
    """Live pages other than the page with id `page_id`, joined to their first link to it."""
    return (*_first_links_to(page_id), Page.deleted_at.is_(None))


def _linking_pages(page_id) -> Select:
    """The pages that link to the page with id `page_id`, as rows of _ENTRY_COLUMNS: ordered
    by their id (the newest first), the index of links by target and source gives a batch of
    thousands in order, with no sort."""
    return (
        select(*_ENTRY_COLUMNS)
        .select_from(PageLink)
        .join(Page, Page.id == PageLink.source_page_id)
        .where(*_linking(page_id))
    )


def _count_linking(page_id, limit: int) -> Select:
    """How many pages link to the page with id `page_id`, counted no further than `limit` + 1:
    from the index of links alone (a deleted page has no links)."""
    sources = (
        select(PageLink.source_page_id)
        .where(PageLink.target_page_id == page_id, PageLink.source_page_id != page_id)
        .distinct()
        .limit(limit + 1)
    )
    return select(func.count()).select_from(sources.subquery())


def _backlinks_part():
    """The neighbourhood's part of the pages that link to the page: the newest of them, and
    how many there are, up to COUNTED_UP_TO past those shown."""
    page_id = bindparam("page_id")
    total = _count_linking(page_id, BACKLINKS_SHOWN + COUNTED_UP_TO).scalar_subquery()
    # The newest ones' ids from the index of links alone, then those pages, one by one: a
    # deleted page has no links (delete_page), so the limit comes before reading the pages.
    # (Joined first, PostgreSQL walked the pages from the newest down to the last shown.)
    newest = (
        select(PageLink.source_page_id)
        .where(*_first_links_to(page_id))
        .order_by(PageLink.source_page_id.desc())
        .limit(BACKLINKS_SHOWN)
        .subquery()
    )
    shown = (
        select(*_ENTRY_COLUMNS)
        .join(newest, newest.c.source_page_id == Page.id)
        .where(Page.deleted_at.is_(None))
        .order_by(Page.id.desc())
        .subquery()
    )
    return select(
        shown,
        literal("backlink").label("part"),
        total.label("total"),
        false().label("has_children"),
    )


# Built once, like the page view's other statements: one for top-level pages, one for the rest.
_AROUND_TOP_LEVEL_PAGE = _around_page(top_level=True)
_AROUND_NESTED_PAGE = _around_page(top_level=False)


def surroundings(page: Page) -> Surroundings:
    """One statement for the pages above `page`, a few siblings either side of it, a few pages
    under it and a few live pages whose current revision links to it, and how many of each.
    Each part is limited and found by an index: the cost stays the same whatever the section's
    size."""
    segments = page.path.split("/")
    ancestor_paths = ["/".join(segments[:depth]) for depth in range(1, len(segments))]
    values = {
        "workspace_id": page.workspace_id,
        "section_id": page.section_id,
        "page_id": page.id,
        "title_key": page.title_key,
    }
    if page.parent_id is None:
        statement = _AROUND_TOP_LEVEL_PAGE
    else:
        statement = _AROUND_NESTED_PAGE
        values.update(parent_id=page.parent_id, ancestor_paths=ancestor_paths)
    # Plain rows, on the session's connection: the ORM's pass costs as much as the statement.
    rows = db.session.connection().execute(statement, values).all()
    parts: dict[str, list[Neighbour]] = {
        part: [] for part in ("ancestor", "before", "after", "child", "backlink")
    }
    for row in map(Neighbour._make, rows):
        parts[row.part].append(row)

    def total(part: str) -> int:
        return parts[part][0].total if parts[part] else 0

    by_path = {row.path: row for row in parts["ancestor"]}
    return Surroundings(
        ancestors=[by_path[path] for path in ancestor_paths if path in by_path],
        siblings_before=parts["before"][::-1],
        siblings_after=parts["after"],
        children=parts["child"],
        backlinks=parts["backlink"],
        more_before=total("before") - len(parts["before"]),
        more_after=total("after") - len(parts["after"]),
        child_count=total("child"),
        backlink_count=total("backlink"),
    )


@dataclass
class CountedBatch(Batch):
    """A batch of a list whose length is cheap to know, up to COUNTED_UP_TO + 1."""

    total: int = 0


_NEWEST_SOURCE_FIRST = KeysetOrder(
    PageLink.source_page_id, PageLink.source_page_id, descending=True
)


def linking_pages(
    page: Page, *, after: int | None = None, before: int | None = None
) -> CountedBatch:
    """Live pages whose current revision links to `page`, newest page first, a batch at a
    time from the page after (or before) the page with id `after` (`before`); and how many
    there are, up to COUNTED_UP_TO + 1. Two statements: the index of links by target
    and source gives a batch in order, whatever the number of linking pages."""
    batch = keyset_batch(
        _linking_pages(page.id),
        _NEWEST_SOURCE_FIRST,
        size=LINKING_PAGES_PER_PAGE,
        after=after,
        before=before,
    )
    total = db.session.scalar(_count_linking(page.id, COUNTED_UP_TO))
    return CountedBatch(batch.items, batch.next_after, batch.previous_before, total=total)


_NEWEST_REVISION_FIRST = KeysetOrder(
    Revision.number, Revision.number, descending=True, key="number"
)


def history(page: Page, *, after: int | None = None, before: int | None = None) -> Batch:
    """The page's revisions, newest first, HISTORY_PER_PAGE at a time from the revision after
    (or before) revision number `after` (`before`): one statement on the index of a page's
    revision numbers, however long the history. How many there are is the current revision's
    number."""
    # The list shows sizes and summaries, as plain rows: the texts stay in the database, and
    # rows cost far less to load than Revision objects.
    query = (
        select(*_HISTORY_COLUMNS)
        .outerjoin(User, User.id == Revision.author_id)
        .where(Revision.page_id == page.id)
    )
    batch = keyset_batch(
        query, _NEWEST_REVISION_FIRST, size=HISTORY_PER_PAGE, after=after, before=before
    )
    batch.items = [HistoryLine(*row) for row in batch.items]
    return batch


#: What a page's history shows of each revision (wiki.rendering.HistoryLine).
_HISTORY_COLUMNS = (
    Revision.number,
    Revision.created_at,
    User.display_name.label("author_name"),
    Revision.size,
    Revision.size_delta,
    Revision.summary,
    Revision.reverted_to_number,
)


def revision_of(page: Page, number: int) -> Revision | None:
    return db.session.scalar(
        select(Revision)
        .where(Revision.page_id == page.id, Revision.number == number)
        .options(db.joinedload(Revision.author))
    )


@dataclass
class PageView:
    """What the page view shows. `revision` and `section` are plain rows: the current
    revision's number, html, headings, created_at and author_name; the section's id, slug,
    name and protect_new_pages. The page's relationships are not loaded."""

    page: Page
    redirected: bool
    revision: Row | None = None
    section: Row | None = None
    tags: list[str] = field(default_factory=list)
    watching_page: bool = False
    watching_section: bool = False


def _watching(*condition):
    return exists().where(Watch.user_id == bindparam("user_id"), *condition)


def section_at(workspace: Workspace, slug: str, reader: User) -> tuple[Section, bool] | None:
    """The workspace's section called `slug`, and whether `reader` watches it."""
    row = db.session.execute(
        select(Section, _watching(Watch.section_id == Section.id)).where(
            Section.workspace_id == workspace.id, Section.slug == slug
        ),
        {"user_id": reader.id},
    ).first()
    return (row[0], bool(row[1])) if row is not None else None


# The page view's own statement, one row: the page, the columns it shows of its section and
# current revision (plain values cost far less to load than more objects), its tags as one
# string (a joined collection would repeat the row for every tag), and whether the reader
# watches the page or its section.
_PAGE_FOR_VIEW = (
    select(
        Page,
        Bundle("section", Section.id, Section.slug, Section.name, Section.protect_new_pages),
        Bundle(
            "revision",
            Revision.number,
            Revision.html,
            Revision.headings,
            Revision.created_at,
            User.display_name.label("author_name"),
        ),
        select(func.aggregate_strings(PageTag.tag, _TAG_SEPARATOR))
        .where(PageTag.page_id == Page.id)
        .scalar_subquery()
        .label("tags"),
        _watching(Watch.page_id == Page.id).label("watching_page"),
        _watching(Watch.section_id == Page.section_id).label("watching_section"),
    )
    .join(Section, Section.id == Page.section_id)
    .outerjoin(Revision, Revision.id == Page.current_revision_id)
    .outerjoin(User, User.id == Revision.author_id)
    .where(Page.workspace_id == bindparam("workspace_id"), Page.path == bindparam("path"))
)


def page_view(workspace: Workspace, path: str, reader: User) -> PageView | None:
    """The page at `path` with what its view shows; or the page an old path redirects to."""
    row = db.session.execute(
        _PAGE_FOR_VIEW, {"workspace_id": workspace.id, "path": path, "user_id": reader.id}
    ).first()
    if row is None:
        page, redirected = find_page(workspace, path)
        return PageView(page, redirected) if page is not None else None
    return PageView(
        row.Page,
        redirected=False,
        revision=row.revision if row.revision.number is not None else None,
        section=row.section,
        tags=sorted(row.tags.split(_TAG_SEPARATOR)) if row.tags else [],
        watching_page=bool(row.watching_page),
        watching_section=bool(row.watching_section),
    )


NEWEST_CHANGE_FIRST = KeysetOrder(Revision.created_at, Revision.id, descending=True)


def recent_changes_query(
    workspace: Workspace,
    *,
    section: Section | None = None,
    author: User | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select:
    """Revisions of live pages, newest first, with page, section and author loaded. Each
    revision names its workspace and section: the index of either, read from its newest end,
    gives the newest revisions without sorting the others (recent_changes pages through it)."""
    query = (
        select(Revision)
        .join(Page, Page.id == Revision.page_id)
        .where(Page.deleted_at.is_(None))
        .options(
            db.contains_eager(Revision.page).joinedload(Page.section),
            db.joinedload(Revision.author),
            # Lists show titles, sizes and summaries: leave the texts in the database.
            db.defer(Revision.body),
            db.defer(Revision.html),
        )
        .order_by(*NEWEST_CHANGE_FIRST.sort())
    )
    # A section is the workspace's (the filter offers only those): naming the workspace as
    # well could lead the database to read the workspace's index and skip other sections'.
    if section is not None:
        query = query.where(Revision.section_id == section.id)
    else:
        query = query.where(Revision.workspace_id == workspace.id)
    if author is not None:
        query = query.where(Revision.author_id == author.id)
    if since is not None:
        query = query.where(Revision.created_at >= since)
    if until is not None:
        query = query.where(Revision.created_at < until)
    return query


def recent_changes(
    workspace: Workspace,
    query: Select | None = None,
    *,
    size: int = RECENT_PER_PAGE,
    after: int | None = None,
    before: int | None = None,
) -> Batch:
    """`size` of the workspace's newest revisions (of `query`, a recent_changes_query of it
    with its filters, if given), from the revision after (or before) the revision with id
    `after` (`before`), as Revision objects with page, section and author. One statement,
    which reads about `size` entries of an index whatever the number of revisions."""
    return keyset_batch(
        (query if query is not None else recent_changes_query(workspace)).order_by(None),
        NEWEST_CHANGE_FIRST,
        size=size,
        within=Revision.workspace_id == workspace.id,
        after=after,
        before=before,
        scalars=True,
    )


def pages_linking_to_item(
    workspace: Workspace, reader: User, kind: str, item_id: int, limit: int
) -> LinkingItems:
    """The live pages of `workspace` whose current revision names item `kind`:`item_id` (a
    document's page lists them), by title: `limit` of them and how many more, in one
    statement. Any member may read any live page; others see none."""
    label = _l("Wiki pages")
    if Action.VIEW not in permissions_of(reader, workspace):
        return LinkingItems(label)
    rows = db.session.execute(
        select(Page.title, Page.path, func.count().over().label("total"))
        .join(PageItemLink, PageItemLink.page_id == Page.id)
        .where(
            PageItemLink.workspace_id == workspace.id,
            PageItemLink.kind == kind,
            PageItemLink.item_id == item_id,
            Page.workspace_id == workspace.id,
            Page.deleted_at.is_(None),
        )
        .order_by(Page.title_key, Page.id)
        .limit(limit)
    ).all()
    items = tuple(LinkingItem(row.title, page_url(workspace, row.path)) for row in rows)
    return LinkingItems(label, items, more=rows[0].total - len(rows) if rows else 0)


def page_count(workspace: Workspace) -> int:
    return db.session.scalar(
        select(db.func.count())
        .select_from(Page)
        .where(Page.workspace_id == workspace.id, Page.deleted_at.is_(None))
    )


# --- a section's reading order (the Toolkit's previous and next pages) ------------------

#: Deeper than any page can be (a path is at most 255 characters): it stops a walk down a
#: tree whose parents somehow loop.
_DEEPEST = 128


def _in_tree_of(page: Page | Row) -> tuple:
    return (Page.deleted_at.is_(None), Page.section_id == page.section_id, Page.path != HOME_PATH)


# Made once: an alias made anew on every call has SQLAlchemy adapt each of its columns again.
_DESCENDANT = aliased(Page, name="descendant")


def _last_descendant(page: Row):
    """The last page of `page`'s branch in reading order: its last child's last child... (a
    walk down, one row a level), labelled with its depth."""
    child = _DESCENDANT
    descent = select(literal(page.id).label("id"), literal(0).label("depth")).cte(
        "descent", recursive=True
    )
    last_child = (
        select(child.id)
        .where(
            child.parent_id == descent.c.id,
            child.deleted_at.is_(None),
            child.section_id == page.section_id,
        )
        .order_by(child.title_key.desc(), child.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    descent = descent.union_all(
        select(last_child, descent.c.depth + 1).where(
            descent.c.id.is_not(None), descent.c.depth < _DEEPEST
        )
    )
    return select(
        select(*_ENTRY_COLUMNS, literal("previous").label("part"), descent.c.depth.label("rank"))
        .join(descent, descent.c.id == Page.id)
        .order_by(descent.c.depth.desc())
        .limit(1)
        .subquery()
    )


def _next_sibling(page: Row, rank: int):
    """The first page after `page` among its siblings, labelled with `rank`."""
    parent = Page.parent_id == page.parent_id if page.parent_id else Page.parent_id.is_(None)
    return select(
        select(*_ENTRY_COLUMNS, literal("next").label("part"), literal(rank).label("rank"))
        .where(
            *_in_tree_of(page),
            parent,
            or_(
                Page.title_key > page.title_key,
                and_(Page.title_key == page.title_key, Page.id > page.id),
            ),
        )
        .order_by(Page.title_key, Page.id)
        .limit(1)
        .subquery()
    )


def neighbours(page: Page, around: Surroundings) -> tuple[Row | None, Row | None]:
    """The pages before and after `page` in its section's reading order (each page, then the
    pages under it, by title at each level). Before it: its previous sibling's last descendant,
    or else its parent. After it: its first child, or its next sibling, or the next sibling of
    its nearest ancestor that has one. At most one statement, whatever the section's size."""
    parts = []
    previous = around.ancestors[-1] if page.parent_id and around.ancestors else None
    if around.siblings_before:
        parts.append(_last_descendant(around.siblings_before[-1]))
    following = (around.children or around.siblings_after or [None])[0]
    if following is None:
        parts += [
            _next_sibling(ancestor, rank)
            for rank, ancestor in enumerate(reversed(around.ancestors))
        ]
    if parts:
        rows = db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all()
        previous = next((row for row in rows if row.part == "previous"), previous)
        nexts = sorted((row for row in rows if row.part == "next"), key=lambda row: row.rank)
        following = nexts[0] if nexts else following
    return previous, following


# --- a section's page: a batch of its pages with a line of each and their last change ----

#: The section page lists this many pages at a time, and this many children of each. Each
#: listed page costs a row and its children's rows: at fifty, a full batch took 1.4 times
#: the time of the demo's six pages, at twenty-five 1.2.
LISTED_PER_PAGE = 25
CHILDREN_LISTED = 5


class ListedPage(NamedTuple):
    """A page as the section page lists it: its last change, a line of what it is about and
    the first few pages under it, with how many there are in all. A value, hashable: the
    section page keeps each rendered row under it (wiki.rendering)."""

    id: int
    path: str
    title: str
    protected: bool
    changed_at: datetime | None
    author_name: str | None
    summary: str
    children: tuple[TreeEntry, ...] = ()
    child_count: int = 0


def _after(page_id: int, within):
    """Pages after the page with id `page_id` in title order (then id): where a batch that
    ended at that page continues. `within` confines that page to the listing's scope (its
    section or workspace), so an id from elsewhere continues nothing."""
    return BY_TITLE.beyond(page_id, within)


def section_listing(
    section: Section,
    *,
    under: Page | None = None,
    title: str = "",
    sort: str = "title",
    after: int | None = None,
    before: int | None = None,
) -> CountedBatch:
    """LISTED_PER_PAGE of the section's live pages by title (or, `sort` "changed", the last
    changed first), from the page after (or before) the page with id `after` (`before`): its
    top-level pages, or the pages under `under`, or with a `title` (a title key) every page
    whose title contains it. Each comes with its summary line, its last change and its first
    CHILDREN_LISTED children. How many pages there are is counted up to COUNTED_UP_TO
    + 1 for a branch (an index gives them), not for a title (which reads every title).
    Two statements, which read no revision's text, however large the section."""
    in_listing = [Page.section_id == section.id, Page.deleted_at.is_(None)]
    if title:
        in_listing.append(Page.title_key.contains(title, autoescape=True))
        fixed = ()
    elif under is not None:
        in_listing.append(Page.parent_id == under.id)
        fixed = (Page.deleted_at,)
    else:
        in_listing.append(Page.parent_id.is_(None))
        fixed = (Page.parent_id, Page.deleted_at)
    in_listing.append(_not_home(section.workspace_id))
    counted = (
        _count_up_to(COUNTED_UP_TO, *in_listing).scalar_subquery() if not title else literal(None)
    )

    def shown(batch: Subquery) -> Select:
        return (
            select(
                Page.id,
                Page.path,
                Page.title,
                Page.protected,
                Revision.created_at.label("changed_at"),
                User.display_name.label("author_name"),
                Page.summary_line,
                counted.label("total"),
                Page.child_count if not title else literal(0),
            )
            .select_from(batch)
            .join(Page, Page.id == batch.c.id)
            .outerjoin(Revision, Revision.id == Page.current_revision_id)
            .outerjoin(User, User.id == Revision.author_id)
        )

    order = LISTING_ORDERS.get(sort, BY_TITLE)
    batch = keyset_batch(
        select(Page.id, order.column).where(*in_listing),
        order,
        size=LISTED_PER_PAGE,
        within=Page.section_id == section.id,
        after=after,
        before=before,
        then=shown,
        fixed=fixed,
    )
    children = _children_of([row.id for row in batch.items]) if batch.items and not title else {}
    listed = []
    # By position: fifty rows' attributes by name cost more than the rest of this.
    for row in batch.items:
        id_, path, page_title, protected, changed_at, author_name, summary, _, child_count = row
        listed.append(
            ListedPage(
                id_,
                path,
                page_title,
                protected,
                changed_at,
                author_name,
                summary,
                tuple(children.get(id_, ())),
                child_count,
            )
        )
    total = batch.items[0].total if batch.items else None
    return CountedBatch(listed, batch.next_after, batch.previous_before, total)


_LISTED_CHILD = aliased(Page, name="listed_child")


def _children_statement(lateral: bool) -> Select:
    """The first CHILDREN_LISTED live children of each page of a batch (`parent_ids`), in
    title order, and whether each has pages under it. Each page's first few
    are read from the index of live children by title, a few entries a page, never all its
    children (numbering them all cost more than the rest of the section page): PostgreSQL
    reads them through a lateral subquery; SQLite, which has none, looks up each child the
    subquery names (the children of a page are "in" its first few).
    The batch's ids are one parameter, an array (PostgreSQL) or a JSON list (SQLite), read
    as a table: as a list of fifty, each statement would be written out and planned anew."""
    child = _LISTED_CHILD
    if lateral:
        ids = bindparam("parent_ids", type_=ARRAY(Integer))
        listed = func.unnest(ids).table_valued("id").render_derived(name="listed")
        parent_id = listed.c.id
    else:
        listed = func.json_each(bindparam("parent_ids", type_=JSON)).table_valued("value")
        parent_id = listed.c.value
    first = (
        select(child.id, child.path, child.title, child.title_key, child.child_count)
        .where(child.parent_id == parent_id, child.deleted_at.is_(None))
        # deleted_at (NULL in all of them) first: the index's own order, which PostgreSQL
        # then reads a few entries of instead of sorting all of a page's children.
        .order_by(child.deleted_at, child.title_key, child.id)
        .limit(CHILDREN_LISTED)
    )
    if lateral:
        first_children = first.lateral("first_children")
        joined = select(listed).join(first_children, true())
        shown = first_children.c
    else:
        shown = aliased(Page, name="shown_child")
        first_ids = first.with_only_columns(child.id).correlate(listed)
        joined = select(listed).join(shown, shown.id.in_(first_ids))
    # TreeEntry's columns first.
    return joined.with_only_columns(
        shown.id,
        shown.path,
        shown.title,
        _has_children(shown.child_count),
        parent_id.label("parent_id"),
    ).order_by(shown.title_key, shown.id)


# Built once, like the page view's statements.
_CHILDREN_OF_BATCH = {True: _children_statement(True), False: _children_statement(False)}


def _children_of(parent_ids: list[int]) -> dict[int, list[TreeEntry]]:
    """The first CHILDREN_LISTED live children of each of these pages as tree entries: one
    statement for the whole batch. Plain rows, on the session's connection,
    read by position: a section page has a few hundred of them."""
    connection = db.session.connection()
    statement = _CHILDREN_OF_BATCH[connection.dialect.name == "postgresql"]
    rows = connection.execute(statement, {"parent_ids": parent_ids}).all()
    children: dict[int, list[TreeEntry]] = {}
    for id_, path, title, has_children, parent_id in rows:
        children.setdefault(parent_id, []).append(TreeEntry(id_, path, title, bool(has_children)))
    return children


#: A branch opened in a tree (hub/static/js/wiki-tree.js) shows this many pages at a time.
BRANCH_SHOWN = CHILDREN_SHOWN


def branch(section: Section, under: Page | None, after: int | None = None) -> CountedBatch:
    """BRANCH_SHOWN of the live pages right under `under` (or the section's top-level pages)
    by title, from the page after the page with id `after`; whether each has pages under it;
    and (`total`) how many there are from the first of the batch on, up to COUNTED_UP_TO past
    the batch. One statement on the index of a section's pages by parent and title, however
    large the branch."""
    in_branch = [Page.section_id == section.id, Page.deleted_at.is_(None)]
    if under is not None:
        in_branch.append(Page.parent_id == under.id)
        fixed = (Page.deleted_at,)
    else:
        in_branch += [Page.parent_id.is_(None), _not_home(section.workspace_id)]
        fixed = (Page.parent_id, Page.deleted_at)
    in_section = Page.section_id == section.id
    from_here = [*in_branch, _after(after, in_section)] if after is not None else in_branch
    total = _count_up_to(BRANCH_SHOWN + COUNTED_UP_TO, *from_here)
    batch = keyset_batch(
        select(Page.id, Page.title_key).where(*in_branch),
        BY_TITLE,
        size=BRANCH_SHOWN,
        within=in_section,
        after=after,
        then=lambda batch: select(
            *_ENTRY_COLUMNS, _has_children(), total.scalar_subquery().label("total")
        ).join(batch, batch.c.id == Page.id),
        fixed=fixed,
    )
    total = batch.items[0].total if batch.items else 0
    return CountedBatch(batch.items, batch.next_after, total=total)


# --- the wiki home: each section's size and latest pages ---------------------------------

#: The wiki home lists this many of each section's most recently changed pages.
LATEST_PER_SECTION = 5


@dataclass
class SectionSummary:
    """What the wiki home shows of a section: how many live pages it has, the few changed
    last, and (for the Toolkit) its first page, where reading starts."""

    section: Section
    page_count: int = 0
    latest: list[Row] = field(default_factory=list)
    first_page: Row | None = None


def _section_part(section_key: str, name: str, order, limit: int, *where):
    in_section = (
        Page.section_id == bindparam(section_key),
        Page.deleted_at.is_(None),
        Page.path != HOME_PATH,
        *where,
    )
    return select(
        select(
            Page.section_id,
            Page.path,
            Page.title,
            Page.protected,
            Page.updated_at,
            literal(name).label("part"),
            # Counted apart, and only up to a point: a window count would read every row of
            # the section, and the home says "1,000+" for a larger one. The wiki's home page
            # is left out by its id, which the index of a section's branches holds: the count
            # reads that index alone.
            _count_up_to(
                COUNTED_UP_TO,
                Page.section_id == bindparam(section_key),
                Page.deleted_at.is_(None),
                Page.id != bindparam("home_id"),
                *where,
            )
            .scalar_subquery()
            .label("total"),
        )
        .where(*in_section)
        .order_by(*order)
        .limit(limit)
        .subquery()
    )


# Building the statement costs about as much as running it: it is built once for each number
# of sections (a workspace has a handful), with the sections' ids as parameters.
@functools.lru_cache(maxsize=32)
def _summaries_statement(section_count: int):
    """The latest pages of sections section_0... and the first page of section `first`."""
    latest = (Page.updated_at.desc(), Page.id.desc())
    return union_all(
        *(
            _section_part(f"section_{index}", "latest", latest, LATEST_PER_SECTION)
            for index in range(section_count)
        ),
        _section_part("first", "first", (Page.title_key, Page.id), 1, Page.parent_id.is_(None)),
    )


def section_summaries(
    sections: list[Section], first_page_of: str, home: Page | None
) -> list[SectionSummary]:
    """Each section's page count and latest pages, and the first page of the section called
    `first_page_of`; the wiki's `home` page is none of them. One statement, a few rows a
    section, whatever the sections' sizes."""
    summaries = {section.id: SectionSummary(section) for section in sections}
    if not sections:
        return []
    first = next((section.id for section in sections if section.slug == first_page_of), None)
    ids = {f"section_{index}": section.id for index, section in enumerate(sections)}
    home_id = home.id if home is not None else 0  # ids start at 1
    values = {**ids, "first": first, "home_id": home_id}
    for row in db.session.execute(_summaries_statement(len(sections)), values):
        summary = summaries[row.section_id]
        if row.part == "first":
            summary.first_page = row
        else:
            summary.page_count = row.total
            summary.latest.append(row)
    return list(summaries.values())


# --- tags ------------------------------------------------------------------------------


def pages_tagged(workspace: Workspace, tag: str, after: int | None = None) -> Batch:
    """The workspace's live pages tagged `tag`, by title, TAGGED_PER_PAGE at a time, from
    the page after the page with id `after`: one statement however far down the list."""
    query = (
        select(
            Page.id,
            Page.path,
            Page.title,
            Page.updated_at,
            Section.name.label("section_name"),
            Section.slug.label("section_slug"),
        )
        .join(PageTag, PageTag.page_id == Page.id)
        .join(Section, Section.id == Page.section_id)
        .where(Page.workspace_id == workspace.id, Page.deleted_at.is_(None), PageTag.tag == tag)
        .order_by(Page.title_key, Page.id)
        .limit(TAGGED_PER_PAGE + 1)
    )
    if after is not None:
        query = query.where(_after(after, Page.workspace_id == workspace.id))
    return _batch(db.session.execute(query).all(), TAGGED_PER_PAGE, lambda row: row.id)


def tags_in(workspace: Workspace, after: str | None = None) -> Batch:
    """The tags of the workspace's live pages with their number of pages, alphabetically,
    TAGS_PER_PAGE at a time from the tag after `after`."""
    query = (
        select(PageTag.tag, func.count().label("pages"))
        .join(Page, Page.id == PageTag.page_id)
        .where(Page.workspace_id == workspace.id, Page.deleted_at.is_(None))
        .group_by(PageTag.tag)
        .order_by(PageTag.tag)
        .limit(TAGS_PER_PAGE + 1)
    )
    if after:
        query = query.where(PageTag.tag > after)
    return _batch(db.session.execute(query).all(), TAGS_PER_PAGE, lambda row: row.tag)


# --- recent changes ----------------------------------------------------------------------


def by_day(revisions: Iterable[Revision], zone: tzinfo) -> list[tuple[date, list[Revision]]]:
    """Revisions (newest first) grouped by the day they were saved on in the reader's zone."""
    return [
        (day, list(group))
        for day, group in itertools.groupby(
            revisions, key=lambda each: each.created_at.astimezone(zone).date()
        )
    ]


# --- all pages, A to Z ---------------------------------------------------------------------

#: At a hundred, a full batch took 1.3 times the time of the demo's 33 pages; at fifty 1.2.
INDEX_PER_PAGE = 50
#: The letter bar: a page is under the first letter of its title key, or under "other"
#: (digits, signs, letters beyond a-z).
INDEX_LETTERS = tuple("abcdefghijklmnopqrstuvwxyz")
OTHER_LETTER = "other"


def pages_a_to_z(
    workspace: Workspace, *, letter: str | None = None, title: str = "", after: int | None = None
) -> Batch:
    """The workspace's live pages by title, INDEX_PER_PAGE at a time from the page after the
    page with id `after`: those whose title key starts with `letter` (or with no letter of the
    bar, for OTHER_LETTER) and contains `title`. One statement, on the index of workspace and
    title key, however many pages there are."""
    query = (
        select(
            Page.id,
            Page.path,
            Page.title,
            Section.name.label("section_name"),
            Section.slug.label("section_slug"),
        )
        .join(Section, Section.id == Page.section_id)
        .where(Page.workspace_id == workspace.id, Page.deleted_at.is_(None))
        .order_by(Page.title_key, Page.id)
        .limit(INDEX_PER_PAGE + 1)
    )
    if letter == OTHER_LETTER:
        query = query.where(or_(Page.title_key < "a", Page.title_key >= "{"))
    elif letter is not None:
        # "{" follows "z": every key starting with the letter lies before the next one.
        query = query.where(Page.title_key >= letter, Page.title_key < chr(ord(letter) + 1))
    if title:
        query = query.where(Page.title_key.contains(title, autoescape=True))
    if after is not None:
        query = query.where(_after(after, Page.workspace_id == workspace.id))
    return _batch(db.session.execute(query).all(), INDEX_PER_PAGE, lambda row: row.id)
