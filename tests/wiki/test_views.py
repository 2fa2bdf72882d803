"""The wiki through HTTP: every page and form as members, moderators and administrators use them.

Reading (page, tree, history, diffs), writing (create, edit, preview, conflicts and merges,
revert, move), moderation, watching, sections, recent changes; bad input on every form
(a message next to the field, never a 500, nothing half-saved, the text kept); and the
number of SQL statements the busiest pages issue, which must not grow with the wiki.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, update

from config import TestingConfig
from hub import create_app
from hub.auth.models import User
from hub.database import utcnow
from hub.extensions import db
from hub.workspaces.models import Visibility
from tests.support import (
    PASSWORD,
    count_statements,
    make_user,
    parse,
    sign_in,
    text_of,
)
from tests.support.wiki import Wiki, add_page, build_wiki, save, wiki_url
from wiki import queries, services
from wiki.models import Page, PageLink, Revision, Section, Watch
from wiki.services import MAX_BODY_LENGTH, MAX_TAGS

# --- the world ---------------------------------------------------------------------------


def count(model, *conditions) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def reload(page: Page) -> Page:
    db.session.expire_all()
    return db.session.get(Page, page.id)


# --- reading the HTML --------------------------------------------------------------------


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


# --- the wiki home ------------------------------------------------------------------------


def test_the_wiki_home_shows_the_introduction_sections_and_latest_edits(client, wiki):
    add_page(wiki, "Home", "Welcome to **our** wiki.", author=wiki.admin)
    add_page(wiki, "Drones")
    add_page(wiki, "Principles", section=wiki.toolkit, author=wiki.admin)
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/")

    assert response.status_code == 200
    document = parse(response)
    assert "<strong>our</strong>" in response.get_data(as_text=True)
    sections = {
        text_of(section.find(".//h2")): text_of(section.find(".//ul"))
        for section in document.iter("section")
        if section.get("aria-labelledby", "").startswith("section-")
    }
    assert sections == {
        "Topics": "Drones",
        "Events": "",
        "Cooperation": "",
        "Toolkit": "Principles (protected)",
    }
    assert "Open the Toolkit" in page_text(response)
    assert "Principles Admin" in page_text(response)  # the latest edits, newest first
    assert "/w/ai/wiki/new" in links(response)
    assert f"/w/ai/wiki/new?section={wiki.topics.id}" in links(response)
    assert f"/w/ai/wiki/new?section={wiki.toolkit.id}" not in links(response)
    assert "/w/ai/wiki/sections" not in links(response)

    admin = client.application.test_client()
    sign_in(admin, wiki.admin)
    assert "/w/ai/wiki/sections" in links(admin.get("/w/ai/wiki/"))


def current_tab(response) -> str:
    tabs = parse(response).find(".//nav[@class='tabs']")
    [current] = [text_of(a) for a in tabs.iter("a") if a.get("aria-current") == "page"]
    return current


def test_the_toolkit_has_a_tab_that_opens_its_section(client, wiki):
    parts = add_page(wiki, "Toolkit", section=wiki.toolkit, author=wiki.admin)
    add_page(wiki, "Principles", section=wiki.toolkit, parent=parts, author=wiki.admin)
    add_page(wiki, "Machine learning")
    sign_in(client, wiki.member)

    home = client.get("/w/ai/")
    [address] = [
        a.get("href")
        for a in parse(home).find(".//nav[@class='tabs']").iter("a")
        if text_of(a) == "Toolkit"
    ]
    section = client.get(address)

    assert address == "/w/ai/wiki/sections/toolkit"
    assert section.status_code == 200
    assert text_of(parse(section).find(".//h1")) == "Toolkit"
    pages = parse(section).find(".//section[@aria-label='Pages in Toolkit']")
    assert text_of(pages) == "Toolkit (protected) Principles (protected)"
    assert current_tab(section) == "Toolkit"
    assert current_tab(client.get(wiki_url(parts, "principles"))) == "Toolkit"
    assert current_tab(client.get("/w/ai/wiki/machine-learning")) == "Wiki"
    assert current_tab(client.get("/w/ai/wiki/")) == "Wiki"
    assert current_tab(home) == "Overview"
    # New Toolkit pages are for administrators: members get no link to add one.
    assert "Add a page to Toolkit" not in page_text(section)


def test_a_section_page_lists_its_pages_and_lets_members_add_and_watch(client, wiki):
    sign_in(client, wiki.member)

    empty = client.get("/w/ai/wiki/sections/topics")
    watched = client.post(
        f"/w/ai/wiki/sections/{wiki.topics.id}/watch",
        data=form_with(empty, "Watch Topics"),
        follow_redirects=True,
    )

    assert "No pages in Topics yet." in page_text(empty)
    assert f"/w/ai/wiki/new?section={wiki.topics.id}" in links(empty)
    assert "Stop watching Topics" in page_text(watched)
    assert watched.request.path == "/w/ai/wiki/sections/topics"


@pytest.mark.parametrize("slug", ["nowhere", "x" * 500, "topics%00", "..%2Ftopics"])
def test_an_unknown_section_is_not_found(client, wiki, slug):
    build_wiki("other").sections  # noqa: B018 - its sections have the same slugs
    sign_in(client, wiki.member)

    assert client.get(f"/w/ai/wiki/sections/{slug}").status_code == 404
    assert client.get("/w/other/wiki/sections/topics").status_code == 403


def test_readers_who_cannot_edit_get_no_writing_links(client):
    open_wiki = build_wiki("open", visibility=Visibility.OPEN)
    services.create_page(
        open_wiki.workspace, open_wiki.member, title="Drones", section=open_wiki.topics, body="."
    )
    db.session.commit()
    sign_in(client, make_user("reader@example.org"))

    home = client.get("/w/open/wiki/")
    page = client.get("/w/open/wiki/drones")

    assert home.status_code == page.status_code == 200
    assert not any("/new" in href or href.endswith("/edit") for href in links(home) | links(page))
    assert client.get("/w/open/wiki/drones/edit").status_code == 403


# --- the page view -----------------------------------------------------------------------

LONG_BODY = """Intro paragraph.

## What it is

Text. [[Deep learning]] and [[Missing topic]].

## How police use it

More text.

### Risks

Even more.
"""


def test_a_page_shows_its_title_place_contents_and_links(client, wiki):
    parent = add_page(wiki, "Machine learning")
    page = add_page(
        wiki, "Deep learning", LONG_BODY, parent=parent, tags=["threat", "Tool", "neural nets"]
    )
    add_page(wiki, "Transformers", parent=page)
    add_page(wiki, "Neural networks", "See [[Deep learning]].")
    save(page, wiki.other_member, LONG_BODY + "\nA last line.", "Add a line")
    db.session.execute(
        update(Revision)
        .where(Revision.id == page.current_revision_id)
        .values(created_at=datetime(2021, 6, 9, 14, 30, tzinfo=UTC))
    )
    db.session.commit()
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page))

    assert response.status_code == 200
    document = parse(response)
    assert text_of(document.find(".//h1")) == "Deep learning"
    breadcrumbs = document.find(".//nav[@aria-label='Breadcrumbs']")
    assert text_of(breadcrumbs) == "Wiki Topics Machine learning Deep learning"
    assert breadcrumbs.find(".//a[@href='/w/ai/wiki/machine-learning']") is not None
    toc = document.find(".//nav[@aria-labelledby='toc-heading']")
    assert [text_of(a) for a in toc.iter("a")] == ["What it is", "How police use it", "Risks"]
    assert [a.get("href") for a in toc.iter("a")] == [
        "#what-it-is",
        "#how-police-use-it",
        "#risks",
    ]
    tree = text_of(document.find(".//aside"))
    assert "Machine learning Deep learning Transformers Neural networks" in tree
    assert "Last edited by Other Member on 09 Jun 2021, 14:30 UTC · revision 2" in page_text(
        response
    )
    tags = document.find(".//ul[@aria-label='Tags']")
    assert [text_of(li) for li in tags.iter("li")] == ["neural-nets", "threat", "tool"]
    lenses = [text_of(span) for span in tags.iter("span") if "tag--lens" in span.get("class")]
    assert lenses == ["threat", "tool"]
    children = by_id(response, "children-heading")
    assert children is not None
    assert "/w/ai/wiki/machine-learning/deep-learning/transformers" in links(response)
    backlinks = text_of(document.find(".//section[@aria-labelledby='backlinks-heading']"))
    assert backlinks == "What links here Neural networks"
    assert "/w/ai/wiki/new?title=Missing+topic" in links(response)


def test_add_a_child_page_opens_the_form_under_the_page(client, wiki):
    page = add_page(wiki, "Deep learning", parent=add_page(wiki, "Machine learning"))
    sign_in(client, wiki.member)

    [address] = [
        a.get("href")
        for a in parse(client.get(wiki_url(page))).iter("a")
        if text_of(a) == "Add a child page"
    ]
    fields = form_with(client.get(address), "Save")

    assert fields["parent"] == "machine-learning/deep-learning"
    assert fields["section"] == str(wiki.topics.id)


def test_two_headings_make_no_table_of_contents(client, wiki):
    page = add_page(wiki, "Short", "## One\n\nText.\n\n## Two\n\nText.")
    sign_in(client, wiki.member)
    assert by_id(client.get(wiki_url(page)), "toc-heading") is None


def test_an_old_address_redirects_permanently_to_the_new_one(client, wiki):
    page = add_page(wiki, "Machine learning")
    services.move_page(
        page, wiki.member, title="Statistical learning", slug="", parent=None, section=wiki.topics
    )
    db.session.commit()
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/machine-learning")

    assert response.status_code == 301
    assert response.location.endswith("/w/ai/wiki/statistical-learning")
    assert client.get("/w/ai/wiki/Statistical-Learning").status_code == 301  # case folds too


def test_a_missing_page_offers_members_to_write_it(client, wiki):
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/topics/facial-recognition")

    assert response.status_code == 404
    assert "There is no page here yet" in page_text(response)
    assert "/w/ai/wiki/new?title=Facial+recognition" in links(response)
    form = form_with(client.get("/w/ai/wiki/new?title=Facial+recognition"), "Save")
    assert form["title"] == "Facial recognition"


def test_a_missing_page_offers_no_create_link_to_readers_who_cannot_edit(client):
    build_wiki("open", visibility=Visibility.OPEN)
    reader = make_user("reader@example.org")
    sign_in(client, reader)

    response = client.get("/w/open/wiki/facial-recognition")

    assert response.status_code == 404
    assert "There is no page here yet" in page_text(response)
    assert not any("/new" in href for href in links(response))


def test_a_deleted_page_is_gone_for_members_and_restorable_by_moderators(client, wiki):
    page = add_page(wiki, "Old notes", "Outdated text.")
    services.delete_page(page, wiki.moderator)
    db.session.commit()

    sign_in(client, wiki.member)
    assert client.get(wiki_url(page)).status_code == 404
    assert client.get(wiki_url(page, "history")).status_code == 404

    moderator = client.application.test_client()
    sign_in(moderator, wiki.moderator)
    response = moderator.get(wiki_url(page))
    assert response.status_code == 200
    assert "Only moderators see it" in page_text(response)
    restore = form_with(response, "Restore the page")
    assert moderator.post(wiki_url(page, "restore"), data=restore).status_code == 302
    assert reload(page).deleted_at is None
    assert client.get(wiki_url(page)).status_code == 200


# --- creating ----------------------------------------------------------------------------


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


def test_preview_of_a_new_page_shows_it_and_saves_nothing(client, wiki):
    sign_in(client, wiki.member)
    fields = new_page_fields(wiki, preview="1")

    response = client.post("/w/ai/wiki/new", data=fields)

    assert response.status_code == 200
    preview = parse(response).find(".//section[@aria-labelledby='preview-heading']")
    assert preview.find(".//strong/a[@href='/w/ai/wiki/new?title=Machine+learning']") is not None
    assert text_of(preview.find(".//h1")) == "Speech"
    assert textarea(response) == fields["body"]
    assert form_with(response, "Save")["title"] == "Speech recognition"
    assert count(Page) == 0


def test_a_member_creates_a_page(client, wiki):
    sign_in(client, wiki.member)

    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki))

    assert response.status_code == 302
    assert response.location == "/w/ai/wiki/speech-recognition"
    page = db.session.scalar(select(Page).where(Page.path == "speech-recognition"))
    assert page.tag_names == ["evidence", "tool"]
    assert page.current_revision.author_id == wiki.member.id
    assert page.current_revision.summary == "First draft"
    assert "The page is created." in page_text(client.get(response.location))


def test_a_page_is_created_under_its_parent(client, wiki):
    add_page(wiki, "Toolkit part one", section=wiki.topics)
    sign_in(client, wiki.member)

    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, parent="Toolkit-Part-One/"))

    assert response.location == "/w/ai/wiki/toolkit-part-one/speech-recognition"


def test_the_body_is_kept_exactly_as_written(client, wiki):
    body = "    indented code on the first line\n\ntext  \n"
    sign_in(client, wiki.member)

    client.post("/w/ai/wiki/new", data=new_page_fields(wiki, body=body.replace("\n", "\r\n")))

    page = db.session.scalar(select(Page))
    assert page.current_revision.body == body
    assert "<pre><code>indented code" in page.current_revision.html


def test_members_are_not_offered_sections_only_administrators_add_to(client, wiki):
    sign_in(client, wiki.member)
    options = [text_of(o) for o in parse(client.get("/w/ai/wiki/new")).iter("option")]
    assert options == ["Topics", "Events", "Cooperation"]

    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, section=wiki.toolkit.id))

    assert response.status_code == 200
    assert field_errors(response, "section") == ["Choose one of the wiki's sections."]
    assert textarea(response) == new_page_fields(wiki)["body"]
    assert count(Page) == 0


def test_administrators_add_protected_pages_to_the_toolkit(client, wiki):
    sign_in(client, wiki.admin)
    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, section=wiki.toolkit.id))
    assert response.status_code == 302
    assert db.session.scalar(select(Page)).protected


# --- editing -----------------------------------------------------------------------------


def test_preview_of_an_edit_saves_nothing_and_keeps_the_text(client, wiki):
    page = add_page(wiki, "Drones", "Old text.")
    sign_in(client, wiki.member)
    fields = edit_fields(client, page)

    response = client.post(
        wiki_url(page, "edit"), data={**fields, "body": "New *text*.", "preview": "1"}
    )

    assert response.status_code == 200
    assert "<em>text</em>" in response.get_data(as_text=True)
    assert textarea(response) == "New *text*."
    assert form_with(response, "Save")["base_revision_id"] == fields["base_revision_id"]
    assert count(Revision) == 1
    assert reload(page).current_revision.body == "Old text."


def test_an_edit_saves_a_revision(client, wiki):
    page = add_page(wiki, "Drones", "Old text.")
    sign_in(client, wiki.other_member)
    fields = edit_fields(client, page)
    assert fields["body"] == "Old text."

    response = client.post(
        wiki_url(page, "edit"),
        data={**fields, "body": "New text.", "summary": "Rewrote it", "tags": "threat"},
    )

    assert response.status_code == 302
    page = reload(page)
    assert page.current_revision.number == 2
    assert page.current_revision.body == "New text."
    assert page.current_revision.author_id == wiki.other_member.id
    assert page.current_revision.summary == "Rewrote it"
    assert page.tag_names == ["threat"]


# --- edit conflicts ----------------------------------------------------------------------

PARAGRAPHS = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"


@pytest.fixture
def two_editors(client, wiki):
    """The member and the other member, each with the edit form of the same page open."""
    page = add_page(wiki, "Shared page", PARAGRAPHS)
    second = client.application.test_client()
    sign_in(client, wiki.member)
    sign_in(second, wiki.other_member)
    return page, (client, edit_fields(client, page)), (second, edit_fields(second, page))


def test_a_save_on_top_of_someone_elses_is_refused_and_nothing_is_lost(two_editors):
    page, (first, first_form), (second, second_form) = two_editors
    assert first_form["base_revision_id"] == second_form["base_revision_id"]
    theirs = PARAGRAPHS.replace("First paragraph.", "First paragraph, <em>revised</em>.")
    mine = PARAGRAPHS.replace("First paragraph.", "My own first paragraph.")
    assert (
        first.post(wiki_url(page, "edit"), data={**first_form, "body": theirs}).status_code == 302
    )

    response = second.post(
        wiki_url(page, "edit"), data={**second_form, "body": mine, "summary": "Mine"}
    )

    assert response.status_code == 409
    assert "Someone else saved" in page_text(response)
    change = parse(response).find(".//section[@aria-labelledby='their-change']")
    assert any("revised" in text_of(ins) for ins in change.iter("ins"))
    assert "&lt;em&gt;revised&lt;/em&gt;" in response.get_data(as_text=True)
    assert textarea(response) == mine
    assert form_with(response, "Save")["summary"] == "Mine"
    page = reload(page)
    assert page.current_revision.body == theirs
    assert count(Revision, Revision.page_id == page.id) == 2


def test_edits_of_different_paragraphs_are_offered_combined(two_editors):
    page, (first, first_form), (second, second_form) = two_editors
    theirs = PARAGRAPHS.replace("First paragraph.", "First paragraph, revised.")
    mine = PARAGRAPHS.replace("Third paragraph.", "Third paragraph, mine.")
    first.post(wiki_url(page, "edit"), data={**first_form, "body": theirs})
    response = second.post(wiki_url(page, "edit"), data={**second_form, "body": mine})
    assert response.status_code == 409
    assert "can be combined" in page_text(response)

    combined = form_with(response, "Review the combined text")
    preview = second.post(wiki_url(page, "edit"), data=combined)

    merged = "First paragraph, revised.\n\nSecond paragraph.\n\nThird paragraph, mine.\n"
    assert preview.status_code == 200
    assert "Preview" in page_text(preview)
    fields = form_with(preview, "Save")
    assert fields["body"] == merged
    assert fields["base_revision_id"] == str(reload(page).current_revision_id)
    assert count(Revision) == 2

    assert second.post(wiki_url(page, "edit"), data=fields).status_code == 302
    assert reload(page).current_revision.body == merged
    assert reload(page).current_revision.number == 3


def test_edits_of_the_same_paragraph_are_not_offered_combined(two_editors):
    page, (first, first_form), (second, second_form) = two_editors
    first.post(wiki_url(page, "edit"), data={**first_form, "body": "Theirs.\n" + PARAGRAPHS})
    response = second.post(
        wiki_url(page, "edit"),
        data={**second_form, "body": PARAGRAPHS.replace("First", "Mine, first")},
    )
    assert response.status_code == 409
    assert "can be combined" not in page_text(response)
    assert textarea(response) == PARAGRAPHS.replace("First", "Mine, first")


@pytest.mark.parametrize("base", ["", "abc", "99999999999999999999999", "0", "²"])
def test_a_missing_or_forged_base_revision_is_a_conflict_not_an_error(client, wiki, base):
    page = add_page(wiki, "Drones", "Old text.")
    sign_in(client, wiki.member)

    response = client.post(
        wiki_url(page, "edit"), data={"body": "New text.", "base_revision_id": base}
    )

    assert response.status_code == 409
    assert textarea(response) == "New text."
    assert reload(page).current_revision.body == "Old text."


def test_a_base_revision_of_another_page_is_a_conflict(client, wiki):
    page = add_page(wiki, "Drones", "Old text.")
    other = add_page(wiki, "Robots", "Other text.")
    sign_in(client, wiki.member)
    response = client.post(
        wiki_url(page, "edit"),
        data={"body": "New text.", "base_revision_id": str(other.current_revision_id)},
    )
    assert response.status_code == 409
    assert reload(page).current_revision.body == "Old text."


# --- history, revisions, diffs, reverts --------------------------------------------------


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


def revision_rows(response) -> list[str]:
    table = parse(response).find(".//table/tbody")
    return [text_of(row.findall("td")[2]) for row in table.iter("tr")]


def test_history_is_paged_newest_first(client, wiki):
    page = add_page(wiki, "Drones")
    add_revisions(page, wiki.other_member, queries.HISTORY_PER_PAGE + 9)
    sign_in(client, wiki.member)

    first = client.get(wiki_url(page, "history"))
    second = client.get(wiki_url(page, "history") + "?page=2")

    assert first.status_code == second.status_code == 200
    numbers = revision_rows(first) + revision_rows(second)
    assert [int(n.split()[0]) for n in numbers] == list(range(60, 0, -1))
    assert "Page 1 of 2" in page_text(first)
    assert "/w/ai/wiki/drones/history?page=2" in links(first)
    assert "Other Member" in page_text(first)


def test_an_old_revision_can_be_read(client, wiki):
    page = add_page(wiki, "Drones", "The **first** text.")
    save(page, wiki.other_member, "The second text.")
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page, "revisions", "1"))

    assert response.status_code == 200
    assert "You are reading revision 1" in page_text(response)
    assert "The current revision is 2" in page_text(response)
    assert "<strong>first</strong>" in response.get_data(as_text=True)
    assert "Revert the page to this revision" in page_text(response)


@pytest.mark.parametrize("mode", ["inline", "side-by-side"])
def test_a_diff_shows_the_change_with_page_text_escaped(client, wiki, mode):
    page = add_page(wiki, "Drones", "Drones fly.\n\nUnchanged.")
    save(page, wiki.member, "Drones <script>alert(1)</script> fly high.\n\nUnchanged.")
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page, "diff") + f"?from=1&to=2&mode={mode}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    inserted = " ".join(text_of(ins) for ins in parse(response).iter("ins"))
    assert "alert(1)" in inserted and "high" in inserted
    assert (parse(response).find(".//table[@class='diff']") is not None) == (mode == "side-by-side")


def test_a_diff_defaults_to_the_latest_change(client, wiki):
    page = add_page(wiki, "Drones", "One.")
    save(page, wiki.member, "Two.")
    save(page, wiki.member, "Three.")
    sign_in(client, wiki.member)
    response = client.get(wiki_url(page, "diff"))
    assert "From revision 2" in page_text(response) and "to revision 3" in page_text(response)


@pytest.mark.parametrize(
    "address",
    [
        "revisions/9",
        "revisions/0",
        "revisions/99999999999999999999999",
        "diff?from=1&to=9",
        "diff?from=-3&to=1",
        "diff?from=99999999999999999999999",
        "history?page=99999999999999999999999",
    ],
)
def test_revisions_that_do_not_exist_are_not_found(client, wiki, address):
    page = add_page(wiki, "Drones")
    sign_in(client, wiki.member)
    response = client.get(wiki_url(page, address))
    assert response.status_code == (200 if address.startswith("history") else 404)


def test_a_revert_is_a_new_revision_with_the_old_text(client, wiki):
    page = add_page(wiki, "Drones", "Good text.")
    save(page, wiki.other_member, "Vandalised.")
    sign_in(client, wiki.member)
    revert = form_with(
        client.get(wiki_url(page, "revisions", "1")), "Revert the page to this revision"
    )

    response = client.post(wiki_url(page, "revert", "1"), data=revert)

    assert response.status_code == 302
    current = reload(page).current_revision
    assert (current.number, current.body, current.reverted_to_number) == (3, "Good text.", 1)
    assert current.summary == "Reverted to revision 1"
    assert "revert" in page_text(client.get(wiki_url(page, "history")))


@pytest.mark.parametrize("use", ["number", "id"])
def test_a_revert_to_another_pages_revision_is_impossible(client, wiki, use):
    page = add_page(wiki, "Drones", "Drone text.")
    other = add_page(wiki, "Robots", "Robot text 1.")
    save(other, wiki.member, "Robot text 2.")
    save(other, wiki.member, "Robot text 3.")
    target = other.current_revision.number if use == "number" else other.current_revision_id
    assert queries.revision_of(page, target) is None
    sign_in(client, wiki.member)

    response = client.post(wiki_url(page, "revert", str(target)))

    assert response.status_code == 404
    assert reload(page).current_revision.body == "Drone text."
    assert count(Revision, Revision.page_id == page.id) == 1


# --- moving and renaming -----------------------------------------------------------------


def move_fields(page: Page, **changes) -> dict[str, str]:
    return {
        "title": page.title,
        "slug": page.path.rsplit("/", 1)[-1],
        "parent": page.path.rsplit("/", 1)[0] if "/" in page.path else "",
        "section": str(page.section_id),
        **changes,
    }


def test_a_page_is_renamed_and_moved(client, wiki):
    parent = add_page(wiki, "Cooperation home", section=wiki.sections["cooperation"])
    page = add_page(wiki, "UNICRI", "Text.")
    sign_in(client, wiki.member)
    form = form_with(client.get(wiki_url(page, "move")), "Save")
    assert form == move_fields(page)

    response = client.post(
        wiki_url(page, "move"),
        data={
            **form,
            "title": "UNICRI cooperation",
            "slug": "",
            "parent": parent.path,
            "section": str(wiki.sections["cooperation"].id),
        },
    )

    assert response.status_code == 302
    assert response.location == "/w/ai/wiki/cooperation-home/unicri-cooperation"
    page = reload(page)
    assert (page.title, page.parent_id, page.section_id) == (
        "UNICRI cooperation",
        parent.id,
        wiki.sections["cooperation"].id,
    )
    assert client.get("/w/ai/wiki/unicri").status_code == 301


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Give the page a title."),
        ({"title": "   "}, "title", "Give the page a title."),
        ({"title": "x" * 201}, "title", "Use at most 200 characters."),
        ({"title": "Bell\x07"}, "title", "not allowed"),
        ({"slug": "taken"}, "slug", "Another page already has this address"),
        ({"slug": "edit"}, "slug", "cannot be part of a page address"),
        ({"slug": "", "title": "History"}, "slug", "cannot be part of a page address"),
        ({"slug": "!!!", "title": "???"}, "slug", "letters or digits"),
        ({"slug": "s" * 81}, "slug", "at most 80"),
        ({"parent": "drones/child"}, "parent", "cannot be placed under itself"),
        ({"parent": "drones"}, "parent", "cannot be placed under itself"),
        ({"parent": "nowhere"}, "parent", "There is no page at that address."),
        ({"section": "999999"}, "section", "Choose one of the wiki's sections."),
        ({"section": "abc"}, "section", "Choose one of the wiki's sections."),
        ({"section": ""}, "section", "Choose one of the wiki's sections."),
    ],
)
def test_a_bad_move_is_refused_next_to_its_field(client, wiki, changes, field, message):
    page = add_page(wiki, "Drones")
    add_page(wiki, "Child", parent=page)
    add_page(wiki, "Taken")
    before = (page.path, page.title, page.parent_id, page.section_id)
    sign_in(client, wiki.member)

    response = client.post(wiki_url(page, "move"), data=move_fields(page, **changes))

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field)), page_text(response)
    page = reload(page)
    assert (page.path, page.title, page.parent_id, page.section_id) == before
    assert client.get("/w/ai/wiki/drones/child").status_code == 200


def test_members_cannot_move_a_page_into_the_toolkit(client, wiki):
    page = add_page(wiki, "Drones")
    sign_in(client, wiki.member)
    options = [text_of(o) for o in parse(client.get(wiki_url(page, "move"))).iter("option")]
    assert options == ["Topics", "Events", "Cooperation"]

    response = client.post(
        wiki_url(page, "move"), data=move_fields(page, section=str(wiki.toolkit.id))
    )

    assert field_errors(response, "section") == ["Choose one of the wiki's sections."]
    assert reload(page).section_id == wiki.topics.id


def test_a_move_with_fields_left_out_is_refused_not_an_error(client, wiki):
    parent = add_page(wiki, "Drones")
    page = add_page(wiki, "Child", parent=parent)
    sign_in(client, wiki.member)

    response = client.post(wiki_url(page, "move"), data={})

    assert response.status_code == 200
    assert field_errors(response, "title") == ["Give the page a title."]
    assert reload(page).path == "drones/child"


# --- moderation --------------------------------------------------------------------------

MODERATION = {
    "protect": (lambda page: page.protected, False, True),
    "unprotect": (lambda page: page.protected, True, False),
    "delete": (lambda page: page.is_deleted, False, True),
    "restore": (lambda page: page.is_deleted, True, False),
}


def page_in_state(wiki: Wiki, action: str) -> Page:
    page = add_page(wiki, "Drones")
    if action == "unprotect":
        services.set_protection(page, wiki.moderator, True)
    if action == "restore":
        services.delete_page(page, wiki.moderator)
    db.session.commit()
    return page


@pytest.mark.parametrize("action", MODERATION)
def test_moderators_protect_delete_and_restore(client, wiki, action):
    state, before, after = MODERATION[action]
    page = page_in_state(wiki, action)
    sign_in(client, wiki.moderator)
    shown = client.get(wiki_url(page))
    label = {"protect": "Protect", "unprotect": "Unprotect", "delete": "Delete"}
    button = form_with(shown, label.get(action, "Restore the page"))

    response = client.post(wiki_url(page, action), data=button)

    assert response.status_code == 302
    assert state(reload(page)) is after


@pytest.mark.parametrize("action", MODERATION)
def test_members_cannot_moderate(client, wiki, action):
    state, before, _after = MODERATION[action]
    page = page_in_state(wiki, action)
    sign_in(client, wiki.member)
    if action != "restore":  # a deleted page does not exist for members
        buttons = {text_of(button) for button in parse(client.get(wiki_url(page))).iter("button")}
        assert not buttons & {"Protect", "Unprotect", "Delete"}

    response = client.post(wiki_url(page, action))

    assert response.status_code == 403
    assert state(reload(page)) is before


def test_a_protected_page_is_edited_by_administrators_only(client, wiki):
    page = page_in_state(wiki, "unprotect")
    sign_in(client, wiki.member)

    shown = client.get(wiki_url(page))
    assert "Edit" not in [text_of(a) for a in parse(shown).iter("a")]
    assert "Protected" in page_text(shown)
    refused = client.get(wiki_url(page, "edit"))
    assert refused.status_code == 403
    assert "only workspace administrators edit it" in page_text(refused)
    assert client.get(wiki_url(page, "move")).status_code == 403
    assert client.post(wiki_url(page, "revert", "1")).status_code == 403

    admin = client.application.test_client()
    sign_in(admin, wiki.admin)
    assert wiki_url(page, "edit") in links(admin.get(wiki_url(page)))
    fields = edit_fields(admin, page)
    assert (
        admin.post(wiki_url(page, "edit"), data={**fields, "body": "By the admin."}).status_code
        == 302
    )


@pytest.mark.parametrize("change", ["protect", "delete"])
def test_a_page_locked_while_editing_refuses_the_save_and_gives_the_text_back(client, wiki, change):
    page = add_page(wiki, "Drones", "Old text.")
    sign_in(client, wiki.member)
    fields = edit_fields(client, page)
    if change == "protect":
        services.set_protection(page, wiki.moderator, True)
    else:
        services.delete_page(page, wiki.moderator)
    db.session.commit()

    response = client.post(wiki_url(page, "edit"), data={**fields, "body": "My long edit."})

    assert response.status_code == 403
    assert "not saved" in page_text(response)
    reason = "protected" if change == "protect" else "deleted"
    assert reason in page_text(response)
    assert textarea(response) == "My long edit."
    assert reload(page).current_revision.body == "Old text."


# --- watching ----------------------------------------------------------------------------


def watches_of(user: User) -> list[tuple[int | None, int | None]]:
    db.session.expire_all()
    return list(
        db.session.execute(select(Watch.page_id, Watch.section_id).where(Watch.user_id == user.id))
    )


def test_watching_a_page_toggles(client, wiki):
    page = add_page(wiki, "Drones")
    sign_in(client, wiki.other_member)

    watch = form_with(client.get(wiki_url(page)), "Watch")
    assert client.post(wiki_url(page, "watch"), data=watch).status_code == 302
    assert watches_of(wiki.other_member) == [(page.id, None)]

    unwatch = form_with(client.get(wiki_url(page)), "Stop watching")
    assert client.post(wiki_url(page, "watch"), data=unwatch).status_code == 302
    assert watches_of(wiki.other_member) == []


def test_watching_a_section_toggles_and_returns_to_the_page(client, wiki):
    page = add_page(wiki, "Drones")
    sign_in(client, wiki.other_member)
    action = f"/w/ai/wiki/sections/{wiki.topics.id}/watch"

    watch = form_with(client.get(wiki_url(page)), "Watch Topics")
    response = client.post(action, data=watch)
    assert response.location == wiki_url(page)
    assert watches_of(wiki.other_member) == [(None, wiki.topics.id)]

    unwatch = form_with(client.get(wiki_url(page)), "Stop watching Topics")
    client.post(action, data=unwatch)
    assert watches_of(wiki.other_member) == []

    elsewhere = client.post(action, data={"watch": "1", "next": "https://evil.example/"})
    assert elsewhere.location == "/w/ai/wiki/"


@pytest.mark.parametrize("section_id", ["999999", "99999999999999999999999"])
def test_watching_an_unknown_section_is_not_found(client, wiki, section_id):
    sign_in(client, wiki.member)
    response = client.post(f"/w/ai/wiki/sections/{section_id}/watch", data={"watch": "1"})
    assert response.status_code == 404
    assert watches_of(wiki.member) == []


def test_a_section_of_another_workspace_cannot_be_watched_from_here(client, wiki):
    other = build_wiki("drones")
    sign_in(client, wiki.member)
    response = client.post(f"/w/ai/wiki/sections/{other.topics.id}/watch", data={"watch": "1"})
    assert response.status_code == 404
    assert watches_of(wiki.member) == []


# --- sections ----------------------------------------------------------------------------


def test_an_administrator_adds_a_section(client, wiki):
    sign_in(client, wiki.admin)

    response = client.post(
        "/w/ai/wiki/sections",
        data={"name": "Training", "description": "Courses", "protect": "y"},
    )

    assert response.status_code == 302
    section = db.session.scalar(select(Section).where(Section.slug == "training"))
    assert section.protect_new_pages and section.description == "Courses"
    listed = page_text(client.get("/w/ai/wiki/sections"))
    assert "Training new pages protected" in listed
    assert "Training" in page_text(client.get("/w/ai/wiki/"))


@pytest.mark.parametrize(
    ("name", "description", "message"),
    [
        ("", "", "Give the section a name."),
        ("  ", "", "Give the section a name."),
        ("Topics", "", "A section with this name already exists."),
        ("TOPICS!", "", "A section with this name already exists."),
        ("!!!", "", "letters or digits"),
        ("x" * 81, "", "Use at most 80 characters."),
        ("Name\x00", "", "not allowed"),
        ("Fine", "d" * 501, "Use at most 500 characters."),
    ],
)
def test_a_bad_section_is_refused(client, wiki, name, description, message):
    sign_in(client, wiki.admin)

    response = client.post("/w/ai/wiki/sections", data={"name": name, "description": description})

    assert response.status_code == 200
    errors = field_errors(response, "name") + field_errors(response, "description")
    assert any(message in error for error in errors), errors
    assert count(Section) == 4


# --- recent changes ----------------------------------------------------------------------


def changed_pages(response) -> list[str]:
    table = parse(response).find(".//table/tbody")
    return [
        text_of(row.findall("td")[1].find("a"))
        for row in table.iter("tr")
        if row.find("td/a") is not None
    ]


@pytest.fixture
def history_of_edits(wiki):
    """Three pages edited by different people on different days."""
    drones = add_page(wiki, "Drones", author=wiki.member)
    meeting = add_page(wiki, "Global meeting", section=wiki.sections["events"], author=wiki.admin)
    robots = add_page(wiki, "Robots", author=wiki.other_member)
    for page, day in ((drones, 1), (meeting, 5), (robots, 9)):
        db.session.execute(
            update(Revision)
            .where(Revision.page_id == page.id)
            .values(created_at=datetime(2021, 6, day, 12, tzinfo=UTC))
        )
    db.session.commit()
    return wiki


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("", ["Robots", "Global meeting", "Drones"]),
        ("section={events}", ["Global meeting"]),
        ("author=other", ["Robots"]),
        ("author=ADMIN@ai", ["Global meeting"]),
        ("author=%25", []),
        ("author=nobody-at-all", []),
        ("since=2021-06-05", ["Robots", "Global meeting"]),
        ("until=2021-06-05", ["Global meeting", "Drones"]),
        ("since=2021-06-02&until=2021-06-08", ["Global meeting"]),
        ("since=2021-06-02&until=2021-06-08&section={topics}", []),
        ("until=9999-12-31", ["Robots", "Global meeting", "Drones"]),
        ("since=0001-01-01", ["Robots", "Global meeting", "Drones"]),
    ],
)
def test_recent_changes_filter(client, history_of_edits, query, pages):
    wiki = history_of_edits
    sign_in(client, wiki.member)
    ids = {slug: section.id for slug, section in wiki.sections.items()}

    response = client.get("/w/ai/wiki/recent?" + query.format(**ids))

    assert response.status_code == 200
    assert changed_pages(response) == pages


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=yesterday", "since"),
        ("since=2021-13-01", "since"),
        ("until=2021-02-30", "until"),
        ("until=99999-01-01", "until"),
        ("since=2021-6-1", "since"),
        ("since=" + "9" * 5000, "since"),
        ("section=abc", "section"),
        ("author=" + "a" * 101, "author"),
    ],
)
def test_malformed_filters_get_a_message(client, history_of_edits, query, field):
    sign_in(client, history_of_edits.member)

    response = client.get("/w/ai/wiki/recent?" + query)

    assert response.status_code == 200
    assert field_errors(response, field)
    assert len(changed_pages(response)) == 3  # a filter that cannot be read filters nothing


def test_recent_changes_pages_keep_the_filters(client, wiki):
    page = add_page(wiki, "Drones")
    add_revisions(page, wiki.other_member, queries.RECENT_PER_PAGE + 5)
    add_page(wiki, "Elsewhere", section=wiki.sections["events"])
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/recent?section={wiki.topics.id}&author=other")

    assert len(changed_pages(response)) == queries.RECENT_PER_PAGE
    next_page = parse(response).find(".//a[@rel='next']").get("href")
    assert f"section={wiki.topics.id}" in next_page and "author=other" in next_page
    rest = changed_pages(client.get(next_page))
    assert rest == ["Drones"] * 5


def test_a_recent_changes_page_out_of_range_is_empty_not_an_error(client, wiki):
    add_page(wiki, "Drones")
    sign_in(client, wiki.member)
    for page in ("0", "-1", "abc", "99999999999999999999999"):
        assert client.get(f"/w/ai/wiki/recent?page={page}").status_code == 200


# --- bad input on the page forms ---------------------------------------------------------

TOO_LONG_BODY = "word " * (MAX_BODY_LENGTH // 5) + "overflow"
TOO_MANY_TAGS = ", ".join(f"tag{number}" for number in range(MAX_TAGS + 1))

# (changes, field, message, whether a preview checks it too: rules that only the saving
# service knows, such as taken addresses and the number of tags, wait for the save)
PAGE_FORM_CASES = [
    pytest.param({"title": ""}, "title", "Give the page a title.", True, id="empty title"),
    pytest.param({"title": "x" * 201}, "title", "at most 200", True, id="long title"),
    pytest.param({"title": "Tab\tbed"}, "title", "not allowed", True, id="control title"),
    pytest.param({"title": "New"}, "title", "cannot start with", False, id="reserved title"),
    pytest.param({"title": "Edit"}, "title", "cannot be part of", False, id="reserved word"),
    pytest.param({"title": "Taken"}, "title", "already has this address", False, id="taken"),
    pytest.param({"title": "???"}, "title", "letters or digits", False, id="no letters"),
    pytest.param({"body": TOO_LONG_BODY}, "body", "The page is too long", True, id="long body"),
    pytest.param({"body": "bell\x07"}, "body", "not allowed", True, id="control body"),
    pytest.param({"body": "bidi\u202etext"}, "body", "not allowed", True, id="bidi body"),
    pytest.param({"section": "999999"}, "section", "Choose one of", True, id="unknown section"),
    pytest.param({"section": "x"}, "section", "Choose one of", True, id="section not a number"),
    pytest.param({"tags": TOO_MANY_TAGS}, "tags", f"at most {MAX_TAGS} tags", False, id="tags"),
    pytest.param({"tags": "x, " * 400}, "tags", "Use fewer tags.", True, id="tags too long"),
    pytest.param({"summary": "s" * 301}, "summary", "at most 300", True, id="long summary"),
    pytest.param({"summary": "a\x1bb"}, "summary", "not allowed", True, id="control summary"),
    pytest.param({"parent": "nowhere"}, "parent", "There is no page", True, id="no parent"),
    pytest.param({"parent": "p" * 256}, "parent", "at most 255", True, id="long parent"),
]


@pytest.mark.parametrize("preview", [False, True], ids=["save", "preview"])
@pytest.mark.parametrize(("changes", "field", "message", "on_preview"), PAGE_FORM_CASES)
def test_bad_input_on_a_new_page_is_refused_and_the_text_kept(
    client, wiki, changes, field, message, on_preview, preview
):
    add_page(wiki, "Taken")
    sign_in(client, wiki.member)
    fields = new_page_fields(wiki, **changes, **({"preview": "1"} if preview else {}))

    response = client.post("/w/ai/wiki/new", data=fields)

    assert response.status_code == 200
    assert textarea(response) == fields["body"]
    assert count(Page) == 1 and count(Revision) == 1
    if preview and not on_preview:
        assert by_id(response, "preview-heading") is not None
        return
    errors = field_errors(response, field)
    assert any(message in error for error in errors), (errors, page_text(response))
    assert by_id(response, "preview-heading") is None


EDIT_FORM_CASES = [
    pytest.param({"body": TOO_LONG_BODY}, "body", "The page is too long", id="long body"),
    pytest.param({"body": "esc\x1b[31m"}, "body", "not allowed", id="control body"),
    pytest.param({"tags": TOO_MANY_TAGS}, "tags", f"at most {MAX_TAGS} tags", id="many tags"),
    pytest.param({"summary": "s" * 301}, "summary", "at most 300", id="long summary"),
    pytest.param({"summary": "line\nbreak"}, "summary", "not allowed", id="summary newline"),
]


@pytest.mark.parametrize("preview", [False, True], ids=["save", "preview"])
@pytest.mark.parametrize(("changes", "field", "message"), EDIT_FORM_CASES)
def test_bad_input_on_an_edit_is_refused_and_the_text_kept(
    client, wiki, changes, field, message, preview
):
    page = add_page(wiki, "Drones", "Old text.", tags=["tool"])
    sign_in(client, wiki.member)
    fields = {**edit_fields(client, page), "body": "My new text.", **changes}
    if preview:
        fields["preview"] = "1"

    response = client.post(wiki_url(page, "edit"), data=fields)

    assert response.status_code == 200
    errors = field_errors(response, field)
    if preview and field == "tags":
        assert by_id(response, "preview-heading") is not None  # the count is checked on saving
        return
    assert any(message in error for error in errors), (errors, page_text(response))
    assert textarea(response) == fields["body"]
    page = reload(page)
    assert page.current_revision.body == "Old text."
    assert page.tag_names == ["tool"]
    assert count(Revision) == 1


def test_too_many_tags_on_a_new_page_leave_no_half_saved_page(client, wiki):
    sign_in(client, wiki.member)
    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, tags=TOO_MANY_TAGS))
    assert response.status_code == 200
    assert count(Page) == 0 and count(Revision) == 0


# --- CSRF --------------------------------------------------------------------------------

CSRF_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def csrf_client(app, tmp_path):
    """A client of an app with CSRF protection on, as in production."""
    csrf_app = create_app(
        TestingConfig,
        instance_path=str(tmp_path / "instance"),
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        WTF_CSRF_ENABLED=True,
    )
    yield csrf_app.test_client()
    with csrf_app.app_context():
        db.engine.dispose()


def test_wiki_forms_need_their_csrf_token(csrf_client, wiki):
    page = add_page(wiki, "Drones", "Old text.")
    page_id, page_path, email = page.id, wiki_url(page), wiki.member.email
    db.session.commit()  # end this transaction: the other app's requests write
    token = CSRF_TOKEN.search(csrf_client.get("/auth/login").get_data(as_text=True)).group(1)
    signed_in = csrf_client.post(
        "/auth/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302

    forged = csrf_client.post(page_path + "/edit", data={"body": "Forged."})
    forged_watch = csrf_client.post(page_path + "/watch", data={"watch": "1"})

    assert forged.status_code == forged_watch.status_code == 400
    fields = form_with(csrf_client.get(page_path + "/edit"), "Save")
    assert fields["csrf_token"]
    saved = csrf_client.post(page_path + "/edit", data={**fields, "body": "Real."})
    assert saved.status_code == 302
    watch = form_with(csrf_client.get(page_path), "Watch")
    assert csrf_client.post(page_path + "/watch", data=watch).status_code == 302
    db.session.expire_all()
    assert db.session.get(Page, page_id).current_revision.body == "Real."
    assert count(Watch) == 1
    db.session.commit()


# --- the number of SQL statements --------------------------------------------------------


def statements_for(client, path: str) -> int:
    db.session.commit()
    with count_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def bulk_pages(wiki: Wiki, count: int, prefix: str, section: Section) -> list[Page]:
    now = utcnow()
    db.session.execute(
        insert(Page),
        [
            {
                "workspace_id": wiki.workspace.id,
                "section_id": section.id,
                "path": f"{prefix}-{number}",
                "title": f"{prefix.title()} {number}",
                "title_key": f"{prefix} {number}",
                "created_at": now,
                "updated_at": now,
            }
            for number in range(count)
        ],
    )
    return list(db.session.scalars(select(Page).where(Page.path.startswith(f"{prefix}-"))))


def link_to(target: Page, sources: list[Page]) -> None:
    db.session.execute(
        insert(PageLink),
        [
            {
                "source_page_id": source.id,
                "target_key": target.title_key,
                "target_page_id": target.id,
            }
            for source in sources
        ],
    )
    db.session.commit()


def test_a_page_lists_fifty_backlinks_and_links_to_the_whole_list(client, wiki):
    page = add_page(wiki, "Popular")
    link_to(page, bulk_pages(wiki, 60, "source", wiki.sections["events"]))
    sign_in(client, wiki.member)

    shown = parse(client.get(wiki_url(page))).find(
        ".//section[@aria-labelledby='backlinks-heading']"
    )
    [everything] = [
        a.get("href") for a in shown.iter("a") if text_of(a) == "All 60 pages that link here"
    ]
    first, second = client.get(everything), client.get(everything + "?page=2")

    def listed(response) -> list[str]:
        listing = parse(response).find(".//section[@aria-label='Pages that link here']")
        return [text_of(a) for a in listing.iter("a")]

    assert len(list(shown.iter("li"))) == 50
    assert everything == wiki_url(page, "what-links-here")
    assert "60 pages, by title." in page_text(first)
    assert listed(first) + listed(second) == sorted(
        (f"Source {number}" for number in range(60)), key=str.lower
    )
    assert len(listed(first)) == 50


@pytest.mark.parametrize("page_number", ["0", "-3", "abc", "99999999999"])
def test_the_list_of_linking_pages_takes_any_page_number(client, wiki, page_number):
    page = add_page(wiki, "Target")
    add_page(wiki, "Source", "See [[Target]].")
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page, "what-links-here") + f"?page={page_number}")

    assert response.status_code == 200
    assert "1 page, by title." in page_text(response)


def test_the_list_of_linking_pages_of_a_deleted_page_is_for_nobody(client, wiki):
    page = add_page(wiki, "Target")
    add_page(wiki, "Source", "See [[Target]].")
    services.delete_page(page, wiki.moderator)
    db.session.commit()
    sign_in(client, wiki.moderator)

    assert client.get(wiki_url(page, "what-links-here")).status_code == 404


def test_no_page_may_take_the_address_of_the_linking_pages_list(client, wiki):
    sign_in(client, wiki.member)

    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, title="What links here"))

    assert response.status_code == 200
    assert "cannot be part of a page address" in page_text(response)
    assert count(Page, Page.path == "what-links-here") == 0


def test_a_page_view_costs_the_same_with_10_or_500_backlinks(client, wiki):
    page = add_page(wiki, "Popular", LONG_BODY, tags=["tool"])
    sources = bulk_pages(wiki, 500, "source", wiki.sections["events"])
    sign_in(client, wiki.member)
    link_to(page, sources[:10])
    client.get(wiki_url(page))  # warm up: the first request reads some things once

    with_10 = statements_for(client, wiki_url(page))
    link_to(page, sources[10:])
    with_500 = statements_for(client, wiki_url(page))

    assert with_10 == with_500
    assert "All 500 pages that link here" in page_text(client.get(wiki_url(page)))


def test_a_page_view_reads_nothing_lazily(client, wiki):
    page = add_page(
        wiki, "Counted", LONG_BODY, tags=["tool", "threat"], parent=add_page(wiki, "Up")
    )
    sign_in(client, wiki.member)
    address = wiki_url(page)
    client.get(address)
    db.session.close()  # the test's own objects stay out of the count

    with count_statements() as statements:
        assert client.get(address).status_code == 200

    # The session and its user, the workspace and membership, the page with its revision,
    # section, tags and watches, the pages around it, and the navigation.
    assert len([each for each in statements if each.startswith("SELECT")]) == 5


def test_a_long_page_with_many_links_costs_the_same_as_a_short_one(client, wiki):
    targets = bulk_pages(wiki, 40, "target", wiki.sections["events"])
    links_text = " ".join(f"[[{target.title}]]" for target in targets)
    missing = " ".join(f"[[Missing {number}]]" for number in range(10))
    words = " ".join(f"word{number % 97}" for number in range(5_000))
    long_page = add_page(wiki, "Long", f"# Long\n\n{words}\n\n{links_text} {missing}")
    short_page = add_page(wiki, "Short", "Short.")
    sign_in(client, wiki.member)
    client.get(wiki_url(short_page))

    short = statements_for(client, wiki_url(short_page))
    long = statements_for(client, wiki_url(long_page))

    assert short == long
    assert (
        len(re.findall(r'class="wikilink"', client.get(wiki_url(long_page)).get_data(True))) == 40
    )


def test_history_costs_the_same_with_20_or_2000_revisions(client, wiki):
    page = add_page(wiki, "Busy")
    add_revisions(page, wiki.other_member, 19)
    sign_in(client, wiki.member)
    client.get(wiki_url(page, "history"))

    with_20 = statements_for(client, wiki_url(page, "history"))
    add_revisions(reload(page), wiki.member, 1_980)
    with_2000 = statements_for(client, wiki_url(page, "history"))
    last_page = statements_for(client, wiki_url(page, "history") + "?page=40")

    assert with_20 == with_2000 == last_page
