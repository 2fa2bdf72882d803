"""Branches that open in place: the control each page with pages under it gets in the sidebar
and on the section page (a link to the section page at its branch, which wiki-tree.js makes a
button), and the list the script fetches (/sections/<section>/branch)."""

import pytest

from hub.extensions import db
from tests.support import parse, sign_in, text_of
from tests.support.wiki import add_page, page_text, wiki_url
from tests.wiki.bulk import bulk_pages
from wiki import queries, services

BRANCH = "/w/ai/wiki/sections/topics/branch"


def items(response) -> list:
    return parse(response).findall(".//ul/li")


def titles(response) -> list[str]:
    return [
        text_of(item.findall("a")[-1])
        for item in items(response)
        if "tree__more" not in item.get("class", "")
    ]


def more_link(response):
    return parse(response).find(".//li[@class='tree__more']/a")


def test_a_branch_is_a_list_of_its_first_pages_and_of_how_many_follow(client, wiki):
    top = add_page(wiki, "Vision")
    bulk_pages(wiki, 30, "sub", wiki.topics, parent=top)  # "Sub 0" ... "Sub 29"
    faces = add_page(wiki, "Faces", parent=top)
    add_page(wiki, "Eyes", parent=faces)
    add_page(wiki, "Elsewhere")
    sign_in(client, wiki.member)

    response = client.get(f"{BRANCH}?under=vision")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True).lstrip().startswith("<ul")  # a fragment, not a page
    ordered = sorted(["faces", *(f"sub {n}" for n in range(30))])
    shown = queries.BRANCH_SHOWN
    assert [title.lower() for title in titles(response)] == ordered[:shown]
    # Faces has pages under it: its control leads to the section page at its branch.
    [toggle] = parse(response).findall(".//a[@class='tree__toggle']")
    assert toggle.get("href") == "/w/ai/wiki/sections/topics?under=vision/faces"
    assert toggle.get("aria-label") == "Pages under Faces"
    more = more_link(response)
    assert text_of(more) == f"{31 - shown} more…"
    assert more.get("href") == "/w/ai/wiki/sections/topics?under=vision"

    rest = client.get(f"{BRANCH}?under=vision&after={more.get('data-branch-after')}")

    assert [title.lower() for title in titles(rest)] == ordered[shown : 2 * shown]
    last = client.get(f"{BRANCH}?under=vision&after={more_link(rest).get('data-branch-after')}")
    assert [title.lower() for title in titles(last)] == ordered[2 * shown :]
    assert more_link(last) is None


def test_the_top_level_branch_is_the_section_pages_first_level(client, wiki):
    add_page(wiki, "Home", slug="home")
    top = add_page(wiki, "Vision")
    add_page(wiki, "Faces", parent=top)
    add_page(wiki, "Audio")
    add_page(wiki, "Gatherings", section=wiki.sections["events"])
    sign_in(client, wiki.member)

    response = client.get(BRANCH)

    assert titles(response) == ["Audio", "Vision"]
    assert parse(response).find(".//a[@class='tree__toggle']").get("aria-label") == (
        "Pages under Vision"
    )


@pytest.mark.parametrize("under", ["nowhere", "gatherings", "gone", "%00", "a" * 300])
def test_a_branch_that_is_not_in_the_section_is_not_found(client, wiki, under):
    add_page(wiki, "Gatherings", section=wiki.sections["events"])
    services.delete_page(add_page(wiki, "Gone"), wiki.moderator)
    db.session.commit()
    sign_in(client, wiki.member)

    assert client.get(f"{BRANCH}?under={under}").status_code == 404


def test_a_branch_of_an_unknown_section_is_not_found(client, wiki):
    sign_in(client, wiki.member)

    assert client.get("/w/ai/wiki/sections/nowhere/branch").status_code == 404
    assert client.get("/w/ai/wiki/sections/No%20Where/branch").status_code == 404


@pytest.mark.parametrize("after", ["abc", "-1", "0", "1.5", "99999999999999999999", ""])
def test_a_branch_starts_over_at_an_unusable_key(client, wiki, after):
    add_page(wiki, "Audio")
    sign_in(client, wiki.member)

    response = client.get(f"{BRANCH}?after={after}")

    assert response.status_code == 200
    assert titles(response) == ["Audio"]


def test_a_key_from_another_section_continues_nothing(client, wiki):
    add_page(wiki, "Audio")
    elsewhere = add_page(wiki, "Gatherings", section=wiki.sections["events"])
    sign_in(client, wiki.member)

    response = client.get(f"{BRANCH}?after={elsewhere.id}")

    assert response.status_code == 200
    assert titles(response) == []


def test_a_branch_is_read_like_its_section(client, wiki):
    add_page(wiki, "Audio")

    assert client.get(BRANCH).status_code == 302  # anonymous: sign in first
    sign_in(client, wiki.outsider)
    assert client.get(BRANCH).status_code == 403


# --- the controls in the sidebar and on the section page -------------------------------------


def test_the_sidebar_offers_to_open_the_branches_under_its_pages(client, wiki):
    top = add_page(wiki, "Vision")
    page = add_page(wiki, "Faces", parent=top)
    sibling = add_page(wiki, "Gait", parent=top)
    add_page(wiki, "Strides", parent=sibling)
    add_page(wiki, "Hands", parent=top)
    child = add_page(wiki, "Eyes", parent=page)
    add_page(wiki, "Irises", parent=child)
    sign_in(client, wiki.member)

    aside = parse(client.get(wiki_url(page))).find(".//aside[@aria-labelledby='tree-heading']")

    tree = aside.find("ul")
    assert tree.get("data-branches") == BRANCH
    toggles = {a.get("aria-label"): a.get("href") for a in aside.iter("a") if a.get("aria-label")}
    # A sibling and a child with pages under them; not Hands, which has none.
    assert toggles == {
        "Pages under Gait": "/w/ai/wiki/sections/topics?under=vision/gait",
        "Pages under Eyes": "/w/ai/wiki/sections/topics?under=vision/faces/eyes",
    }
    # The page's own branch is shown: its button (for the script) hides and shows it.
    [button] = aside.findall(".//button[@class='tree__toggle']")
    assert button.get("aria-expanded") == "true" and button.get("hidden") is not None
    shown = next(ul for ul in aside.iter("ul") if ul.get("id") == button.get("aria-controls"))
    assert [text_of(a) for a in shown.iter("a") if not a.get("aria-label")] == ["Eyes"]
    scripts = [script.get("src") for script in parse(client.get(wiki_url(page))).iter("script")]
    assert scripts.count("/static/js/wiki-tree.js") == 1


def test_the_sidebar_fetches_more_children_in_place(client, wiki):
    page = add_page(wiki, "Vision")
    bulk_pages(wiki, 20, "sub", wiki.topics, parent=page)
    sign_in(client, wiki.member)

    aside = parse(client.get(wiki_url(page))).find(".//aside[@aria-labelledby='tree-heading']")

    more = aside.find(".//li[@class='tree__more']/a")
    assert text_of(more) == f"{20 - queries.CHILDREN_SHOWN} more…"
    assert more.get("href") == "/w/ai/wiki/sections/topics?under=vision"
    rest = client.get(f"{BRANCH}?under=vision&after={more.get('data-branch-after')}")
    assert len(titles(rest)) == 20 - queries.CHILDREN_SHOWN


def test_the_section_page_offers_to_open_the_branches_of_its_pages(client, wiki):
    top = add_page(wiki, "Vision")
    child = add_page(wiki, "Faces", parent=top)
    add_page(wiki, "Eyes", parent=child)
    bulk_pages(wiki, 8, "sub", wiki.topics, parent=top)
    add_page(wiki, "Audio")
    sign_in(client, wiki.member)

    document = parse(client.get("/w/ai/wiki/sections/topics"))

    listing = document.find(".//ul[@class='page-listing']")
    assert listing.get("data-branches") == BRANCH
    [button] = listing.findall(".//button[@class='tree__toggle']")
    assert button.get("aria-label") == "Pages under Vision"
    children = next(ul for ul in listing.iter("ul") if ul.get("id") == button.get("aria-controls"))
    assert children.get("aria-label") == "Pages under Vision"
    [toggle] = children.findall(".//a[@class='tree__toggle']")
    assert toggle.get("href") == "/w/ai/wiki/sections/topics?under=vision/faces"
    more = children.find(".//li[@class='tree__more']/a")
    assert text_of(more) == f"{9 - queries.CHILDREN_LISTED} more…"
    assert more.get("data-branch-after") is not None
    assert "Audio" in page_text(client.get("/w/ai/wiki/sections/topics"))
