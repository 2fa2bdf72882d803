"""The page editor on the server: the preview fragment editor.js fetches."""

from hub.workspaces.models import Visibility
from tests.support import csrf_token_on, parse, sign_in
from tests.support.wiki import add_page, build_wiki, count
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
