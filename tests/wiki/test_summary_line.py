"""Each page keeps the line that says what it is about (Page.summary_line), written with its
current revision's HTML, so that the section page lists fifty pages without reading fifty
revisions. Whatever happens to a page, or to the pages it links to, its line is the one of
the HTML it shows now, and the section page shows that line."""

from datetime import UTC, datetime

import flask_migrate
import pytest
from sqlalchemy import MetaData, select

from hub.extensions import db
from tests.support import sign_in
from tests.support.wiki import add_page, move, reload, save
from wiki import services
from wiki.models import Page
from wiki.outline import summary_line

SECTION = "/w/ai/wiki/sections/topics"


def line_of(page: Page) -> str:
    """The page's kept line, after checking that it is the line of its current HTML."""
    page = reload(page)
    assert page.summary_line == summary_line(page.current_revision.html)
    return page.summary_line


def section_page(client) -> str:
    response = client.get(SECTION)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_new_page_keeps_the_first_sentence_of_its_text(client, wiki):
    drones = add_page(wiki, "Drones", "Drones fly over crowds. They carry cameras.")

    assert line_of(drones) == "Drones fly over crowds."
    assert "Drones fly over crowds." in section_page(sign_in(client, wiki.member))


def test_an_edit_and_a_revert_change_the_line(client, wiki):
    drones = add_page(wiki, "Drones", "Drones fly over crowds. They carry cameras.")
    first = reload(drones).current_revision
    sign_in(client, wiki.member)

    save(reload(drones), wiki.other_member, "Flying cameras need rules. Here they are.")
    assert line_of(drones) == "Flying cameras need rules."
    html = section_page(client)
    assert "Flying cameras need rules." in html and "Drones fly over crowds." not in html

    services.revert_page(reload(drones), wiki.member, first)
    db.session.commit()
    assert line_of(drones) == "Drones fly over crowds."
    assert "Drones fly over crowds." in section_page(client)


def test_a_save_of_the_same_text_keeps_the_line(wiki):
    drones = add_page(wiki, "Drones", "Drones fly over crowds.")

    save(reload(drones), wiki.member, "Drones fly over crowds.")

    assert line_of(drones) == "Drones fly over crowds."


def test_a_renamed_or_moved_page_keeps_its_line(wiki):
    tools = add_page(wiki, "Tools", "Tools we use.")
    drones = add_page(wiki, "Drones", "Drones fly over crowds.")

    move(reload(drones), wiki.member, title="Aerial drones", slug="aerial-drones")
    db.session.commit()
    assert line_of(drones) == "Drones fly over crowds."

    move(reload(drones), wiki.member, parent=reload(tools), section=wiki.sections["cooperation"])
    db.session.commit()
    assert line_of(drones) == "Drones fly over crowds."


def test_a_restored_page_has_the_line_of_its_text_as_it_reads_now(wiki):
    """While a page is deleted, the pages it links to may change: restored, it is written
    anew, its line with it."""
    cameras = add_page(wiki, "Cameras", "What drones see.")
    drones = add_page(wiki, "Drones", "Drones carry [[Cameras]] over crowds.")

    services.delete_page(reload(drones), wiki.moderator)
    db.session.commit()
    assert line_of(drones) == "Drones carry Cameras over crowds."
    move(reload(cameras), wiki.member, title="Video cameras", slug="video-cameras")
    db.session.commit()
    assert line_of(drones) == "Drones carry Cameras over crowds."
    services.restore_page(reload(drones), wiki.moderator)
    db.session.commit()

    assert line_of(drones) == "Drones carry Video cameras over crowds."


@pytest.mark.parametrize("change", ["rename", "delete"])
def test_a_line_follows_the_page_it_links_to(wiki, change):
    """A link without a label shows its page's title: the pages linking to a page are
    written anew when it is renamed or deleted, and their lines with them."""
    add_page(wiki, "Cameras", "What drones see.")
    drones = add_page(wiki, "Drones", "Drones carry [[Cameras]] over crowds.")
    assert line_of(drones) == "Drones carry Cameras over crowds."
    cameras = db.session.scalar(select(Page).where(Page.title == "Cameras"))

    if change == "rename":
        move(cameras, wiki.member, title="Video cameras", slug="video-cameras")
        expected = "Drones carry Video cameras over crowds."
    else:
        services.delete_page(cameras, wiki.moderator)
        expected = "Drones carry Cameras over crowds."
    db.session.commit()

    assert line_of(drones) == expected


def test_a_line_follows_a_page_that_appears(wiki):
    """A link to a page not written yet shows its target as written; once the page
    exists, its title."""
    drones = add_page(wiki, "Drones", "Drones carry [[video cameras]] far.")
    assert line_of(drones) == "Drones carry video cameras far."

    add_page(wiki, "Video Cameras", "What drones see.")

    assert line_of(drones) == "Drones carry Video Cameras far."


def test_a_page_whose_text_opens_with_no_paragraph_has_no_line(client, wiki):
    add_page(wiki, "Checklist", "- Fly low\n- Record everything")

    assert line_of(db.session.scalar(select(Page).where(Page.title == "Checklist"))) == ""
    html = section_page(sign_in(client, wiki.member))
    assert "Checklist" in html and 'class="page-listing__summary"' not in html


BEFORE_SUMMARY_LINES = "a9e2bf94ab7a"
OPENINGS = {
    "drones": "<p>Drones fly over crowds. They carry cameras.</p>\n",
    "checklist": "<ul>\n<li>Fly low.</li>\n</ul>\n<p>Then land.</p>\n",
    "long": '<h2 id="a">A</h2>\n<p>' + "Word " * 60 + "</p>\n",
    "list only": "<ul>\n<li>Fly low.</li>\n</ul>\n",
}


def test_the_migration_gives_existing_pages_their_line_and_their_count_of_children(
    migration_app,  # noqa: F811
):
    flask_migrate.upgrade(revision=BEFORE_SUMMARY_LINES)
    # Rows as the earlier code stored them, through the tables of that schema: the models
    # know a column that does not exist yet.
    old = MetaData()
    old.reflect(db.engine)
    now = datetime.now(UTC)

    def add(table: str, **values) -> int:
        inserted = db.session.execute(old.tables[table].insert().values(**values))
        return inserted.inserted_primary_key[0]

    workspace_id = add(
        "workspaces",
        slug="ai",
        name="AI",
        description="",
        description_html="",
        visibility="restricted",
        created_at=now,
    )
    section_id = add(
        "wiki_sections",
        workspace_id=workspace_id,
        name="Topics",
        slug="topics",
        description="",
        position=0,
        protect_new_pages=False,
    )
    pages = old.tables["wiki_pages"]
    ids = {}
    # Under "drones": a live page without a revision yet, and a deleted one.
    for slug, html in [*OPENINGS.items(), ("unwritten", None), ("deleted", None)]:
        page_id = ids[slug] = add(
            "wiki_pages",
            workspace_id=workspace_id,
            section_id=section_id,
            parent_id=ids["drones"] if html is None else None,
            path=slug.replace(" ", "-"),
            title=slug,
            title_key=slug,
            protected=False,
            deleted_at=now if slug == "deleted" else None,
            created_at=now,
            updated_at=now,
        )
        if html is None:
            continue
        first = dict(
            page_id=page_id,
            workspace_id=workspace_id,
            section_id=section_id,
            title=slug,
            body="",
            summary="",
            size=0,
            size_delta=0,
        )
        add("wiki_revisions", **first, number=1, html="<p>An older text.</p>\n", created_at=now)
        current = add("wiki_revisions", **first, number=2, html=html, created_at=now)
        db.session.execute(
            pages.update().where(pages.c.id == page_id).values(current_revision_id=current)
        )
    db.session.commit()

    flask_migrate.upgrade()

    lines = dict(db.session.execute(select(Page.title, Page.summary_line)).all())
    assert lines == {
        **{slug: summary_line(html) for slug, html in OPENINGS.items()},
        "unwritten": "",
        "deleted": "",
    }
    assert lines["drones"] == "Drones fly over crowds."
    assert lines["checklist"] == "Then land."
    assert lines["long"].endswith("…") and lines["list only"] == ""
    counts = dict(db.session.execute(select(Page.title, Page.child_count)).all())
    assert counts == {slug: int(slug == "drones") for slug in counts}
