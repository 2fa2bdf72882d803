"""Lists paged by keyset both ways (recent changes, history, what links here, the section page
by title or by last change): the next batch, the previous one, the filters kept, any odd key
answered without an error; and the copies of a page's workspace and section its revisions
carry, which recent changes reads."""

from datetime import timedelta

import pytest
from sqlalchemy import insert, select, update

from hub.database import utcnow
from hub.extensions import db
from tests.support import parse, sign_in, text_of
from tests.support.wiki import add_page, add_revisions, move, page_text, reload, save, wiki_url
from tests.wiki.bulk import bulk_links, bulk_pages
from wiki import queries, services
from wiki.models import Page, PageLink, Revision


def link(response, rel: str) -> str | None:
    found = parse(response).find(f".//nav[@class='pagination']//a[@rel='{rel}']")
    return found.get("href") if found is not None else None


def changed_pages(response) -> list[str]:
    return [
        text_of(row.find("td[2]/a"))
        for table in parse(response).iter("table")
        for row in table.find("tbody").iter("tr")
    ]


def change_times(response) -> list[str]:
    return [
        time.get("datetime")
        for time in parse(response).iter("time")
        if "T" in time.get("datetime", "")
    ]


# --- recent changes ----------------------------------------------------------------------


def test_recent_changes_page_older_and_newer(client, wiki):
    page = add_page(wiki, "Drones")
    add_revisions(page, wiki.other_member, 119)  # 120 revisions, a second apart
    sign_in(client, wiki.member)

    first = client.get("/w/ai/wiki/recent")
    second = client.get(link(first, "next"))
    third = client.get(link(second, "next"))
    back = client.get(link(second, "prev"))

    times = change_times(first) + change_times(second) + change_times(third)
    assert [len(change_times(each)) for each in (first, second, third)] == [50, 50, 20]
    assert times == sorted(times, reverse=True) and len(set(times)) == 120
    assert link(first, "prev") is None and link(third, "next") is None
    assert change_times(back) == change_times(first)
    assert link(back, "prev") is None  # the newest batch again
    assert "Newest changes" in page_text(second)


def test_recent_changes_keep_their_filters_both_ways(client, wiki):
    page = add_page(wiki, "Drones")
    add_revisions(page, wiki.other_member, queries.RECENT_PER_PAGE + 5)
    add_page(wiki, "Elsewhere", section=wiki.sections["events"])
    sign_in(client, wiki.member)

    first = client.get(f"/w/ai/wiki/recent?section={wiki.topics.id}&author=other")
    second = client.get(link(first, "next"))

    for address in (link(first, "next"), link(second, "prev")):
        assert f"section={wiki.topics.id}" in address and "author=other" in address
    assert changed_pages(second) == ["Drones"] * 5


@pytest.mark.parametrize("key", ["abc", "-1", "0", "1e3", "99999999999999999999", "%00"])
@pytest.mark.parametrize("way", ["after", "before"])
def test_recent_changes_answer_any_batch_key(client, wiki, key, way):
    add_page(wiki, "Drones")
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/recent?{way}={key}")

    assert response.status_code == 200


def test_a_revision_from_another_workspace_continues_nothing(client, wiki):
    from tests.support.wiki import build_wiki

    add_page(wiki, "Drones")
    other = build_wiki("drones")
    foreign = add_page(other, "Foreign", author=other.member)
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/recent?after={foreign.current_revision_id}")

    assert changed_pages(response) == []
    assert "No more changes match." in page_text(response)
    assert parse(response).find(".//nav[@class='pagination']//a").get("href") == "/w/ai/wiki/recent"


def test_the_wiki_home_lists_the_latest_edits(client, wiki):
    page = add_page(wiki, "Drones")
    add_revisions(page, wiki.other_member, 30)
    add_page(wiki, "Robots")
    sign_in(client, wiki.member)

    document = parse(client.get("/w/ai/wiki/"))

    latest = next(
        section
        for section in document.iter("section")
        if text_of(section.find("h2")) == "Latest edits"
    )
    assert [text_of(li.find("a")) for li in latest.iter("li")] == ["Robots"] + ["Drones"] * 9


# --- revisions carry their page's workspace and section -------------------------------------


def test_revisions_carry_their_pages_workspace_and_section(wiki):
    page = add_page(wiki, "Drones")
    save(page, wiki.member, "Two.")

    revisions = db.session.scalars(select(Revision).where(Revision.page_id == page.id)).all()

    assert {(each.workspace_id, each.section_id) for each in revisions} == {
        (wiki.workspace.id, wiki.topics.id)
    }


def test_a_revision_inserted_without_them_takes_its_pages(wiki):
    page = add_page(wiki, "Drones", section=wiki.sections["events"])
    db.session.execute(
        insert(Revision),
        [
            {"page_id": page.id, "number": 2, "title": "Drones", "body": "B", "html": "<p>B</p>"},
            {"page_id": page.id, "number": 3, "title": "Drones", "body": "C", "html": "<p>C</p>"},
        ],
    )

    rows = db.session.execute(
        select(Revision.workspace_id, Revision.section_id).where(Revision.page_id == page.id)
    ).all()

    assert set(rows) == {(wiki.workspace.id, wiki.sections["events"].id)}


def test_a_moved_pages_revisions_move_to_its_new_section(client, wiki):
    top = add_page(wiki, "Drones")
    child = add_page(wiki, "Swarms", parent=top)
    save(child, wiki.member, "Two.")
    events = wiki.sections["events"]

    move(top, wiki.admin, section=events)
    db.session.commit()
    sign_in(client, wiki.member)

    sections = db.session.scalars(
        select(Revision.section_id).where(Revision.page_id.in_([top.id, child.id]))
    ).all()
    assert set(sections) == {events.id}
    in_events = changed_pages(client.get(f"/w/ai/wiki/recent?section={events.id}"))
    assert sorted(in_events) == ["Drones", "Swarms", "Swarms"]
    assert changed_pages(client.get(f"/w/ai/wiki/recent?section={wiki.topics.id}")) == []


# --- history ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["after=0", "after=-1", "before=abc", "after=1e9", "before="])
def test_history_answers_any_batch_key(client, wiki, query):
    page = add_page(wiki, "Drones")
    sign_in(client, wiki.member)

    assert client.get(wiki_url(page, "history") + f"?{query}").status_code == 200


def test_history_pages_older_and_newer(client, wiki):
    page = add_page(wiki, "Drones")
    add_revisions(page, wiki.other_member, 119)
    sign_in(client, wiki.member)

    first = client.get(wiki_url(page, "history"))
    second = client.get(link(first, "next"))
    back = client.get(link(second, "prev"))

    assert "Revisions 70 to 21 of 120, newest first." in page_text(second)
    assert page_text(back) == page_text(first)
    # The radio buttons start at the two newest revisions on the first batch only.
    assert parse(second).find(".//input[@checked]") is None


# --- what links here -------------------------------------------------------------------------


def test_a_page_that_links_twice_is_listed_and_counted_once(client, wiki):
    target = add_page(wiki, "Drone swarms")
    add_page(wiki, "Overview", "See [[Drone swarms]] and [[drone-swarms|the same page]].")
    sign_in(client, wiki.member)

    response = client.get(wiki_url(target, "what-links-here"))

    assert db.session.query(PageLink).filter_by(target_page_id=target.id).count() == 2
    listing = parse(response).find(".//section[@aria-label='Pages that link here']")
    assert [text_of(a) for a in listing.iter("a")] == ["Overview"]
    assert "1 page." in page_text(response)


def test_a_deleted_page_links_nowhere_until_it_is_restored(client, wiki):
    target = add_page(wiki, "Drones")
    source = add_page(wiki, "Overview", "See [[Drones]].")

    services.delete_page(source, wiki.moderator)
    db.session.commit()
    assert db.session.query(PageLink).filter_by(source_page_id=source.id).count() == 0
    sign_in(client, wiki.member)
    assert "No other page links here yet." in page_text(
        client.get(wiki_url(target, "what-links-here"))
    )

    services.restore_page(reload(source), wiki.moderator)
    db.session.commit()
    assert "1 page." in page_text(client.get(wiki_url(target, "what-links-here")))
    shown = parse(client.get(wiki_url(target))).find(
        ".//section[@aria-labelledby='backlinks-heading']"
    )
    assert [text_of(a) for a in shown.iter("a")] == ["Overview"]


def test_what_links_here_counts_to_a_thousand(client, wiki):
    target = add_page(wiki, "Drones")
    bulk_links(target, bulk_pages(wiki, 1_005, "source", wiki.sections["events"]))
    sign_in(client, wiki.member)

    response = client.get(wiki_url(target, "what-links-here"))

    assert "1,000+ pages, the newest first." in page_text(response)
    assert "All 1,000+ pages that link here" in page_text(client.get(wiki_url(target)))


# --- the section page, by title or by last change --------------------------------------------


def listed(response) -> list[str]:
    listing = parse(response).find(".//section[@aria-label='Pages in Topics']")
    return [text_of(a) for a in listing.iter("a") if "page-listing__title" in a.get("class", "")]


def age_pages(pages: list[Page]) -> None:
    """Make each page changed a minute before the one after it in `pages`."""
    now = utcnow()
    for number, page in enumerate(pages):
        db.session.execute(
            update(Page)
            .where(Page.id == page.id)
            .values(updated_at=now - timedelta(minutes=len(pages) - number))
        )
    db.session.commit()


def test_the_section_page_sorts_by_last_change_both_ways(client, wiki):
    pages = bulk_pages(wiki, 120, "page", wiki.topics)
    by_age = sorted(pages, key=lambda page: int(page.path.split("-")[1]) * 7 % 120)
    age_pages(by_age)
    sign_in(client, wiki.member)

    batches = [client.get("/w/ai/wiki/sections/topics?sort=changed")]
    while link(batches[-1], "next"):
        batches.append(client.get(link(batches[-1], "next")))
    first, second = batches[:2]
    back = client.get(link(second, "prev"))

    newest_first = [page.title for page in reversed(by_age)]
    assert sum(map(listed, batches), []) == newest_first
    assert listed(back) == listed(first)
    assert all("sort=changed" in link(second, rel) for rel in ("next", "prev"))
    current = parse(first).find(".//nav[@class='sort-links small']//a[@aria-current]")
    assert text_of(current) == "Last change"
    assert "120 pages at the top of Topics." in page_text(first)


def test_the_section_page_pages_back_by_title(client, wiki):
    bulk_pages(wiki, 120, "page", wiki.topics)
    sign_in(client, wiki.member)

    first = client.get("/w/ai/wiki/sections/topics")
    second = client.get(link(first, "next"))
    back = client.get(link(second, "prev"))

    assert listed(back) == listed(first)
    assert link(back, "prev") is None
    assert sorted(listed(first) + listed(second))[: queries.LISTED_PER_PAGE] == listed(first)


@pytest.mark.parametrize("sort", ["", "nonsense", "%00", "title", "CHANGED"])
def test_an_unknown_order_is_by_title(client, wiki, sort):
    for title in ("Bias", "Audio", "Vision"):
        add_page(wiki, title)
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/sections/topics?sort={sort}")

    assert response.status_code == 200
    assert listed(response) == ["Audio", "Bias", "Vision"]


@pytest.mark.parametrize("query", ["before=abc", "before=-5", "before=0", "after=x&before=y"])
def test_the_section_page_answers_any_batch_key(client, wiki, query):
    add_page(wiki, "Audio")
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/sections/topics?{query}")

    assert response.status_code == 200
    assert listed(response) == ["Audio"]


def test_the_title_filter_keeps_the_order(client, wiki):
    pages = [add_page(wiki, title) for title in ("Face one", "Face two", "Audio")]
    age_pages([pages[1], pages[0], pages[2]])
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/sections/topics?title=face&sort=changed")

    assert listed(response) == ["Face one", "Face two"]
    assert parse(response).find(".//input[@name='sort']").get("value") == "changed"
