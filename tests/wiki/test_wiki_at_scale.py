"""The wiki at thousands of pages in one section: the page view, the wiki home and the section
page issue the same statements and send about as much HTML as at ten pages, and show a
neighbourhood, a summary or one batch instead of every page."""

import pytest

from hub.extensions import db
from tests.support import count_statements, parse, sign_in, text_of
from tests.support.wiki import (
    LONG_BODY,
    add_page,
    add_revisions,
    new_page_fields,
    page_text,
    reload,
    wiki_url,
)
from tests.wiki.bulk import bulk_links, bulk_pages
from wiki import queries

# --- statements and response size at 10 and at 2,000 pages -------------------------------


def measured(client, address: str) -> tuple[int, int]:
    """The statements one GET issues and the size of the HTML it sends."""
    db.session.commit()
    with count_statements() as statements:
        response = client.get(address)
    assert response.status_code == 200
    return len(statements), len(response.get_data())


#: Each wiki view, by the address it has in a world where `page` is "Machine learning".
VIEWS = {
    "page": "/w/ai/wiki/machine-learning",
    "home": "/w/ai/wiki/",
    "section": "/w/ai/wiki/sections/topics",
    "section by last change": "/w/ai/wiki/sections/topics?sort=changed",
    "section at a branch": "/w/ai/wiki/sections/topics?under=machine-learning",
    "section filtered": "/w/ai/wiki/sections/topics?title=bulk",
    "branch": "/w/ai/wiki/sections/topics/branch?under=machine-learning",
    "top-level branch": "/w/ai/wiki/sections/topics/branch",
    "a-z": "/w/ai/wiki/a-z",
    "recent changes": "/w/ai/wiki/recent",
    "history": "/w/ai/wiki/machine-learning/history",
    "what links here": "/w/ai/wiki/machine-learning/what-links-here",
}
#: How much more HTML a view may send at 2,000 pages than at ten: its lists are full then.
#: Twenty-five pages a batch on the section page (with their children), fifty on the A–Z
#: index, fifty revisions or changes, fifteen pages of a branch, fifteen children (twice) and
#: fifty backlinks on the page view (a history row, with its two radio buttons, weighs about
#: 900 bytes). Listing the whole section would add over 100 KB.
ALLOWANCE = {
    "page": 5_000,
    "section": 12_000,
    "section by last change": 12_000,
    "section at a branch": 12_000,
    "section filtered": 12_000,
    "a-z": 20_000,
    "recent changes": 25_000,
    "history": 40_000,
    "what links here": 5_000,
}


def grow(wiki, page, size: int, start: int) -> None:
    """`size` top-level pages and `size` children of `page` (numbered from `start`), as many
    revisions of `page` and as many pages linking to it."""
    bulk_pages(wiki, size, "bulk", wiki.topics, start=start)
    children = bulk_pages(wiki, size, "part", wiki.topics, parent=page, start=start)
    bulk_links(page, [child for child in children if int(child.path.rsplit("-")[-1]) >= start])
    add_revisions(reload(page), wiki.other_member, size)


@pytest.mark.parametrize("view", VIEWS)
def test_a_view_costs_the_same_with_10_or_2000_pages_in_the_section(client, wiki, view):
    page = add_page(wiki, "Machine learning", LONG_BODY, tags=["tool"])
    add_page(wiki, "Deep learning", parent=page)
    grow(wiki, page, 10, start=0)
    address = VIEWS[view]
    sign_in(client, wiki.member)
    client.get(address)  # warm up: the first request reads some things once

    statements_at_10, size_at_10 = measured(client, address)
    grow(wiki, page, 1_990, start=10)
    statements_at_2000, size_at_2000 = measured(client, address)

    assert statements_at_10 == statements_at_2000
    assert size_at_2000 < size_at_10 + ALLOWANCE.get(view, 1_500)
    if view == "page":  # counting stops past a thousand
        shown = page_text(client.get(address))
        assert "1,000+ more…" in shown and "All 1,000+ pages under this one" in shown
        assert "All 1,000+ pages that link here" in shown
    if view == "home":
        assert "All 1,000+ pages in Topics" in page_text(client.get(address))
    if view == "section":
        assert "1,000+ pages at the top of Topics." in page_text(client.get(address))


# --- the page's sidebar ----------------------------------------------------------------------


def sidebar(response):
    return parse(response).find(".//aside[@aria-labelledby='tree-heading']")


def test_the_sidebar_shows_a_few_siblings_either_side_and_leads_to_the_rest(client, wiki):
    top = add_page(wiki, "Vision")
    bulk_pages(wiki, 40, "sub", wiki.topics, parent=top)  # "Sub 0" ... "Sub 39"
    page = add_page(wiki, "Sub 20a", parent=top)
    bulk_pages(wiki, 30, "detail", wiki.topics, parent=page)
    add_page(wiki, "Elsewhere")
    sign_in(client, wiki.member)

    aside = sidebar(client.get(wiki_url(page)))
    titles = [text_of(a) for a in aside.iter("a")]
    more = {text_of(a): a.get("href") for a in aside.iter("a") if "more" in text_of(a)}

    ordered = sorted([f"sub {n}" for n in range(40)] + ["sub 20a"])
    place = ordered.index("sub 20a")
    shown = queries.SIBLINGS_SHOWN
    assert titles[:2] == ["Topics", "Vision"]
    siblings = [title.lower() for title in titles if title.startswith("Sub")]
    assert siblings == ordered[place - shown : place + shown + 1]
    assert len([title for title in titles if title.startswith("Detail")]) == queries.CHILDREN_SHOWN
    assert "Elsewhere" not in titles
    assert more == {
        f"{place - shown} more…": "/w/ai/wiki/sections/topics?under=vision",
        f"{30 - queries.CHILDREN_SHOWN} more…": "/w/ai/wiki/sections/topics?under=vision/sub-20a",
        f"{40 - place - shown} more…": "/w/ai/wiki/sections/topics?under=vision",
    }
    # "N more…" under the page lists the pages under it.
    listed = page_text(client.get(more[f"{30 - queries.CHILDREN_SHOWN} more…"]))
    assert "Detail 0" in listed and "Detail 29" in listed  # the first and last of a batch
    assert "Sub 0" not in listed


# --- the wiki home ---------------------------------------------------------------------------


def test_the_home_shows_each_sections_count_and_latest_pages(client, wiki):
    for number in range(8):
        add_page(wiki, f"Topic {number}")
    sign_in(client, wiki.member)

    document = parse(client.get("/w/ai/wiki/"))
    topics = document.find(f".//section[@aria-labelledby='section-{wiki.topics.id}']")

    latest = [text_of(item.find("a")) for item in topics.iter("li")]
    assert latest == ["Topic 7", "Topic 6", "Topic 5", "Topic 4", "Topic 3"]
    assert "All 8 pages in Topics" in text_of(topics)
    assert topics.find(".//a[@href='/w/ai/wiki/sections/topics']") is not None


# --- the section page ------------------------------------------------------------------------


def listed_titles(response) -> list[str]:
    listing = parse(response).find(".//section[@aria-label='Pages in Topics']")
    return [text_of(a) for a in listing.iter("a") if "page-listing__title" in a.get("class", "")]


def next_link(response) -> str | None:
    found = parse(response).find(".//nav[@class='pagination']//a[@rel='next']")
    return found.get("href") if found is not None else None


def all_batches(client, address: str) -> list[list[str]]:
    batches = []
    while address:
        response = client.get(address)
        batches.append(listed_titles(response))
        address = next_link(response)
    return batches


def batch_sizes(total: int, per_batch: int) -> list[int]:
    """The sizes of the batches that list `total` rows `per_batch` at a time."""
    return [min(per_batch, total - start) for start in range(0, total, per_batch)]


def test_the_section_page_pages_through_its_top_level_pages(client, wiki):
    [parent] = [
        page for page in bulk_pages(wiki, 120, "page", wiki.topics) if page.path == "page-0"
    ]
    bulk_pages(wiki, 8, "child", wiki.topics, parent=parent)
    db.session.commit()
    sign_in(client, wiki.member)

    batches = all_batches(client, "/w/ai/wiki/sections/topics")

    assert [len(batch) for batch in batches] == batch_sizes(120, queries.LISTED_PER_PAGE)
    assert sum(batches, []) == sorted((f"Page {n}" for n in range(120)), key=str.lower)
    first = parse(client.get("/w/ai/wiki/sections/topics"))
    children = first.find(".//ul[@aria-label='Pages under Page 0']")
    assert [text_of(a) for a in children.iter("a")] == [
        *(f"Child {n}" for n in range(queries.CHILDREN_LISTED)),
        f"{8 - queries.CHILDREN_LISTED} more…",
    ]


def test_the_section_page_pages_through_a_branch(client, wiki):
    top = add_page(wiki, "Vision")
    bulk_pages(wiki, 60, "sub", wiki.topics, parent=top)
    add_page(wiki, "Elsewhere")
    sign_in(client, wiki.member)

    batches = all_batches(client, "/w/ai/wiki/sections/topics?under=vision")

    assert [len(batch) for batch in batches] == batch_sizes(60, queries.LISTED_PER_PAGE)
    assert sum(batches, []) == sorted((f"Sub {n}" for n in range(60)), key=str.lower)


def test_the_section_page_filters_by_title_at_any_depth(client, wiki):
    top = add_page(wiki, "Vision")
    add_page(wiki, "Face recognition", parent=top)
    add_page(wiki, "Surfaces")
    add_page(wiki, "Audio")
    add_page(wiki, "Faces elsewhere", section=wiki.sections["events"])
    bulk_pages(wiki, 70, "interface", wiki.topics)
    sign_in(client, wiki.member)

    batches = all_batches(client, "/w/ai/wiki/sections/topics?title=FACE")

    found = sum(batches, [])
    assert [len(batch) for batch in batches] == batch_sizes(72, queries.LISTED_PER_PAGE)
    assert "Face recognition" in found and "Surfaces" in found
    assert "Audio" not in found and "Faces elsewhere" not in found
    response = client.get("/w/ai/wiki/sections/topics?title=zzz")
    assert "No page of Topics has “zzz” in its title." in page_text(response)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("x" * 201, "Use at most 200 characters."), ("a\x01b", "Use letters, digits")],
)
def test_the_section_page_says_why_a_filter_cannot_be_used(client, wiki, typed, message):
    add_page(wiki, "Audio")
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/sections/topics", query_string={"title": typed})

    assert response.status_code == 200
    field = parse(response).find(".//input[@id='title-filter']")
    assert field.get("aria-invalid") == "true"
    assert message in page_text(response)
    assert listed_titles(response) == ["Audio"]  # the unfiltered list


@pytest.mark.parametrize("under", ["nowhere", "elsewhere", "%00"])
def test_the_section_page_of_a_branch_that_is_not_in_it_is_not_found(client, wiki, under):
    add_page(wiki, "Elsewhere", section=wiki.sections["events"])
    sign_in(client, wiki.member)

    assert client.get(f"/w/ai/wiki/sections/topics?under={under}").status_code == 404


@pytest.mark.parametrize("after", ["abc", "-1", "99999999999999999999", "0"])
def test_the_section_page_starts_over_at_an_unusable_batch_key(client, wiki, after):
    add_page(wiki, "Audio")
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/sections/topics?after={after}")

    assert response.status_code == 200
    assert listed_titles(response) == ["Audio"]


# --- all pages, A to Z -------------------------------------------------------------------------


def index_titles(response) -> list[str]:
    listing = parse(response).find(".//section[@aria-label='Pages, by title']")
    return [text_of(a) for a in listing.iter("a")]


def index_batches(client, address: str) -> list[list[str]]:
    batches = []
    while address:
        response = client.get(address)
        batches.append(index_titles(response))
        address = next_link(response)
    return batches


def test_the_a_to_z_index_pages_through_every_section(client, wiki):
    bulk_pages(wiki, 150, "topic", wiki.topics)
    bulk_pages(wiki, 80, "event", wiki.sections["events"])
    sign_in(client, wiki.member)

    batches = index_batches(client, "/w/ai/wiki/a-z")

    expected = [f"Topic {n}" for n in range(150)] + [f"Event {n}" for n in range(80)]
    assert [len(batch) for batch in batches] == batch_sizes(230, queries.INDEX_PER_PAGE)
    assert sum(batches, []) == sorted(expected, key=str.lower)


def test_the_a_to_z_index_shows_one_letter_and_filters_by_title(client, wiki):
    for title in ("Audio", "Apple tree", "Bias", "3D printing", "Élan"):
        add_page(wiki, title)
    add_page(wiki, "Gone")
    sign_in(client, wiki.member)

    by_letter = client.get("/w/ai/wiki/a-z?letter=a")
    current = parse(by_letter).find(".//nav[@aria-label='Pages by first letter']//a[@aria-current]")

    assert index_titles(by_letter) == ["Apple tree", "Audio"]
    assert text_of(current) == "A"
    assert index_titles(client.get("/w/ai/wiki/a-z?letter=a&title=TREE")) == ["Apple tree"]
    assert "3D printing" in index_titles(client.get("/w/ai/wiki/a-z?letter=other"))
    assert index_titles(client.get("/w/ai/wiki/a-z?title=i")) == ["3D printing", "Audio", "Bias"]


@pytest.mark.parametrize("letter", ["aa", "A", "%00", "7"])
def test_the_a_to_z_index_has_no_other_letters(client, wiki, letter):
    sign_in(client, wiki.member)

    assert client.get(f"/w/ai/wiki/a-z?letter={letter}").status_code == 404


def test_the_a_to_z_index_says_why_a_filter_cannot_be_used(client, wiki):
    add_page(wiki, "Audio")
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/a-z", query_string={"title": "y" * 201})

    assert response.status_code == 200
    assert "Use at most 200 characters." in page_text(response)
    assert index_titles(response) == ["Audio"]


def test_no_page_may_take_the_address_of_the_a_to_z_index(client, wiki):
    sign_in(client, wiki.member)

    response = client.post("/w/ai/wiki/new", data=new_page_fields(wiki, title="A-Z"))

    assert response.status_code == 200
    assert "Addresses cannot start with “a-z”." in page_text(response)
