"""Tags lead somewhere: each tag on a page links to the list of pages with that tag, and the
wiki has an index of its tags. Both lists are paged by keyset and cost the same at any size."""

import pytest

from hub.extensions import db
from tests.support import counted_get, parse, sign_in, text_of
from tests.support.wiki import (
    add_page,
    build_wiki,
    count,
    links,
    new_page_fields,
    page_text,
    wiki_url,
)
from wiki import queries, services
from wiki.models import Page


def tagged_titles(response, tag: str) -> list[str]:
    """The titles the page of a tag lists, in order."""
    listing = parse(response).find(f".//section[@aria-label='Pages tagged {tag}']")
    return [text_of(item.find("a")) for item in listing.iter("li")]


def listed_tags(response) -> list[str]:
    listing = parse(response).find(".//section[@aria-label='Tags in use']")
    return [text_of(a) for a in listing.iter("a")]


def test_the_tags_of_a_page_link_to_the_pages_with_that_tag(client, wiki):
    page = add_page(wiki, "Drones", tags=["tool", "robotics"])
    add_page(wiki, "Smart robots", tags=["robotics"])
    add_page(wiki, "Speech", tags=["audio"])
    sign_in(client, wiki.member)

    tags = parse(client.get(wiki_url(page))).find(".//ul[@aria-label='Tags']")
    addresses = {text_of(a): a.get("href") for a in tags.iter("a")}
    response = client.get(addresses["robotics"])

    assert addresses == {"robotics": "/w/ai/wiki/tags/robotics", "tool": "/w/ai/wiki/tags/tool"}
    assert response.status_code == 200
    assert text_of(parse(response).find(".//h1")) == "Pages tagged robotics"
    assert tagged_titles(response, "robotics") == ["Drones", "Smart robots"]
    assert {wiki_url(page), "/w/ai/wiki/sections/topics"} <= links(response)


def test_a_tag_lists_neither_deleted_pages_nor_pages_of_another_workspace(client, wiki):
    add_page(wiki, "Robots", tags=["tool"])
    gone = add_page(wiki, "Old robots", tags=["tool"])
    services.delete_page(gone, wiki.moderator)
    other = build_wiki("drones")
    add_page(other, "Drone swarms", tags=["tool"])
    sign_in(client, wiki.moderator)  # moderators see deleted pages, but not listed here

    response = client.get("/w/ai/wiki/tags/tool")

    assert tagged_titles(response, "tool") == ["Robots"]
    assert "Drone swarms" not in page_text(response)


def test_a_tag_no_page_has_shows_an_empty_list(client, wiki):
    add_page(wiki, "Robots", tags=["tool"])
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/tags/unheard-of")

    assert response.status_code == 200
    assert "No page has this tag." in page_text(response)


@pytest.mark.parametrize(
    ("typed", "tag"),
    [
        ("Tool", "tool"),
        ("neural nets", "neural-nets"),
        ("Détection d’objets", "detection-d-objets"),
        ("x" * 60, "x" * 40),  # tags are cut as the services cut them
    ],
)
def test_a_tag_typed_by_hand_leads_to_the_tag_as_stored(client, wiki, typed, tag):
    add_page(wiki, "Robots", tags=[typed])
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/tags/{typed}")

    assert response.status_code == 301
    assert response.headers["Location"] == f"/w/ai/wiki/tags/{tag}"
    assert tagged_titles(client.get(response.headers["Location"]), tag) == ["Robots"]


@pytest.mark.parametrize("typed", ["---", "%00", "%E2%80%94", "%F0%9F%A4%96"])
def test_a_tag_with_no_letters_or_digits_is_no_tag(client, wiki, typed):
    sign_in(client, wiki.member)
    assert client.get(f"/w/ai/wiki/tags/{typed}").status_code == 404


@pytest.mark.parametrize("after", ["", "abc", "0", "-1", "99999999999999999999", "%00"])
def test_the_page_of_a_tag_takes_any_starting_point(client, wiki, after):
    add_page(wiki, "Robots", tags=["tool"])
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/tags/tool?after={after}")

    assert response.status_code == 200
    assert tagged_titles(response, "tool") == ["Robots"]


def test_a_starting_point_in_another_workspace_lists_nothing_of_it(client, wiki):
    add_page(wiki, "Robots", tags=["tool"])
    other = build_wiki("drones")
    elsewhere = add_page(other, "Aardvark", tags=["tool"])
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/tags/tool?after={elsewhere.id}")

    assert response.status_code == 200
    assert "Aardvark" not in page_text(response)
    assert "No more pages have this tag." in page_text(response)


def test_the_page_of_a_tag_is_paged_by_title_and_loses_no_page_of_the_same_title(
    client, wiki, monkeypatch
):
    monkeypatch.setattr(queries, "TAGGED_PER_PAGE", 4)
    for title in ("Alpha", "Beta", "Omega", "Zeta"):
        add_page(wiki, title, tags=["tool"])
    for parent in ("First", "Second", "Third"):  # three pages titled "Same", one per parent
        add_page(wiki, "Same", tags=["tool"], parent=add_page(wiki, parent))
    sign_in(client, wiki.member)

    first = client.get("/w/ai/wiki/tags/tool")
    next_address = parse(first).find(".//a[@rel='next']").get("href")
    second = client.get(next_address)

    assert tagged_titles(first, "tool") == ["Alpha", "Beta", "Omega", "Same"]
    assert tagged_titles(second, "tool") == ["Same", "Same", "Zeta"]
    listed_paths = {
        a.get("href")
        for response in (first, second)
        for a in parse(response).find(".//section[@aria-label='Pages tagged tool']").iter("a")
    }
    assert {f"/w/ai/wiki/{parent}/same" for parent in ("first", "second", "third")} <= (
        listed_paths
    )
    assert parse(second).find(".//a[@rel='next']") is None
    assert "/w/ai/wiki/tags/tool" in links(second)  # back to the start


def test_the_page_of_a_tag_costs_the_same_with_2_or_40_pages(client, wiki):
    for number in range(2):
        add_page(wiki, f"Page {number:02}", tags=["tool"])
    sign_in(client, wiki.member)
    client.get("/w/ai/wiki/tags/tool")

    with_2 = counted_get(client, "/w/ai/wiki/tags/tool")
    for number in range(2, 40):
        add_page(wiki, f"Page {number:02}", tags=["tool"])
    with_40 = counted_get(client, "/w/ai/wiki/tags/tool")

    assert with_2 == with_40
    assert len(tagged_titles(client.get("/w/ai/wiki/tags/tool"), "tool")) == 40


def test_the_index_of_tags_counts_the_live_pages_of_this_workspace(client, wiki):
    add_page(wiki, "Robots", tags=["tool", "robotics"])
    add_page(wiki, "Drones", tags=["tool"])
    services.delete_page(add_page(wiki, "Old", tags=["tool", "obsolete"]), wiki.moderator)
    add_page(build_wiki("drones"), "Swarms", tags=["tool", "swarms"])
    db.session.commit()
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/tags")

    assert listed_tags(response) == ["robotics (1)", "tool (2)"]
    assert "/w/ai/wiki/tags/robotics" in links(response)
    assert "/w/ai/wiki/tags" in links(client.get("/w/ai/wiki/"))


def test_the_index_of_tags_is_paged(client, wiki, monkeypatch):
    monkeypatch.setattr(queries, "TAGS_PER_PAGE", 2)
    add_page(wiki, "Robots", tags=["alpha", "beta", "gamma"])
    sign_in(client, wiki.member)

    first = client.get("/w/ai/wiki/tags")
    second = client.get(parse(first).find(".//a[@rel='next']").get("href"))

    assert listed_tags(first) == ["alpha (1)", "beta (1)"]
    assert listed_tags(second) == ["gamma (1)"]
    assert client.get("/w/ai/wiki/tags?after=%00").status_code == 200


def test_an_empty_wiki_has_an_empty_index_of_tags(client, wiki):
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/tags")

    assert response.status_code == 200
    assert "No page has tags yet." in page_text(response)


def test_no_page_may_take_the_address_of_the_tags(client, wiki):
    sign_in(client, wiki.member)

    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, title="Tags"))

    assert response.status_code == 200
    assert "Addresses cannot start with “tags”." in page_text(response)
    assert count(Page, Page.path == "tags") == 0
