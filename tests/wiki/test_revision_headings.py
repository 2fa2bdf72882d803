"""Each revision stores its headings when its HTML is rendered; the page's table of contents
shows what is stored, and the migration that added them filled in the revisions before it."""

from datetime import UTC, datetime

import flask_migrate
from sqlalchemy import MetaData, select, update

from hub.extensions import db
from tests.support import parse, sign_in, text_of
from tests.support.wiki import add_page, save, wiki_url
from wiki import services
from wiki.models import Revision

THREE_HEADINGS = "# Overview\n\nText.\n\n## Use by *police*\n\nText.\n\n### Risks & `limits`\n"
BEFORE_HEADINGS = "edd4046a0011"


def stored_headings(revision_id: int) -> list:
    db.session.expire_all()
    return db.session.scalar(select(Revision.headings).where(Revision.id == revision_id))


def contents_of(response) -> list[tuple[str, str]]:
    toc = parse(response).find(".//nav[@aria-labelledby='toc-heading']")
    return [(text_of(a), a.get("href")) for a in toc.iter("a")]


def test_a_saved_revision_stores_its_headings_with_their_anchors(wiki):
    page = add_page(wiki, "Drones", THREE_HEADINGS)

    assert stored_headings(page.current_revision_id) == [
        [1, "overview", "Overview"],
        [2, "use-by-police", "Use by police"],
        [3, "risks--limits", "Risks & limits"],
    ]
    html = page.current_revision.html
    assert all(
        f'id="{anchor}"' in html for _, anchor, _ in stored_headings(page.current_revision_id)
    )


def test_a_revision_without_headings_stores_none(wiki):
    page = add_page(wiki, "Drones", "Only a paragraph.")
    assert stored_headings(page.current_revision_id) == []


def test_an_edit_stores_new_headings_and_the_old_revision_keeps_its_own(client, wiki):
    page = add_page(wiki, "Drones", THREE_HEADINGS)
    first_id = page.current_revision_id
    save(page, wiki.member, "## Payloads\n\nText.\n\n## Range\n\nText.\n\n## Law\n")

    assert stored_headings(first_id)[0] == [1, "overview", "Overview"]
    assert [text for _, _, text in stored_headings(page.current_revision_id)] == [
        "Payloads",
        "Range",
        "Law",
    ]
    sign_in(client, wiki.member)
    assert contents_of(client.get(wiki_url(page))) == [
        ("Payloads", "#payloads"),
        ("Range", "#range"),
        ("Law", "#law"),
    ]


def test_the_page_shows_the_stored_headings_not_those_in_its_html(client, wiki):
    page = add_page(wiki, "Drones", THREE_HEADINGS)
    stored = [[2, "overview", "Stored overview"], [2, "a", "A"], [3, "b", "B"]]
    db.session.execute(
        update(Revision).where(Revision.id == page.current_revision_id).values(headings=stored)
    )
    db.session.commit()
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page))

    assert contents_of(response) == [("Stored overview", "#overview"), ("A", "#a"), ("B", "#b")]


def test_headings_follow_a_linked_title_when_the_linking_page_is_re_rendered(wiki):
    target = add_page(wiki, "Machine learning")
    source = add_page(wiki, "Overview", "## About [[machine-learning]]\n\nText.")
    assert stored_headings(source.current_revision_id) == [
        [2, "about-machine-learning", "About Machine learning"]
    ]

    services.move_page(
        target,
        wiki.member,
        title="Learning machines",
        slug="learning-machines",
        parent=None,
        section=wiki.topics,
    )
    db.session.commit()

    assert stored_headings(source.current_revision_id) == [
        [2, "about-learning-machines", "About Learning machines"]
    ]


def test_the_migration_takes_existing_revisions_headings_from_their_html(migration_app):  # noqa: F811
    flask_migrate.upgrade(revision=BEFORE_HEADINGS)
    # Rows as the earlier code stored them, written through the tables of that schema: the
    # models know columns that do not exist yet.
    old = MetaData()
    old.reflect(db.engine)
    now = datetime.now(UTC)

    def add(table: str, **values) -> int:
        return db.session.execute(old.tables[table].insert().values(**values)).inserted_primary_key[
            0
        ]

    workspace_id = add(
        "workspaces",
        slug="ai",
        name="AI",
        description="",
        description_html="",
        visibility="restricted",
        created_at=now,
    )
    author_id = add(
        "users",
        email="author@example.org",
        display_name="Author",
        sector="academia",
        organisation="",
        country="FR",
        status="active",
        is_hub_admin=False,
        created_at=now,
        password_changed_at=now,
        email_preference="off",
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
    page_id = add(
        "wiki_pages",
        workspace_id=workspace_id,
        section_id=section_id,
        path="drones",
        title="Drones",
        title_key="drones",
        protected=False,
        created_at=now,
        updated_at=now,
    )
    html_by_number = {
        1: '<h1 id="overview">Overview</h1>\n<p>Text.</p>\n'
        '<h2 id="use-by-police">Use by <em>police</em></h2>\n'
        '<blockquote>\n<h3 id="risks--limits">Risks &amp; <code>limits</code></h3>\n'
        "</blockquote>\n",
        2: "<p>No headings here, only <strong>bold</strong> text.</p>\n",
    }
    for number, html in html_by_number.items():
        add(
            "wiki_revisions",
            page_id=page_id,
            number=number,
            title="Drones",
            body="(body)",
            html=html,
            author_id=author_id,
            created_at=now,
            summary="",
            size=0,
            size_delta=0,
        )
    db.session.commit()

    flask_migrate.upgrade()

    rows = db.session.execute(
        select(Revision.number, Revision.headings).order_by(Revision.number)
    ).all()
    assert rows == [
        (
            1,
            [
                [1, "overview", "Overview"],
                [2, "use-by-police", "Use by police"],
                [3, "risks--limits", "Risks & limits"],
            ],
        ),
        (2, []),
    ]
