"""The demo wiki tells a police reader the truth about the Toolkit and sends nobody nowhere.

Checks on the current text of the demo pages, as wiki.demo loads them (no database): the
Toolkit's five core principles with their instrumental principles, the two self-assessment
tools, the label saying the demo is an illustration, and no pointer to a feature not built.
"""

import re

import pytest

from wiki.demo import load_demo_pages
from wiki.paths import HOME_PATH

pytestmark = pytest.mark.backend_independent

PAGES = load_demo_pages()
BY_PATH = {page.path: page for page in PAGES}
CURRENT = {page.path: page.revisions[-1].body for page in PAGES}

# The published Toolkit's core principles, each with its instrumental principles.
CORE_PRINCIPLES = {
    "Lawfulness": ("legitimacy", "necessity", "proportionality"),
    "Minimisation of harm": (
        "human and environmental well-being",
        "robustness and safety",
        "accuracy",
        "efficiency",
    ),
    "Human autonomy": (
        "human agency",
        "human control and oversight",
        "privacy",
        "transparency and explainability",
    ),
    "Fairness": (
        "equality and non-discrimination",
        "diversity and accessibility",
        "protection of vulnerable groups",
        "contestability and redress",
    ),
    "Good governance": ("accountability", "traceability and auditability"),
}
PARTS = ("toolkit/definitions", "toolkit/principles", "toolkit/audience", "toolkit/recommendations")
DISCUSSION_ROOMS = ("events/vdr-1", "events/vdr-2", "events/vdr-3")

# A link into a feature that is not built yet: the events pages.
UNBUILT_LINK = re.compile(r"(?:\]\(\s*(?:/w/[^/\s)]+)?|/w/[^/\s)]+)/events\b|\[\[\s*event:")


def _principle_pages():
    return [page for page in PAGES if page.path.rpartition("/")[0] == "toolkit/principles"]


def _prose(body: str) -> str:
    """The text with its line breaks and block-quote marks folded into single spaces."""
    return " ".join(word for word in body.split() if word != ">")


def _before_first_heading(body: str) -> str:
    return _prose(re.split(r"^#", body, maxsplit=1, flags=re.MULTILINE)[0])


def test_the_principles_part_has_one_page_per_core_principle():
    assert {page.title for page in _principle_pages()} == set(CORE_PRINCIPLES)
    for title in CORE_PRINCIPLES:
        assert f"[[{title}]]" in CURRENT["toolkit/principles"], title


@pytest.mark.parametrize("page", _principle_pages(), ids=lambda page: page.path)
def test_each_core_principle_names_and_explains_its_instrumental_principles(page):
    body = CURRENT[page.path]
    for name in CORE_PRINCIPLES[page.title]:
        # Named in bold, as the lead of the sentence that explains it.
        assert re.search(rf"\*\*{re.escape(name)}\*\*:", body, re.IGNORECASE), name
        assert re.search(rf"^### {re.escape(name)}$", body, re.IGNORECASE | re.MULTILINE), name


def test_the_principles_table_puts_each_instrumental_principle_on_its_core_row():
    rows = {
        match.group(1): match.group(2).casefold()
        for match in re.finditer(
            r"^\| \[\[([^\]|]+)\]\] \| (.+) \|$", CURRENT["toolkit/principles"], re.MULTILINE
        )
    }
    assert set(rows) == set(CORE_PRINCIPLES)
    for title, names in CORE_PRINCIPLES.items():
        assert [name.strip() for name in rows[title].split(";")] == list(names), title


@pytest.mark.parametrize("path", sorted(CURRENT))
def test_no_page_counts_seven_principles(path):
    assert not re.search(r"\b(?:seven|7) (?:core )?principles\b", _prose(CURRENT[path]), re.I)


@pytest.mark.parametrize("path", [HOME_PATH, "toolkit"])
def test_the_wiki_home_and_the_toolkit_say_at_the_top_that_they_are_an_illustration(path):
    top = _before_first_heading(CURRENT[path])
    assert "illustration" in top
    assert "written for this hub" in top
    assert "not INTERPOL's or UNICRI's own text" in top


def test_the_toolkit_page_tells_the_published_toolkit_from_the_2021_plan():
    body = _prose(CURRENT["toolkit"])
    assert "launched the Toolkit in 2023 and revised it in 2024" in body
    assert "reviewed" in body and "periodically" in body
    for resource in (
        "introduction to responsible AI innovation",
        "organisational roadmap",
        "organisational readiness assessment",
        "risk assessment questionnaire",
        "workbook",
        "technical reference book",
    ):
        assert resource in body, resource
    assert "## The four parts planned in 2021" in CURRENT["toolkit"]


@pytest.mark.parametrize("path", PARTS)
def test_each_part_says_it_is_the_plan_of_2021(path):
    assert "planned in 2021" in _prose(CURRENT[path])


def test_the_self_assessment_page_names_both_tools():
    body = _prose(CURRENT["toolkit/self-assessment"]).casefold()
    assert "organisational readiness assessment" in body
    assert "risk assessment questionnaire" in body
    assert "two tools" in body


@pytest.mark.parametrize("path", DISCUSSION_ROOMS)
def test_each_discussion_room_was_the_core_group_reviewing_the_toolkit(path):
    body = _prose(CURRENT[path])
    assert "Core Group of experts from police, academia and industry" in body
    assert "review the Toolkit" in body


@pytest.mark.parametrize("path", sorted(CURRENT))
def test_no_page_makes_the_claims_the_seed_does_not_support(path):
    body = _prose(CURRENT[path])
    for claim in ("threefold", "as used in the Toolkit", "known for"):
        assert claim not in body, claim


@pytest.mark.parametrize("path", sorted(CURRENT))
def test_no_page_sends_members_to_a_feature_not_built_yet(path):
    body = _prose(CURRENT[path])
    assert not UNBUILT_LINK.search(body)
