"""hub.markup wiki links: [[Page]], [[path|label]], [[doc:ID]], [[event:ID]], [[topic:ID]]."""

import pytest

from hub import markup
from hub.markup import Heading, InternalLink, WikiLink, extract_wiki_links, render_markdown
from tests.support.markup import assert_safe, elements_of, links_of, text_of, work_of

pytestmark = pytest.mark.backend_independent

WIKI = "/w/ai/wiki/"
KNOWN_PAGES = {
    "machine learning": InternalLink(WIKI + "topics/machine-learning", "Machine learning"),
    "topics/machine-learning": InternalLink(WIKI + "topics/machine-learning", "Machine learning"),
    "speech recognition": InternalLink(WIKI + "topics/speech-recognition", "Speech recognition"),
}


def wiki_resolver(link: WikiLink) -> InternalLink | None:
    """Like the wiki's: known pages, a "create" link for unknown ones, documents; no events yet."""
    if link.kind == "page":
        known = KNOWN_PAGES.get(link.target.lower())
        return known or InternalLink(WIKI + "new?title=x", link.target, exists=False)
    if link.kind == "doc" and link.target.isdigit():
        return InternalLink(f"/w/ai/documents/{link.target}", f"Document {link.target}")
    return None


def wikilinks_of(output: str) -> list[tuple[str | None, str | None, str]]:
    """(href, class, text) of each link in rendered HTML."""
    return [(a.get("href"), a.get("class"), "".join(a.itertext())) for a in links_of(output)]


class RecordingResolver:
    """Resolves every link to a page and remembers what it was asked, in order."""

    def __init__(self) -> None:
        self.calls: list[WikiLink] = []

    def __call__(self, link: WikiLink) -> InternalLink:
        self.calls.append(link)
        return InternalLink(WIKI + "page", "Page")


# --- syntax -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[[Machine learning]]", WikiLink("page", "Machine learning", None)),
        ("[[topics/machine-learning]]", WikiLink("page", "topics/machine-learning", None)),
        (
            "[[topics/machine-learning|ML basics]]",
            WikiLink("page", "topics/machine-learning", "ML basics"),
        ),
        ("[[doc:12]]", WikiLink("doc", "12", None)),
        ("[[doc:12|The report]]", WikiLink("doc", "12", "The report")),
        ("[[event:7]]", WikiLink("event", "7", None)),
        ("[[ event: 7 | Summit ]]", WikiLink("event", "7", "Summit")),
        ("[[topic:3|The thread]]", WikiLink("topic", "3", "The thread")),
        ("[[  Machine   learning  |  ML  ]]", WikiLink("page", "Machine   learning", "ML")),
        # Only the lowercase prefixes with an id without spaces; the rest are page titles.
        ("[[Event: Global Meeting 2019]]", WikiLink("page", "Event: Global Meeting 2019", None)),
        ("[[Doc:12]]", WikiLink("page", "Doc:12", None)),
        ("[[doc:]]", WikiLink("page", "doc:", None)),
        # The first "|" splits; later ones belong to the label. An empty label means none.
        ("[[a|b|c]]", WikiLink("page", "a", "b|c")),
        ("[[Machine learning|]]", WikiLink("page", "Machine learning", None)),
        ("[[Machine learning| ]]", WikiLink("page", "Machine learning", None)),
    ],
)
def test_each_form_is_extracted(source: str, expected: WikiLink) -> None:
    assert extract_wiki_links(f"See {source} here.") == [expected]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "[[Machine learning]]",
            (WIKI + "topics/machine-learning", "wikilink", "Machine learning"),
        ),
        (
            "[[machine LEARNING]]",
            (WIKI + "topics/machine-learning", "wikilink", "Machine learning"),
        ),
        (
            "[[topics/machine-learning|ML basics]]",
            (WIKI + "topics/machine-learning", "wikilink", "ML basics"),
        ),
        ("[[doc:12]]", ("/w/ai/documents/12", "wikilink", "Document 12")),
        ("[[doc:12|The report]]", ("/w/ai/documents/12", "wikilink", "The report")),
    ],
)
def test_resolved_link_shows_author_label_else_resolver_label(
    source: str, expected: tuple[str, str, str]
) -> None:
    out = render_markdown(f"See {source} here.", wiki_resolver)
    assert_safe(out)
    assert wikilinks_of(out) == [expected]
    assert text_of(out) == f"See {expected[2]} here.\n"


def test_missing_page_is_a_create_link_marked_as_missing() -> None:
    out = render_markdown("[[Smart robots]] and [[Robots in patrol|patrol robots]]", wiki_resolver)
    assert_safe(out)
    assert wikilinks_of(out) == [
        (WIKI + "new?title=x", "wikilink wikilink--missing", "Smart robots"),
        (WIKI + "new?title=x", "wikilink wikilink--missing", "patrol robots"),
    ]
    assert {a.get("title") for a in links_of(out)} == {markup.MISSING_PAGE_TITLE}


def test_existing_page_link_has_no_missing_title() -> None:
    (link,) = links_of(render_markdown("[[Machine learning]]", wiki_resolver))
    assert link.get("title") is None


def test_blank_resolver_label_falls_back_to_the_target_as_written() -> None:
    out = render_markdown("[[topics/x]]", lambda link: InternalLink(WIKI + "topics/x", "  "))
    assert wikilinks_of(out) == [(WIKI + "topics/x", "wikilink", "topics/x")]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("[[event:7]]", "event:7"),
        ("[[event:7|The Global Meeting]]", "The Global Meeting"),
        ("[[doc:twelve]]", "doc:twelve"),
    ],
)
def test_unresolved_links_are_plain_text(source: str, shown: str) -> None:
    out = render_markdown(f"See {source}.", wiki_resolver)
    assert links_of(out) == []
    assert text_of(out) == f"See {shown}.\n"


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("[[Machine learning]]", "Machine learning"),
        ("[[topics/machine-learning|ML basics]]", "ML basics"),
        ("[[doc:12]]", "doc:12"),
        ("[[x|<b>bold</b> & more]]", "<b>bold</b> & more"),
    ],
)
def test_without_a_resolver_links_are_escaped_plain_text(source: str, shown: str) -> None:
    out = render_markdown(f"See {source}.")
    assert_safe(out)
    assert [el.tag for el in elements_of(out)] == ["p"]
    assert text_of(out) == f"See {shown}.\n"


def test_several_links_in_one_paragraph_keep_their_order_and_text_between() -> None:
    source = "Compare [[Machine learning]], [[Speech recognition|speech]] and [[doc:3]]."
    out = render_markdown(source, wiki_resolver)
    assert [text for _, _, text in wikilinks_of(out)] == [
        "Machine learning",
        "speech",
        "Document 3",
    ]
    assert text_of(out) == "Compare Machine learning, speech and Document 3.\n"


def test_heading_id_follows_the_label_it_shows() -> None:
    headings: list[Heading] = []
    out = render_markdown(
        "## About [[topics/machine-learning]]\n", wiki_resolver, headings=headings
    )
    assert headings == [(2, "about-machine-learning", "About Machine learning")]
    assert 'id="about-machine-learning"' in out


def test_link_in_a_table_cell_uses_an_escaped_bar_for_its_label() -> None:
    out = render_markdown("| Topic |\n|---|\n| [[Machine learning\\|ML]] |\n", wiki_resolver)
    assert wikilinks_of(out) == [(WIKI + "topics/machine-learning", "wikilink", "ML")]


def test_link_in_lists_quotes_and_emphasis() -> None:
    source = "- [[Machine learning]]\n\n> **[[Speech recognition]]**\n"
    out = render_markdown(source, wiki_resolver)
    assert [text for _, _, text in wikilinks_of(out)] == ["Machine learning", "Speech recognition"]
    assert len(extract_wiki_links(source)) == 2


# --- what stays literal -------------------------------------------------------------------

LONGEST = "t" * markup.MAX_WIKILINK_TARGET


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("[[]]", "[[]]"),
        ("[[ ]]", "[[ ]]"),
        ("[[|x]]", "[[|x]]"),
        ("[[ | x]]", "[[ | x]]"),
        ("[[a", "[[a"),
        ("[[a]", "[[a]"),
        ("[[a] ]", "[[a] ]"),
        ("[[a [b] c]]", "[[a [b] c]]"),
        ("[[a|see [1]]]", "[[a|see [1]]]"),
        ("\\[[Machine learning]]", "[[Machine learning]]"),
        (f"[[{LONGEST}t]]", f"[[{LONGEST}t]]"),
        (f"[[a|{LONGEST}t]]", f"[[a|{LONGEST}t]]"),
        ("`[[Machine learning]]`", "[[Machine learning]]"),
        ("``a [[Machine learning]] b``", "a [[Machine learning]] b"),
        ("<https://x.example/[[Machine-learning]]>", "https://x.example/[[Machine-learning]]"),
        ("[docs](/w/ai/wiki/a?[[Machine-learning]])", "docs"),
    ],
)
def test_not_a_wiki_link_stays_as_written(source: str, shown: str) -> None:
    resolver = RecordingResolver()
    out = render_markdown(source, resolver)
    assert_safe(out)
    assert text_of(out) == shown + "\n"
    assert all(a.get("class") is None for a in links_of(out))
    assert resolver.calls == [] and extract_wiki_links(source) == []


def test_line_break_inside_brackets_is_not_a_link() -> None:
    source = "[[Machine\nlearning]]"
    assert extract_wiki_links(source) == []
    assert links_of(render_markdown(source, wiki_resolver)) == []


def test_longest_target_and_label_are_accepted() -> None:
    assert extract_wiki_links(f"[[{LONGEST}|{'l' * markup.MAX_WIKILINK_LABEL}]]") == [
        WikiLink("page", LONGEST, "l" * markup.MAX_WIKILINK_LABEL)
    ]


@pytest.mark.parametrize(
    "source",
    [
        "```\n[[Machine learning]]\n```\n",
        "~~~markdown\nSee [[Machine learning]]\n~~~\n",
        "    [[Machine learning]]\n",
        "- item\n\n      [[Machine learning]]\n",
    ],
)
def test_code_blocks_keep_links_as_written(source: str) -> None:
    resolver = RecordingResolver()
    out = render_markdown(source, resolver)
    assert links_of(out) == [] and "[[Machine learning]]" in text_of(out)
    assert [el.tag for el in elements_of(out)][-2:] == ["pre", "code"]
    assert resolver.calls == [] and extract_wiki_links(source) == []


def test_wiki_link_inside_markdown_link_text_wins_as_in_commonmark() -> None:
    # Links do not nest: as with "[a [b](/x)](/y)", the inner link is the link.
    out = render_markdown("[see [[Machine learning]]](/elsewhere)", wiki_resolver)
    assert_safe(out)
    assert wikilinks_of(out) == [(WIKI + "topics/machine-learning", "wikilink", "Machine learning")]
    assert text_of(out) == "[see Machine learning](/elsewhere)\n"


@pytest.mark.parametrize(
    ("source", "after"),
    [
        ("[[Machine learning]](/elsewhere)", "(/elsewhere)"),
        ("[[Machine learning]]\n\n[Machine learning]: /elsewhere", ""),
    ],
)
def test_wiki_link_wins_over_a_markdown_link_in_the_same_brackets(source: str, after: str) -> None:
    out = render_markdown(source, wiki_resolver)
    assert wikilinks_of(out) == [(WIKI + "topics/machine-learning", "wikilink", "Machine learning")]
    assert text_of(out) == f"Machine learning{after}\n"


def test_wiki_link_in_image_alt_is_only_text() -> None:
    source = "![[[Machine learning]]](/files/chart.png)"
    out = render_markdown(source, wiki_resolver)
    assert wikilinks_of(out) == [("/files/chart.png", None, "Machine learning")]
    assert extract_wiki_links(source) == []


def test_extra_brackets_around_a_link_stay_as_text() -> None:
    out = render_markdown("[[[Machine learning]]]", wiki_resolver)
    assert wikilinks_of(out) == [(WIKI + "topics/machine-learning", "wikilink", "Machine learning")]
    assert text_of(out) == "[Machine learning]\n"


def test_control_characters_are_dropped_before_parsing() -> None:
    source = "[[Machine\x00 learn\x07ing]]"
    assert extract_wiki_links(source) == [WikiLink("page", "Machine learning", None)]
    assert wikilinks_of(render_markdown(source, wiki_resolver))[0][2] == "Machine learning"


def test_extract_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        extract_wiki_links(b"[[x]]")  # type: ignore[arg-type]


# --- extraction agrees with rendering -------------------------------------------------------

AGREEMENT_CORPUS = [
    "[[A]] [[B|b]] [[doc:1]] [[event:2|e]] [[A]]",
    "# [[Heading link]]\n\ntext [[Para link]]\n\n- [[List]]\n  - [[Nested|n]]\n",
    "> quote [[Quoted]]\n>\n> > [[Deeper]]\n",
    "| a | b |\n|---|---|\n| [[Cell]] | [[x\\|y]] |\n",
    "`[[code]]` [[after code]] ``[[x]]`` \\[[escaped]] [[kept]]",
    "```\n[[fenced]]\n```\n\n    [[indented]]\n\n[[after blocks]]",
    "*[[emphasis]]* **[[strong]]** ~~[[struck]]~~ _[[under]]_",
    "[[[triple]]] [[a [b]]] [[a]b]] [[ok]]",
    "[see [[inner]]](/x) ![[[alt]]](/y) [[[link text]](/z)]]",
    "[[x]](/after) [[y]][r] [[z]]\n\n[r]: /r\n[z]: /z",
    "[ref [[in ref]]][r]\n\n[r]: /somewhere\n\n[[after ref]]",
    "<https://x.example/[[auto]]> https://x.example/[[bare]]",
    "line one [[soft\nbreak]] [[hard|  \n]] [[two\\\nlines]]",
    "&#91;&#91;entity]] [&#91;half]] [[&amp;|ok]]",
    "- [ ] [[Task]]\n- [x] done [[Done]]\n",
    "[[a|b|c]] [[a|]] [[|a]] [[]] [[ x ]] [[doc:]] [[Doc:1]]",
    "***[[a]]*** *[[b]]** [[c]]_d_",
]


@pytest.mark.parametrize("source", AGREEMENT_CORPUS)
def test_extract_finds_exactly_the_links_the_renderer_resolves(source: str) -> None:
    resolver = RecordingResolver()
    out = render_markdown(source, resolver)
    assert_safe(out)
    assert extract_wiki_links(source) == resolver.calls
    assert len([a for a in links_of(out) if a.get("class") == "wikilink"]) == len(resolver.calls)


def test_agreement_corpus_exercises_links() -> None:
    # The agreement test proves little if its corpus held no wiki links.
    assert sum(len(extract_wiki_links(source)) for source in AGREEMENT_CORPUS) >= 35


# --- hostile input ------------------------------------------------------------------------


def naive_resolver(link: WikiLink) -> InternalLink:
    """A careless resolver that trusts the author's text as an href."""
    return InternalLink(link.target, link.target)


def prefixing_resolver(link: WikiLink) -> InternalLink:
    """A careless resolver that pastes the target into a path without encoding it."""
    return InternalLink(WIKI + link.target, link.target)


HOSTILE_LINKS = [
    "[[<script>alert(1)</script>]]",
    "[[x|<img src=x onerror=alert(1)>]]",
    "[[<img src=x onerror=alert(1)>|x]]",
    "[[javascript:alert(1)]]",
    "[[JaVaScRiPt:alert(1)|click]]",
    "[[ javascript:alert(1) ]]",
    "[[&#106;avascript:alert(1)]]",
    "[[data:text/html,<script>alert(1)</script>]]",
    "[[vbscript:msgbox(1)]]",
    "[[//evil.example]]",
    "[[/\\evil.example]]",
    "[[\\\\evil.example]]",
    "[[https://evil.example/phish|Machine learning]]",
    '[[x" onmouseover="alert(1)]]',
    "[[x' onmouseover='alert(1)]]",
    '[[/ok" onmouseover="alert(1)]]',
    "[[/ok\tjavascript:x]]",
    '[[x|"><script>alert(1)</script>]]',
    "[[x|</a><script>alert(1)</script>]]",
    "[[x|[evil](javascript:alert(1))]]",
    "[[x|<svg onload=alert(1)>]]",
    "[[x|<style>body{display:none}</style>]]",
    "<a href='[[x]]'>[[y]]</a>",
    "[[x]]<script>alert(1)</script>",
]


@pytest.mark.parametrize("resolver", [None, wiki_resolver, naive_resolver, prefixing_resolver])
@pytest.mark.parametrize("source", HOSTILE_LINKS)
def test_hostile_links_are_neutralised(source: str, resolver: markup.LinkResolver | None) -> None:
    out = render_markdown(source, resolver)
    assert_safe(out)
    for href, _, _ in wikilinks_of(out):
        assert href is not None and markup._HUB_PATH.fullmatch(href), out


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/",
        "mailto:someone@example.org",
        "//evil.example/",
        " //evil.example/",
        "\t//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "relative/path",
        "#top",
        "",
        '/ok" onmouseover="alert(1)',
        "/ok'><script>alert(1)</script>",
        "/with space",
        "/a\\..\\..\\evil",
    ],
)
def test_resolver_href_that_is_not_a_hub_path_gives_no_link(href: str) -> None:
    out = render_markdown(
        "Read [[Machine learning|this]] now", lambda link: InternalLink(href, "x")
    )
    assert_safe(out)
    assert links_of(out) == []
    assert text_of(out) == "Read this now\n"


@pytest.mark.parametrize(
    "href",
    ["/w/ai/wiki/topics/machine-learning", "/w/ai/wiki/caf%C3%A9?from=x#part", "/w/ai/wiki/café"],
)
def test_hub_paths_are_accepted(href: str) -> None:
    out = render_markdown("[[Machine learning]]", lambda link: InternalLink(href, "ML"))
    assert wikilinks_of(out) == [(href, "wikilink", "ML")]


def test_hostile_resolver_label_is_escaped() -> None:
    label = "<img src=x onerror=alert(1)><script>alert(1)</script>"
    out = render_markdown("[[Machine learning]]", lambda link: InternalLink(WIKI + "x", label))
    assert_safe(out)
    assert wikilinks_of(out) == [(WIKI + "x", "wikilink", label)]


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ('<a href="/x" class="wikilink">a</a>', "wikilink"),
        ('<a href="/x" class="wikilink wikilink--missing">a</a>', "wikilink wikilink--missing"),
        ('<a href="/x" class="wikilink evil">a</a>', None),
        ('<a href="/x" class="wikilink--missing wikilink">a</a>', None),
        ('<a href="/x" class="header-anchor">a</a>', None),
        ('<a href="/x" class="WIKILINK">a</a>', None),
    ],
)
def test_sanitizer_allows_only_the_two_wikilink_classes_on_links(
    html: str, kept: str | None
) -> None:
    (link,) = links_of(markup._cleaner().clean(html))
    assert link.get("class") == kept


def test_sanitizer_keeps_class_off_other_tags() -> None:
    assert "class" not in markup._cleaner().clean('<p class="wikilink">a</p>')


def test_sanitizer_still_strips_a_bad_href_on_a_wikilink_class() -> None:
    out = markup._cleaner().clean('<a class="wikilink" href="javascript:alert(1)">a</a>')
    assert_safe(out)
    assert [a.get("href") for a in links_of(out)] == [None]


def test_author_cannot_set_a_class_through_raw_html() -> None:
    out = render_markdown('<a class="wikilink" href="/x">fake</a>', wiki_resolver)
    assert links_of(out) == []


# --- performance --------------------------------------------------------------------------


def large_page_with_links(links: int = 50) -> str:
    """A paragraph of about 100 words and one wiki link, `links` times."""
    words = "officers reviewed the case file and **noted** the `exhibit` with care".split()
    paragraphs = []
    for i in range(links):
        prose = " ".join(words[j % len(words)] for j in range(100))
        paragraphs.append(f"{prose} see [[Topic {i}|topic {i}]] and more.")
    return "\n\n".join(paragraphs)


def render(page: str) -> str:
    return render_markdown(page, wiki_resolver)


def test_a_large_page_with_many_links_renders_and_extracts_in_linear_work() -> None:
    half, page = large_page_with_links(25), large_page_with_links(50)
    assert len(page.split()) >= 5000
    assert len(extract_wiki_links(page)) == 50 and len(links_of(render(page))) == 50

    rendered, extracted = work_of(render, half), work_of(extract_wiki_links, half)
    # Twice the text, about twice the work.
    assert work_of(render, page) <= 2.1 * rendered
    assert work_of(extract_wiki_links, page) <= 2.1 * extracted
    # Extraction parses inline without the rules that cannot move a "[[": about a tenth of
    # rendering's work today, a sixth with every rule.
    assert extracted <= rendered / 8


def test_unclosed_brackets_do_not_make_parsing_quadratic(monkeypatch) -> None:
    page = ("[[ " + "word " * 20) * 2000
    searched: list[int] = []  # how far each search for a closing "]]" may go
    scan_end = markup._wikilink_scan_end

    def counted_scan_end(start: int, limit: int) -> int:
        end = scan_end(start, limit)
        searched.append(end - start)
        return end

    monkeypatch.setattr(markup, "_wikilink_scan_end", counted_scan_end)
    assert extract_wiki_links(page) == []
    render(page)

    # A few searches from each "[[" (extracting, rendering, and the link rule's look-ahead),
    # none past a link's longest length: without that bound each would run to the end of the
    # paragraph, and the work would grow with the square of the page.
    opened = page.count("[[")
    assert 2 * opened <= len(searched) <= 6 * opened
    assert max(searched) <= markup._WIKILINK_SCAN + 4
    # And the parser's own work stays linear: twice the brackets, about twice the work.
    half, shorter = ("[[ " + "word " * 20) * 500, ("[[ " + "word " * 20) * 1000
    assert work_of(render, shorter) <= 2.1 * work_of(render, half)
    assert work_of(extract_wiki_links, shorter) <= 2.1 * work_of(extract_wiki_links, half)
