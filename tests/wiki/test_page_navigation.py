"""Finding one's way around a page: the breadcrumb's section, the nested contents, the
Toolkit's previous and next pages, and a section page that says what each page is."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from hub.extensions import db
from tests.support import counted_get, parse, sign_in, text_of
from tests.support.wiki import add_page, links, page_text, save, wiki_url
from tests.wiki.bulk import bulk_pages
from wiki import outline, queries, services
from wiki.models import Revision

# --- the breadcrumb -----------------------------------------------------------------------


def test_the_breadcrumb_links_to_the_section_of_the_page(client, wiki):
    page = add_page(wiki, "Deep learning", parent=add_page(wiki, "Machine learning"))
    sign_in(client, wiki.member)

    breadcrumbs = parse(client.get(wiki_url(page))).find(".//nav[@aria-label='Breadcrumbs']")
    section_link = breadcrumbs.find(".//a[@href='/w/ai/wiki/sections/topics']")

    assert text_of(section_link) == "Topics"
    assert client.get(section_link.get("href")).status_code == 200


# --- the table of contents --------------------------------------------------------------


def nested_entries(ordered_list) -> list:
    """A table of contents as nested lists: [title, [its entries]] for each entry. Fails on
    markup a validator refuses: every <ol> holds only <li>, and a nested <ol> sits in one."""
    entries = []
    for item in ordered_list:
        assert item.tag == "li", f"<{item.tag}> directly inside <ol>"
        nested = item.findall("ol")
        assert len(nested) <= 1
        entries.append([text_of(item.find("a")), nested_entries(nested[0]) if nested else []])
    return entries


def contents_of(client, page) -> list:
    toc = parse(client.get(wiki_url(page))).find(".//nav[@aria-labelledby='toc-heading']")
    [top] = toc.findall("ol")
    return nested_entries(top)


def test_the_contents_nest_by_heading_level(client, wiki):
    body = "## One\n\n### One a\n\n### One b\n\n#### Deep\n\n## Two\n\n## Three\n\n### Three a"
    page = add_page(wiki, "Nested", body)
    sign_in(client, wiki.member)

    assert contents_of(client, page) == [
        ["One", [["One a", []], ["One b", [["Deep", []]]]]],
        ["Two", []],
        ["Three", [["Three a", []]]],
    ]


def test_the_contents_survive_skipped_and_rising_levels(client, wiki):
    # An h3 right under an h1; an h4 before any h2; an h2 after a deeper start.
    body = "#### Note\n\n# Top\n\n### Skipped a level\n\n## Back up\n\n#### Deeper"
    page = add_page(wiki, "Uneven", body)
    sign_in(client, wiki.member)

    assert contents_of(client, page) == [
        ["Note", []],
        ["Top", [["Skipped a level", []], ["Back up", [["Deeper", []]]]]],
    ]


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([], []),
        ([2, 2], [["a", []], ["b", []]]),
        ([1, 3, 2], [["a", [["b", []], ["c", []]]]]),
        ([3, 2], [["a", []], ["b", []]]),
        ([2, 6, 5, 4], [["a", [["b", []], ["c", []], ["d", []]]]]),
    ],
)
def test_table_of_contents_puts_each_heading_under_the_last_higher_one(levels, expected):
    headings = [[level, anchor, anchor] for level, anchor in zip(levels, "abcdef", strict=False)]

    def shape(entries):
        return [[entry.text, shape(entry.children)] for entry in entries]

    assert shape(outline.table_of_contents(headings)) == expected


# --- previous and next in the Toolkit ----------------------------------------------------


@pytest.fixture
def toolkit(wiki) -> dict[str, object]:
    """Toolkit pages in reading order: Annex; Toolkit, Definitions, Principles, Fairness,
    Lawfulness (parents before children, siblings by title)."""
    add = {"section": wiki.toolkit, "author": wiki.admin}
    pages = {"Annex": add_page(wiki, "Annex", **add)}
    pages["Toolkit"] = root = add_page(wiki, "Toolkit", **add)
    principles = add_page(wiki, "Principles", parent=root, **add)
    pages["Definitions"] = add_page(wiki, "Definitions", parent=root, **add)
    pages["Principles"] = principles
    pages["Lawfulness"] = add_page(wiki, "Lawfulness", parent=principles, **add)
    pages["Fairness"] = add_page(wiki, "Fairness", parent=principles, **add)
    return pages


READING_ORDER = ["Annex", "Toolkit", "Definitions", "Principles", "Fairness", "Lawfulness"]


def sequence_links(response) -> dict[str, str]:
    """{"prev": title, "next": title} of the page's previous / next links."""
    nav = parse(response).find(".//nav[@class='sequence']")
    if nav is None:
        return {}
    return {a.get("rel"): text_of(a).split(" ", 1)[1] for a in nav.iter("a")}


def test_toolkit_pages_link_to_the_pages_before_and_after_them(client, wiki, toolkit):
    sign_in(client, wiki.member)

    for index, title in enumerate(READING_ORDER):
        expected = {}
        if index > 0:
            expected["prev"] = READING_ORDER[index - 1]
        if index < len(READING_ORDER) - 1:
            expected["next"] = READING_ORDER[index + 1]
        assert sequence_links(client.get(wiki_url(toolkit[title]))) == expected, title


def test_the_toolkit_sequence_skips_deleted_pages(client, wiki, toolkit):
    services.delete_page(toolkit["Definitions"], wiki.moderator)
    db.session.commit()
    sign_in(client, wiki.member)

    response = client.get(wiki_url(toolkit["Toolkit"]))

    assert sequence_links(response) == {"prev": "Annex", "next": "Principles"}


def test_pages_outside_the_toolkit_have_no_sequence(client, wiki):
    add_page(wiki, "Alpha")
    page = add_page(wiki, "Beta")
    add_page(wiki, "Gamma")
    sign_in(client, wiki.member)

    assert sequence_links(client.get(wiki_url(page))) == {}


def test_the_toolkit_sequence_costs_one_statement_whatever_the_toolkits_size(client, wiki, toolkit):
    topic = add_page(wiki, "Machine learning")
    sign_in(client, wiki.member)
    client.get(wiki_url(topic))
    ordinary = counted_get(client, wiki_url(topic))
    # Lawfulness walks down its previous sibling's branch and up to its ancestors' siblings.
    small = counted_get(client, wiki_url(toolkit["Lawfulness"]))
    bulk_pages(wiki, 300, "zone", wiki.toolkit)

    assert small == counted_get(client, wiki_url(toolkit["Lawfulness"])) == ordinary + 1
    assert sequence_links(client.get(wiki_url(toolkit["Lawfulness"]))) == {
        "prev": "Fairness",
        "next": "Zone 0",
    }


# --- the section page --------------------------------------------------------------------


def listing(response) -> dict[str, list[str]]:
    """Each listed page's title, with the lines below it (summary, last change)."""
    section = parse(response).find(".//section[@aria-label='Pages in Topics']")
    return {
        text_of(item.find("a")): [text_of(line) for line in item.findall("p")]
        for item in section.iter("li")
    }


def test_the_section_page_says_what_each_page_is_and_when_it_changed(client, wiki):
    page = add_page(
        wiki,
        "Machine learning",
        "Machine learning finds patterns in data. It powers most AI tools.\n\nMore text.",
    )
    save(page, wiki.other_member, page.current_revision.body + "\n\nA last line.", "Add a line")
    db.session.execute(
        update(Revision)
        .where(Revision.id == page.current_revision_id)
        .values(created_at=datetime(2021, 6, 9, 14, 30, tzinfo=UTC))
    )
    add_page(wiki, "Robots", "## Overview\n\n- a list first\n\nRobots that patrol, e.g. drones.")
    add_page(wiki, "Lists only", "- one\n- two")
    add_page(wiki, "Linked", "See [[Machine learning|the ML page]] for the basics. Then read on.")
    db.session.commit()
    sign_in(client, wiki.member)

    listed = listing(client.get("/w/ai/wiki/sections/topics"))

    assert listed["Machine learning"] == [
        "Machine learning finds patterns in data.",
        "Last changed on 9 Jun 2021 by Other Member",
    ]
    assert listed["Robots"][0] == "Robots that patrol, e.g. drones."
    assert listed["Linked"][0] == "See the ML page for the basics."
    assert listed["Lists only"] == [listed["Lists only"][0]]  # no summary, only the change
    assert listed["Lists only"][0].startswith("Last changed on ")


def test_the_section_page_keeps_the_tree_of_its_pages(client, wiki):
    parent = add_page(wiki, "Machine learning")
    add_page(wiki, "Deep learning", parent=parent)
    sign_in(client, wiki.member)

    section = parse(client.get("/w/ai/wiki/sections/topics")).find(
        ".//section[@aria-label='Pages in Topics']"
    )
    [top] = section.findall("ul/li")

    assert text_of(top.find("a")) == "Machine learning"
    assert [text_of(a) for a in top.findall("ul/li/a")] == ["Deep learning"]
    assert "/w/ai/wiki/machine-learning/deep-learning" in {a.get("href") for a in section.iter("a")}


def test_the_section_page_costs_the_same_with_2_or_40_pages(client, wiki):
    for number in range(2):
        add_page(wiki, f"Page {number:02}", f"Page number {number}. More.")
    sign_in(client, wiki.member)
    client.get("/w/ai/wiki/sections/topics")

    with_2 = counted_get(client, "/w/ai/wiki/sections/topics")
    for number in range(2, 40):
        add_page(wiki, f"Page {number:02}", f"Page number {number}. More.", author=wiki.admin)
    with_40 = counted_get(client, "/w/ai/wiki/sections/topics")

    assert with_2 == with_40
    assert len(listing(client.get("/w/ai/wiki/sections/topics"))) == queries.LISTED_PER_PAGE


LONG_SENTENCE = "This sentence goes on " + "and on " * 40 + "until it ends."


@pytest.mark.parametrize(
    ("html", "summary"),
    [
        ("<p>One sentence. Another one.</p>", "One sentence."),
        ("<h2>Title</h2><ul><li>Item.</li></ul><p>Here it is! And more.</p>", "Here it is!"),
        ("<p>Tea &amp; <em>coffee</em>, e.g. espresso.</p>", "Tea & coffee, e.g. espresso."),
        ("<p>Cut in the mid", "Cut in the mid"),
        ("<p>Cut in a tag <a hre", "Cut in a tag"),
        ("<ul><li>Only a list.</li></ul>", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_summary_line_is_the_first_sentence_of_the_first_paragraph(html, summary):
    assert outline.summary_line(html) == summary


def test_a_long_first_sentence_is_cut_at_a_word():
    summary = outline.summary_line(f"<p>{LONG_SENTENCE}</p>")

    assert len(summary) <= outline.SUMMARY_LENGTH
    assert summary.endswith("…")
    assert LONG_SENTENCE.startswith(summary[:-1] + " ")


# --- recent changes ----------------------------------------------------------------------


def days_listed(response) -> list[tuple[str, list[str]]]:
    """Each day's heading and the pages changed that day, as listed."""
    days = []
    for day in parse(response).iterfind(".//section[@class='changes-day']"):
        rows = day.find(".//tbody").iter("tr")
        days.append((text_of(day.find("h2")), [text_of(row.find("td[2]/a")) for row in rows]))
    return days


def saved_on(page, moment: datetime) -> None:
    db.session.execute(
        update(Revision).where(Revision.id == page.current_revision_id).values(created_at=moment)
    )
    db.session.commit()


def test_recent_changes_are_grouped_by_day_newest_first(client, wiki):
    times = {
        "Drones": datetime(2021, 6, 9, 23, 59, tzinfo=UTC),
        "Robots": datetime(2021, 6, 9, 0, 0, tzinfo=UTC),
        "Speech": datetime(2021, 6, 10, 0, 0, tzinfo=UTC),
        "Vision": datetime(2021, 5, 31, 12, 0, tzinfo=UTC),
    }
    for title, moment in times.items():
        saved_on(add_page(wiki, title), moment)
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/recent")

    assert days_listed(response) == [
        ("Thursday, 10 June 2021", ["Speech"]),
        ("Wednesday, 9 June 2021", ["Drones", "Robots"]),
        ("Monday, 31 May 2021", ["Vision"]),
    ]
    dates = [time.get("datetime") for time in parse(response).iterfind(".//h2/time")]
    assert dates == ["2021-06-10", "2021-06-09", "2021-05-31"]
    assert "23:59 UTC" in page_text(response)


def test_recent_changes_with_none_to_show_say_so(client, wiki):
    sign_in(client, wiki.member)

    response = client.get("/w/ai/wiki/recent")

    assert days_listed(response) == []
    assert "No changes match." in page_text(response)


def test_recent_changes_show_the_feed_address_with_a_copy_button(client, wiki):
    add_page(wiki, "Drones")
    sign_in(client, wiki.member)

    document = parse(client.get("/w/ai/wiki/recent"))
    field = document.find(".//input[@id='feed-address']")
    label = document.find(".//label[@for='feed-address']")
    button = document.find(".//button[@data-copy='feed-address']")
    scripts = {script.get("src") for script in document.iter("script")}

    assert field.get("readonly") is not None
    assert "/w/ai/wiki/feed.atom?token=" in field.get("value")
    assert text_of(label) == "Your feed address"
    # Shown by the script: without it the address stays, selectable, and no dead button.
    assert button.get("hidden") is not None and button.get("type") == "button"
    assert "/static/js/copy.js" in scripts
    assert document.find(f".//*[@id='{button.get('data-copy-status')}']").get("role") == "status"
    # Above the list: the first thing after the heading.
    main = document.find(".//main")
    assert [child.tag for child in main if child.tag in ("section", "form")][0] == "section"


def test_the_history_rows_name_their_revision_on_narrow_screens(client, wiki):
    page = add_page(wiki, "Drones")
    save(page, wiki.other_member, "New text.", "Rewrite")
    sign_in(client, wiki.member)

    response = client.get(wiki_url(page, "history"))
    revision_links = {
        text_of(a) for a in parse(response).iterfind(".//td[@class='wiki-table__key']/a")
    }

    assert {"Revision 1", "Revision 2"} <= revision_links
    assert wiki_url(page, "revisions", "2") in links(response)
