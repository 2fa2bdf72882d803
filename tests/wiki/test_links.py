"""Wiki links through the services: [[links]] resolve, missing pages, backlinks, redirects."""

from urllib.parse import parse_qs, urlsplit

import html5lib
import pytest
from sqlalchemy import select

from hub.extensions import db
from tests.support.wiki import add_page, build_wiki, move, pages, save
from wiki import queries, services
from wiki.links import render_body
from wiki.models import Page, PageLink


def links_in(html: str) -> list[tuple[str, str, str]]:
    """(href, class, text) of each link in the HTML."""
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return [
        (a.get("href"), a.get("class"), "".join(a.itertext())) for a in root.iter() if a.tag == "a"
    ]


def stored_links(page: Page) -> list[tuple[str, str, str]]:
    db.session.flush()
    db.session.refresh(page.current_revision)
    return links_in(page.current_revision.html)


def backlinks(page: Page) -> list[Page]:
    return pages(queries.surroundings(page).backlinks)


def create_url_parameters(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert parts.path == "/w/ai/wiki/new"
    return {name: values[0] for name, values in parse_qs(parts.query).items()}


def is_missing(link: tuple[str, str, str]) -> bool:
    return link[1] == "wikilink wikilink--missing" and link[0].startswith("/w/ai/wiki/new?")


# --- rendering ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["[[Machine Learning]]", "[[machine learning]]", "[[  MACHINE   learning ]]"]
)
def test_a_title_link_finds_the_page_whatever_the_case_and_spacing(wiki, written):
    target = add_page(wiki, "Machine Learning", parent=add_page(wiki, "Topics"))
    source = add_page(wiki, "Overview", f"See {written}.")
    assert stored_links(source) == [
        ("/w/ai/wiki/topics/machine-learning", "wikilink", "Machine Learning")
    ]
    assert backlinks(target) == [source]


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("[[topics/machine-learning|learning machines]]", "learning machines"),
        ("[[topics/machine-learning]]", "Machine Learning"),
        ("[[Topics/Machine Learning|ML]]", "ML"),
    ],
)
def test_a_path_link_finds_the_page_and_keeps_its_label(wiki, written, text):
    add_page(wiki, "Machine Learning", parent=add_page(wiki, "Topics"))
    source = add_page(wiki, "Overview", f"Read {written}.")
    assert stored_links(source) == [("/w/ai/wiki/topics/machine-learning", "wikilink", text)]


def test_a_link_to_a_missing_page_offers_to_create_it(wiki):
    source = add_page(wiki, "Overview", "See [[Smart robots]] and [[robots/drones|drones]].")
    by_title, by_path = stored_links(source)
    assert is_missing(by_title) and is_missing(by_path)
    assert by_title[2] == "Smart robots"
    assert by_path[2] == "drones"
    assert create_url_parameters(by_title[0]) == {"title": "Smart robots"}
    assert create_url_parameters(by_path[0]) == {"title": "drones", "parent": "robots"}
    [(top_level, _, _)] = links_in(render_body(wiki.workspace, "[[drone-swarms]]").html)
    assert create_url_parameters(top_level) == {"title": "drone-swarms"}


def test_creating_the_missing_page_mends_the_links_to_it(wiki):
    source = add_page(wiki, "Overview", "See [[Smart robots]].")
    target = add_page(wiki, "Smart Robots", "Robots.")
    assert stored_links(source) == [("/w/ai/wiki/smart-robots", "wikilink", "Smart Robots")]
    assert backlinks(target) == [source]


def test_following_a_missing_path_links_create_url_makes_the_linked_page(wiki):
    robots = add_page(wiki, "Robots")
    source = add_page(wiki, "Overview", "See [[robots/drone-swarms]].")
    [(href, _, _)] = stored_links(source)
    asked = create_url_parameters(href)
    parent, redirected = queries.find_page(wiki.workspace, asked["parent"])
    assert (parent, redirected) == (robots, False)
    target = add_page(wiki, asked["title"], parent=parent)
    assert stored_links(source) == [("/w/ai/wiki/robots/drone-swarms", "wikilink", "drone-swarms")]
    assert backlinks(target) == [source]


@pytest.mark.parametrize("written", ["[[doc:1]]", "[[event:1]]", "[[doc:12|the report]]"])
def test_document_and_event_links_are_plain_text_for_now(wiki, written):
    source = add_page(wiki, "Overview", f"Read {written} today.")
    html = source.current_revision.html
    assert links_in(html) == []
    assert "today." in html
    assert db.session.scalars(select(PageLink)).all() == []


def test_links_never_reach_another_workspace(wiki):
    other = build_wiki("drones")
    add_page(other, "Secret plans", author=other.member)
    source = add_page(wiki, "Overview", "See [[Secret plans]] and [[secret-plans]].")
    assert all(is_missing(link) for link in stored_links(source))
    assert len(stored_links(source)) == 2


def test_links_in_code_are_not_links(wiki):
    add_page(wiki, "Robots")
    source = add_page(wiki, "Overview", "Write `[[Robots]]` to link.\n\n    [[Robots]]\n")
    assert links_in(source.current_revision.html) == []
    assert db.session.scalars(select(PageLink)).all() == []


def test_a_page_linking_to_itself_is_not_its_own_backlink(wiki):
    page = add_page(wiki, "Robots", "See [[Robots]].")
    assert stored_links(page) == [("/w/ai/wiki/robots", "wikilink", "Robots")]
    assert backlinks(page) == []


def test_backlinks_follow_the_current_revision(wiki):
    target = add_page(wiki, "Robots")
    source = add_page(wiki, "Overview", "See [[Robots]].")
    save(source, wiki.member, "No link any more.")
    assert backlinks(target) == []
    save(source, wiki.member, "[[robots|Back]] again.")
    assert backlinks(target) == [source]


def test_hostile_markup_in_a_page_is_neutralised(wiki):
    source = add_page(
        wiki, "Overview", "<script>alert(1)</script> [[x|<img src=x onerror=alert(1)>]]"
    )
    html = source.current_revision.html
    assert "<script" not in html
    assert "onerror" not in html.replace("onerror=alert(1)&gt;", "")


def test_render_body_reports_each_target(wiki):
    target = add_page(wiki, "Robots")
    rendered = render_body(wiki.workspace, "[[Robots]] [[robots]] [[Nowhere]] [[doc:3]]")
    assert rendered.targets == {"robots": target, "nowhere": None}
    assert len(links_in(rendered.html)) == 3


# --- moves and renames --------------------------------------------------------------------


def test_links_by_an_old_path_still_resolve_after_a_move(wiki):
    target = add_page(wiki, "Vision")
    child = add_page(wiki, "Faces", parent=target)
    source = add_page(wiki, "Overview", "See [[vision]] and [[vision/faces|faces]].")
    move(target, wiki.member, title="Computer vision", parent=add_page(wiki, "Topics"))
    assert stored_links(source) == [
        ("/w/ai/wiki/topics/computer-vision", "wikilink", "Computer vision"),
        ("/w/ai/wiki/topics/computer-vision/faces", "wikilink", "faces"),
    ]
    assert backlinks(target) == [source]
    assert backlinks(child) == [source]
    later = add_page(wiki, "Later", "Old link: [[vision/faces]].")
    assert stored_links(later) == [("/w/ai/wiki/topics/computer-vision/faces", "wikilink", "Faces")]


def test_links_by_an_old_title_still_resolve_after_a_rename(wiki):
    target = add_page(wiki, "Machine learning")
    source = add_page(wiki, "Overview", "See [[Machine learning]].")
    move(target, wiki.member, title="Machine learning for police", slug="machine-learning")
    assert target.path == "machine-learning"
    assert stored_links(source) == [
        ("/w/ai/wiki/machine-learning", "wikilink", "Machine learning for police")
    ]
    assert backlinks(target) == [source]


def test_a_move_mends_links_that_named_the_new_address(wiki):
    source = add_page(wiki, "Overview", "See [[Drones]] and [[robots/swarms]].")
    robots = add_page(wiki, "Robots")
    page = add_page(wiki, "Flying things")
    child = add_page(wiki, "Swarm", parent=page)
    move(page, wiki.member, title="Drones")
    move(child, wiki.member, slug="swarms", parent=robots)
    assert stored_links(source) == [
        ("/w/ai/wiki/drones", "wikilink", "Drones"),
        ("/w/ai/wiki/robots/swarms", "wikilink", "Swarm"),
    ]
    assert backlinks(page) == [source]
    assert backlinks(child) == [source]


def test_a_new_page_at_an_old_address_takes_the_links(wiki):
    moved = add_page(wiki, "Robots")
    source = add_page(wiki, "Overview", "See [[robots|the robots page]].")
    move(moved, wiki.member, slug="old-robots")
    assert backlinks(moved) == [source]
    newcomer = add_page(wiki, "Robots", "Fresh.")
    assert stored_links(source) == [("/w/ai/wiki/robots", "wikilink", "the robots page")]
    assert backlinks(newcomer) == [source]
    assert backlinks(moved) == []


# --- deletion -----------------------------------------------------------------------------


def test_deleting_a_page_breaks_links_to_it_until_it_is_restored(wiki):
    parent = add_page(wiki, "Robots")
    target = add_page(wiki, "Drones", parent=parent)
    source = add_page(wiki, "Overview", "See [[Drones]].")
    db.session.commit()
    services.delete_page(target, wiki.moderator)
    assert all(is_missing(link) for link in stored_links(source))
    assert queries.surroundings(parent).children == []
    assert pages(queries.section_listing(wiki.topics).items) == [source, parent]
    assert "Drones" not in [
        revision.page.title
        for revision in db.session.scalars(queries.recent_changes_query(wiki.workspace))
    ]
    services.restore_page(target, wiki.moderator)
    assert stored_links(source) == [("/w/ai/wiki/robots/drones", "wikilink", "Drones")]
    assert backlinks(target) == [source]
    assert pages(queries.surroundings(parent).children) == [target]
    assert "Drones" in [
        revision.page.title
        for revision in db.session.scalars(queries.recent_changes_query(wiki.workspace))
    ]


def test_restoring_a_moved_page_mends_links_by_its_old_path(wiki):
    target = add_page(wiki, "Unmanned aircraft", slug="drones")
    source = add_page(wiki, "Overview", "See [[drones|old address]].")
    move(target, wiki.member, slug="uav")
    services.delete_page(target, wiki.moderator)
    assert all(is_missing(link) for link in stored_links(source))
    services.restore_page(target, wiki.moderator)
    assert stored_links(source) == [("/w/ai/wiki/uav", "wikilink", "old address")]
    assert backlinks(target) == [source]


def test_deleted_pages_are_not_backlinks(wiki):
    target = add_page(wiki, "Robots")
    source = add_page(wiki, "Overview", "See [[Robots]].")
    services.delete_page(source, wiki.moderator)
    assert backlinks(target) == []
    services.restore_page(source, wiki.moderator)
    assert backlinks(target) == [source]


def test_a_deleted_redirect_target_is_missing(wiki):
    target = add_page(wiki, "Drones")
    move(target, wiki.member, slug="aircraft")
    services.delete_page(target, wiki.moderator)
    rendered = render_body(wiki.workspace, "[[drones]] [[aircraft]]")
    assert rendered.targets == {"drones": None, "aircraft": None}
    assert all(is_missing(link) for link in links_in(rendered.html))
