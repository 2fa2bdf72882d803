"""The wiki's content for hub search: each live page's current revision, with its tags and
where it sits (its section and parent)."""

from collections import defaultdict
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.auth.models import User
from hub.extensions import db
from hub.search.providers import SearchDocument, SearchProvider, Watch, text_of_html
from wiki.models import Page, PageTag, Revision, Section


def page_documents(ids: Sequence[int]) -> dict[int, SearchDocument]:
    rows = db.session.execute(
        select(Page, Revision.html, Section.name, User.display_name)
        .join(Revision, Revision.id == Page.current_revision_id)
        .join(Section, Section.id == Page.section_id)
        .outerjoin(User, User.id == Revision.author_id)
        .where(Page.id.in_(ids), Page.deleted_at.is_(None))
    ).all()
    tags = defaultdict(list)
    for page_id, tag in db.session.execute(
        select(PageTag.page_id, PageTag.tag).where(PageTag.page_id.in_(ids))
    ):
        tags[page_id].append(tag)
    parent_ids = {page.parent_id for page, *_ in rows if page.parent_id}
    parents = dict(
        db.session.execute(select(Page.id, Page.title).where(Page.id.in_(parent_ids))).all()
        if parent_ids
        else []
    )
    return {
        page.id: SearchDocument(
            workspace_id=page.workspace_id,
            title=page.title,
            body=text_of_html(html),
            endpoint="wiki.page",
            url_values={"path": page.path},
            date=page.updated_at,
            author=author or "",
            tags=tags[page.id],
            location=" › ".join(filter(None, (section, parents.get(page.parent_id)))),
            language=page.language,
        )
        for page, html, section, author in rows
    }


def live_page_ids(workspace_id: int | None):
    query = select(Page.id).where(Page.deleted_at.is_(None), Page.current_revision_id.is_not(None))
    if workspace_id is not None:
        query = query.where(Page.workspace_id == workspace_id)
    return query


def _pages_of_section(section, session):
    return session.scalars(select(Page.id).where(Page.section_id == section.id))


PAGES = SearchProvider(
    type="wiki",
    label=_l("Wiki page"),
    documents=page_documents,
    all_ids=live_page_ids,
    watches=(
        Watch(
            Page,
            lambda page, _session: [page.id],
            fields=(
                "title",
                "path",
                "current_revision_id",
                "deleted_at",
                "section_id",
                "parent_id",
            ),
        ),
        Watch(PageTag, lambda tag, _session: [tag.page_id]),
        Watch(Section, _pages_of_section, fields=("name",)),
    ),
    order=10,
    weight=1.25,
)
