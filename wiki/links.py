"""Wiki links: resolving [[targets]] in a few queries, rendering bodies, keeping backlinks.

A page's links are stored by target key (a path, or a title key) whether or not the target
exists yet; when a page appears, moves or is deleted, the pages linking to it are
re-rendered, so stored HTML never shows a stale "create this page" link for long.

Stored HTML is the same for every reader, so the hub's own words in it (the tooltip of a
link to a missing page) are written in English and put in the reader's language when shown.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import delete, or_, select

from hub.extensions import db
from hub.features import LinkTarget, link_target_finders
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
from wiki.models import Page, PageLink, PageRedirect
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


def _item_id(link: WikiLink) -> int | None:
    """The id a ``[[kind:ID]]`` link names, if it names one."""
    return int(link.target) if link.target.isascii() and link.target.isdigit() else None


def _find_items(workspace: Workspace, links: list[WikiLink]) -> dict[tuple[str, int], LinkTarget]:
    """The live items that ``[[kind:ID]]`` links reach, by kind and id: one query per kind,
    by the feature that has it. Kinds no enabled feature has reach nothing."""
    finders = link_target_finders()
    wanted: dict[str, set[int]] = {}
    for link in links:
        if link.kind in finders and (item_id := _item_id(link)) is not None:
            wanted.setdefault(link.kind, set()).add(item_id)
    return {
        (kind, item_id): target
        for kind, ids in wanted.items()
        for item_id, target in finders[kind](workspace, ids).items()
    }


def render_body(workspace: Workspace, body: str) -> RenderedBody:
    """The body's HTML and headings, and the pages and items its links reach."""
    links = extract_wiki_links(body)
    keys = {target_key(link) for link in links if link.kind == "page"} - {""}
    targets = _find_targets(workspace, keys)
    items = _find_items(workspace, [link for link in links if link.kind != "page"])

    def resolve(link: WikiLink) -> InternalLink | None:
        if link.kind != "page":
            # An item that is gone, or of a kind no enabled feature has: plain text.
            item = items.get((link.kind, _item_id(link)))
            return InternalLink(href=item.href, label=item.title) if item else None
        key = target_key(link)
        if not key:
            return None
        page = targets.get(key)
        if page is not None:
            return InternalLink(href=page_url(workspace, page.path), label=page.title)
        return InternalLink(href=_create_url(workspace, link), label=link.target, exists=False)

    headings: list[Heading] = []
    html = render_markdown(body, resolve_link=resolve, headings=headings)
    return RenderedBody(html, headings, {key: targets.get(key) for key in keys})


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
        store_links(source, rendered.targets)
    db.session.flush()
    return len(sources)
