"""The wiki through HTTP: every page and form as members, moderators and administrators use them.

Reading (page, tree, history, diffs), writing (create, edit, preview, conflicts and merges,
revert, move), moderation, watching, sections, recent changes; bad input on every form
(a message next to the field, never a 500, nothing half-saved, the text kept); and the
number of SQL statements the busiest pages issue, which must not grow with the wiki.
"""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from config import TestingConfig
from hub import create_app
from hub.extensions import db
from hub.workspaces.models import Visibility
from tests.support import (
    PASSWORD,
    make_user,
    parse,
    sign_in,
    text_of,
)
from tests.support.wiki import (
    LONG_BODY,
    add_page,
    build_wiki,
    by_id,
    count,
    edit_fields,
    field_errors,
    form_with,
    links,
    new_page_fields,
    page_text,
    reload,
    save,
    textarea,
    wiki_url,
)
from wiki import services
from wiki.models import Page, Revision, Watch
from wiki.services import MAX_BODY_LENGTH, MAX_TAGS

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
        text_of(section.find(".//h2")): [text_of(item.find("a")) for item in section.iter("li")]
        for section in document.iter("section")
        if section.get("aria-labelledby", "").startswith("section-")
    }
    assert sections == {
        "Topics": ["Drones"],
        "Events": [],
        "Cooperation": [],
        "Toolkit": ["Principles"],
    }
    assert "The page in Topics" in page_text(response)
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
    assert [text_of(a) for a in pages.iter("a")] == ["Toolkit", "Principles"]
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
    # The sidebar is the page's branch: its parent, itself and its sibling, not the section.
    assert "Topics Machine learning Deep learning Transformers" in tree
    assert "Neural networks" not in tree
    assert "Last edited by Other Member on 9 Jun 2021, 14:30 UTC · revision 2" in page_text(
        response
    )
    tags = document.find(".//ul[@aria-label='Tags']")
    assert [text_of(li) for li in tags.iter("li")] == ["neural-nets", "threat", "tool"]
    lenses = [text_of(a) for a in tags.iter("a") if "tag--lens" in a.get("class")]
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
    sections = parse(client.get("/w/ai/wiki/new")).find(".//select[@name='section']")
    assert [text_of(o) for o in sections.iter("option")] == ["Topics", "Events", "Cooperation"]

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
