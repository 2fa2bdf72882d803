"""A wiki page's own language: chosen in the new-page and edit forms (by default its
author's), stored with the page, and marked on its content (lang and dir) whatever the
language of the interface around it; bad codes are refused and the access rules stay."""

import pytest
from sqlalchemy import select

from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.i18n import LANGUAGES
from hub.markup import MISSING_PAGE_TITLE
from tests.support import parse, sign_in, text_of
from tests.support.wiki import (
    add_page,
    count,
    edit_fields,
    field_errors,
    new_page_fields,
    reload,
    save,
    textarea,
    wiki_url,
)
from wiki import feed_views, links, services
from wiki.models import Page, Revision

ARABIC_TITLE = "الطائرات المسيّرة"


def speaking(user, language: str):
    user.language = language
    db.session.commit()
    return user


def marked(element) -> tuple[str | None, str | None]:
    return element.get("lang"), element.get("dir")


def page_content(response) -> dict[str, tuple]:
    document = parse(response)
    return {
        "html": marked(document),
        "title": marked(document.find(".//h1")),
        "body": marked(document.find(".//div[@class='prose wiki-body']")),
    }


def language_choice(response) -> tuple[list[str], str | None]:
    """The language select's options, and the one chosen."""
    select_element = parse(response).find(".//select[@name='language']")
    options = select_element.findall("option")
    chosen = [option.get("value") for option in options if option.get("selected") is not None]
    return [option.get("value") for option in options], (chosen[0] if chosen else None)


# --- choosing it ---------------------------------------------------------------------------


def test_an_arabic_page_reads_right_to_left_inside_an_english_interface(client, wiki):
    sign_in(client, wiki.member)

    response = client.post(
        wiki_url("new"),
        data=new_page_fields(wiki, title="الذكاء الاصطناعي (AI)", body="نص الصفحة.", language="ar"),
    )

    assert response.status_code == 302
    page = db.session.scalar(select(Page))
    assert page.language == "ar"
    marks = page_content(client.get(wiki_url(page)))
    assert marks == {"html": ("en", "ltr"), "title": ("ar", "rtl"), "body": ("ar", "rtl")}


def test_an_english_page_reads_left_to_right_inside_an_arabic_interface(client, wiki):
    page = add_page(wiki, "Drones", "Some text.", language="en")
    sign_in(client, speaking(wiki.member, "ar"))

    marks = page_content(client.get(wiki_url(page)))

    assert marks == {"html": ("ar", "rtl"), "title": ("en", "ltr"), "body": ("en", "ltr")}


def test_the_form_offers_the_four_languages_each_in_its_own_name_and_direction(client, wiki):
    sign_in(client, wiki.member)

    response = client.get(wiki_url("new"))

    document = parse(response)
    field = document.find(".//select[@name='language']")
    label = document.find(f".//label[@for='{field.get('id')}']")
    assert text_of(label) == "Language of this page"
    options = {option.get("value"): option for option in field.findall("option")}
    assert list(options) == list(LANGUAGES)
    assert {code: text_of(option) for code, option in options.items()} == LANGUAGES
    assert marked(options["ar"]) == ("ar", "rtl") and marked(options["fr"]) == ("fr", "ltr")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_new_page_is_in_its_authors_language_by_default(client, wiki, language):
    sign_in(client, speaking(wiki.member, language))
    assert language_choice(client.get(wiki_url("new")))[1] == language

    fields = new_page_fields(wiki)  # no language sent: a form of before, or a script
    response = client.post(wiki_url("new"), data=fields)

    assert response.status_code == 302
    assert db.session.scalar(select(Page.language)) == language


def test_an_arabic_title_gives_the_page_an_arabic_address(client, wiki):
    sign_in(client, speaking(wiki.member, "ar"))
    fields = new_page_fields(wiki, title=ARABIC_TITLE)

    response = client.post(wiki_url("new"), data=fields)

    assert response.status_code == 302
    page = db.session.scalars(select(Page)).one()
    assert page.path == "الطائرات-المسيرة"  # the shadda, a vowel mark, is left out
    view = client.get(response.headers["Location"])
    assert view.status_code == 200 and ARABIC_TITLE in view.text


def test_the_services_default_to_the_authors_language(wiki):
    page = add_page(wiki, "Drones", author=speaking(wiki.member, "es"))

    assert reload(page).language == "es"


@pytest.mark.parametrize("code", ["xx", "", "EN", "en-GB", "ar\x00", "e" * 500])
def test_an_unknown_language_is_refused_with_a_message_and_nothing_is_saved(client, wiki, code):
    sign_in(client, wiki.member)

    response = client.post(wiki_url("new"), data=new_page_fields(wiki, language=code))

    assert response.status_code == 200
    assert field_errors(response, "language") == ["Choose one of the languages."]
    assert "Speech" in textarea(response)  # the text is kept
    assert count(Page) == 0


def test_the_services_refuse_an_unknown_language(wiki):
    with pytest.raises(RuleViolation) as refused:
        services.create_page(
            wiki.workspace,
            wiki.member,
            title="Drones",
            section=wiki.topics,
            body="x",
            language="xx",
        )
    assert refused.value.field == "language"
    db.session.rollback()
    assert count(Page) == 0

    page = add_page(wiki, "Drones", "Old text.")
    with pytest.raises(RuleViolation):
        services.save_page(
            page,
            wiki.member,
            body="New text.",
            summary="",
            base_revision_id=page.current_revision_id,
            language="klingon",
        )
    db.session.rollback()
    page = reload(page)
    assert (page.language, page.current_revision.body) == ("en", "Old text.")
    assert count(Revision) == 1


# --- editing keeps or changes it ------------------------------------------------------------


def test_editing_keeps_the_pages_language(client, wiki):
    page = add_page(wiki, ARABIC_TITLE, "نص.", slug="drones", language="ar")
    sign_in(client, wiki.other_member)  # an English speaker edits an Arabic page
    fields = edit_fields(client, page)
    assert fields["language"] == "ar"

    response = client.post(wiki_url(page, "edit"), data={**fields, "body": "نص أطول."})

    assert response.status_code == 302
    page = reload(page)
    assert (page.language, page.current_revision.body) == ("ar", "نص أطول.")


def test_an_edit_without_the_language_field_keeps_it(client, wiki):
    page = add_page(wiki, "Drones", "Texte.", language="fr")
    sign_in(client, wiki.other_member)
    fields = edit_fields(client, page)
    del fields["language"]

    client.post(wiki_url(page, "edit"), data={**fields, "body": "Texte plus long."})

    assert reload(page).language == "fr"


def test_editing_changes_the_pages_language_with_or_without_a_new_revision(client, wiki):
    page = add_page(wiki, "Drones", "Texto.")
    sign_in(client, wiki.member)

    client.post(wiki_url(page, "edit"), data={**edit_fields(client, page), "language": "es"})

    page = reload(page)
    assert page.language == "es"
    assert count(Revision) == 1  # the same text: no revision, only the language changed
    client.post(
        wiki_url(page, "edit"),
        data={**edit_fields(client, page), "language": "fr", "body": "Texte."},
    )
    page = reload(page)
    assert (page.language, page.current_revision.number) == ("fr", 2)
    assert page_content(client.get(wiki_url(page)))["body"] == ("fr", "ltr")


def test_a_bad_language_in_an_edit_is_refused_and_the_text_kept(client, wiki):
    page = add_page(wiki, "Drones", "Old text.")
    sign_in(client, wiki.member)

    response = client.post(
        wiki_url(page, "edit"),
        data={**edit_fields(client, page), "language": "zz", "body": "New text."},
    )

    assert response.status_code == 200
    assert field_errors(response, "language") == ["Choose one of the languages."]
    assert textarea(response) == "New text."
    page = reload(page)
    assert (page.language, page.current_revision.body) == ("en", "Old text.")


def test_the_previewed_text_is_marked_with_the_chosen_language(client, wiki):
    sign_in(client, wiki.member)

    response = client.post(
        wiki_url("new"), data=new_page_fields(wiki, language="ar", body="نص.", preview="1")
    )

    document = parse(response)
    assert marked(document.find(".//textarea[@name='body']")) == ("ar", "rtl")
    assert marked(document.find(".//div[@class='prose editor__rendered']")) == ("ar", "rtl")
    assert count(Page) == 0


# --- revisions, diffs, lists -----------------------------------------------------------------


def test_revisions_and_diffs_mark_the_text_with_the_pages_language(client, wiki):
    page = add_page(wiki, ARABIC_TITLE, "سطر أول.", slug="drones", language="ar")
    save(page, wiki.member, "سطر ثان.")
    sign_in(client, wiki.other_member)

    revision = parse(client.get(wiki_url(page, "revisions", "1")))
    assert marked(revision.find(".//h1")) == ("ar", "rtl")
    assert marked(revision.find(".//div[@class='prose wiki-body']")) == ("ar", "rtl")
    assert marked(revision) == ("en", "ltr")
    inline = parse(client.get(wiki_url(page, "diff")))
    assert {marked(pre) for pre in inline.iter("pre")} == {("ar", "rtl")}
    side_by_side = parse(client.get(wiki_url(page, "diff") + "?mode=side-by-side"))
    cells = side_by_side.findall(".//table[@class='diff']/tbody/tr/td")
    assert cells and {marked(cell) for cell in cells} == {("ar", "rtl")}
    assert {marked(th) for th in side_by_side.iter("th")} == {(None, None)}  # the interface's


def test_titles_in_lists_find_their_own_direction(client, wiki):
    add_page(wiki, ARABIC_TITLE, "نص.", slug="drones-ar", language="ar", tags=["tool"])
    add_page(wiki, "Drones", tags=["tool"])
    sign_in(client, wiki.member)

    for address in (wiki_url(), wiki_url("a-z"), wiki_url("tags/tool")):
        document = parse(client.get(address))
        titled = [a for a in document.iter("a") if text_of(a) == ARABIC_TITLE]
        assert titled and all(a.get("dir") == "auto" for a in titled), address


# --- the hub's own words inside stored HTML ------------------------------------------------


def test_the_missing_link_tooltip_is_the_catalogues_message():
    assert links._MISSING_PAGE_TITLE_ATTRIBUTE == f'title="{MISSING_PAGE_TITLE}"'


def test_a_missing_links_tooltip_is_in_the_readers_language(client, wiki, monkeypatch):
    page = add_page(wiki, "Drones", "See [[Nowhere]].")
    stored = reload(page).current_revision.html
    sign_in(client, wiki.member)
    monkeypatch.setattr(links, "_", lambda message: "Cette page n’est pas encore écrite <&>")

    document = parse(client.get(wiki_url(page)))

    missing = document.find(".//a[@class='wikilink wikilink--missing']")
    assert missing.get("title") == "Cette page n’est pas encore écrite <&>"
    assert reload(page).current_revision.html == stored  # stored for every reader, in English


def test_the_feed_speaks_the_language_of_the_member_whose_token_reads_it(client, wiki, monkeypatch):
    add_page(wiki, "Drones")
    reader = speaking(wiki.other_member, "fr")
    languages = []

    def recording(user):
        languages.append(user.language)
        return real_language_of(user)

    real_language_of = feed_views.language_of
    monkeypatch.setattr(feed_views, "language_of", recording)
    token = feed_views.feed_token(reader, wiki.workspace)

    response = client.get(f"/w/ai/wiki/feed.atom?token={token}")  # nobody signed in

    assert response.status_code == 200
    assert languages == ["fr"]


# --- access is unchanged ----------------------------------------------------------------------


def test_the_language_changes_nothing_about_who_may_edit(client, wiki):
    page = add_page(wiki, "Principles", "Text.", section=wiki.toolkit, author=wiki.admin)
    assert reload(page).protected
    sign_in(client, wiki.member)

    response = client.post(
        wiki_url(page, "edit"),
        data={"body": "Text.", "base_revision_id": page.current_revision_id, "language": "fr"},
    )

    assert response.status_code == 403
    assert reload(page).language == "en"
    with pytest.raises(AccessDenied):
        services.save_page(
            page,
            wiki.member,
            body="Text.",
            summary="",
            base_revision_id=page.current_revision_id,
            language="fr",
        )
    db.session.rollback()
    assert reload(page).language == "en"


@pytest.mark.parametrize("who", ["outsider", None])
def test_who_may_not_write_may_not_choose_a_language(client, wiki, who):
    if who:
        sign_in(client, getattr(wiki, who))

    response = client.post(wiki_url("new"), data=new_page_fields(wiki, language="ar"))

    assert response.status_code in (302, 403, 404)
    assert count(Page) == 0


# --- every wiki page in every interface language --------------------------------------------


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_wiki_page_renders_in_each_interface_language(client, wiki, language):
    page = add_page(wiki, "Drones", "## One\n\nA [[Nowhere]] link.\n\n## Two\n\n### Three\n")
    save(page, wiki.member, "## One\n\nChanged.\n\n## Two\n\n### Three\n")
    add_page(wiki, "Home", "Welcome.", author=wiki.admin)
    add_page(wiki, "Principles", section=wiki.toolkit, author=wiki.admin, tags=["tool"])
    sign_in(client, speaking(wiki.admin, language))

    addresses = [
        wiki_url(),
        wiki_url(page),
        wiki_url(page, "edit"),
        wiki_url(page, "move"),
        wiki_url(page, "revisions", "1"),
        wiki_url(page, "diff"),
        wiki_url(page, "diff") + "?mode=side-by-side",
        wiki_url("new"),
        wiki_url("a-z"),
        wiki_url("tags"),
        wiki_url("tags/tool"),
        wiki_url("sections"),
        wiki_url("principles"),
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        assert marked(parse(response)) == (language, "rtl" if language == "ar" else "ltr")
    assert client.get(wiki_url("no-such-page")).status_code == 404
