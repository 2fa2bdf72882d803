"""The demo wiki of the AI workspace, loaded from wiki.demo_content through the services.

Each demo revision is saved by its author through save_page, then dated to when the
demo says it was written, so history, diffs and recent changes look lived-in.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from hub.auth.models import User
from hub.extensions import db
from hub.notifications.models import Activity
from hub.workspaces.models import Workspace
from wiki import services
from wiki.demo_content import PAGES, WIKI_HOME_BODY, DemoPage
from wiki.models import Page, Revision
from wiki.paths import HOME_PATH

HOME_AUTHOR = "wsadmin@example.org"
HOME_DATE = datetime(2018, 9, 3, 9, 0, tzinfo=UTC)


def _backdate_last_activity(when: datetime) -> None:
    activity = db.session.scalar(select(Activity).order_by(Activity.id.desc()).limit(1))
    if activity is not None:
        activity.created_at = when


def _backdate(revision: Revision, when: datetime) -> None:
    revision.created_at = when
    revision.page.updated_at = when
    _backdate_last_activity(when)


def _seed_page(
    workspace: Workspace, demo: DemoPage, sections: dict[str, object], accounts: dict[str, User]
) -> None:
    start = datetime.fromisoformat(demo.start).replace(hour=9, tzinfo=UTC)
    parent_path = demo.path.rsplit("/", 1)[0] if "/" in demo.path else None
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
        slug=demo.path.rsplit("/", 1)[-1],
        tags=list(demo.tags),
    )
    page.created_at = start
    _backdate(page.current_revision, start + timedelta(days=first.days_after_start))
    for revision in later:
        saved = services.save_page(
            page,
            accounts[revision.author],
            body=revision.body,
            summary=revision.summary,
            base_revision_id=page.current_revision_id,
        )
        _backdate(saved, start + timedelta(days=revision.days_after_start))
    page.protected = demo.protected


def seed_demo_wiki(workspace: Workspace, accounts: dict[str, User], report: list[str]) -> None:
    if db.session.scalar(select(Page.id).where(Page.workspace_id == workspace.id).limit(1)):
        report.append("Wiki of Artificial Intelligence: already seeded")
        return
    sections = {section.name: section for section in services.ensure_default_sections(workspace)}
    # Demo authors include members; protection is applied once the history is written.
    curated = [section for section in sections.values() if section.protect_new_pages]
    for section in curated:
        section.protect_new_pages = False
    home = services.create_page(
        workspace,
        accounts[HOME_AUTHOR],
        title="Welcome to the AI wiki",
        section=sections["Topics"],
        body=WIKI_HOME_BODY,
        summary="Introduce the wiki",
        slug=HOME_PATH,
    )
    page_created = home.current_revision
    _backdate(page_created, HOME_DATE)
    home.created_at = HOME_DATE
    for demo in PAGES:
        _seed_page(workspace, demo, sections, accounts)
    for section in curated:
        section.protect_new_pages = True
    db.session.flush()
    report.append(f"Wiki of Artificial Intelligence: {len(PAGES) + 1} pages with their history")
