"""The page editor on the server: the preview fragment editor.js fetches, and where the preview
goes when the Preview button sends the form (no JavaScript): beside the text, inside the form,
not above it."""

from hub.workspaces.models import Visibility
from tests.support import csrf_token_on, parse, sign_in
from tests.support.wiki import add_page, build_wiki, count, edit_fields, new_page_fields, wiki_url
from wiki.models import Page, Revision
from wiki.services import MAX_BODY_LENGTH

PREVIEW_URL = "/w/ai/wiki/preview"


# --- the preview fragment ---------------------------------------------------------------


def test_the_preview_is_the_text_rendered_as_a_save_would_render_it(client, wiki):
    add_page(wiki, "Drones", "About drones.")
    sign_in(client, wiki.member)
    body = "## Uses\n\nSee [[Drones]] and [[Swarms]].\n\n<script>alert(1)</script>"

    response = client.post(PREVIEW_URL, data={"body": body})

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert '<h2 id="uses">Uses</h2>' in html
    assert 'href="/w/ai/wiki/drones"' in html  # an existing page
    assert 'href="/w/ai/wiki/new?title=Swarms"' in html  # a page still to write
    assert "<script>" not in html and "&lt;script&gt;" in html  # sanitised: shown as text
    assert "<html" not in html  # a fragment, not a page
    assert count(Page) == 1 and count(Revision) == 1  # nothing saved


def test_an_empty_text_previews_as_nothing(client, wiki):
    sign_in(client, wiki.member)
    response = client.post(PREVIEW_URL, data={"body": ""})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == ""


def test_a_text_too_long_to_save_is_refused_with_the_reason(client, wiki):
    sign_in(client, wiki.member)

    response = client.post(PREVIEW_URL, data={"body": "x" * (MAX_BODY_LENGTH + 1)})

    assert response.status_code == 422
    message = parse(response).find(".//p[@class='error']")
    assert message is not None and "The page is too long" in message.text


def test_control_characters_are_refused(client, wiki):
    sign_in(client, wiki.member)
    response = client.post(PREVIEW_URL, data={"body": "bell \x07"})
    assert response.status_code == 422
    assert "not allowed" in response.get_data(as_text=True)


def test_the_preview_needs_the_csrf_token(client, wiki, csrf_on):
    sign_in(client, wiki.member)
    token = csrf_token_on(client.get("/w/ai/wiki/new"))

    refused = client.post(PREVIEW_URL, data={"body": "**bold**"})
    accepted = client.post(PREVIEW_URL, data={"body": "**bold**", "csrf_token": token})

    assert refused.status_code == 400
    assert "<strong>" not in refused.get_data(as_text=True)
    assert accepted.status_code == 200
    assert accepted.get_data(as_text=True).strip() == "<p><strong>bold</strong></p>"


def test_a_reader_who_may_not_edit_gets_no_preview(client):
    # In an open workspace any account reads the wiki; only members write (and preview).
    open_wiki = build_wiki("open", Visibility.OPEN)
    sign_in(client, open_wiki.outsider)
    assert client.get("/w/open/wiki/").status_code == 200

    response = client.post("/w/open/wiki/preview", data={"body": "**bold**"})

    assert response.status_code == 403
    assert "<strong>bold</strong>" not in response.get_data(as_text=True)


def test_a_page_called_preview_is_still_read_at_its_address(client, wiki):
    add_page(wiki, "Preview", "The page, not the editor's preview.")
    sign_in(client, wiki.member)
    response = client.get("/w/ai/wiki/preview")
    assert response.status_code == 200
    assert "The page, not the editor" in response.get_data(as_text=True)


# --- the preview without JavaScript -------------------------------------------------------


def editor_panes(response):
    """The page, and the panes of the editor in the form with the text area (text, preview)."""
    document = parse(response)
    form = next(form for form in document.iter("form") if form.find(".//textarea") is not None)
    return document, form.find(".//div[@class='editor__panes']")


def test_the_server_preview_of_an_edit_is_beside_the_text_inside_the_form(client, wiki):
    page = add_page(wiki, "Drones", "Old text.")
    sign_in(client, wiki.member)
    fields = {**edit_fields(client, page), "body": "New *text*.", "preview": "1"}

    response = client.post(wiki_url(page, "edit"), data=fields)

    document, panes = editor_panes(response)
    # The text first, the preview after it: beside it on wide screens, below on narrow ones.
    write, preview = list(panes)
    assert write.find("textarea").text == "New *text*."
    assert preview.tag == "section" and preview.get("aria-labelledby") == "preview-heading"
    assert preview.find(".//em").text == "text"
    # Nothing of the preview above the form any more: the form is the main's only section.
    assert [element.tag for element in document.find(".//main").iter("section")] == ["section"]


def test_the_server_preview_of_a_new_page_is_beside_the_text(client, wiki):
    sign_in(client, wiki.member)
    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, preview="1"))
    _document, panes = editor_panes(response)
    assert [pane.get("class") for pane in panes] == ["editor__write", "editor__preview preview"]


def test_without_a_preview_the_editor_has_no_empty_preview_pane(client, wiki):
    sign_in(client, wiki.member)
    response = client.get("/w/ai/wiki/new")
    document, panes = editor_panes(response)
    assert [pane.get("class") for pane in panes] == ["editor__write"]
    # The toolbar and the tabs need editor.js: hidden until it shows them.
    assert document.find(".//*[@role='toolbar']").get("hidden") is not None
    assert document.find(".//*[@role='tablist']").get("hidden") is not None
    toolbar_buttons = document.findall(".//*[@role='toolbar']/button")
    assert {button.get("type") for button in toolbar_buttons} == {"button"}  # never submit
    scripts = [script.get("src") for script in document.iter("script")]
    assert scripts.count("/static/js/editor.js") == 1
    # No inline script: the only script without a file is data (the page's words, as JSON).
    inline = [script for script in document.iter("script") if not script.get("src")]
    assert [script.get("type") for script in inline] == ["application/json"]
