"""Reading and writing pages: the wiki home, a page, creating, editing, history, diffs, reverts."""

import re
import unicodedata

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from hub.access import Action, workspace_view
from hub.database import MAX_ROW_ID, writes_on_read
from hub.exceptions import Refusal, RuleViolation
from hub.extensions import db
from hub.features import page_notes
from hub.forms import carry_out, preview_response, require_button_form, show_refusal
from hub.workspaces.models import Workspace
from wiki import bp, policies, queries, services
from wiki.diff import compare, merge
from wiki.forms import EditPageForm, NewPageForm, PreviewForm, split_tags
from wiki.links import in_reader_language, render_body
from wiki.models import Page, Revision, Section
from wiki.outline import table_of_contents
from wiki.paths import HOME_PATH, MAX_TITLE_LENGTH, normalise_path, slugify, title_key
from wiki.rendering import TEMPLATE_GLOBALS
from wiki.services import MAX_TAG_LENGTH

_ROW_ID = re.compile(r"[0-9]{1,18}")


def row_id(value: str | None) -> int | None:
    """An id sent in a form, or None when it is no id at all (empty, not digits, too large)."""
    if value is None or not _ROW_ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ROW_ID else None


def load_page(workspace: Workspace, path: str, *, allow_deleted: bool = False) -> Page:
    """The page at `path` (404 if none; deleted pages only for moderators)."""
    page, _redirected = queries.find_page(workspace, normalise_path(path))
    if page is None or page.current_revision is None:
        abort(404)
    if page.is_deleted and not (allow_deleted and Action.MODERATE in g.permissions):
        abort(404)
    return page


def load_revision(page: Page, number: int) -> Revision:
    """Revision `number` of this page (404 if it has none: numbers are per page, so a
    revision of another page can never be reached through this one)."""
    revision = queries.revision_of(page, number) if 0 < number <= MAX_ROW_ID else None
    if revision is None:
        abort(404)
    return revision


def offer_sections(form, sections: list[Section], *, current: int | None = None) -> None:
    """The sections the user may put a page in (and the one it is in already)."""
    form.section.choices = [
        (str(section.id), section.name)
        for section in sections
        if section.id == current
        or policies.add_page_refusal(current_user, g.permissions, section) is None
    ]


def chosen_section(form) -> Section:
    # The field only accepts ids it offered, all sections of this workspace.
    return db.session.get(Section, int(form.section.data))


def show_page_refusal(form, refusal: Refusal, *, address_field: str = "slug") -> None:
    """A refusal next to its field. A form without an address field shows address problems
    (taken, reserved) at the title, from which the address is made."""
    if refusal.field == "slug":
        refusal = type(refusal)(refusal.message, field=address_field)
    show_refusal(form, refusal)


# Templates show stored page HTML through it: {{ revision.html|in_reader_language|safe }}.
bp.add_app_template_filter(in_reader_language)
# The rows of the wiki's lists, each rendered once for all who see it the same way.
for name, function in TEMPLATE_GLOBALS.items():
    bp.add_app_template_global(function, name)


def tab_of(section) -> str:
    """The workspace tab current on a section's pages: the Toolkit has its own."""
    return "toolkit" if section.slug == services.TOOLKIT_SECTION else "wiki"


def parent_from_path(workspace: Workspace, path: str | None) -> Page | None:
    if not path:
        return None
    parent, _redirected = queries.find_page(workspace, normalise_path(path))
    if parent is None or parent.is_deleted:
        raise RuleViolation(_("There is no page at that address."), field="parent")
    return parent


#: The wiki home lists this many of the latest edits.
LATEST_EDITS = 10


@bp.route("/")
@workspace_view(Action.VIEW)
def index(workspace: Workspace):
    home, _redirected = queries.find_page(workspace, HOME_PATH)
    sections = queries.sections_of(workspace)
    return render_template(
        "wiki/index.html",
        home=home if home is not None and not home.is_deleted else None,
        sections=queries.section_summaries(
            sections,
            first_page_of=services.TOOLKIT_SECTION,
            home=home if home is not None and home.path == HOME_PATH else None,
        ),
        recent=queries.recent_changes(workspace, size=LATEST_EDITS).items,
    )


def section_from(workspace: Workspace, section_slug: str) -> tuple[Section, bool]:
    """The workspace's section called `section_slug` and whether the reader watches it; 404
    if there is none. Sections are named by slugs: anything else (NUL bytes included) names
    none."""
    found = (
        queries.section_at(workspace, section_slug, current_user)
        if section_slug == slugify(section_slug)
        else None
    )
    if found is None:
        abort(404)
    return found


def branch_from(workspace: Workspace, section: Section) -> Page | None:
    """The page whose branch ?under= names (None for the section's top level); 404 unless it
    is a live page of `section`."""
    if "under" not in request.args:
        return None
    under, _ = queries.find_page(workspace, normalise_path(request.args["under"]))
    if under is None or under.is_deleted or under.section_id != section.id:
        abort(404)
    return under


def batch_keys() -> tuple[int | None, int | None]:
    """?after= and ?before= of a list paged by keyset: ids, or None when they are no ids."""
    return row_id(request.args.get("after")), row_id(request.args.get("before"))


@bp.route("/sections/<section_slug>")
@workspace_view(Action.VIEW)
def section(workspace: Workspace, section_slug: str):
    section, watching = section_from(workspace, section_slug)
    under = branch_from(workspace, section)
    title_filter, filter_error = title_filter_from(request.args.get("title", ""))
    sort = request.args.get("sort")
    sort = sort if sort in queries.LISTING_ORDERS else "title"
    after, before = batch_keys()
    return render_template(
        "wiki/section.html",
        section=section,
        current_tab=tab_of(section),
        under=under,
        title_filter=title_filter,
        filter_error=filter_error,
        sort=sort,
        pages=queries.section_listing(
            section,
            under=under,
            title=title_key(title_filter),
            sort=sort,
            after=after,
            before=before,
        ),
        continued=after is not None or before is not None,
        watching_section=watching,
        may_add=policies.add_page_refusal(current_user, g.permissions, section) is None,
    )


@bp.route("/sections/<section_slug>/branch")
@workspace_view(Action.VIEW)
def branch(workspace: Workspace, section_slug: str):
    """The pages of one branch (?under=, or the section's top level) as a list to put in a
    tree (hub/static/js/wiki-tree.js), a batch at a time (?after=): read like the section
    page, by whoever may read it. Under sections/, a reserved first segment, so that no
    page address is taken from members."""
    section, _watching = section_from(workspace, section_slug)
    under = branch_from(workspace, section)
    after = row_id(request.args.get("after"))
    # The template alone: a list needs none of the navigation every whole page reads.
    return current_app.jinja_env.get_template("wiki/branch.html").render(
        workspace=workspace,
        section=section,
        under=under,
        pages=queries.branch(section, under, after=after),
    )


#: Longer than any title: a filter that long finds nothing.
MAX_FILTER_LENGTH = MAX_TITLE_LENGTH


def title_filter_from(text: str) -> tuple[str, str | None]:
    """A title filter as typed (section page, A–Z index), or "" and why it cannot be used."""
    text = text.strip()
    if len(text) > MAX_FILTER_LENGTH:
        return "", _("Use at most %(max)d characters.", max=MAX_FILTER_LENGTH)
    if any(unicodedata.category(character) == "Cc" for character in text):
        return "", _("Use letters, digits and punctuation only.")
    return text, None


@bp.route("/a-z")
@workspace_view(Action.VIEW)
def pages_a_to_z(workspace: Workspace):
    letter = request.args.get("letter") or None
    if letter is not None and letter not in (*queries.INDEX_LETTERS, queries.OTHER_LETTER):
        abort(404)
    title_filter, filter_error = title_filter_from(request.args.get("title", ""))
    after = row_id(request.args.get("after"))
    return render_template(
        "wiki/a_to_z.html",
        letter=letter,
        letters=queries.INDEX_LETTERS,
        title_filter=title_filter,
        filter_error=filter_error,
        pages=queries.pages_a_to_z(
            workspace, letter=letter, title=title_key(title_filter), after=after
        ),
        continued=after is not None,
    )


def tag_from(text: str) -> str:
    """A tag as the services store it: "Neural Nets" -> "neural-nets" ("" if nothing is left)."""
    return slugify(text)[:MAX_TAG_LENGTH].strip("-")


@bp.route("/tags")
@workspace_view(Action.VIEW)
def tags(workspace: Workspace):
    after = request.args.get("after", "")
    batch = queries.tags_in(workspace, after=tag_from(after) or None)
    return render_template("wiki/tags.html", tags=batch, after=after)


@bp.route("/tags/<tag>")
@workspace_view(Action.VIEW)
def tag(workspace: Workspace, tag: str):
    stored = tag_from(tag)
    if not stored:
        abort(404)
    if stored != tag:  # "Tool" or "neural nets", typed by hand
        return redirect(url_for("wiki.tag", slug=workspace.slug, tag=stored), 301)
    after = row_id(request.args.get("after"))
    return render_template(
        "wiki/tag.html",
        tag=tag,
        pages=queries.pages_tagged(workspace, tag, after=after),
        continued=after is not None,
    )


@bp.route("/<path:path>")
@workspace_view(Action.VIEW)
def page(workspace: Workspace, path: str):
    view = queries.page_view(workspace, normalise_path(path), current_user)
    if view is None:
        return render_template("wiki/missing.html", path=normalise_path(path)), 404
    page = view.page
    if page.is_deleted and Action.MODERATE not in g.permissions:
        abort(404)
    if view.redirected or page.path != path:
        return redirect(url_for("wiki.page", slug=workspace.slug, path=page.path), 301)
    if view.revision is None:  # only while a page is being created
        return render_template("wiki/missing.html", path=page.path), 404
    around = queries.surroundings(page)
    # The Toolkit reads as a sequence: its pages link to the ones before and after them.
    previous, following = (
        queries.neighbours(page, around)
        if view.section.slug == services.TOOLKIT_SECTION
        else (None, None)
    )
    headings = view.revision.headings
    return render_template(
        "wiki/page.html",
        page=page,
        section=view.section,
        current_tab=tab_of(view.section),
        tags=view.tags,
        revision=view.revision,
        # Two headings or fewer need no table of contents.
        contents=table_of_contents(headings) if len(headings) > 2 else [],
        previous=previous,
        following=following,
        around=around,
        may_edit=policies.edit_refusal(current_user, g.permissions, page) is None,
        watching_page=view.watching_page,
        watching_section=view.watching_section,
        # What other packages say about this page (the event it records, say).
        notes=page_notes(workspace, page.path),
    )


@bp.route("/new", methods=["GET", "POST"])
@writes_on_read  # the first visit may set up the default sections
@workspace_view(Action.EDIT)
def new_page(workspace: Workspace):
    # Unless the form says otherwise, a page is in its author's language.
    form = NewPageForm(language=current_user.language)
    offer_sections(form, services.ensure_default_sections(workspace))
    if request.method == "GET":
        form.title.data = request.args.get("title", "")[:200]
        form.parent.data = request.args.get("parent", "")[:255]
        form.section.data = request.args.get("section", "")
    preview = None
    if form.validate_on_submit():
        try:
            parent = parent_from_path(workspace, form.parent.data)
            if "preview" in request.form:
                preview = render_body(workspace, form.body.data).html
            else:
                page = services.create_page(
                    workspace,
                    current_user,
                    title=form.title.data,
                    section=chosen_section(form),
                    body=form.body.data,
                    summary=form.summary.data or "",
                    parent=parent,
                    tags=split_tags(form.tags.data),
                    language=form.language.data,
                )
                flash(_("The page is created."), "success")
                return redirect(url_for("wiki.page", slug=workspace.slug, path=page.path))
        except Refusal as refusal:
            show_page_refusal(form, refusal, address_field="title")
            offer_sections(form, services.ensure_default_sections(workspace))
    return render_template("wiki/new.html", form=form, preview=preview)


@bp.route("/<path:path>/edit", methods=["GET", "POST"])
@workspace_view(Action.EDIT)
def edit(workspace: Workspace, path: str):
    page, _redirected = queries.find_page(workspace, normalise_path(path))
    if page is None or page.current_revision is None:
        abort(404)
    if page.is_deleted and request.method == "GET":
        abort(404)
    form = EditPageForm(language=page.language)
    refusal = policies.edit_refusal(current_user, g.permissions, page)
    if refusal is not None:
        if request.method == "GET":
            raise refusal
        # Protected or deleted while this user was editing: refuse, but give their text back.
        return (
            render_template(
                "wiki/edit.html", page=page, form=form, preview=None, refusal=refusal.message
            ),
            403,
        )
    current = page.current_revision
    if request.method == "GET":
        form.body.data = current.body
        form.tags.data = ", ".join(page.tag_names)
        form.base_revision_id.data = str(current.id)
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = render_body(workspace, form.body.data).html
        else:
            try:
                services.save_page(
                    page,
                    current_user,
                    body=form.body.data,
                    summary=form.summary.data or "",
                    base_revision_id=row_id(form.base_revision_id.data),
                    tags=split_tags(form.tags.data),
                    language=form.language.data,
                )
            except services.EditConflict as conflict:
                return show_conflict(form, conflict)
            except Refusal as refusal:
                show_page_refusal(form, refusal)
            else:
                flash(_("Your changes are saved."), "success")
                return redirect(url_for("wiki.page", slug=workspace.slug, path=page.path))
    return render_template("wiki/edit.html", page=page, form=form, preview=preview)


@bp.route("/preview", methods=["POST"])
@workspace_view(Action.EDIT)
def preview_fragment(workspace: Workspace):
    """The editor's preview without leaving the page (hub/static/js/editor.js): the text as a
    save would render it, as an HTML fragment. Saves nothing. A page may still be called
    "preview": this address only answers POST, and reading a page is GET."""
    return preview_response(
        PreviewForm(), lambda body: in_reader_language(render_body(workspace, body).html)
    )


def show_conflict(form: EditPageForm, conflict: services.EditConflict):
    """Refuse the save but keep the editor's text, show what changed meanwhile, and offer a
    merge when the two edits touch different paragraphs."""
    base_body = conflict.base.body if conflict.base is not None else ""
    mine = form.body.data
    merged = merge(base_body, mine, conflict.current.body) if conflict.base is not None else None
    form.base_revision_id.data = str(conflict.current.id)
    return (
        render_template(
            "wiki/conflict.html",
            page=conflict.page,
            form=form,
            base=conflict.base,
            current=conflict.current,
            their_change=compare(base_body, conflict.current.body),
            merged_text=merged.text if merged is not None and not merged.conflicted else None,
        ),
        409,
    )


@bp.route("/<path:path>/history")
@workspace_view(Action.VIEW)
def history(workspace: Workspace, path: str):
    page = load_page(workspace, path, allow_deleted=True)
    after, before = batch_keys()
    return render_template(
        "wiki/history.html",
        page=page,
        revisions=queries.history(page, after=after, before=before),
        continued=after is not None or before is not None,
    )


@bp.route("/<path:path>/what-links-here")
@workspace_view(Action.VIEW)
def linking_pages(workspace: Workspace, path: str):
    page = load_page(workspace, path)
    after, before = batch_keys()
    return render_template(
        "wiki/linking_pages.html",
        page=page,
        sources=queries.linking_pages(page, after=after, before=before),
        continued=after is not None or before is not None,
    )


@bp.route("/<path:path>/revisions/<int:number>")
@workspace_view(Action.VIEW)
def revision(workspace: Workspace, path: str, number: int):
    page = load_page(workspace, path, allow_deleted=True)
    return render_template(
        "wiki/revision.html",
        page=page,
        revision=load_revision(page, number),
        may_edit=policies.edit_refusal(current_user, g.permissions, page) is None,
    )


@bp.route("/<path:path>/diff")
@workspace_view(Action.VIEW)
def diff(workspace: Workspace, path: str):
    page = load_page(workspace, path, allow_deleted=True)
    newest = page.current_revision.number
    to_number = request.args.get("to", newest, type=int)
    from_number = request.args.get("from", max(to_number - 1, 1), type=int)
    older = load_revision(page, min(from_number, to_number))
    newer = load_revision(page, max(from_number, to_number))
    mode = "side-by-side" if request.args.get("mode") == "side-by-side" else "inline"
    return render_template(
        "wiki/diff.html",
        page=page,
        older=older,
        newer=newer,
        diff=compare(older.body, newer.body),
        mode=mode,
    )


@bp.route("/<path:path>/revert/<int:number>", methods=["POST"])
@workspace_view(Action.EDIT)
def revert(workspace: Workspace, path: str, number: int):
    require_button_form()
    page = load_page(workspace, path)
    revision = load_revision(page, number)
    carry_out(
        lambda: services.revert_page(page, current_user, revision),
        _("The page is back to the text of revision %(number)d.", number=number),
    )
    return redirect(url_for("wiki.page", slug=workspace.slug, path=page.path))
