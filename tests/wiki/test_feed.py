"""The Atom feed of recent changes: a personal token in its address stands for the user.

It must list what the user may read and nothing else, and stop working the moment the user
could no longer read it: another workspace, a changed password, a suspension, a removal.
"""

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from hub.admin.services import suspend_account
from hub.auth.services import change_password
from hub.extensions import db
from hub.tokens import make_token
from hub.workspaces.models import Membership
from tests.support import PASSWORD, login, make_membership, make_user, parse, sign_in
from tests.support.wiki import add_page, build_wiki, save
from wiki.feed_views import feed_token
from wiki.services import delete_page

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_address(client, slug: str = "ai") -> str:
    """The feed address the recent changes page gives the signed-in user, as a path."""
    field = parse(client.get(f"/w/{slug}/wiki/recent")).find(".//input[@id='feed-address']")
    url = urlsplit(field.get("value"))
    return f"{url.path}?{url.query}"


def token_of(address: str) -> str:
    return parse_qs(urlsplit(address).query)["token"][0]


def parse_xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 (our own app's output, in a test)


def read_feed(client, address: str) -> ET.Element:
    response = client.get(address)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return parse_xml(response.data)


def entry_titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_the_feed_lists_recent_revisions(client, wiki):
    drones = add_page(wiki, "Drones", "First.")
    add_page(wiki, "Robots", author=wiki.other_member)
    save(drones, wiki.other_member, "Second.", "Clarified the intro")
    sign_in(client, wiki.member)
    address = feed_address(client)
    reader = client.application.test_client()  # a feed reader: no session, only the address

    feed = read_feed(reader, address)

    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "AI wiki: recent changes"
    assert feed.findtext(f"{ATOM}updated")
    assert entry_titles(feed) == [
        "Drones (revision 2)",
        "Robots (revision 1)",
        "Drones (revision 1)",
    ]
    newest = next(feed.iter(f"{ATOM}entry"))
    assert newest.findtext(f"{ATOM}summary") == "Clarified the intro"
    assert newest.findtext(f"{ATOM}author/{ATOM}name") == "Other Member"
    assert newest.find(f"{ATOM}link").get("href").endswith("/w/ai/wiki/drones/diff?from=1&to=2")
    assert newest.findtext(f"{ATOM}id").endswith("/w/ai/wiki/drones/revisions/2")


def test_an_empty_wiki_has_a_valid_feed(client, wiki):
    sign_in(client, wiki.member)
    feed = read_feed(client, feed_address(client))
    assert entry_titles(feed) == []
    assert feed.findtext(f"{ATOM}updated")


@pytest.mark.parametrize(
    "token",
    [None, "", "garbage", "tampered", "other workspace", "other purpose"],
)
def test_the_feed_refuses_a_missing_or_wrong_token(client, wiki, token):
    add_page(wiki, "Drones")
    other = build_wiki("drones")
    sign_in(client, wiki.member)
    good = token_of(feed_address(client))
    tokens = {
        "garbage": "not-a-token",
        "tampered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "other workspace": feed_token(other.member, other.workspace),
        # The same payload signed for another purpose (a password reset link).
        "other purpose": make_token(
            "reset", {"user": wiki.member.id, "workspace": wiki.workspace.id, "stamp": 0}
        ),
    }
    address = "/w/ai/wiki/feed.atom" + (
        "" if token is None else f"?token={tokens.get(token, token)}"
    )

    response = client.application.test_client().get(address)

    assert response.status_code == 403
    assert b"Drones" not in response.data


def test_a_token_for_one_workspace_opens_no_other(client, wiki):
    other = build_wiki("drones")
    make_membership(other.workspace, wiki.member)
    add_page(other, "Secret drones page", author=other.member)
    sign_in(client, wiki.member)
    token = token_of(feed_address(client))

    response = client.get(f"/w/drones/wiki/feed.atom?token={token}")

    assert response.status_code == 403


def test_a_password_change_revokes_the_old_token(client, wiki):
    add_page(wiki, "Drones")
    sign_in(client, wiki.member)
    old = feed_address(client)
    assert client.get(old).status_code == 200

    change_password(wiki.member, PASSWORD, "another-long-passphrase-42")
    db.session.commit()

    assert client.application.test_client().get(old).status_code == 403
    fresh = client.application.test_client()
    assert login(fresh, wiki.member.email, "another-long-passphrase-42").status_code == 302
    new = feed_address(fresh)
    assert new != old
    assert fresh.application.test_client().get(new).status_code == 200


def test_a_suspended_users_token_stops_working(client, wiki):
    add_page(wiki, "Drones")
    hub_admin = make_user("hub@example.org", hub_admin=True)
    sign_in(client, wiki.member)
    address = feed_address(client)

    suspend_account(wiki.member, by=hub_admin)
    db.session.commit()

    assert client.application.test_client().get(address).status_code == 403


def test_a_removed_members_token_stops_working(client, wiki):
    add_page(wiki, "Drones")
    sign_in(client, wiki.member)
    address = feed_address(client)

    membership = db.session.scalar(select(Membership).where(Membership.user_id == wiki.member.id))
    db.session.delete(membership)
    db.session.commit()

    assert client.application.test_client().get(address).status_code == 403


def test_deleted_pages_are_not_in_the_feed(client, wiki):
    kept = add_page(wiki, "Kept page")
    gone = add_page(wiki, "Gone page")
    save(gone, wiki.member, "Edited before deletion.")
    delete_page(gone, wiki.moderator)
    db.session.commit()
    sign_in(client, wiki.member)

    feed = read_feed(client, feed_address(client))

    assert entry_titles(feed) == [f"{kept.title} (revision 1)"]


def test_hostile_titles_and_summaries_are_escaped(client, wiki):
    title = '<script>alert("x")</script> & ]]> <b>'
    page = add_page(wiki, title)
    save(page, wiki.member, "New text.", summary="<img src=x onerror=alert(1)> & more")
    sign_in(client, wiki.member)

    response = client.get(feed_address(client))
    feed = parse_xml(response.data)

    assert b"<script>" not in response.data and b"<img" not in response.data
    assert entry_titles(feed)[0] == f"{title} (revision 2)"
    assert next(feed.iter(f"{ATOM}entry")).findtext(f"{ATOM}summary") == (
        "<img src=x onerror=alert(1)> & more"
    )


def test_an_unknown_workspace_has_no_feed(client, wiki):
    sign_in(client, wiki.member)
    token = token_of(feed_address(client))
    assert client.get(f"/w/nowhere/wiki/feed.atom?token={token}").status_code == 404
