"""wiki.diff: word-level diffs of page texts (both renderings, through the Jinja partial) and
the three-way merge offered on an edit conflict."""

import html
import random
import re
import xml.etree.ElementTree as ET  # noqa: S405 - only walks html5lib's tree of our own output
from pathlib import Path
from types import SimpleNamespace

import html5lib
import pytest
from jinja2 import Environment, FileSystemLoader

from hub.i18n import text_direction
from wiki import diff as diff_module
from wiki.diff import Diff, compare, merge

pytestmark = pytest.mark.backend_independent

TEMPLATE_FOLDER = Path(__file__).resolve().parents[2] / "wiki" / "templates"
# As the app sets Jinja up (hub.i18n), with English and without Babel's number formats.
TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATE_FOLDER), autoescape=True, extensions=["jinja2.ext.i18n"]
)
TEMPLATES.install_null_translations(newstyle=True)
TEMPLATES.policies["ext.i18n.trimmed"] = True
TEMPLATES.filters["number"] = "{:,}".format
TEMPLATES.globals["text_direction"] = text_direction
EVERYTHING = 10**6  # context_lines that collapses nothing


def render(diff: Diff, mode: str) -> str:
    page = SimpleNamespace(language="en")
    return TEMPLATES.get_template("wiki/_diff.html").render(diff=diff, mode=mode, page=page)


def marked(fragment: str, tag: str) -> list[str]:
    """The texts a rendering marks as deleted ("del") or inserted ("ins"), unescaped."""
    pattern = rf'<{tag} class="diff-{tag}">(.*?)</{tag}>'
    return [html.unescape(text) for text in re.findall(pattern, fragment, re.S)]


def plain(fragment: str, drop: str | None = None) -> str:
    """A rendered line as text, leaving out what is marked with ``drop`` ("del" or "ins")."""
    if drop:
        fragment = re.sub(rf"<{drop} [^>]*>.*?</{drop}>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def side_texts(diff: Diff) -> tuple[list[str], list[str]]:
    """The old and new texts' lines as the side-by-side view shows them."""
    old = [plain(row.old) for row in diff.side_by_side_rows if row.old is not None]
    new = [plain(row.new) for row in diff.side_by_side_rows if row.new is not None]
    return old, new


def elements(document: str) -> list[ET.Element]:
    tree = html5lib.parseFragment(document, treebuilder="etree", namespaceHTMLElements=False)
    return [element for element in tree.iter() if isinstance(element.tag, str)][1:]


def page(paragraph_count: int, words_per_paragraph: int = 40) -> list[str]:
    """Paragraphs of distinct words, so a test knows exactly which words it changed."""
    return [
        " ".join(f"w{p}x{w}" for w in range(words_per_paragraph)) + "."
        for p in range(paragraph_count)
    ]


def join(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


# ---------------------------------------------------------------------------------------------
# compare(): what changed


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),
        ("Same text.\n\nTwo paragraphs.", "Same text.\n\nTwo paragraphs."),
        ("Line one\r\nLine two\r\n", "Line one\nLine two\n"),
        ("Line one\rLine two", "Line one\nLine two"),
        ("No final newline", "No final newline\n"),
    ],
    ids=["empty", "same", "crlf", "cr", "final-newline"],
)
def test_unchanged_texts_give_an_empty_diff(old, new):
    diff = compare(old, new)

    assert diff.is_empty
    assert (diff.stats.words_added, diff.stats.words_removed) == (0, 0)
    assert "The two texts are the same." in render(diff, "inline")
    assert "The two texts are the same." in render(diff, "side-by-side")


@pytest.mark.parametrize(
    ("old", "new", "added", "removed"),
    [
        ("The quick fox.", "The quick brown fox.", 1, 0),
        ("The quick brown fox.", "The quick fox.", 0, 1),
        ("The quick brown fox.", "The slow brown fox.", 1, 1),
        ("The quick brown fox.", "A slow red fox jumps.", 4, 3),
        ("", "Hello there, world.", 3, 0),
        ("Hello there, world.", "", 0, 3),
        ("One.\n\nTwo.", "One.\n\nNew words here.\n\nTwo.", 3, 0),
        ("One.\n\nGone with the wind.\n\nTwo.", "One.\n\nTwo.", 0, 4),
        ("Colour of 2024", "Color of 2025", 2, 2),
    ],
)
def test_words_added_and_removed_are_counted(old, new, added, removed):
    diff = compare(old, new)

    assert not diff.is_empty
    assert (diff.stats.words_added, diff.stats.words_removed) == (added, removed)


def test_punctuation_and_spacing_changes_are_changes_without_words():
    diff = compare("Yes, it is.", "Yes; it is!")

    assert not diff.is_empty
    assert (diff.stats.words_added, diff.stats.words_removed) == (0, 0)
    assert marked(diff.inline_blocks[0].html, "del") == [",", "."]
    assert marked(diff.inline_blocks[0].html, "ins") == [";", "!"]


def test_inline_view_marks_the_changed_words_only():
    diff = compare("The quick brown fox jumps.", "The quick red fox leaps.")

    [block] = diff.inline_blocks
    assert block.kind == "change"
    assert marked(block.html, "del") == ["brown", "jumps"]
    assert marked(block.html, "ins") == ["red", "leaps"]
    assert plain(block.html, drop="ins") == "The quick brown fox jumps."
    assert plain(block.html, drop="del") == "The quick red fox leaps."


def test_neighbouring_changed_words_are_marked_as_one_phrase():
    diff = compare("We met in Lyon on Monday.", "We met in Vienna by Friday.")

    [block] = diff.inline_blocks
    assert marked(block.html, "del") == ["Lyon on Monday"]
    assert marked(block.html, "ins") == ["Vienna by Friday"]


def test_side_by_side_view_pairs_old_and_new_lines():
    old = "# Title\n\nFirst paragraph stays.\n\nSecond paragraph is old.\n"
    new = "# Title\n\nFirst paragraph stays.\n\nSecond paragraph is new.\n\nA third one.\n"
    diff = compare(old, new)

    changed = [row for row in diff.side_by_side_rows if row.kind == "change"]
    assert [(plain(row.old) if row.old else None, plain(row.new)) for row in changed] == [
        ("Second paragraph is old.", "Second paragraph is new."),
        (None, ""),
        (None, "A third one."),
    ]
    assert marked(changed[0].old, "del") == ["old"] and marked(changed[0].old, "ins") == []
    assert marked(changed[0].new, "ins") == ["new"] and marked(changed[0].new, "del") == []
    assert marked(changed[2].new, "ins") == ["A third one."]
    context = [row for row in diff.side_by_side_rows if row.kind == "context"]
    assert all(row.old == row.new for row in context)
    assert "First paragraph stays." in [plain(row.old) for row in context]


def test_a_rewritten_paragraph_is_shown_whole_not_word_by_word():
    old = "Police use machine learning to sort seized images and spot known material quickly."
    new = "A model trained on labelled data can flag likely duplicates for an analyst to check."
    diff = compare(f"Intro.\n\n{old}\n", f"Intro.\n\n{new}\n")

    [change] = [block for block in diff.inline_blocks if block.kind == "change"]
    assert marked(change.html, "del") == [old]
    assert marked(change.html, "ins") == [new]


def test_each_paragraph_of_a_changed_stretch_is_judged_on_its_own():
    rewritten_old = "Police use machine learning to sort seized images and spot known material."
    rewritten_new = "A model trained on labelled data can flag likely duplicates for an analyst."
    edited = " ".join(f"word{number}" for number in range(40))
    old = f"{rewritten_old}\n\n{edited}\n"
    new = f"{rewritten_new}\n\n{edited.replace('word7', 'changed')}\n"

    inline = "\n".join(block.html for block in compare(old, new).inline_blocks)

    assert marked(inline, "del") == [rewritten_old, "word7"]
    assert marked(inline, "ins") == [rewritten_new, "changed"]


def test_changed_words_on_consecutive_lines_stay_on_their_lines():
    diff = compare("alpha\nbeta", "gamma\ndelta")

    [block] = diff.inline_blocks
    assert [(marked(line, "del"), marked(line, "ins")) for line in block.lines] == [
        (["alpha"], ["gamma"]),
        (["beta"], ["delta"]),
    ]


def test_a_short_line_with_one_word_changed_is_marked_word_by_word():
    diff = compare("## Risks to privacy", "## Risks for privacy")

    assert marked(diff.inline_blocks[0].html, "del") == ["to"]
    assert marked(diff.inline_blocks[0].html, "ins") == ["for"]


# ---------------------------------------------------------------------------------------------
# compare(): hostile text


HOSTILE_OLD = 'Intro <b onmouseover="x()">bold</b>\n\n<script>alert("old")</script>\n'
HOSTILE_NEW = (
    'Intro <b onmouseover="x()">bold</b>\n\n<script>alert("new")</script>\n\n'
    "<img src=x onerror=alert(1)> & </td></tr></table><style>*{}</style>\n"
)
DIFF_ELEMENTS = {
    "div",
    "pre",
    "p",
    "del",
    "ins",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


@pytest.mark.parametrize("mode", ["inline", "side-by-side"])
def test_hostile_text_is_escaped_in_both_renderings(mode):
    document = render(compare(HOSTILE_OLD, HOSTILE_NEW), mode)

    found = elements(document)
    assert {element.tag for element in found} <= DIFF_ELEMENTS
    assert not any(name.startswith("on") for element in found for name in element.attrib)
    assert not any(element.get("style") for element in found)
    old_text, new_text = plain(document, drop="ins"), plain(document, drop="del")
    assert '<script>alert("old")</script>' in old_text
    assert '<script>alert("new")</script>' in new_text
    assert "<img src=x onerror=alert(1)> & </td></tr></table><style>*{}</style>" in new_text
    assert '<b onmouseover="x()">bold</b>' in old_text and '<b onmouseover="x()">' in new_text


def test_the_partial_marks_nothing_safe_itself():
    source = (TEMPLATE_FOLDER / "wiki" / "_diff.html").read_text(encoding="utf-8")
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)

    assert not re.search(r"\|\s*safe|autoescape\s+false|style=|<script", source)


# ---------------------------------------------------------------------------------------------
# compare(): rendering and collapsing long unchanged stretches


def numbered_lines(count: int) -> list[str]:
    return [f"Line {number} of the page." for number in range(1, count + 1)]


def test_long_unchanged_stretches_collapse_to_a_few_lines_of_context():
    old = numbered_lines(100)
    new = [*old[:49], "Line 50 was edited.", *old[50:]]
    diff = compare("\n".join(old), "\n".join(new))

    blocks = [(block.kind, block.skipped_lines or len(block.lines)) for block in diff.inline_blocks]
    assert blocks == [("gap", 46), ("context", 3), ("change", 1), ("context", 3), ("gap", 47)]
    assert [plain(line) for line in diff.inline_blocks[1].lines] == old[46:49]
    assert [plain(line) for line in diff.inline_blocks[3].lines] == old[50:53]
    rows = [(row.kind, row.skipped_lines) for row in diff.side_by_side_rows]
    assert rows == [("gap", 46)] + [("context", 0)] * 3 + [("change", 0)] + [("context", 0)] * 3 + [
        ("gap", 47)
    ]


@pytest.mark.parametrize(("context_lines", "gap"), [(0, 20), (1, 18), (3, 14), (9, 2)])
def test_unchanged_lines_between_two_changes_keep_context_on_both_sides(context_lines, gap):
    old = numbered_lines(22)
    new = ["First line edited.", *old[1:21], "Last line edited."]
    diff = compare("\n".join(old), "\n".join(new), context_lines=context_lines)

    kinds = [block.kind for block in diff.inline_blocks]
    expected = ["change", "context", "gap", "context", "change"]
    if context_lines == 0:
        expected = ["change", "gap", "change"]
    assert kinds == expected
    assert [block.skipped_lines for block in diff.inline_blocks if block.kind == "gap"] == [gap]


def test_a_gap_never_hides_a_single_line():
    old = numbered_lines(9)
    new = ["First line edited.", *old[1:8], "Last line edited."]
    diff = compare("\n".join(old), "\n".join(new), context_lines=3)

    assert [block.kind for block in diff.inline_blocks] == ["change", "context", "change"]
    assert len(diff.inline_blocks[1].lines) == 7


@pytest.mark.parametrize("mode", ["inline", "side-by-side"])
def test_the_partial_shows_the_gap_marker(mode):
    old = numbered_lines(40)
    new = [*old[:20], "Line 21 was edited.", *old[21:]]

    document = render(compare("\n".join(old), "\n".join(new)), mode)

    assert "… 17 unchanged lines …" in document
    assert "… 16 unchanged lines …" in document
    assert 'class="diff-gap"' in document


def test_side_by_side_partial_is_a_table_with_column_headers():
    document = render(compare("Old words here.", "New words here."), "side-by-side")

    found = elements(document)
    headers = [element for element in found if element.tag == "th"]
    assert [(th.text, th.get("scope")) for th in headers] == [
        ("Older revision", "col"),
        ("Newer revision", "col"),
    ]
    table = next(element for element in found if element.tag == "table")
    assert table.get("class") == "diff"
    cells = [element for element in found if element.tag == "td"]
    assert ["".join(td.itertext()) for td in cells] == [
        "Old words here.",
        "New words here.",
    ]


def test_inline_partial_keeps_blank_lines_and_line_breaks():
    old = "\nFirst paragraph.\n\nSecond paragraph.\n"
    new = "\nFirst paragraph, edited.\n\nSecond paragraph.\n"

    document = render(compare(old, new), "inline")

    container = elements(document)[0]
    assert (container.tag, container.get("class")) == ("div", "diff")
    blocks = [element for element in container if element.tag == "pre"]
    texts = ["".join(pre.itertext()) for pre in blocks]
    # html5lib, like a browser, drops the newline right after <pre>: what is left is the text.
    assert texts == ["", "First paragraph, edited.", "\nSecond paragraph."]
    assert [pre.get("class") for pre in blocks] == ["diff-context", None, "diff-context"]


# ---------------------------------------------------------------------------------------------
# compare(): large inputs stay correct


def edited_copy(paragraphs: list[str], every: int, rng: random.Random) -> tuple[list[str], int]:
    """Change one word in every ``every``-th paragraph; returns the copy and the count."""
    edited = list(paragraphs)
    changes = 0
    for index in range(0, len(edited), every):
        words = edited[index].split(" ")
        position = rng.randrange(len(words) - 1)
        words[position] = f"changed{index}"
        edited[index] = " ".join(words)
        changes += 1
    return edited, changes


@pytest.mark.parametrize("every", [1, 3, 20])
def test_large_page_counts_exactly_the_words_changed(every):
    old = page(125)  # 5,000 words
    new, changes = edited_copy(old, every, random.Random(every))

    diff = compare(join(old), join(new))

    assert (diff.stats.words_added, diff.stats.words_removed) == (changes, changes)
    assert sum(len(marked(row.new or "", "ins")) for row in diff.side_by_side_rows) == changes


@pytest.mark.parametrize(
    "separator", ["\n\n", "\n", " "], ids=["paragraphs", "lines", "one-long-line"]
)
def test_large_page_views_rebuild_both_texts(separator):
    old_paragraphs = page(125)
    new_paragraphs, _ = edited_copy(old_paragraphs, 4, random.Random(7))
    new_paragraphs.insert(60, "A paragraph added in the middle.")
    del new_paragraphs[100]
    old, new = separator.join(old_paragraphs), separator.join(new_paragraphs)

    diff = compare(old, new, context_lines=EVERYTHING)

    assert side_texts(diff) == (old.split("\n"), new.split("\n"))
    inline = "\n".join(block.html for block in diff.inline_blocks)
    old_side = "".join(row.old or "" for row in diff.side_by_side_rows)
    new_side = "".join(row.new or "" for row in diff.side_by_side_rows)
    assert "".join(marked(inline, "del")) == "".join(marked(old_side, "del"))
    assert "".join(marked(inline, "ins")) == "".join(marked(new_side, "ins"))


def test_a_completely_different_page_rebuilds_both_texts():
    old = join(page(60))
    new = join([paragraph.replace("w", "v") for paragraph in page(70, 30)])

    diff = compare(old, new, context_lines=EVERYTHING)

    assert side_texts(diff) == (
        old.removesuffix("\n").split("\n"),
        new.removesuffix("\n").split("\n"),
    )
    assert diff.stats.words_added == 70 * 30 and diff.stats.words_removed == 60 * 40


def test_once_the_word_budget_is_spent_changed_paragraphs_are_shown_whole(monkeypatch):
    # 40 words per paragraph: about 80 tokens, so one paragraph's diff costs about 6,400
    # pairs, and this budget runs out during the second of ten edited paragraphs.
    monkeypatch.setattr(diff_module, "_WORD_DIFF_BUDGET", 10_000)
    old = page(10)
    new, changes = edited_copy(old, 1, random.Random(5))

    diff = compare(join(old), join(new), context_lines=EVERYTHING)

    inserted = [marked(row.new or "", "ins") for row in diff.side_by_side_rows if row.new]
    assert [len(words[0].split()) for words in inserted] == [1, 1] + [40] * 8
    assert side_texts(diff) == (join(old).split("\n")[:-1], join(new).split("\n")[:-1])
    assert diff.stats.words_added == 2 + 8 * 40


# ---------------------------------------------------------------------------------------------
# merge()

BASE = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
LIST = "- one\n- two\n- three\n"
TABLE = "| a | b |\n| 1 | 2 |\n| 3 | 4 |\n"


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "merged"),
    [
        pytest.param(
            BASE,
            edit(BASE, "First paragraph.", "First paragraph, mine."),
            edit(BASE, "Third paragraph.", "Third paragraph, theirs."),
            "# Title\n\nFirst paragraph, mine.\n\nSecond paragraph.\n\nThird paragraph, theirs.\n",
            id="disjoint-paragraphs",
        ),
        pytest.param(
            BASE,
            edit(BASE, "First paragraph.", "First paragraph, mine."),
            edit(BASE, "Second paragraph.", "Second paragraph, theirs."),
            "# Title\n\nFirst paragraph, mine.\n\nSecond paragraph, theirs.\n\nThird paragraph.\n",
            id="adjacent-paragraphs",
        ),
        pytest.param(
            "# Title\nFirst paragraph.\n",
            "# New title\nFirst paragraph.\n",
            "# Title\nFirst paragraph, theirs.\n",
            "# New title\nFirst paragraph, theirs.\n",
            id="heading-and-the-line-under-it",
        ),
        pytest.param(
            LIST,
            "- one\n- two, mine\n- three\n",
            "- one\n- two\n- three, theirs\n",
            "- one\n- two, mine\n- three, theirs\n",
            id="adjacent-list-items",
        ),
        pytest.param(
            TABLE,
            "| a | b |\n| mine | 2 |\n| 3 | 4 |\n",
            "| a | b |\n| 1 | 2 |\n| 3 | theirs |\n",
            "| a | b |\n| mine | 2 |\n| 3 | theirs |\n",
            id="table-rows",
        ),
        pytest.param(
            BASE,
            edit(BASE, "Second paragraph.", "Second, the same edit."),
            edit(BASE, "Second paragraph.", "Second, the same edit."),
            edit(BASE, "Second paragraph.", "Second, the same edit."),
            id="same-edit-both-sides",
        ),
        pytest.param(
            BASE,
            "Intro by me.\n\n" + BASE,
            edit(BASE, "Third paragraph.", "Third paragraph, theirs."),
            "Intro by me.\n\n# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\n"
            "Third paragraph, theirs.\n",
            id="insert-at-start",
        ),
        pytest.param(
            BASE,
            edit(BASE, "# Title", "# Title, mine"),
            BASE + "\nAppended by them.\n",
            "# Title, mine\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
            "\nAppended by them.\n",
            id="insert-at-end",
        ),
        pytest.param(
            BASE,
            edit(BASE, "Second paragraph.\n", "New paragraph.\n\nSecond paragraph.\n"),
            edit(BASE, "Second paragraph.", "Second paragraph, theirs."),
            "# Title\n\nFirst paragraph.\n\nNew paragraph.\n\nSecond paragraph, theirs.\n\n"
            "Third paragraph.\n",
            id="insert-before-a-paragraph-they-edited",
        ),
        pytest.param(
            BASE,
            "Intro by me.\n\n" + BASE,
            "Intro by me.\n\n" + BASE,
            "Intro by me.\n\n" + BASE,
            id="same-insertion-both-sides",
        ),
        pytest.param(
            BASE,
            edit(BASE, "First paragraph.\n\n", ""),
            edit(BASE, "Third paragraph.", "Third paragraph, theirs."),
            "# Title\n\nSecond paragraph.\n\nThird paragraph, theirs.\n",
            id="deletion-and-edit",
        ),
        pytest.param(
            BASE,
            edit(BASE, "Second paragraph.\n\n", ""),
            edit(BASE, "Second paragraph.\n\n", ""),
            "# Title\n\nFirst paragraph.\n\nThird paragraph.\n",
            id="same-deletion-both-sides",
        ),
        pytest.param(
            BASE,
            edit(BASE, "Second paragraph.\n\n", ""),
            edit(BASE, "Third paragraph.\n", "Third paragraph.\n\nFourth, theirs.\n"),
            "# Title\n\nFirst paragraph.\n\nThird paragraph.\n\nFourth, theirs.\n",
            id="deletion-and-insertion-elsewhere",
        ),
        pytest.param(
            BASE.replace("\n", "\r\n"),
            edit(BASE, "First paragraph.", "First paragraph, mine.").replace("\n", "\r\n"),
            edit(BASE, "Third paragraph.", "Third paragraph, theirs."),
            "# Title\n\nFirst paragraph, mine.\n\nSecond paragraph.\n\nThird paragraph, theirs.\n",
            id="crlf-and-lf",
        ),
        pytest.param(
            BASE.removesuffix("\n"),
            edit(BASE, "First paragraph.", "First paragraph, mine.").removesuffix("\n"),
            BASE.removesuffix("\n") + "\n\nFourth, theirs.",
            "# Title\n\nFirst paragraph, mine.\n\nSecond paragraph.\n\nThird paragraph.\n\n"
            "Fourth, theirs.",
            id="no-final-newline",
        ),
        pytest.param(
            BASE,
            edit(BASE, "First paragraph.", "First paragraph, mine."),
            BASE.removesuffix("\n"),
            "# Title\n\nFirst paragraph, mine.\n\nSecond paragraph.\n\nThird paragraph.",
            id="final-newline-removed-by-one-side",
        ),
        pytest.param("", "", "", "", id="all-empty"),
        pytest.param("", "Written by me.\n", "", "Written by me.\n", id="empty-base-one-writes"),
        pytest.param("", "Same words.", "Same words.", "Same words.", id="empty-base-same-text"),
        pytest.param(BASE, "", BASE, "", id="one-side-emptied-the-page"),
    ],
)
def test_changes_to_different_paragraphs_merge_cleanly(base, mine, theirs, merged):
    result = merge(base, mine, theirs)

    assert not result.conflicted
    assert result.conflicts == ()
    assert result.text == merged


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "conflict"),
    [
        pytest.param(
            BASE,
            edit(BASE, "Second paragraph.", "Second paragraph, mine."),
            edit(BASE, "Second paragraph.", "Second paragraph, theirs."),
            ("Second paragraph.\n", "Second paragraph, mine.\n", "Second paragraph, theirs.\n"),
            id="same-paragraph",
        ),
        pytest.param(
            "Line one of a paragraph\nline two of it.\n",
            "Line one of a paragraph, mine\nline two of it.\n",
            "Line one of a paragraph\nline two of it, theirs.\n",
            (
                "Line one of a paragraph\nline two of it.\n",
                "Line one of a paragraph, mine\nline two of it.\n",
                "Line one of a paragraph\nline two of it, theirs.\n",
            ),
            id="two-lines-of-one-paragraph",
        ),
        pytest.param(
            BASE,
            edit(BASE, "Second paragraph.\n\n", ""),
            edit(BASE, "Second paragraph.", "Second paragraph, theirs."),
            ("Second paragraph.\n\n", "", "Second paragraph, theirs.\n\n"),
            id="deleted-and-edited",
        ),
        pytest.param(
            BASE,
            BASE + "\nMine at the end.\n",
            BASE + "\nTheirs at the end.\n",
            ("", "\nMine at the end.\n", "\nTheirs at the end.\n"),
            id="different-insertions-at-end",
        ),
        pytest.param(
            BASE,
            "Mine first.\n\n" + BASE,
            "Theirs first.\n\n" + BASE,
            ("", "Mine first.\n\n", "Theirs first.\n\n"),
            id="different-insertions-at-start",
        ),
        pytest.param(
            BASE,
            edit(BASE, "Second paragraph.\n", "Second paragraph.\nMine inside.\n"),
            edit(BASE, "Second paragraph.", "Second paragraph, theirs."),
            (
                "Second paragraph.\n",
                "Second paragraph.\nMine inside.\n",
                "Second paragraph, theirs.\n",
            ),
            id="line-added-to-a-paragraph-they-edited",
        ),
        pytest.param("", "Mine.", "Theirs.", ("", "Mine.\n", "Theirs.\n"), id="empty-base"),
        pytest.param(
            BASE,
            "",
            edit(BASE, "Third paragraph.", "Third paragraph, theirs."),
            (BASE, "", edit(BASE, "Third paragraph.", "Third paragraph, theirs.")),
            id="page-emptied-and-edited",
        ),
    ],
)
def test_different_changes_to_the_same_paragraph_conflict(base, mine, theirs, conflict):
    result = merge(base, mine, theirs)

    assert result.conflicted
    assert result.text is None
    assert [(c.base, c.mine, c.theirs) for c in result.conflicts] == [conflict]


def test_each_conflicting_region_is_reported():
    mine = edit(edit(BASE, "First paragraph.", "First, mine."), "Third paragraph.", "Third, mine.")
    theirs = edit(edit(BASE, "First paragraph.", "First, theirs."), "Third paragraph.", "Third, t.")

    result = merge(BASE, mine, theirs)

    assert [(c.mine, c.theirs) for c in result.conflicts] == [
        ("First, mine.\n", "First, theirs.\n"),
        ("Third, mine.\n", "Third, t.\n"),
    ]


def random_text(rng: random.Random) -> str:
    words = ["alpha", "beta", "gamma", "delta", "police", "data", "model", "risk"]
    blocks = []
    for _ in range(rng.randint(0, 8)):
        kind = rng.random()
        if kind < 0.2:
            blocks.append("## " + rng.choice(words))
        elif kind < 0.4:
            blocks.append("\n".join("- " + rng.choice(words) for _ in range(rng.randint(1, 3))))
        else:
            blocks.append(" ".join(rng.choices(words, k=rng.randint(1, 6))))
    return "\n\n".join(blocks) + rng.choice(["", "\n"])


def random_edit(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        position = rng.randrange(len(lines) + 1)
        action = rng.random()
        if action < 0.4 and position < len(lines):
            lines[position] += " edited"
        elif action < 0.7 and position < len(lines):
            del lines[position]
        else:
            lines.insert(position, rng.choice(["new line", "", "- new item", "## New"]))
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(40))
def test_merging_with_an_unchanged_side_or_the_same_change_is_that_change(seed):
    rng = random.Random(seed)
    base = random_text(rng)
    edited = random_edit(base, rng)

    assert merge(base, edited, base).text == edited
    assert merge(base, base, edited).text == edited
    assert merge(base, edited, edited).text == edited
    assert merge(base, base, base).text == base


@pytest.mark.parametrize("seed", range(40))
def test_a_clean_merge_keeps_both_sides_changes(seed):
    """Edits to the first and the last paragraph of a page: both are in the result."""
    rng = random.Random(seed)
    paragraphs = [
        " ".join(rng.choices(["a", "b", "c", "d"], k=5)) for _ in range(rng.randint(3, 9))
    ]
    base = join(paragraphs)
    mine = join([paragraphs[0] + " mine", *paragraphs[1:]])
    theirs = join([*paragraphs[:-1], paragraphs[-1] + " theirs"])

    assert merge(base, mine, theirs).text == join(
        [paragraphs[0] + " mine", *paragraphs[1:-1], paragraphs[-1] + " theirs"]
    )


def test_merge_of_large_pages_with_edits_in_different_paragraphs():
    base = page(125)
    mine = [p + " Mine." if index % 10 == 0 else p for index, p in enumerate(base)]
    theirs = [p + " Theirs." if index % 10 == 5 else p for index, p in enumerate(base)]
    both = [
        p + (" Mine." if index % 10 == 0 else " Theirs." if index % 10 == 5 else "")
        for index, p in enumerate(base)
    ]

    assert merge(join(base), join(mine), join(theirs)).text == join(both)
