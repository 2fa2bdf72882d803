"""The wiki's history through HTTP: revisions, diffs, reverts, and recent changes."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from hub.extensions import db
from tests.support import (
    parse,
    sign_in,
    text_of,
)
from tests.support.wiki import (
    add_page,
    add_revisions,
    count,
    field_errors,
    form_with,
    page_text,
    reload,
    save,
    wiki_url,
)
from wiki import queries
from wiki.models import Revision

# --- history, revisions, diffs, reverts --------------------------------------------------


def revision_rows(response) -> list[str]:
    table = parse(response).find(".//table/tbody")
    # The revision cell reads "Revision 5 changes" (the first word is for narrow screens).
    return [text_of(row.findall("td")[2]).removeprefix("Revision ") for row in table.iter("tr")]


def test_history_is_paged_newest_first(client, wiki):
    page = add_page(wiki, "Drones")
    add_revisions(page, wiki.other_member, queries.HISTORY_PER_PAGE + 9)
    sign_in(client, wiki.member)

    first = client.get(wiki_url(page, "history"))
    older = parse(first).find(".//a[@rel='next']").get("href")
    second = client.get(older)
    newer = parse(second).find(".//a[@rel='prev']").get("href")

    assert first.status_code == second.status_code == 200
    numbers = revision_rows(first) + revision_rows(second)
    assert [int(n.split()[0]) for n in numbers] == list(range(60, 0, -1))
    assert "Revisions 60 to 11 of 60, newest first." in page_text(first)
    assert older == "/w/ai/wiki/drones/history?after=11"
    assert "Other Member" in page_text(first)
    assert revision_rows(client.get(newer)) == revision_rows(first)


def test_an_old_revision_can_be_read(client, wiki):
    page = add_page(wiki, "Drones", "The **first** text.")
    save(page, wiki.other_member, "The second text.")
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page, "revisions", "1"))

    assert response.status_code == 200
    assert "You are reading revision 1" in page_text(response)
    assert "The current revision is 2" in page_text(response)
    assert "<strong>first</strong>" in response.get_data(as_text=True)
    assert "Revert the page to this revision" in page_text(response)


@pytest.mark.parametrize("mode", ["inline", "side-by-side"])
def test_a_diff_shows_the_change_with_page_text_escaped(client, wiki, mode):
    page = add_page(wiki, "Drones", "Drones fly.\n\nUnchanged.")
    save(page, wiki.member, "Drones <script>alert(1)</script> fly high.\n\nUnchanged.")
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page, "diff") + f"?from=1&to=2&mode={mode}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    inserted = " ".join(text_of(ins) for ins in parse(response).iter("ins"))
    assert "alert(1)" in inserted and "high" in inserted
    assert (parse(response).find(".//table[@class='diff']") is not None) == (mode == "side-by-side")


def test_a_diff_defaults_to_the_latest_change(client, wiki):
    page = add_page(wiki, "Drones", "One.")
    save(page, wiki.member, "Two.")
    save(page, wiki.member, "Three.")
    sign_in(client, wiki.member)
    response = client.get(wiki_url(page, "diff"))
    assert "From revision 2" in page_text(response) and "to revision 3" in page_text(response)


@pytest.mark.parametrize(
    "address",
    [
        "revisions/9",
        "revisions/0",
        "revisions/99999999999999999999999",
        "diff?from=1&to=9",
        "diff?from=-3&to=1",
        "diff?from=99999999999999999999999",
        "history?after=99999999999999999999999",
        "history?before=-1",
    ],
)
def test_revisions_that_do_not_exist_are_not_found(client, wiki, address):
    page = add_page(wiki, "Drones")
    sign_in(client, wiki.member)
    response = client.get(wiki_url(page, address))
    assert response.status_code == (200 if address.startswith("history") else 404)


def test_a_revert_is_a_new_revision_with_the_old_text(client, wiki):
    page = add_page(wiki, "Drones", "Good text.")
    save(page, wiki.other_member, "Vandalised.")
    sign_in(client, wiki.member)
    revert = form_with(
        client.get(wiki_url(page, "revisions", "1")), "Revert the page to this revision"
    )

    response = client.post(wiki_url(page, "revert", "1"), data=revert)

    assert response.status_code == 302
    current = reload(page).current_revision
    assert (current.number, current.body, current.reverted_to_number) == (3, "Good text.", 1)
    assert current.summary == "Reverted to revision 1"
    assert "revert" in page_text(client.get(wiki_url(page, "history")))


@pytest.mark.parametrize("use", ["number", "id"])
def test_a_revert_to_another_pages_revision_is_impossible(client, wiki, use):
    page = add_page(wiki, "Drones", "Drone text.")
    other = add_page(wiki, "Robots", "Robot text 1.")
    save(other, wiki.member, "Robot text 2.")
    save(other, wiki.member, "Robot text 3.")
    target = other.current_revision.number if use == "number" else other.current_revision_id
    assert queries.revision_of(page, target) is None
    sign_in(client, wiki.member)

    response = client.post(wiki_url(page, "revert", str(target)))

    assert response.status_code == 404
    assert reload(page).current_revision.body == "Drone text."
    assert count(Revision, Revision.page_id == page.id) == 1


# --- recent changes ----------------------------------------------------------------------


def changed_pages(response) -> list[str]:
    """The pages of the changes listed, from every day's table."""
    return [
        text_of(row.findall("td")[1].find("a"))
        for table in parse(response).iterfind(".//table/tbody")
        for row in table.iter("tr")
    ]


@pytest.fixture
def history_of_edits(wiki):
    """Three pages edited by different people on different days."""
    drones = add_page(wiki, "Drones", author=wiki.member)
    meeting = add_page(wiki, "Global meeting", section=wiki.sections["events"], author=wiki.admin)
    robots = add_page(wiki, "Robots", author=wiki.other_member)
    for page, day in ((drones, 1), (meeting, 5), (robots, 9)):
        db.session.execute(
            update(Revision)
            .where(Revision.page_id == page.id)
            .values(created_at=datetime(2021, 6, day, 12, tzinfo=UTC))
        )
    db.session.commit()
    return wiki


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("", ["Robots", "Global meeting", "Drones"]),
        ("section={events}", ["Global meeting"]),
        ("author=other", ["Robots"]),
        ("author=ADMIN@ai", ["Global meeting"]),
        ("author=%25", []),
        ("author=nobody-at-all", []),
        ("since=2021-06-05", ["Robots", "Global meeting"]),
        ("until=2021-06-05", ["Global meeting", "Drones"]),
        ("since=2021-06-02&until=2021-06-08", ["Global meeting"]),
        ("since=2021-06-02&until=2021-06-08&section={topics}", []),
        ("until=9999-12-31", ["Robots", "Global meeting", "Drones"]),
        ("since=0001-01-01", ["Robots", "Global meeting", "Drones"]),
    ],
)
def test_recent_changes_filter(client, history_of_edits, query, pages):
    wiki = history_of_edits
    sign_in(client, wiki.member)
    ids = {slug: section.id for slug, section in wiki.sections.items()}

    response = client.get("/w/ai/wiki/recent?" + query.format(**ids))

    assert response.status_code == 200
    assert changed_pages(response) == pages


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=yesterday", "since"),
        ("since=2021-13-01", "since"),
        ("until=2021-02-30", "until"),
        ("until=99999-01-01", "until"),
        ("since=2021-06-09&until=2021-06-01", "until"),
        ("since=" + "9" * 5000, "since"),
        ("section=abc", "section"),
        ("author=" + "a" * 101, "author"),
    ],
)
def test_malformed_filters_get_a_message(client, history_of_edits, query, field):
    sign_in(client, history_of_edits.member)

    response = client.get("/w/ai/wiki/recent?" + query)

    assert response.status_code == 200
    assert field_errors(response, field)
    assert len(changed_pages(response)) == 3  # a filter that cannot be read filters nothing


def test_recent_changes_pages_keep_the_filters(client, wiki):
    page = add_page(wiki, "Drones")
    add_revisions(page, wiki.other_member, queries.RECENT_PER_PAGE + 5)
    add_page(wiki, "Elsewhere", section=wiki.sections["events"])
    sign_in(client, wiki.member)

    response = client.get(f"/w/ai/wiki/recent?section={wiki.topics.id}&author=other")

    assert len(changed_pages(response)) == queries.RECENT_PER_PAGE
    next_page = parse(response).find(".//a[@rel='next']").get("href")
    assert f"section={wiki.topics.id}" in next_page and "author=other" in next_page
    rest = changed_pages(client.get(next_page))
    assert rest == ["Drones"] * 5


def test_a_recent_changes_batch_out_of_range_is_empty_not_an_error(client, wiki):
    add_page(wiki, "Drones")
    sign_in(client, wiki.member)
    for key in ("0", "-1", "abc", "99999999999999999999999", "1.5", "%00"):
        for way in ("after", "before", "page"):
            assert client.get(f"/w/ai/wiki/recent?{way}={key}").status_code == 200
