"""The demo wiki's content: a tree that loads, histories worth looking at, links that land.

Pure data checks on what wiki.demo loads from its Markdown files: nothing here needs the
database or the app.
"""

import re
from datetime import date

import pytest

from wiki.demo import DemoPage, load_demo_pages
from wiki.paths import HOME_PATH, RESERVED_FIRST_SEGMENTS, title_key

pytestmark = pytest.mark.backend_independent

SECTIONS = {"Topics", "Events", "Cooperation", "Toolkit"}
AUTHORS = {
    "wsadmin@example.org",
    "moderator@example.org",
    "member@example.org",
    "admin@example.org",
}
ADMINISTRATORS = {"wsadmin@example.org", "admin@example.org"}
LENSES = {"threat", "tool", "evidence"}
TOPIC_TITLES = {
    "Audio and video forensics",
    "Computer vision and image processing",
    "Machine learning",
    "Natural language processing",
    "Smart robots",
    "Speech recognition",
}
# Virtual rooms: path -> (date as written on the page, date of the session)
VIRTUAL_ROOMS = {
    "events/vdr-1": ("4 March 2021", date(2021, 3, 4)),
    "events/vdr-2": ("9 June 2021", date(2021, 6, 9)),
    "events/vdr-3": ("14 December 2021", date(2021, 12, 14)),
    "events/vtr-1": ("24 June 2021", date(2021, 6, 24)),
    "events/vtr-2": ("15 July 2021", date(2021, 7, 15)),
    "events/vtr-3": ("26 August 2021", date(2021, 8, 26)),
    "events/human-rights-consultation": ("17 November 2021", date(2021, 11, 17)),
}
# Links to pages nobody has written yet, so the demo shows "create this page" links.
MISSING_ON_PURPOSE = {
    "Deepfake detection",
    "Drone forensics",
    "Facial recognition",
    "Predictive policing",
}

SLUG_PATH = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*")
TAG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WIKI_LINK = re.compile(r"\[\[([^\]]*)\]\]")
HYPHENATED_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")

ALL_PAGES = load_demo_pages()
HOME = next(page for page in ALL_PAGES if page.path == HOME_PATH)
WIKI_HOME_BODY = HOME.revisions[-1].body
PAGES = [page for page in ALL_PAGES if page is not HOME]
BY_PATH = {page.path: page for page in PAGES}
BY_TITLE = {page.title.casefold(): page for page in PAGES}


def _all_bodies() -> list[tuple[str, str]]:
    """(where, body) for the home page and every revision of every page."""
    bodies = [("wiki home", WIKI_HOME_BODY)]
    for page in PAGES:
        for number, revision in enumerate(page.revisions):
            bodies.append((f"{page.path} r{number}", revision.body))
    return bodies


# Links to another package's items ([[forum:2]]): tests/forums/test_demo.py follows them.
ITEM_LINK = re.compile(r"(?:doc|event|forum|topic):")


def _link_targets(body: str) -> list[str]:
    """The pages a body links to, as written."""
    targets = [inner.split("|", 1)[0].strip() for inner in WIKI_LINK.findall(body)]
    return [target for target in targets if not ITEM_LINK.match(target)]


def _is_path_target(target: str) -> bool:
    return "/" in target or HYPHENATED_SLUG.fullmatch(target) is not None


def _words(body: str) -> int:
    """Words a reader sees: a link counts as its label."""
    text = WIKI_LINK.sub(lambda match: match.group(1).split("|")[-1], body)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'\-]*", text))


def _latest(page: DemoPage) -> str:
    return page.revisions[-1].body


def _children(path: str) -> list[DemoPage]:
    return [page for page in PAGES if page.path.rpartition("/")[0] == path]


def test_every_page_is_in_one_of_the_four_sections():
    assert {page.section for page in PAGES} == SECTIONS
    assert 30 <= len(PAGES) <= 35


def test_paths_are_unique_lower_case_slugs_outside_reserved_names():
    paths = [page.path for page in PAGES]
    assert len(paths) == len(set(paths))
    for path in paths:
        assert SLUG_PATH.fullmatch(path), path
        assert len(path) <= 255 and all(len(segment) <= 80 for segment in path.split("/"))
        assert path.split("/")[0] not in RESERVED_FIRST_SEGMENTS | {HOME_PATH}, path


def test_titles_are_unique_whatever_the_case():
    titles = [page.title.casefold() for page in PAGES]
    assert len(titles) == len(set(titles))
    assert all(0 < len(page.title) <= 200 for page in PAGES)


def test_the_wiki_home_is_in_a_section_and_written_by_an_administrator():
    assert HOME.section in SECTIONS
    assert {revision.author for revision in HOME.revisions} <= ADMINISTRATORS


def test_every_parent_comes_earlier_and_was_started_no_later():
    seen: dict[str, DemoPage] = {}
    for page in ALL_PAGES:
        parent_path = page.path.rpartition("/")[0]
        if parent_path:
            assert parent_path in seen, f"{page.path} comes before its parent"
            assert seen[parent_path].start <= page.start, page.path
            assert seen[parent_path].section == page.section, page.path
        seen[page.path] = page


def test_tags_are_short_slugs_and_topics_carry_all_three_lenses():
    for page in PAGES:
        assert len(page.tags) == len(set(page.tags)), page.path
        for tag in page.tags:
            assert TAG.fullmatch(tag) and len(tag) <= 40, (page.path, tag)
    for page in _children("topics"):
        assert LENSES <= set(page.tags), page.path


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.path)
def test_history_is_a_plausible_series_of_edits_by_different_members(page):
    revisions = page.revisions
    assert 2 <= len(revisions) <= 5
    authors = [revision.author for revision in revisions]
    assert set(authors) <= AUTHORS
    # Toolkit pages have only two possible authors, so a third edit repeats one of them.
    for earlier, later in zip(authors, authors[1:], strict=False):
        assert earlier != later, "no member saves the same page twice in a row"
    days = [revision.day for revision in revisions]
    assert days == sorted(set(days)), "saved in order, on different days"
    for earlier, later in zip(revisions, revisions[1:], strict=False):
        assert later.body != earlier.body, f"{page.path}: an edit that changes nothing"
    for revision in revisions:
        assert 0 < len(revision.summary) <= 300
        assert revision.body.strip() and revision.body.endswith("\n")
    assert date(2018, 1, 1) <= page.start
    # The last edits correct the pages against the Toolkit as revised in 2024.
    assert days[-1] <= date(2024, 12, 31)


def test_the_six_topic_pages_have_the_six_topic_titles():
    topics = _children("topics")
    assert {page.title for page in topics} == TOPIC_TITLES
    assert all(page.section == "Topics" for page in topics)


@pytest.mark.parametrize("page", _children("topics"), ids=lambda page: page.path)
def test_a_topic_page_covers_uses_risks_and_the_three_lenses(page):
    body = _latest(page)
    assert 400 <= _words(body) <= 900
    assert "## How police use it" in body
    assert "## Risks and limits" in body
    for lens in ("**As a threat.**", "**As a tool.**", "**As a source of evidence.**"):
        assert lens in body


@pytest.mark.parametrize("path", sorted(VIRTUAL_ROOMS))
def test_each_virtual_room_page_gives_its_date_and_was_written_after_it(path):
    written, held = VIRTUAL_ROOMS[path]
    page = BY_PATH[path]
    assert page.section == "Events"
    assert all(written in revision.body for revision in page.revisions)
    assert page.start >= held
    assert 150 <= _words(_latest(page)) <= 400


def test_three_discussion_rooms_and_three_training_rooms():
    titles = sorted(page.title for page in PAGES if page.path.startswith("events/v"))
    assert [title[:5] for title in titles] == ["VDR 1", "VDR 2", "VDR 3", "VTR 1", "VTR 2", "VTR 3"]


def test_meetings_and_cooperation_pages_say_enough_but_not_too_much():
    for path in ("events/global-meetings", "events/outreach-2019"):
        assert 150 <= _words(_latest(BY_PATH[path])) <= 400
    global_meetings = _latest(BY_PATH["events/global-meetings"])
    assert all(year in global_meetings for year in ("2018", "2019", "2020"))
    cooperation = [page for page in PAGES if page.section == "Cooperation"]
    assert len(cooperation) == 1
    assert 300 <= _words(_latest(cooperation[0])) <= 500


def test_toolkit_pages_are_protected_and_edited_only_by_administrators():
    for page in PAGES:
        in_toolkit = page.path == "toolkit" or page.path.startswith("toolkit/")
        assert in_toolkit == (page.section == "Toolkit"), page.path
        assert page.protected == in_toolkit, page.path
        if in_toolkit:
            assert {revision.author for revision in page.revisions} <= ADMINISTRATORS


def test_toolkit_has_its_four_parts_references_and_self_assessment():
    assert BY_PATH["toolkit"].title == "Toolkit for Responsible AI Innovation in Law Enforcement"
    for path in (
        "toolkit/definitions",
        "toolkit/principles",
        "toolkit/audience",
        "toolkit/recommendations",
        "toolkit/references",
        "toolkit/self-assessment",
    ):
        assert path in BY_PATH
        assert f"[[{path}|" in _latest(BY_PATH["toolkit"]), f"toolkit home lists {path}"


def test_the_toolkit_tree_shows_its_four_parts_in_order():
    # Trees sort pages by title: the parts' titles carry their numbers so they sort I to IV.
    parts = sorted(_children("toolkit"), key=lambda page: title_key(page.title))
    assert [page.path for page in parts][:4] == [
        "toolkit/definitions",
        "toolkit/principles",
        "toolkit/audience",
        "toolkit/recommendations",
    ]


def test_glossary_defines_at_least_fifteen_terms():
    body = _latest(BY_PATH["toolkit/definitions"])
    glossary = body.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^- \*\*", glossary, flags=re.MULTILINE)) >= 15


@pytest.mark.parametrize("page", _children("toolkit/principles"), ids=lambda page: page.path)
def test_each_principle_has_use_cases_requirements_and_best_practices(page):
    body = _latest(page)
    headings = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    assert headings[:3] == ["Use cases", "Requirements", "Best practices"]
    assert f"[[{page.title}]]" in _latest(BY_PATH["toolkit/principles"])


def test_principles_number_five_to_seven():
    assert 5 <= len(_children("toolkit/principles")) <= 7


def test_every_link_reaches_a_page_or_is_missing_on_purpose():
    used_missing: set[str] = set()
    for where, body in _all_bodies():
        for target in _link_targets(body):
            if _is_path_target(target):
                assert target in BY_PATH, f"{where}: no page at path {target!r}"
            elif target.casefold() not in BY_TITLE:
                assert target in MISSING_ON_PURPOSE, f"{where}: no page titled {target!r}"
                used_missing.add(target)
    assert used_missing == MISSING_ON_PURPOSE, "each intentionally missing page is linked"


def test_link_targets_read_unambiguously_as_a_path_or_a_title():
    for where, body in _all_bodies():
        assert not re.search(r"\[\[[^\]]*\n", body), f"{where}: a link broken over two lines"
        for target in _link_targets(body):
            assert ":" not in target, f"{where}: {target!r} looks like doc: or event:"
            if not _is_path_target(target):
                # A bare lower-case word ("toolkit") could be read as either.
                assert " " in target or target != target.lower(), f"{where}: {target!r}"


def test_tables_hold_no_labelled_links_whose_pipe_would_split_a_cell():
    for where, body in _all_bodies():
        for line in body.splitlines():
            if line.startswith("|"):
                assert not re.search(r"\[\[[^\]]*\|", line), f"{where}: {line}"


def test_bodies_use_markdown_only():
    for where, body in _all_bodies():
        assert not re.search(r"<[A-Za-z/!]", body), f"{where}: raw HTML"
        assert "![" not in body, f"{where}: an image"
        assert not re.search(r"https?://", body), f"{where}: an external address"


def test_every_page_is_linked_from_somewhere():
    linked: set[str] = set()
    for _, body in _all_bodies():
        for target in _link_targets(body):
            page = BY_PATH.get(target) or BY_TITLE.get(target.casefold())
            if page is not None:
                linked.add(page.path)
    assert linked == set(BY_PATH)


def test_wiki_home_leads_to_the_toolkit_and_the_four_sections():
    home = WIKI_HOME_BODY
    first_screen = home.split("## The four sections", 1)[0]
    assert "[[Toolkit for Responsible AI Innovation in Law Enforcement]]" in first_screen
    for section in SECTIONS:
        assert f"**{section}**" in home
