"""hub.markup: Markdown features, and a hostile corpus checked the way a browser parses it."""

import threading

import pytest

from hub import markup
from hub.markup import Heading, render_markdown
from tests.support.markup import assert_safe, elements_of, links_of, text_of, work_of

pytestmark = pytest.mark.backend_independent

# --- features ---------------------------------------------------------------------------


def test_table_renders_with_alignment_and_no_style() -> None:
    out = render_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    assert_safe(out)
    tags = [el.tag for el in elements_of(out)]
    assert tags.count("th") == 3 and tags.count("td") == 3
    assert {"table", "thead", "tbody", "tr"} <= set(tags)
    assert [el.get("align") for el in elements_of(out) if el.tag == "td"] == [
        "left",
        "center",
        "right",
    ]


def test_strikethrough() -> None:
    out = render_markdown("~~gone~~ kept")
    assert "<s>gone</s>" in out


def test_task_list_checkboxes_are_disabled() -> None:
    out = render_markdown("- [ ] todo\n- [x] done\n")
    assert_safe(out)
    boxes = [el for el in elements_of(out) if el.tag == "input"]
    assert len(boxes) == 2
    assert all(b.get("type") == "checkbox" and "disabled" in b.attrib for b in boxes)
    assert ["checked" in b.attrib for b in boxes] == [False, True]
    assert "todo" in text_of(out) and "done" in text_of(out)


def test_fenced_code_keeps_language_class_and_escapes_content() -> None:
    out = render_markdown("```Python\nif a < b: print('<b>')\n```\n")
    assert '<code class="language-python">' in out
    assert "&lt;b&gt;" in out


def test_fenced_code_with_hostile_info_string_loses_its_class() -> None:
    out = render_markdown('```x" onclick="alert(1)\ncode\n```\n')
    assert_safe(out)
    assert "class" not in out


def test_fenced_code_class_allows_cpp_and_csharp() -> None:
    assert 'class="language-c++"' in render_markdown("```c++\nint x;\n```\n")
    assert 'class="language-c#"' in render_markdown("```c#\nvar x;\n```\n")


def test_heading_ids_are_present_and_unique() -> None:
    out = render_markdown("# Intro\n## Intro\n### Intro\n# Other Heading\n# !!!\n")
    ids = [el.get("id") for el in elements_of(out) if el.tag in {"h1", "h2", "h3"}]
    assert ids == ["intro", "intro-1", "intro-2", "other-heading", "section"]


def test_headings_are_listed_with_the_ids_of_the_html() -> None:
    headings: list[Heading] = []
    out = render_markdown(
        "# Top *level*\n\ntext\n\n## Sub & `more`\n\n## Sub & `more`", headings=headings
    )
    assert headings == [
        (1, "top-level", "Top level"),
        (2, "sub--more", "Sub & more"),
        (2, "sub--more-1", "Sub & more"),
    ]
    assert [el.get("id") for el in elements_of(out) if el.tag in {"h1", "h2"}] == [
        anchor for _, anchor, _ in headings
    ]


def test_links_get_rel_nofollow_noopener_noreferrer() -> None:
    out = render_markdown("[a](https://example.org) and <http://example.com/x>")
    links = links_of(out)
    assert [a.get("href") for a in links] == ["https://example.org", "http://example.com/x"]
    assert all(a.get("rel") == "nofollow noopener noreferrer" for a in links)


def test_mailto_survives() -> None:
    links = links_of(render_markdown("[mail us](mailto:desk@example.org)"))
    assert [a.get("href") for a in links] == ["mailto:desk@example.org"]


def test_relative_links_survive() -> None:
    out = render_markdown("[page](/w/ai/wiki/page) [here](#section) [sib](other-page)")
    assert [a.get("href") for a in links_of(out)] == ["/w/ai/wiki/page", "#section", "other-page"]


def test_bare_http_urls_are_linked_but_not_domains_or_code() -> None:
    out = render_markdown("See https://example.org/a?b=1&c=2. Not setup.py, `https://x.example`")
    assert [a.get("href") for a in links_of(out)] == ["https://example.org/a?b=1&c=2"]
    assert "<code>https://x.example</code>" in out


def test_images_render_as_links_never_fetched() -> None:
    out = render_markdown('![Org chart](https://cdn.example/chart.png "Q3") ![](/files/a.png)')
    assert_safe(out)
    assert [(a.get("href"), a.text) for a in links_of(out)] == [
        ("https://cdn.example/chart.png", "Org chart"),
        ("/files/a.png", "/files/a.png"),
    ]


def test_image_inside_link_becomes_its_alt_text() -> None:
    out = render_markdown("[![build badge](https://ci.example/b.svg)](https://ci.example)")
    assert [(a.get("href"), a.text) for a in links_of(out)] == [
        ("https://ci.example", "build badge")
    ]


def test_ordered_list_start_number_survives() -> None:
    assert '<ol start="3">' in render_markdown("3. three\n4. four\n")


def test_none_and_blank_render_empty() -> None:
    assert render_markdown(None) == ""
    assert render_markdown("") == ""
    assert render_markdown(" \n\t\n") == ""


def test_non_str_input_is_rejected() -> None:
    with pytest.raises(TypeError):
        render_markdown(b"bytes")  # type: ignore[arg-type]


def test_control_characters_are_stripped_but_newlines_and_tabs_kept() -> None:
    out = render_markdown("a\x00b\x07c\x1bd\x7fe\x85f\ud800g\r\n\r\nnext\tpara\rline")
    assert out == "<p>abcdefg</p>\n<p>next\tpara\nline</p>\n"


def test_output_is_deterministic() -> None:
    source = "# T\n\n- [x] a\n\nhttps://example.org [r](/x)\n"
    assert render_markdown(source) == render_markdown(source)


def test_safe_to_call_from_several_threads() -> None:
    source = "# Title\n\n" + "text https://example.org [a](/b) **c**\n\n" * 50
    expected = render_markdown(source)
    results: list[str] = []

    def work() -> None:
        results.extend(render_markdown(source) for _ in range(5))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 20


def large_page(parts: int) -> str:
    words = "officers reviewed the case file and **noted** the `exhibit` in [annex](/w/a)".split()
    return "\n\n".join(
        f"## Part {i}\n\n" + " ".join(words[j % len(words)] for j in range(250))
        for i in range(parts)
    )


def test_a_large_page_renders_in_work_that_grows_with_its_length() -> None:
    render_markdown(large_page(1))  # set-up on first use is not part of the budget
    page, twice_as_long = large_page(10), large_page(20)
    work, work_twice = work_of(render_markdown, page), work_of(render_markdown, twice_as_long)
    # Twice the text, about twice the work: nothing grows faster than the page.
    assert work_twice <= 2.1 * work
    # About 90 calls a word today (5,000 words); the budget catches gross regressions, not noise.
    assert work_twice <= 250 * len(twice_as_long.split())


# --- hostile corpus ---------------------------------------------------------------------

HOSTILE = [
    # script tags
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt src=//evil.example/x.js></ScRiPt>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\n>alert(1)</script\n>",
    "<<script>script>alert(1)<</script>/script>",
    "<script/xss src=http://evil.example/x.js></script>",
    "<div><script>alert(1)</script></div>",
    "text\n\n<script>\nalert(1)\n</script>\n\nmore",
    # event handlers via raw HTML
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<a href=# onclick=alert(1)>x</a>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<p/onmouseover=alert(1)>x",
    # event handlers via Markdown attribute tricks
    '[a](http://x.example "\\" onmouseover=alert(1) x=\\"")',
    "[a](http://x.example 'x\\' onmouseover=alert(1)')",
    '![x" onerror="alert(1)](http://x.example/a.png)',
    '![x](http://x.example/a.png" onerror="alert(1))',
    '[a](<http://x.example/" onmouseover="alert(1)>)',
    '```x" onclick="alert(1)\ncode\n```',
    # javascript: / data: / vbscript: in Markdown links, every spelling
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106;&#0000097;vascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](jav&#x0A;ascript:alert(1))",
    "[x](jav&#0;ascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java\x00script:alert(1))",
    "[x](java\u200bscript:alert(1))",
    "[x](java\u00adscript:alert(1))",
    "[x](java\x1bscript:alert(1))",
    "[x](<java\nscript:alert(1)>)",
    "[x](   javascript:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript%3Aalert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x](VbScRiPt:msgbox(1))",
    "[x](file:///etc/passwd)",
    # autolinks and reference-style links
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<vbscript:msgbox(1)>",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x][ref]\n\n[ref]: &#106;avascript:alert(1)",
    "[ref]\n\n[ref]: <javascript:alert(1)> 'title'",
    '[x][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD4= "t"',
    # images
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x][img]\n\n[img]: javascript:alert(1)",
    "[![x](javascript:alert(1))](javascript:alert(2))",
    # raw HTML links with hostile schemes
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    # SVG and MathML, mutation XSS
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<svg><animate attributeName=href values=javascript:alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<math><mtext><table><mglyph><style><!--</style>"
    '<img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    # broken and unclosed tags
    "<img src=x onerror=alert(1)",
    "<a href='javascript:alert(1)'",
    "<script>alert(1)",
    "<<img src=x onerror=alert(1)//<",
    '<img """><script>alert(1)</script>">',
    # dangerous elements
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<template><script>alert(1)</script></template>",
    # style attributes
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
    # comments and CDATA
    "<!--<script>alert(1)</script>-->",
    "<!-- --!><script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>",
    # protocol-relative and backslash variants
    "[x](//evil.example)",
    "[x](  //evil.example/path)",
    "[x](/\\evil.example)",
    "[x](\\\\evil.example)",
    "[x](\\/evil.example)",
    "[x](/%5Cevil.example)",
    "[x](<//evil.example>)",
    "[x][r]\n\n[r]: //evil.example",
    "![x](//evil.example/beacon.png)",
    "<//evil.example>",
    '<a href="//evil.example">x</a>',
    '<a href="/\\evil.example">x</a>',
]


def test_hostile_corpus_is_large_enough() -> None:
    assert len(HOSTILE) >= 60


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        "<svg><a>x</a></svg>",
        '<p onclick="x">a</p>',
        '<p style="color:red">a</p>',
        '<a href="jav&#x09;ascript:alert(1)" rel="nofollow noopener noreferrer">x</a>',
        '<a href=" //evil.example" rel="nofollow noopener noreferrer">x</a>',
        '<a href="/\\evil.example" rel="nofollow noopener noreferrer">x</a>',
        '<a href="/ok">no rel</a>',
        '<a href="/ok" class="wikilink-evil" rel="nofollow noopener noreferrer">x</a>',
        "<input>",
    ],
)
def test_checker_catches_unsafe_html(unsafe: str) -> None:
    # The corpus proves nothing if the checker is blind: feed it raw hostile HTML.
    with pytest.raises(AssertionError):
        assert_safe(unsafe)


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_is_neutralised(source: str) -> None:
    assert_safe(render_markdown(source))


@pytest.mark.parametrize("source", HOSTILE)
def test_sanitizer_alone_neutralises_hostile_html(source: str) -> None:
    # markdown-it already escapes raw HTML; the sanitizer must hold on its own too, in
    # case the renderer or its options ever change.
    assert_safe(markup._cleaner().clean(source))


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>hello",
        "<img src=x onerror=alert(1)>hello",
        "<iframe src=//evil.example></iframe>hello",
        "[hello](javascript:alert(1))",
    ],
)
def test_hostile_input_keeps_harmless_text(source: str) -> None:
    assert "hello" in text_of(render_markdown(source))


def test_raw_html_is_shown_escaped_not_eaten() -> None:
    out = render_markdown("<script>alert(1)</script>hello")
    assert text_of(out) == "<script>alert(1)</script>hello\n"


def test_protocol_relative_link_keeps_its_text_but_loses_its_href() -> None:
    links = links_of(render_markdown("[contact](//evil.example)"))
    assert len(links) == 1 and links[0].text == "contact" and "href" not in links[0].attrib
