"""The top bar, the workspace's tabs and the footer are rendered once and kept for every reader
who sees them the same way (hub.templating.top_bar, footer): a kept bar must never outlive
what it shows, and each request's CSRF token and address fill it anew."""

import re

from hub import templating
from hub.extensions import db
from hub.notifications.services import notify
from hub.workspaces.models import Membership, Role
from tests.support import csrf_token_on, is_signed_in, make_membership, make_user, make_workspace
from tests.support import signed_in as new_signed_in_client

HOME = "/w/ai/"


def page(client, address: str = HOME) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.get_data(as_text=True)


def top_bar_of(html: str) -> str:
    return html[html.index("<body>") : html.index('<main id="main"')]


def tabs_of(html: str) -> list[str]:
    tabs = re.search(r'<nav class="tabs"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>|\s+", " ", tab).split()[0] for tab in tabs.split("</a>")[:-1]]


def test_readers_who_share_a_top_bar_each_get_their_own_csrf_token(app, csrf_on):
    workspace = make_workspace()
    first, second = (make_user(display_name="Same Name") for _ in range(2))
    for user in (first, second):
        make_membership(workspace, user)
    first_client = new_signed_in_client(app, first)
    second_client = new_signed_in_client(app, second)
    first_page = page(first_client)
    hits = templating._top_bar.cache_info().hits
    second_page = page(second_client)
    assert templating._top_bar.cache_info().hits == hits + 1, "the second reader's bar is kept"
    assert top_bar_of(first_page).count("Same Name") == top_bar_of(second_page).count("Same Name")

    first_token, second_token = (csrf_token_on(html.encode()) for html in (first_page, second_page))
    assert first_token != second_token
    assert first_token not in second_page and second_token not in first_page
    # Each reader's sign-out form works with the token their own page gave them.
    response = second_client.post("/auth/logout", data={"csrf_token": second_token})
    assert response.status_code == 302
    assert not is_signed_in(second_client) and is_signed_in(first_client)


def test_the_top_bar_follows_its_reader_name_workspaces_rights_and_notifications(app, client):
    workspace = make_workspace(name="Artificial Intelligence")
    reader = make_user(display_name="Ada Analyst")
    membership = make_membership(workspace, reader)
    client = new_signed_in_client(app, reader)
    bar = top_bar_of(page(client))
    assert "Ada Analyst" in bar and "Settings" not in tabs_of(page(client))
    assert 'class="badge"' not in bar

    reader.display_name = "Ada Lovelace"
    notify(reader, "test", "Something happened.", workspace=workspace)
    other = make_workspace("cyber", name="Cybercrime")
    make_membership(other, reader)
    workspace.name = "AI and Policing"
    db.session.get(Membership, membership.id).role = Role.ADMINISTRATOR
    db.session.commit()

    html = page(client)
    bar = top_bar_of(html)
    assert "Ada Lovelace" in bar and "Ada Analyst" not in bar
    assert re.search(r'class="badge" aria-label="1 unread">1<', bar)
    assert "Cybercrime" in bar
    assert "AI and Policing" in bar and "Artificial Intelligence" not in bar
    assert "Settings" in tabs_of(html)


def test_the_current_tab_and_the_language_follow_the_page(app, client):
    workspace = make_workspace()
    reader = make_user()
    make_membership(workspace, reader)
    client = new_signed_in_client(app, reader)
    assert 'aria-current="page">Overview' in page(client)
    wiki = page(client, "/w/ai/wiki/")
    assert 'aria-current="page">Wiki' in wiki and 'aria-current="page">Overview' not in wiki

    client.post("/language", data={"language": "fr", "next": HOME})
    french = page(client)
    assert "Aller au contenu" in top_bar_of(french) and "Skip to content" not in french
    assert 'lang="fr"' in french[:200]
    assert 'value="fr" lang="fr" dir="ltr" aria-current="true"' in french


def test_the_language_menu_brings_the_reader_back_to_the_page_with_its_address_escaped(
    app, client
):
    workspace = make_workspace()
    reader = make_user()
    make_membership(workspace, reader)
    client = new_signed_in_client(app, reader)
    html = page(client, "/w/ai/wiki/?sort=title")
    assert 'name="next" type="hidden" value="/w/ai/wiki/?sort=title"' in html
    html = page(client, '/w/ai/?x="><b>bold</b>')
    assert "<b>bold</b>" not in html
    assert 'value="/w/ai/?x=&#34;&gt;&lt;b&gt;bold&lt;/b&gt;"' in html
