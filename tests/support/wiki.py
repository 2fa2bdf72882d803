"""The wiki's test world (a workspace with its sections, one account per role, pages), and
reading the wiki's pages and forms as a browser does."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, insert, select, update

from hub.auth.models import User
from hub.database import utcnow
from hub.extensions import db
from hub.workspaces.models import Visibility, Workspace
from tests.support import make_workspace, parse, role_accounts, text_of
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
    accounts = role_accounts(workspace)
    sections = {section.slug: section for section in services.ensure_default_sections(workspace)}
    db.session.commit()
    return Wiki(workspace, sections, **accounts)


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


def count(model, *conditions) -> int:
    """Rows of `model` meeting `conditions`, counted afresh."""
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def reload(page: Page) -> Page:
    db.session.expire_all()
    return db.session.get(Page, page.id)


def add_revisions(page: Page, author: User, count: int) -> None:
    """`count` more revisions of `page`, inserted in one statement."""
    first = page.current_revision.number + 1
    start = utcnow() - timedelta(days=1)
    db.session.execute(
        insert(Revision),
        [
            {
                "page_id": page.id,
                "number": number,
                "title": page.title,
                "body": f"Text number {number}.",
                "html": f"<p>Text number {number}.</p>",
                "author_id": author.id,
                "created_at": start + timedelta(seconds=number),
                "summary": f"Change {number}",
            }
            for number in range(first, first + count)
        ],
    )
    newest = db.session.scalar(
        select(Revision.id).where(Revision.page_id == page.id).order_by(Revision.number.desc())
    )
    db.session.execute(update(Page).where(Page.id == page.id).values(current_revision_id=newest))
    db.session.commit()


# --- forms and pages --------------------------------------------------------------------

# A page body with headings and two links, one of them to a page nobody has written.
LONG_BODY = """Intro paragraph.

## What it is

Text. [[Deep learning]] and [[Missing topic]].

## How police use it

More text.

### Risks

Even more.
"""


def new_page_fields(wiki: Wiki, **changes) -> dict[str, str]:
    return {
        "title": "Speech recognition",
        "section": str(wiki.topics.id),
        "parent": "",
        "body": "# Speech\n\nSee **[[Machine learning]]**.",
        "summary": "First draft",
        "tags": "tool, evidence",
        **changes,
    }


def page_text(response) -> str:
    return text_of(parse(response).find(".//main"))


def by_id(response, element_id: str):
    return next((el for el in parse(response).iter() if el.get("id") == element_id), None)


def field_errors(response, field: str) -> list[str]:
    return [text_of(el) for el in parse(response).iter("p") if el.get("id") == f"{field}-error"]


def textarea(response, name: str = "body") -> str | None:
    element = parse(response).find(f".//textarea[@name='{name}']")
    return None if element is None else element.text or ""


def form_fields(form) -> dict[str, str]:
    """What a browser would send from `form` (hidden and text inputs, textareas, selects)."""
    values = {}
    for element in form.iter():
        name = element.get("name")
        if not name or element.tag == "button":
            continue
        if element.tag == "textarea":
            values[name] = element.text or ""
        elif element.tag == "select":
            chosen = element.find(".//option[@selected]")
            values[name] = (chosen if chosen is not None else element.find(".//option")).get(
                "value"
            )
        elif element.get("type") in (None, "text", "hidden"):
            values[name] = element.get("value", "")
    return values


def form_with(response, button_text: str) -> dict[str, str]:
    """What a browser sends when the button saying `button_text` is pressed."""
    for form in parse(response).iter("form"):
        for button in form.iter("button"):
            if text_of(button) == button_text:
                pressed = (
                    {button.get("name"): button.get("value", "")} if button.get("name") else {}
                )
                return {**form_fields(form), **pressed}
    raise AssertionError(f"no form with a “{button_text}” button")


def links(response) -> set[str]:
    return {a.get("href") for a in parse(response).iter("a")}


def edit_fields(client, page: Page) -> dict[str, str]:
    response = client.get(wiki_url(page, "edit"))
    assert response.status_code == 200
    return form_with(response, "Save")
