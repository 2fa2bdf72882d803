"""Every change to the wiki: its rules, permission checks, audit, activity and notices.

Functions flush and never commit. Saving a page checks the revision the editor started
from: a save on top of a newer revision raises EditConflict and changes nothing.
"""

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from hub.access import Action, enforce, permissions_of, permissions_of_many, require
from hub.audit.services import record_audit
from hub.auth.models import User
from hub.database import MAX_ROW_ID, refusing_duplicates, utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db
from hub.i18n import DEFAULT_LANGUAGE, known_language
from hub.notifications.services import notify, record_activity
from hub.workspaces.models import Workspace
from hub.workspaces.services import workspace_created
from wiki import policies
from wiki.links import (
    page_url,
    render_body,
    rerender_pages_linking_to,
    store_item_links,
    store_links,
)
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
from wiki.outline import summary_line
from wiki.paths import (
    MAX_PATH_LENGTH,
    MAX_TITLE_LENGTH,
    RESERVED_FIRST_SEGMENTS,
    RESERVED_SEGMENTS,
    join_path,
    slugify,
    title_key,
)

#: Largest page body accepted, in characters.
MAX_BODY_LENGTH = 512 * 1024
BODY_TOO_LONG = _l(
    "The page is too long: at most %(size)d KB of text. Split it into several pages.",
    size=MAX_BODY_LENGTH // 1024,
)
MAX_TAGS = 20
MAX_TAG_LENGTH = 40
MAX_SECTION_NAME_LENGTH = 80
MAX_SECTION_DESCRIPTION_LENGTH = 500
MAX_SUMMARY_LENGTH = 300
DEFAULT_SECTIONS = (
    ("Topics", "AI topics for policing", False),
    ("Events", "Virtual Discussion Rooms, Virtual Training Rooms and meetings", False),
    ("Cooperation", "Work with partner organisations", False),
    ("Toolkit", "Toolkit for Responsible AI Innovation in Law Enforcement", True),
)
#: The section with a workspace tab of its own.
TOOLKIT_SECTION = "toolkit"
PATH_TAKEN = _l("Another page already has this address. Choose another title or address.")
PATH_OF_DELETED_PAGE = _l(
    "A deleted page has this address. Choose another title or address, "
    "or ask a moderator to restore that page."
)


def N_(message: str) -> str:
    """Mark a message for extraction only. Activity verbs are stored as written here, in
    English, and translated when they are shown, in each reader's language."""
    return message


class EditConflict(Exception):
    """Someone saved the page after the editor started; nothing was saved."""

    def __init__(self, page: Page, base: Revision | None, current: Revision):
        super().__init__("edit conflict")
        self.page = page
        self.base = base
        self.current = current


# --- sections ----------------------------------------------------------------------------


@workspace_created.connect
def ensure_default_sections(workspace: Workspace) -> list[Section]:
    existing = {
        section.slug: section
        for section in db.session.scalars(
            select(Section).where(Section.workspace_id == workspace.id)
        )
    }
    for position, (name, description, protect) in enumerate(DEFAULT_SECTIONS):
        if slugify(name) in existing:
            continue
        section = Section(
            workspace_id=workspace.id,
            name=name,
            slug=slugify(name),
            description=description,
            position=position,
            protect_new_pages=protect,
        )
        try:
            with db.session.begin_nested():
                db.session.add(section)
        except IntegrityError:
            # Another request made the sections a moment ago: use theirs.
            section = db.session.scalar(
                select(Section).where(
                    Section.workspace_id == workspace.id, Section.slug == slugify(name)
                )
            )
        existing[section.slug] = section
    return sorted(existing.values(), key=lambda section: (section.position, section.name))


def create_section(
    workspace: Workspace, by: User, *, name: str, description: str = "", protect: bool = False
) -> Section:
    require(by, Action.ADMINISTER, workspace)
    name = " ".join(name.split())
    slug = slugify(name)
    if not slug:
        raise RuleViolation(_("Give the section a name with letters or digits."), field="name")
    if len(name) > MAX_SECTION_NAME_LENGTH:
        raise RuleViolation(
            _("Use at most %(max)d characters.", max=MAX_SECTION_NAME_LENGTH), field="name"
        )
    if len(description) > MAX_SECTION_DESCRIPTION_LENGTH:
        raise RuleViolation(
            _("Use at most %(max)d characters.", max=MAX_SECTION_DESCRIPTION_LENGTH),
            field="description",
        )
    clash = db.session.scalar(
        select(Section).where(Section.workspace_id == workspace.id, Section.slug == slug)
    )
    if clash is not None:
        raise RuleViolation(_("A section with this name already exists."), field="name")
    position = db.session.scalar(
        select(func.coalesce(func.max(Section.position), -1)).where(
            Section.workspace_id == workspace.id
        )
    )
    section = Section(
        workspace_id=workspace.id,
        name=name,
        slug=slug,
        description=description,
        position=position + 1,
        protect_new_pages=protect,
    )
    db.session.add(section)
    db.session.flush()
    record_audit("wiki.section_created", by, workspace=workspace, name=name)
    return section


# --- checks shared by create, save and move ----------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise RuleViolation(_("Give the page a title."), field="title")
    if len(title) > MAX_TITLE_LENGTH:
        raise RuleViolation(
            _("Use at most %(max)d characters.", max=MAX_TITLE_LENGTH), field="title"
        )
    return title


def _check_summary(summary: str) -> None:
    if len(summary) > MAX_SUMMARY_LENGTH:
        raise RuleViolation(
            _("Keep the summary to %(max)d characters.", max=MAX_SUMMARY_LENGTH), field="summary"
        )


def _check_body(body: str) -> None:
    if len(body) > MAX_BODY_LENGTH:
        raise RuleViolation(str(BODY_TOO_LONG), field="body")


def _clean_tags(tags: list[str]) -> list[str]:
    cleaned = sorted({slugify(tag)[:MAX_TAG_LENGTH].strip("-") for tag in tags} - {""})
    if len(cleaned) > MAX_TAGS:
        raise RuleViolation(_("Use at most %(max)d tags.", max=MAX_TAGS), field="tags")
    return cleaned


def _check_parent(workspace: Workspace, page: Page | None, parent: Page | None) -> None:
    if parent is None:
        return
    if parent.workspace_id != workspace.id or parent.is_deleted:
        raise RuleViolation(_("The parent page does not exist in this wiki."), field="parent")
    ancestor: Page | None = parent
    while ancestor is not None:
        if page is not None and ancestor.id == page.id:
            raise RuleViolation(
                _("A page cannot be placed under itself or its own children."), "parent"
            )
        ancestor = ancestor.parent


def _check_path(workspace: Workspace, path: str, page: Page | None = None) -> None:
    if not path:
        raise RuleViolation(_("Give the page a title or address with letters or digits."), "slug")
    if len(path) > MAX_PATH_LENGTH:
        raise RuleViolation(_("The page's address is too long; use a shorter title."), "slug")
    first_segment = path.split("/", 1)[0]
    if first_segment in RESERVED_FIRST_SEGMENTS:
        raise RuleViolation(
            _("Addresses cannot start with “%(segment)s”.", segment=first_segment), "slug"
        )
    reserved = RESERVED_SEGMENTS.intersection(path.split("/"))
    if reserved:
        raise RuleViolation(
            _(
                "“%(segment)s” cannot be part of a page address: choose another title or address.",
                segment=min(reserved),
            ),
            "slug",
        )
    clash = db.session.scalar(
        select(Page).where(Page.workspace_id == workspace.id, Page.path == path)
    )
    if clash is not None and clash is not page:
        raise RuleViolation(str(PATH_OF_DELETED_PAGE if clash.is_deleted else PATH_TAKEN), "slug")


def _check_language(language: str) -> str:
    if known_language(language) is None:
        raise RuleViolation(_("Choose one of the languages."), field="language")
    return language


def _set_tags(page: Page, tags: list[str]) -> None:
    wanted = set(tags)
    page.tags = [tag for tag in page.tags if tag.tag in wanted]
    present = {tag.tag for tag in page.tags}
    page.tags.extend(PageTag(tag=tag) for tag in sorted(wanted - present))


def _current_revision_locked(page: Page) -> Revision | None:
    """The page's current revision as committed now, its row locked until the transaction
    ends: two saves on the same base cannot both pass the base check (PostgreSQL; SQLite
    writers are serialised by BEGIN IMMEDIATE already)."""
    db.session.flush()
    current_id = db.session.scalar(
        select(Page.current_revision_id).where(Page.id == page.id).with_for_update()
    )
    if current_id != page.current_revision_id:
        db.session.expire(page, ["current_revision_id", "current_revision"])
    return page.current_revision


def _locked(page: Page) -> None:
    """The page's row locked until the transaction ends, its parent and deletion as they are
    committed now: two moves, deletions or restorations of one page happen one after the
    other, and each changes its parent's count of children once (PostgreSQL; SQLite writers
    are serialised by BEGIN IMMEDIATE already)."""
    db.session.flush()
    committed = db.session.execute(
        select(Page.parent_id, Page.deleted_at).where(Page.id == page.id).with_for_update()
    ).one()
    if tuple(committed) != (page.parent_id, page.deleted_at):
        db.session.expire(page, ["parent_id", "parent", "deleted_at"])


def _count_child(parent_id: int | None, change: int) -> None:
    """A live page came under the page with id `parent_id` (1) or left it (-1): pages keep
    how many live pages are right under them (Page.child_count)."""
    if parent_id is not None:
        db.session.execute(
            update(Page).where(Page.id == parent_id).values(child_count=Page.child_count + change)
        )


def _add_revision(
    page: Page,
    author: User,
    *,
    body: str,
    summary: str,
    parent: Revision | None,
    reverted_to: int | None = None,
) -> Revision:
    rendered = render_body(page.workspace, body)
    previous = page.current_revision
    number = previous.number + 1 if previous is not None else 1
    revision = Revision(
        page_id=page.id,
        workspace_id=page.workspace_id,
        section_id=page.section_id,
        number=number,
        title=page.title,
        body=body,
        html=rendered.html,
        headings=rendered.headings,
        author_id=author.id,
        summary=summary,
        parent_revision_id=parent.id if parent else None,
        size=len(body),
        size_delta=len(body) - (previous.size if previous is not None else 0),
        reverted_to_number=reverted_to,
    )
    db.session.add(revision)
    db.session.flush()
    page.current_revision = revision
    page.updated_at = revision.created_at
    page.summary_line = summary_line(revision.html)
    store_links(page, rendered.targets)
    store_item_links(page, rendered.items)
    db.session.flush()
    return revision


def _tell_watchers(page: Page, editor: User, message: LazyString) -> None:
    """Notify who watches the page or its section and may still read it; not the editor.
    `message` is lazy: each watcher reads it in their own language."""
    watching = select(Watch.user_id).where(
        (Watch.page_id == page.id) | (Watch.section_id == page.section_id)
    )
    watchers = db.session.scalars(
        select(User).where(User.id.in_(watching), User.id != editor.id).order_by(User.id)
    ).all()
    permissions = permissions_of_many(watchers, page.workspace)
    for watcher in watchers:
        if Action.VIEW in permissions[watcher.id]:
            notify(
                watcher,
                "wiki.page_changed",
                message,
                link=page_url(page.workspace, page.path),
                workspace=page.workspace,
            )


# --- pages -------------------------------------------------------------------------------


def create_page(
    workspace: Workspace,
    author: User,
    *,
    title: str,
    section: Section,
    body: str,
    summary: str = "",
    parent: Page | None = None,
    slug: str | None = None,
    tags: list[str] | tuple[str, ...] = (),
    language: str | None = None,
) -> Page:
    """A new page and its first revision. `language` is the one the page is written in:
    by default its author's."""
    if section.workspace_id != workspace.id:
        raise RuleViolation(_("Choose one of this wiki's sections."), field="section")
    enforce(policies.add_page_refusal(author, permissions_of(author, workspace), section))
    title = _clean_title(title)
    _check_summary(summary)
    _check_body(body)
    cleaned_tags = _clean_tags(list(tags))
    if language is None:
        language = known_language(author.language) or DEFAULT_LANGUAGE
    _check_language(language)
    _check_parent(workspace, None, parent)
    path = join_path(parent.path if parent else None, slugify(slug or title))
    _check_path(workspace, path)
    page = Page(
        workspace_id=workspace.id,
        section_id=section.id,
        parent_id=parent.id if parent else None,
        path=path,
        title=title,
        title_key=title_key(title),
        language=language,
        protected=section.protect_new_pages,
    )
    with refusing_duplicates(str(PATH_TAKEN), field="slug"):
        db.session.add(page)
        db.session.flush()
    _count_child(page.parent_id, 1)
    # The address may have been an old address of a moved page: it is this page's now.
    db.session.execute(
        delete(PageRedirect).where(
            PageRedirect.workspace_id == workspace.id, PageRedirect.old_path == path
        )
    )
    _set_tags(page, cleaned_tags)
    # A summary the hub writes is stored in its author's language, as theirs would be.
    _add_revision(page, author, body=body, summary=summary or _("Created the page"), parent=None)
    rerender_pages_linking_to(page)
    record_activity(
        workspace, author, N_("created the wiki page"), page.title, page_url(workspace, path)
    )
    _tell_watchers(
        page,
        author,
        _l("%(name)s created “%(title)s”", name=author.display_name, title=page.title),
    )
    return page


def save_page(
    page: Page,
    editor: User,
    *,
    body: str,
    summary: str,
    base_revision_id: int | None,
    tags: list[str] | None = None,
    language: str | None = None,
) -> Revision:
    """Save a new revision on top of `base_revision_id`, or raise EditConflict.

    The same text again makes no revision (only the tags and the page's language change,
    if they were given)."""
    enforce(policies.edit_refusal(editor, permissions_of(editor, page.workspace), page))
    _check_summary(summary)
    _check_body(body)
    cleaned_tags = _clean_tags(tags) if tags is not None else None
    if language is not None:
        _check_language(language)
    current = _current_revision_locked(page)
    if current is not None and base_revision_id != current.id:
        raise EditConflict(page, _base_of(page, base_revision_id), current)
    if cleaned_tags is not None:
        _set_tags(page, cleaned_tags)
    if language is not None:
        page.language = language
    if current is not None and current.body == body:
        db.session.flush()
        return current
    revision = _add_revision(page, editor, body=body, summary=summary, parent=current)
    record_activity(
        page.workspace,
        editor,
        N_("edited the wiki page"),
        page.title,
        page_url(page.workspace, page.path),
    )
    names = {"name": editor.display_name, "title": page.title}
    _tell_watchers(
        page,
        editor,
        _l("%(name)s edited “%(title)s”: %(summary)s", summary=summary, **names)
        if summary
        else _l("%(name)s edited “%(title)s”: no summary", **names),
    )
    return revision


def _base_of(page: Page, base_revision_id: int | None) -> Revision | None:
    """The revision an editor started from, if it is one of this page's."""
    if base_revision_id is None or not 0 < base_revision_id <= MAX_ROW_ID:
        return None
    base = db.session.get(Revision, base_revision_id)
    return base if base is not None and base.page_id == page.id else None


def revert_page(page: Page, editor: User, revision: Revision) -> Revision:
    """A new revision with the text of an older one (history keeps everything). Reverting to
    the text the page has already adds nothing."""
    enforce(policies.edit_refusal(editor, permissions_of(editor, page.workspace), page))
    if revision.page_id != page.id:
        raise RuleViolation(_("That revision belongs to another page."))
    current = _current_revision_locked(page)
    if current is not None and current.body == revision.body:
        return current
    new = _add_revision(
        page,
        editor,
        body=revision.body,
        summary=_("Reverted to revision %(number)d", number=revision.number),
        parent=current,
        reverted_to=revision.number,
    )
    record_activity(
        page.workspace,
        editor,
        N_("reverted the wiki page"),
        page.title,
        page_url(page.workspace, page.path),
    )
    _tell_watchers(
        page,
        editor,
        _l(
            "%(name)s reverted “%(title)s” to revision %(number)d",
            name=editor.display_name,
            title=page.title,
            number=revision.number,
        ),
    )
    return new


def move_page(
    page: Page,
    by: User,
    *,
    title: str,
    slug: str,
    parent: Page | None,
    section: Section,
) -> Page:
    """Rename or move: old paths and the old title keep working as redirects; children move
    along, to the new address and the new section."""
    permissions = permissions_of(by, page.workspace)
    _locked(page)
    enforce(policies.edit_refusal(by, permissions, page))
    if section.workspace_id != page.workspace_id:
        raise RuleViolation(_("Choose one of this wiki's sections."), field="section")
    entering_other_section = section.id != page.section_id
    entering_curated = entering_other_section and section.protect_new_pages
    if entering_other_section:
        enforce(policies.add_page_refusal(by, permissions, section))
    title = _clean_title(title)
    _check_parent(page.workspace, page, parent)
    new_path = join_path(parent.path if parent else None, slugify(slug or title))
    _check_path(page.workspace, new_path, page)
    old_path, old_title_key, old_parent_id = page.path, page.title_key, page.parent_id
    subtree = [page, *_descendants(page)]
    old_paths = [each.path for each in subtree]
    new_paths = [new_path + path[len(old_path) :] for path in old_paths]
    for each, renamed in zip(subtree, new_paths, strict=True):
        _check_path(page.workspace, renamed, each)
    with refusing_duplicates(str(PATH_TAKEN), field="slug"):
        _redirect_old_addresses(page, subtree, old_paths, new_paths, title_key(title))
        for each, renamed in zip(subtree, new_paths, strict=True):
            each.path = renamed
            each.section_id = section.id
            if entering_curated:
                each.protected = True
        page.title = title
        page.title_key = title_key(title)
        page.parent_id = parent.id if parent else None
        db.session.flush()
    if page.parent_id != old_parent_id:
        _count_child(old_parent_id, -1)
        _count_child(page.parent_id, 1)
    if entering_other_section:
        # Revisions carry their page's section (recent changes by section read it).
        db.session.execute(
            update(Revision)
            .where(Revision.page_id.in_([each.id for each in subtree]))
            .values(section_id=section.id)
        )
    rerender_pages_linking_to(page, extra_keys=(old_path, old_title_key))
    if new_path != old_path:
        for each, previous_path in zip(subtree[1:], old_paths[1:], strict=True):
            rerender_pages_linking_to(each, extra_keys=(previous_path,))
    record_audit(
        "wiki.page_moved",
        by,
        workspace=page.workspace,
        page=page.id,
        old_path=old_path,
        new_path=page.path,
        title=title,
    )
    return page


def _redirect_old_addresses(
    page: Page, subtree: list[Page], old_paths: list[str], new_paths: list[str], new_key: str
) -> None:
    """Redirects from the subtree's old paths, and from the page's old title so [[Old
    title]] links keep working. An address a page now takes is no redirect any more, and an
    old address that was a redirect to another page now leads to this one."""
    moving = old_paths != new_paths
    stale = [*old_paths, *new_paths] if moving else []
    workspace_redirects = PageRedirect.workspace_id == page.workspace_id
    db.session.execute(
        delete(PageRedirect).where(workspace_redirects, PageRedirect.old_path.in_(stale))
    )
    db.session.execute(
        delete(PageRedirect).where(
            workspace_redirects, PageRedirect.page_id == page.id, PageRedirect.old_path == new_key
        )
    )
    if moving:
        db.session.add_all(
            PageRedirect(workspace_id=page.workspace_id, old_path=path, page_id=each.id)
            for each, path in zip(subtree, old_paths, strict=True)
        )
    old_key = page.title_key
    title_redirect_needed = (
        old_key != new_key
        and old_key not in stale
        and old_key not in new_paths
        and db.session.scalar(
            select(PageRedirect.id).where(workspace_redirects, PageRedirect.old_path == old_key)
        )
        is None
    )
    if title_redirect_needed:
        db.session.add(
            PageRedirect(workspace_id=page.workspace_id, old_path=old_key, page_id=page.id)
        )


def _descendants(page: Page) -> list[Page]:
    prefix = page.path + "/"
    return list(
        db.session.scalars(
            select(Page)
            .where(
                Page.workspace_id == page.workspace_id,
                Page.path.startswith(prefix, autoescape=True),
            )
            .order_by(Page.path)
        )
    )


# --- moderation --------------------------------------------------------------------------


def set_protection(page: Page, by: User, protected: bool) -> None:
    enforce(policies.protect_refusal(by, permissions_of(by, page.workspace), page))
    page.protected = protected
    record_audit(
        "wiki.page_protected" if protected else "wiki.page_unprotected",
        by,
        workspace=page.workspace,
        page=page.id,
        title=page.title,
    )
    db.session.flush()


def delete_page(page: Page, by: User) -> None:
    _locked(page)
    enforce(policies.delete_refusal(by, permissions_of(by, page.workspace), page))
    page.deleted_at = utcnow()
    _count_child(page.parent_id, -1)
    # A deleted page links nowhere, so that counting a page's backlinks needs only the
    # index of links, and no item's page lists it; they come back with the page.
    db.session.execute(delete(PageLink).where(PageLink.source_page_id == page.id))
    db.session.execute(delete(PageItemLink).where(PageItemLink.page_id == page.id))
    db.session.flush()
    rerender_pages_linking_to(page)
    record_audit("wiki.page_deleted", by, workspace=page.workspace, page=page.id, title=page.title)


def restore_page(page: Page, by: User) -> None:
    _locked(page)
    enforce(policies.restore_refusal(by, permissions_of(by, page.workspace), page))
    page.deleted_at = None
    _count_child(page.parent_id, 1)
    db.session.flush()
    # Its own links again, to pages as they are now (made, moved or deleted meanwhile).
    revision = page.current_revision
    rendered = render_body(page.workspace, revision.body)
    revision.html, revision.headings = rendered.html, rendered.headings
    page.summary_line = summary_line(rendered.html)
    store_links(page, rendered.targets)
    store_item_links(page, rendered.items)
    db.session.flush()
    rerender_pages_linking_to(page)
    record_audit("wiki.page_restored", by, workspace=page.workspace, page=page.id, title=page.title)


# --- watching ----------------------------------------------------------------------------


def set_watch(
    user: User, *, watching: bool, page: Page | None = None, section: Section | None = None
) -> None:
    """Start or stop watching a page, or a whole section (give one of them)."""
    if (page is None) == (section is None):
        raise ValueError("watch a page or a section")
    workspace = page.workspace if page is not None else section.workspace
    require(user, Action.VIEW, workspace)
    condition = Watch.page_id == page.id if page is not None else Watch.section_id == section.id
    existing = db.session.scalar(select(Watch).where(Watch.user_id == user.id, condition))
    if watching and existing is None:
        watch = Watch(
            user_id=user.id,
            page_id=page.id if page is not None else None,
            section_id=section.id if section is not None else None,
        )
        try:
            with db.session.begin_nested():
                db.session.add(watch)
        except IntegrityError:
            pass  # a second click, a moment ago, started the same watch
    elif not watching and existing is not None:
        db.session.delete(existing)
        db.session.flush()
