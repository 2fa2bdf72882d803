"""Wiki links: resolving [[targets]] in a few queries, rendering bodies, keeping backlinks.

A page's links are stored by target key (a path, or a title key) whether or not the target
exists yet; when a page appears, moves or is deleted, the pages linking to it are
re-rendered, so stored HTML never shows a stale "create this page" link for long. Its
``[[kind:ID]]`` links to other packages' items are stored by kind and id, found or not: the
item's page lists the pages that name it (hub.features.items_linking_to).

Stored HTML is the same for every reader, so the hub's own words in it (the tooltip of a
link to a missing page) are written in English and put in the reader's language when shown.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import delete, insert, or_, select

from hub.extensions import db
from hub.features import find_link_targets, item_link_resolver, linked_items
from hub.links import hub_path
from hub.markup import (
    MISSING_PAGE_TITLE,
    Heading,
    InternalLink,
    WikiLink,
    extract_wiki_links,
    render_markdown,
)
from hub.workspaces.models import Workspace
from wiki.models import Page, PageItemLink, PageLink, PageRedirect, Revision
from wiki.outline import summary_line
from wiki.paths import looks_like_path, normalise_path, title_key

# Text never makes this (its quotes are escaped); only a link title can, and a member's
# link title saying exactly this would be translated too, which is harmless.
_MISSING_PAGE_TITLE_ATTRIBUTE = f'title="{MISSING_PAGE_TITLE}"'


def in_reader_language(html: str) -> str:
    """Stored (sanitised) HTML, its missing-link tooltips in the reader's language."""
    if _MISSING_PAGE_TITLE_ATTRIBUTE not in html:  # most pages: no lookup at all
        return html
    tooltip = _("This page has not been written yet")
    return html.replace(_MISSING_PAGE_TITLE_ATTRIBUTE, f'title="{escape(tooltip)}"')


def target_key(link: WikiLink) -> str:
    return normalise_path(link.target) if looks_like_path(link.target) else title_key(link.target)


def page_url(workspace: Workspace, path: str) -> str:
    return hub_path("wiki.page", slug=workspace.slug, path=path)


def _find_targets(workspace: Workspace, keys: set[str]) -> dict[str, Page]:
    """Live pages for each key, by path, title or old path (two small queries at most).

    A key that is both a page's path and another page's title (a new page at the old
    address of a page that kept its title) means the page at that path; of two pages with
    the same title, the older one."""
    if not keys:
        return {}
    live = (Page.workspace_id == workspace.id, Page.deleted_at.is_(None))
    pages = db.session.scalars(
        select(Page)
        .where(*live, or_(Page.path.in_(keys), Page.title_key.in_(keys)))
        .order_by(Page.id)
    ).all()
    found: dict[str, Page] = {page.path: page for page in pages if page.path in keys}
    for page in pages:
        if page.title_key in keys:
            found.setdefault(page.title_key, page)
    missing = keys - found.keys()
    if missing:
        redirected = db.session.execute(
            select(PageRedirect.old_path, Page)
            .join(Page, Page.id == PageRedirect.page_id)
            .where(PageRedirect.workspace_id == workspace.id, PageRedirect.old_path.in_(missing))
            .where(*live)
        )
        for old_path, page in redirected:
            found[old_path] = page
    return found


def _create_url(workspace: Workspace, link: WikiLink) -> str:
    """The new-page form, filled in so the page it creates is the one the link names."""
    if not looks_like_path(link.target):
        return hub_path("wiki.new_page", slug=workspace.slug, title=link.target)
    parent, _, title = normalise_path(link.target).rpartition("/")
    if not parent:
        return hub_path("wiki.new_page", slug=workspace.slug, title=title)
    return hub_path("wiki.new_page", slug=workspace.slug, title=title, parent=parent)


@dataclass
class RenderedBody:
    """A body as stored with its revision, and the links to store with the page."""

    html: str
    headings: list[Heading]
    #: Each page-link key with the page it reaches (None: missing).
    targets: dict[str, Page | None]
    #: The kind and id of each item of another package its ``[[kind:ID]]`` links name,
    #: found or not.
    items: set[tuple[str, int]]


def render_body(workspace: Workspace, body: str) -> RenderedBody:
    """The body's HTML and headings, and the pages and items its links reach."""
    links = extract_wiki_links(body)
    keys = {target_key(link) for link in links if link.kind == "page"} - {""}
    targets = _find_targets(workspace, keys)
    # An item that is gone, or of a kind no enabled feature has, shows as plain text.
    resolve_item = item_link_resolver(find_link_targets(workspace, links))

    def resolve(link: WikiLink) -> InternalLink | None:
        if link.kind != "page":
            return resolve_item(link)
        key = target_key(link)
        if not key:
            return None
        page = targets.get(key)
        if page is not None:
            return InternalLink(href=page_url(workspace, page.path), label=page.title)
        return InternalLink(href=_create_url(workspace, link), label=link.target, exists=False)

    headings: list[Heading] = []
    html = render_markdown(body, resolve_link=resolve, headings=headings)
    return RenderedBody(
        html, headings, {key: targets.get(key) for key in keys}, linked_items(links)
    )


def store_links(page: Page, targets: dict[str, Page | None]) -> None:
    """Replace the page's outgoing links with those of its current revision."""
    db.session.execute(delete(PageLink).where(PageLink.source_page_id == page.id))
    db.session.add_all(
        PageLink(
            source_page_id=page.id,
            target_key=key,
            target_page_id=target.id if target is not None else None,
        )
        for key, target in sorted(targets.items())
    )


def store_item_links(page: Page, items: set[tuple[str, int]]) -> None:
    """Replace the page's links to other packages' items with those of its current revision."""
    db.session.execute(delete(PageItemLink).where(PageItemLink.page_id == page.id))
    db.session.add_all(
        PageItemLink(page_id=page.id, workspace_id=page.workspace_id, kind=kind, item_id=item_id)
        for kind, item_id in sorted(items)
    )


#: Pages read at a time when the links to items are recorded again.
REBUILD_BATCH = 500


def rebuild_item_links() -> int:
    """Record again the links to items of every live page, from its current revision (pages
    saved before the wiki kept them have none); how many pages were read. Bodies are only
    parsed, a batch of pages at a time: nothing is rendered or looked up."""
    done, after = 0, 0
    while True:
        batch = db.session.execute(
            select(Page.id, Page.workspace_id, Revision.body)
            .join(Revision, Revision.id == Page.current_revision_id)
            .where(Page.deleted_at.is_(None), Page.id > after)
            .order_by(Page.id)
            .limit(REBUILD_BATCH)
        ).all()
        if not batch:
            return done
        ids = [row.id for row in batch]
        db.session.execute(delete(PageItemLink).where(PageItemLink.page_id.in_(ids)))
        rows = [
            {"page_id": row.id, "workspace_id": row.workspace_id, "kind": kind, "item_id": item}
            for row in batch
            for kind, item in sorted(linked_items(extract_wiki_links(row.body)))
        ]
        if rows:
            db.session.execute(insert(PageItemLink), rows)
        done, after = done + len(batch), ids[-1]


def rerender_pages_linking_to(page: Page, extra_keys: tuple[str, ...] = ()) -> int:
    """Re-render the current revision of every live page whose links name `page` (by id, path,
    title, an old address or the given old keys); return how many changed."""
    keys = {page.path, page.title_key, *extra_keys}
    old_addresses = select(PageRedirect.old_path).where(PageRedirect.page_id == page.id)
    linking = select(PageLink.source_page_id).where(
        or_(
            PageLink.target_page_id == page.id,
            PageLink.target_key.in_(keys),
            PageLink.target_key.in_(old_addresses),
        )
    )
    sources = db.session.scalars(
        select(Page)
        .where(
            Page.workspace_id == page.workspace_id,
            Page.deleted_at.is_(None),
            Page.id != page.id,
            Page.id.in_(linking),
        )
        .options(db.joinedload(Page.current_revision))
    ).all()
    for source in sources:
        revision = source.current_revision
        rendered = render_body(source.workspace, revision.body)
        revision.html, revision.headings = rendered.html, rendered.headings
        source.summary_line = summary_line(rendered.html)
        store_links(source, rendered.targets)
    db.session.flush()
    return len(sources)
