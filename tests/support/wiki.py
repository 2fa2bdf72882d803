"""The wiki's test world: a workspace with its sections, one account per role, and pages."""

from dataclasses import dataclass

from hub.auth.models import User
from hub.extensions import db
from hub.workspaces.models import Role, Visibility, Workspace
from tests.support import make_membership, make_user, make_workspace
from wiki import services
from wiki.models import Page, Revision, Section


@dataclass
class Wiki:
    """A workspace with its wiki sections, one account per role and an outsider."""

    workspace: Workspace
    sections: dict[str, Section]
    admin: User
    moderator: User
    member: User
    other_member: User
    outsider: User

    @property
    def topics(self) -> Section:
        return self.sections["topics"]

    @property
    def toolkit(self) -> Section:
        return self.sections["toolkit"]


def build_wiki(slug: str = "ai", visibility: Visibility = Visibility.RESTRICTED) -> Wiki:
    workspace = make_workspace(slug, visibility=visibility)
    accounts = {}
    for name, role in (
        ("admin", Role.ADMINISTRATOR),
        ("moderator", Role.MODERATOR),
        ("member", Role.MEMBER),
        ("other_member", Role.MEMBER),
    ):
        accounts[name] = make_user(
            f"{name}@{slug}.example.org", display_name=name.replace("_", " ").title()
        )
        make_membership(workspace, accounts[name], role)
    outsider = make_user(f"outsider@{slug}.example.org")
    sections = {section.slug: section for section in services.ensure_default_sections(workspace)}
    db.session.commit()
    return Wiki(workspace, sections, outsider=outsider, **accounts)


def add_page(
    wiki: Wiki,
    title: str,
    body: str = "Some text.",
    *,
    author: User | None = None,
    section: Section | None = None,
    **options,
) -> Page:
    """A page created by `author` (the member by default) in `section` (Topics), committed."""
    page = services.create_page(
        wiki.workspace,
        author or wiki.member,
        title=title,
        section=section or wiki.topics,
        body=body,
        **options,
    )
    db.session.commit()
    return page


def save(page: Page, editor: User, body: str, summary: str = "") -> Revision:
    """A new revision of `page` on top of its current one, committed."""
    revision = services.save_page(
        page, editor, body=body, summary=summary, base_revision_id=page.current_revision_id
    )
    db.session.commit()
    return revision


def move(page: Page, by: User, **changes) -> Page:
    """Move or rename `page`: what is not in `changes` stays as it is."""
    values = {"title": page.title, "slug": "", "parent": page.parent, "section": page.section}
    return services.move_page(page, by, **(values | changes))


def pages(rows) -> list[Page]:
    """The pages that query rows (trees, breadcrumbs, link lists) stand for."""
    return [db.session.get(Page, row.id) for row in rows]


def wiki_url(page_or_path: Page | str = "", *action: str) -> str:
    path = page_or_path.path if isinstance(page_or_path, Page) else page_or_path
    return "/".join(["/w/ai/wiki", path, *action]) if path else "/w/ai/wiki/"
