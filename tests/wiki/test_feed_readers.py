"""What a feed reader makes of the wiki's Atom feed: feedparser finds it well formed (not
"bozo"), with the address it was read from as its rel="self" link, and the revisions as entries.
"""

import feedparser
from sqlalchemy import select

from hub.auth.models import User
from hub.extensions import db
from hub.workspaces.models import Workspace
from tests.support.wiki import add_page, save
from wiki.feed_views import FEED_ENTRIES, feed_token


def read_feed(client, user: User, workspace: Workspace) -> tuple[str, feedparser.FeedParserDict]:
    """The user's feed address, and the feed read from it as a feed reader would."""
    address = f"http://localhost/w/{workspace.slug}/wiki/feed.atom?token="
    address += feed_token(user, workspace)
    response = client.get(address)
    assert response.status_code == 200
    feed = feedparser.parse(
        response.data,
        response_headers={"content-type": response.content_type, "content-location": address},
    )
    assert not feed.bozo, f"feedparser: {feed.get('bozo_exception')}"
    return address, feed


def test_feedparser_reads_the_feed_with_its_own_address_and_the_revisions(client, wiki):
    drones = add_page(wiki, "Drones & counter-drones", "First.")
    save(drones, wiki.other_member, "Second.", "Clarified the <intro>")

    address, feed = read_feed(client, wiki.member, wiki.workspace)

    assert feed.version == "atom10"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [address]
    assert [entry.title for entry in feed.entries] == [
        "Drones & counter-drones (revision 2)",
        "Drones & counter-drones (revision 1)",
    ]
    assert feed.entries[0].summary == "Clarified the <intro>"
    assert feed.entries[0].author == "Other Member"
    assert feed.entries[0].updated_parsed


def test_the_demo_feed_is_well_formed(in_demo):
    workspace = db.session.scalar(select(Workspace).where(Workspace.slug == "ai"))
    member = db.session.scalar(select(User).where(User.email == "member@example.org"))

    _, feed = read_feed(in_demo.app.test_client(), member, workspace)

    assert len(feed.entries) == FEED_ENTRIES
    assert all(entry.title and entry.link and entry.updated_parsed for entry in feed.entries)
