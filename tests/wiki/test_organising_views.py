"""Organising the wiki through HTTP: moving and renaming, moderation, watching, sections."""

import pytest
from sqlalchemy import select

from hub.auth.models import User
from hub.extensions import db
from tests.support import (
    parse,
    sign_in,
    text_of,
)
from tests.support.wiki import (
    Wiki,
    add_page,
    build_wiki,
    count,
    edit_fields,
    field_errors,
    form_with,
    links,
    page_text,
    reload,
    textarea,
    wiki_url,
)
from wiki import services
from wiki.models import Page, Section, Watch

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
