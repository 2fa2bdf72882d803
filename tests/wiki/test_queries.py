"""The wiki's read queries: ancestors, trees, history, backlinks, and what the page view reads."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from hub.auth.models import User
from hub.extensions import db
from tests.support import count_statements
from tests.support.wiki import Wiki, add_page, build_wiki, pages, save
from wiki import queries, services
from wiki.models import Page, PageLink, Revision

# --- queries ------------------------------------------------------------------------------


def test_ancestors_run_from_the_top_and_skip_deleted_pages(wiki):
    top = add_page(wiki, "Top")
    middle = add_page(wiki, "Middle", parent=top)
    bottom = add_page(wiki, "Bottom", parent=middle)
    assert pages(queries.surroundings(bottom).ancestors) == [top, middle]
    assert queries.surroundings(top).ancestors == []
    services.delete_page(middle, wiki.moderator)
    assert pages(queries.surroundings(bottom).ancestors) == [top]


def titles(listed: list[queries.ListedPage]) -> list:
    return [
        (page.title, [child.title for child in page.children]) if page.children else page.title
        for page in listed
    ]


def test_the_section_listing_is_its_top_level_pages_by_title_with_their_children(wiki):
    services.create_page(
        wiki.workspace, wiki.admin, title="Welcome", section=wiki.topics, body="", slug="home"
    )
    vision = add_page(wiki, "vision")
    add_page(wiki, "Audio")
    add_page(wiki, "Zebra", parent=vision)
    faces = add_page(wiki, "Faces", parent=vision)
    add_page(wiki, "bias", parent=faces)
    gone = add_page(wiki, "Gone", parent=vision)
    add_page(wiki, "Elsewhere", section=wiki.sections["events"])
    services.delete_page(gone, wiki.moderator)
    assert titles(queries.section_listing(wiki.topics).items) == [
        "Audio",
        ("vision", ["Faces", "Zebra"]),
    ]
    assert titles(queries.section_listing(wiki.topics, under=faces).items) == ["bias"]
    assert titles(queries.section_listing(wiki.topics, title="a").items) == [
        "Audio",
        "bias",
        "Faces",
        "Zebra",
    ]
    assert titles(queries.section_listing(wiki.sections["events"]).items) == ["Elsewhere"]
    assert titles(queries.section_listing(wiki.toolkit).items) == []


def page_titles(rows) -> list[str]:
    return [row.title for row in rows]


def test_the_surroundings_are_the_pages_branch_not_its_section(wiki):
    top = add_page(wiki, "Top")
    child = add_page(wiki, "Child", parent=top)
    add_page(wiki, "Sibling", parent=top)
    add_page(wiki, "Grandchild", parent=child)
    add_page(wiki, "Other top")
    add_page(wiki, "Elsewhere", section=wiki.sections["events"])

    around = queries.surroundings(child)

    assert pages(around.ancestors) == [top]
    assert (around.siblings_before, page_titles(around.siblings_after)) == ([], ["Sibling"])
    assert page_titles(around.children) == ["Grandchild"]
    assert (around.more_before, around.more_after, around.child_count) == (0, 0, 1)


def test_the_surroundings_show_a_few_siblings_either_side_and_count_the_rest(wiki):
    top = add_page(wiki, "Top")
    bulk_children(wiki, top, 40)  # "Child 00" ... "Child 39"
    page = db.session.scalar(select(Page).where(Page.title == "Child 20"))
    add_backlinks_quickly(wiki, page, 60, "source")

    around = queries.surroundings(page)

    shown = queries.SIBLINGS_SHOWN
    assert page_titles(around.siblings_before) == [f"Child {n}" for n in range(20 - shown, 20)]
    assert page_titles(around.siblings_after) == [f"Child {n}" for n in range(21, 21 + shown)]
    assert (around.more_before, around.more_after) == (20 - shown, 19 - shown)
    assert len(around.backlinks) == queries.BACKLINKS_SHOWN
    assert around.backlink_count == 60
    assert len(queries.surroundings(top).children) == queries.CHILDREN_SHOWN
    assert queries.surroundings(top).child_count == 40


def test_children_are_live_and_ordered_by_title(wiki):
    top = add_page(wiki, "Top")
    add_page(wiki, "beta", parent=top)
    add_page(wiki, "Alpha", parent=top)
    services.delete_page(add_page(wiki, "Aardvark", parent=top), wiki.moderator)
    add_page(wiki, "Unrelated")
    assert [page.title for page in queries.surroundings(top).children] == ["Alpha", "beta"]


def test_page_count_leaves_out_deleted_pages_and_other_workspaces(wiki):
    add_page(wiki, "One")
    services.delete_page(add_page(wiki, "Two"), wiki.moderator)
    other = build_wiki("drones")
    add_page(other, "Three", author=other.member)
    assert queries.page_count(wiki.workspace) == 1


def add_revisions_quickly(page: Page, author: User, up_to: int) -> None:
    """Revisions 2..up_to in one bulk insert, an hour apart; the last becomes current."""
    start = page.current_revision.created_at
    db.session.execute(
        insert(Revision),
        [
            {
                "page_id": page.id,
                "number": number,
                "title": page.title,
                "body": f"Text {number}",
                "html": f"<p>Text {number}</p>",
                "author_id": author.id,
                "created_at": start + timedelta(hours=number),
                "summary": f"Edit {number}",
                "size": len(f"Text {number}"),
                "size_delta": 1,
            }
            for number in range(2, up_to + 1)
        ],
    )
    last = db.session.scalar(
        select(Revision.id).where(Revision.page_id == page.id, Revision.number == up_to)
    )
    db.session.execute(update(Page).where(Page.id == page.id).values(current_revision_id=last))
    db.session.commit()


def queries_only(statements: list[str]) -> list[str]:
    """Leave out the BEGIN of the test's transaction: only the first measurement has it."""
    return [statement for statement in statements if not statement.startswith("BEGIN")]


def history_statements(page: Page) -> int:
    db.session.expire_all()
    db.session.refresh(page)  # loaded here, not counted: the view has the page already
    with count_statements() as statements:
        result = queries.history(page)
        [revision.author_name for revision in result.items]
    return len(queries_only(statements))


def test_history_pages_the_newest_fifty_first(wiki):
    page = add_page(wiki, "Busy page", "Text 1")
    add_revisions_quickly(page, wiki.other_member, 2000)
    first = queries.history(page)
    assert [revision.number for revision in first.items] == list(range(2000, 1950, -1))
    assert (first.previous_before, first.next_after) == (None, 1951)
    last = queries.history(page, after=51)
    assert [revision.number for revision in last.items] == list(range(50, 0, -1))
    assert (last.previous_before, last.next_after) == (50, None)
    assert queries.history(page, after=1).items == []
    newer = queries.history(page, before=1950)
    assert [revision.number for revision in newer.items] == list(range(2000, 1950, -1))
    assert newer.previous_before is None
    middle = queries.history(page, before=100)
    assert [revision.number for revision in middle.items] == list(range(150, 100, -1))


def test_history_costs_the_same_statements_for_20_and_2000_revisions(wiki):
    small = add_page(wiki, "Small", "Text 1")
    big = add_page(wiki, "Big", "Text 1")
    add_revisions_quickly(small, wiki.other_member, 20)
    add_revisions_quickly(big, wiki.other_member, 2000)
    assert history_statements(small) == history_statements(big) <= 3


def test_revision_of_finds_a_number_of_this_page_only(wiki):
    page = add_page(wiki, "Robots", "One.")
    save(page, wiki.member, "Two.")
    other = add_page(wiki, "Drones", "Other.")
    assert queries.revision_of(page, 1).body == "One."
    assert queries.revision_of(other, 2) is None


def set_time(revision: Revision, when: datetime) -> None:
    revision.created_at = when
    db.session.flush()


def test_recent_changes_filter_by_section_author_and_dates(wiki):
    day = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    robots = add_page(wiki, "Robots", "One.")
    set_time(robots.current_revision, day)
    set_time(save(robots, wiki.other_member, "Two."), day + timedelta(days=1))
    vdr = add_page(wiki, "VDR", section=wiki.sections["events"])
    set_time(vdr.current_revision, day + timedelta(days=2))
    gone = add_page(wiki, "Gone")
    set_time(gone.current_revision, day + timedelta(days=3))
    services.delete_page(gone, wiki.moderator)
    other = build_wiki("drones")
    add_page(other, "Foreign", author=other.member)

    def changes(**filters) -> list[tuple[str, int]]:
        query = queries.recent_changes_query(wiki.workspace, **filters)
        return [(revision.page.title, revision.number) for revision in db.session.scalars(query)]

    assert changes() == [("VDR", 1), ("Robots", 2), ("Robots", 1)]
    assert changes(section=wiki.topics) == [("Robots", 2), ("Robots", 1)]
    assert changes(author=wiki.other_member) == [("Robots", 2)]
    assert changes(since=day + timedelta(days=1)) == [("VDR", 1), ("Robots", 2)]
    assert changes(until=day + timedelta(days=1)) == [("Robots", 1)]
    assert changes(since=day + timedelta(hours=1), until=day + timedelta(days=2)) == [("Robots", 2)]
    assert changes(section=wiki.topics, author=wiki.admin) == []


def test_recent_changes_load_page_section_and_author_in_one_statement(wiki):
    for number in range(5):
        save(add_page(wiki, f"Page {number}"), wiki.other_member, "Changed.")
    db.session.commit()
    db.session.expire_all()
    query = queries.recent_changes_query(wiki.workspace)
    with count_statements() as statements:
        rows = db.session.scalars(query).all()
        [(row.page.section.name, row.author.display_name) for row in rows]
    assert len(rows) == 10
    assert len(queries_only(statements)) == 1


# --- the page view's reads ----------------------------------------------------------------


def add_backlinks_quickly(wiki: Wiki, page: Page, how_many: int, prefix: str) -> None:
    """`how_many` pages linking to `page`, in two bulk inserts."""
    db.session.execute(
        insert(Page),
        [
            {
                "workspace_id": wiki.workspace.id,
                "section_id": wiki.topics.id,
                "path": f"{prefix}-{number}",
                "title": f"{prefix} {number}",
                "title_key": f"{prefix} {number}",
                "protected": False,
                "created_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
            }
            for number in range(how_many)
        ],
    )
    sources = db.session.scalars(select(Page.id).where(Page.path.startswith(f"{prefix}-"))).all()
    db.session.execute(
        insert(PageLink),
        [
            {"source_page_id": source, "target_key": page.path, "target_page_id": page.id}
            for source in sources
        ],
    )
    db.session.commit()


def bulk_children(wiki: Wiki, parent: Page, how_many: int) -> None:
    db.session.execute(
        insert(Page),
        [
            {
                "workspace_id": wiki.workspace.id,
                "section_id": parent.section_id,
                "parent_id": parent.id,
                "path": f"{parent.path}/child-{number:02}",
                "title": f"Child {number:02}",
                "title_key": f"child {number:02}",
                "protected": False,
                "created_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
            }
            for number in range(how_many)
        ],
    )
    db.session.execute(
        update(Page).where(Page.id == parent.id).values(child_count=Page.child_count + how_many)
    )
    db.session.commit()


def page_view_statements(wiki: Wiki, path: str) -> tuple[int, int]:
    """Statements the page view's reads issue, and how many backlinks they found."""
    db.session.expire_all()
    for loaded_before_the_view in (wiki.workspace, wiki.member):
        db.session.refresh(loaded_before_the_view)
    with count_statements() as statements:
        view = queries.page_view(wiki.workspace, path, wiki.member)
        assert view.revision.author_name == "Member"
        found = queries.surroundings(view.page).backlink_count
    return len(queries_only(statements)), found


def test_the_page_views_reads_are_bounded_whatever_the_backlinks(wiki):
    top = add_page(wiki, "Vision")
    few = add_page(wiki, "Faces", parent=top)
    many = add_page(wiki, "Bias", parent=top)
    add_page(wiki, "Detail", parent=few)
    add_page(wiki, "Detail", parent=many)
    services.set_watch(wiki.member, watching=True, section=wiki.topics)
    add_backlinks_quickly(wiki, few, 10, "few")
    add_backlinks_quickly(wiki, many, 500, "many")
    few_statements, few_found = page_view_statements(wiki, "vision/faces")
    many_statements, many_found = page_view_statements(wiki, "vision/bias")
    assert (few_found, many_found) == (10, 500)
    assert few_statements == many_statements == 2
