"""The demo wiki: its pages as Markdown files, and the seeder that writes them through the services.

`pages.toml` lists the pages in the order the seed makes them, parents first, with what
belongs to a page as a whole (title, section, tags, protected). Each page's revisions are in
`pages/<page path>/`: 01.md, 02.md, ..., each with its author, day and edit summary as front
matter (see hub.demo_files). Each revision is saved by its author through save_page, then
dated to its day, so history, diffs and recent changes look lived-in.

Links: ``[[Title]]`` names a page by title, ``[[path|label]]`` by path. Every path target has a
slash or a hyphen, and every title target a capital or a space, so neither can be read as the
other. Links may point to pages later in the list, and four point on purpose to pages nobody
has written (they show as "create this page").
"""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from hub.demo_files import DemoFileError, make_record, read_numbered_markdown, read_toml
from hub.extensions import db
from hub.notifications.models import Activity
from hub.seed import DemoContext
from hub.workspaces.models import Workspace
from wiki import services
from wiki.models import Page, Revision, Section

DEMO_FOLDER = Path(__file__).parent


@dataclass(frozen=True)
class DemoRevision:
    author: str  #: e-mail of a demo account
    day: date  #: when it was saved
    summary: str  #: the edit summary shown in the history
    body: str  #: the page's full Markdown at this revision


@dataclass(frozen=True)
class DemoPage:
    path: str  #: slug path; a page's parent is the path minus its last segment
    title: str
    section: str  #: the name of one of the wiki's default sections
    revisions: tuple[DemoRevision, ...]  #: oldest first
    tags: tuple[str, ...] = ()
    protected: bool = False

    @property
    def start(self) -> date:
        """The day the page was made: the day of its first revision."""
        return self.revisions[0].day


def load_demo_pages(folder: Path = DEMO_FOLDER) -> list[DemoPage]:
    """The pages `folder`/pages.toml lists, with their revisions from `folder`/pages/."""
    index = folder / "pages.toml"
    entries = read_toml(index).get("page", [])
    pages = []
    for number, entry in enumerate(entries, start=1):
        path = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(path, str) or not path:
            raise DemoFileError(index, f"page {number} needs a path: write it as [[page]]")
        revisions = read_numbered_markdown(folder / "pages" / path)
        if not revisions:
            raise DemoFileError(index, f"page {path!r} has no revisions in pages/{path}/")
        pages.append(
            make_record(
                DemoPage,
                entry,
                index,
                entry=f"page {path!r}",
                revisions=tuple(
                    make_record(DemoRevision, file.front, file.path, body=file.body)
                    for file in revisions
                ),
            )
        )
    listed = {page.path for page in pages}
    for markdown in sorted((folder / "pages").rglob("*.md")):
        page_path = markdown.parent.relative_to(folder / "pages").as_posix()
        if page_path not in listed:
            raise DemoFileError(markdown, f"the page {page_path!r} is not listed in {index.name}")
    return pages


def _backdate(revision: Revision, when: datetime) -> None:
    revision.created_at = when
    revision.page.updated_at = when
    activity = db.session.scalar(select(Activity).order_by(Activity.id.desc()).limit(1))
    if activity is not None:
        activity.created_at = when


def _seed_page(context: DemoContext, demo: DemoPage, sections: dict[str, Section]) -> None:
    workspace, accounts, clock = context.workspace, context.accounts, context.clock
    parent_path, _, slug = demo.path.rpartition("/")
    parent = (
        db.session.scalar(
            select(Page).where(Page.workspace_id == workspace.id, Page.path == parent_path)
        )
        if parent_path
        else None
    )
    first, *later = demo.revisions
    page = services.create_page(
        workspace,
        accounts[first.author],
        title=demo.title,
        section=sections[demo.section],
        body=first.body,
        summary=first.summary,
        parent=parent,
        slug=slug,
        tags=list(demo.tags),
        language="en",  # the demo pages are written in English, whoever their author is
    )
    page.created_at = clock.at(demo.start)
    _backdate(page.current_revision, clock.at(first.day))
    for revision in later:
        saved = services.save_page(
            page,
            accounts[revision.author],
            body=revision.body,
            summary=revision.summary,
            base_revision_id=page.current_revision_id,
        )
        _backdate(saved, clock.at(revision.day))
    page.protected = demo.protected


#: A reader of the section page learns at once whose words these are.
TOOLKIT_SECTION_DESCRIPTION = (
    "An illustration written for this hub of the Toolkit for Responsible AI Innovation in Law "
    "Enforcement: a summary in our own words, not the text of INTERPOL or UNICRI."
)


def _has_pages(workspace: Workspace) -> bool:
    first = select(Page.id).where(Page.workspace_id == workspace.id).limit(1)
    return db.session.scalar(first) is not None


def seed_demo_wiki(context: DemoContext) -> None:
    workspace = context.workspace
    if _has_pages(workspace):
        context.report.append(f"Wiki of {workspace.name}: already seeded")
        return
    pages = load_demo_pages()
    sections = {section.name: section for section in services.ensure_default_sections(workspace)}
    # Demo authors include members; protection is applied once the history is written.
    curated = [section for section in sections.values() if section.protect_new_pages]
    for section in curated:
        section.protect_new_pages = False
    for demo in pages:
        _seed_page(context, demo, sections)
    for section in curated:
        section.protect_new_pages = True
    sections["Toolkit"].description = TOOLKIT_SECTION_DESCRIPTION
    db.session.flush()
    context.report.append(f"Wiki of {workspace.name}: {len(pages)} pages with their history")
