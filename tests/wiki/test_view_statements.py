"""The SQL statements the wiki's busiest pages issue: they must not grow with the wiki."""

import re

import pytest
from sqlalchemy import insert

from hub.extensions import db
from tests.support import (
    count_statements,
    counted_get,
    parse,
    sign_in,
    text_of,
)
from tests.support.wiki import (
    LONG_BODY,
    add_page,
    add_revisions,
    count,
    new_page_fields,
    page_text,
    reload,
    wiki_url,
)
from tests.wiki.bulk import bulk_pages
from wiki import services
from wiki.models import Page, PageLink

# --- the number of SQL statements --------------------------------------------------------


def link_to(target: Page, sources: list[Page]) -> None:
    db.session.execute(
        insert(PageLink),
        [
            {
                "source_page_id": source.id,
                "target_key": target.title_key,
                "target_page_id": target.id,
            }
            for source in sources
        ],
    )
    db.session.commit()


def test_a_page_lists_fifty_backlinks_and_links_to_the_whole_list(client, wiki):
    page = add_page(wiki, "Popular")
    link_to(page, bulk_pages(wiki, 60, "source", wiki.sections["events"]))
    sign_in(client, wiki.member)

    shown = parse(client.get(wiki_url(page))).find(
        ".//section[@aria-labelledby='backlinks-heading']"
    )
    [everything] = [
        a.get("href") for a in shown.iter("a") if text_of(a) == "All 60 pages that link here"
    ]
    first = client.get(everything)
    second = client.get(parse(first).find(".//a[@rel='next']").get("href"))

    def listed(response) -> list[str]:
        listing = parse(response).find(".//section[@aria-label='Pages that link here']")
        return [text_of(a) for a in listing.iter("a")]

    assert len(list(shown.iter("li"))) == 50
    assert everything == wiki_url(page, "what-links-here")
    assert "60 pages, the newest first." in page_text(first)
    # The newest first: the bulk pages were made in order, so by id.
    assert listed(first) + listed(second) == [f"Source {number}" for number in range(59, -1, -1)]
    assert len(listed(first)) == 50
    newer = parse(second).find(".//a[@rel='prev']").get("href")
    assert listed(client.get(newer)) == listed(first)


@pytest.mark.parametrize(
    "query",
    ["page=2", "after=0", "after=-3", "after=abc", "before=1.5", "after=99999999999999999999"],
)
def test_the_list_of_linking_pages_takes_any_batch_key(client, wiki, query):
    page = add_page(wiki, "Target")
    add_page(wiki, "Source", "See [[Target]].")
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page, "what-links-here") + f"?{query}")

    assert response.status_code == 200
    assert "1 page." in page_text(response)


def test_the_list_of_linking_pages_of_a_deleted_page_is_for_nobody(client, wiki):
    page = add_page(wiki, "Target")
    add_page(wiki, "Source", "See [[Target]].")
    services.delete_page(page, wiki.moderator)
    db.session.commit()
    sign_in(client, wiki.moderator)

    assert client.get(wiki_url(page, "what-links-here")).status_code == 404


def test_no_page_may_take_the_address_of_the_linking_pages_list(client, wiki):
    sign_in(client, wiki.member)

    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, title="What links here"))

    assert response.status_code == 200
    assert "cannot be part of a page address" in page_text(response)
    assert count(Page, Page.path == "what-links-here") == 0


def test_a_page_view_costs_the_same_with_10_or_500_backlinks(client, wiki):
    page = add_page(wiki, "Popular", LONG_BODY, tags=["tool"])
    sources = bulk_pages(wiki, 500, "source", wiki.sections["events"])
    sign_in(client, wiki.member)
    link_to(page, sources[:10])
    client.get(wiki_url(page))  # warm up: the first request reads some things once

    with_10 = counted_get(client, wiki_url(page))
    link_to(page, sources[10:])
    with_500 = counted_get(client, wiki_url(page))

    assert with_10 == with_500
    assert "All 500 pages that link here" in page_text(client.get(wiki_url(page)))


def test_a_page_view_reads_nothing_lazily(client, wiki):
    page = add_page(
        wiki, "Counted", LONG_BODY, tags=["tool", "threat"], parent=add_page(wiki, "Up")
    )
    sign_in(client, wiki.member)
    address = wiki_url(page)
    client.get(address)
    db.session.close()  # the test's own objects stay out of the count

    with count_statements() as statements:
        assert client.get(address).status_code == 200

    # The session with its user, the workspace and the membership (one statement), the page
    # with its revision, section, tags and watches, the pages around it, the navigation, and
    # what other packages say about the page (hub.features.page_notes: the events it records).
    assert len([each for each in statements if each.startswith("SELECT")]) == 5


def test_a_long_page_with_many_links_costs_the_same_as_a_short_one(client, wiki):
    targets = bulk_pages(wiki, 40, "target", wiki.sections["events"])
    links_text = " ".join(f"[[{target.title}]]" for target in targets)
    missing = " ".join(f"[[Missing {number}]]" for number in range(10))
    words = " ".join(f"word{number % 97}" for number in range(5_000))
    long_page = add_page(wiki, "Long", f"# Long\n\n{words}\n\n{links_text} {missing}")
    short_page = add_page(wiki, "Short", "Short.")
    sign_in(client, wiki.member)
    client.get(wiki_url(short_page))

    short = counted_get(client, wiki_url(short_page))
    long = counted_get(client, wiki_url(long_page))

    assert short == long
    assert (
        len(re.findall(r'class="wikilink"', client.get(wiki_url(long_page)).get_data(True))) == 40
    )


def test_history_costs_the_same_with_20_or_2000_revisions(client, wiki):
    page = add_page(wiki, "Busy")
    add_revisions(page, wiki.other_member, 19)
    sign_in(client, wiki.member)
    client.get(wiki_url(page, "history"))

    with_20 = counted_get(client, wiki_url(page, "history"))
    add_revisions(reload(page), wiki.member, 1_980)
    with_2000 = counted_get(client, wiki_url(page, "history"))
    last_page = counted_get(client, wiki_url(page, "history") + "?after=51")

    assert with_20 == with_2000 == last_page
