"""hub.markup: Markdown features, and a hostile corpus checked the way a browser parses it."""

import re
import threading
import time
import xml.etree.ElementTree as ET  # noqa: S405 - only walks html5lib's tree of our own output

import html5lib
import pytest

from hub import markup
from hub.markup import ALLOWED_TAGS, LINK_REL, Heading, render_markdown

pytestmark = pytest.mark.backend_independent

FORBIDDEN_ELEMENTS = {
    "script", "iframe", "object", "embed", "form", "base", "meta", "link", "style",
    "svg", "math", "noscript", "template", "img", "frame", "frameset", "applet",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "background", "data", "srcset"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")
WIKILINK_CLASSES = {None, "wikilink", "wikilink wikilink--missing"}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:")
# What a browser ignores inside a URL, plus zero-width and other invisible characters a
# hostile author might hide in a scheme.
_URL_NOISE = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")


def _local(name: str) -> str:
    """html5lib names foreign (SVG/MathML) elements and attributes "{namespace}local"."""
    return name.rsplit("}", 1)[-1].lower()


def _parse(output: str) -> ET.Element:
    return html5lib.parseFragment(output, treebuilder="etree", namespaceHTMLElements=False)


def elements_of(output: str) -> list[ET.Element]:
    return [el for el in _parse(output).iter() if isinstance(el.tag, str)][1:]


def text_of(output: str) -> str:
    return "".join(_parse(output).itertext())


def assert_safe(output: str) -> None:
    """Parse like a browser and check every element and attribute against the policy."""
    for el in elements_of(output):
        tag = _local(el.tag)
        assert "}" not in el.tag, f"foreign-namespace element {el.tag!r} in {output!r}"
        assert tag not in FORBIDDEN_ELEMENTS, f"<{tag}> in {output!r}"
        assert tag in ALLOWED_TAGS, f"<{tag}> not in the allow-list: {output!r}"
        for raw_name, value in el.attrib.items():
            name = _local(raw_name)
            assert not name.startswith("on"), f"event handler {name!r} in {output!r}"
            assert name != "style", f"style attribute in {output!r}"
            if name in URL_ATTRIBUTES:
                _assert_safe_url(value, output)
        if tag == "a":
            assert el.get("rel") == LINK_REL, f"<a> without rel in {output!r}"
            assert el.get("class") in WIKILINK_CLASSES, f"<a> with a class in {output!r}"
        if tag == "input":
            assert el.get("type") == "checkbox" and "disabled" in el.attrib, output


def _assert_safe_url(value: str, output: str) -> None:
    url = _URL_NOISE.sub("", value).lower()
    assert not url.startswith(("//", "\\\\", "/\\", "\\/")), f"off-site {value!r} in {output!r}"
    if url.startswith(("/", "#", "?")) or not _SCHEME.match(url):
        return
    assert url.startswith(SAFE_SCHEMES), f"unsafe URL {value!r} in {output!r}"


def links_of(output: str) -> list[ET.Element]:
    return [el for el in elements_of(output) if el.tag == "a"]


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


def test_large_page_renders_quickly() -> None:
    words = "officers reviewed the case file and **noted** the `exhibit` in [annex](/w/a)".split()
    page = "\n\n".join(
        f"## Part {i}\n\n" + " ".join(words[j % len(words)] for j in range(250)) for i in range(20)
    )
    render_markdown(page)
    start = time.perf_counter()
    render_markdown(page)
    # Typically ~50 ms; the bound only catches gross regressions on a busy CI machine.
    assert time.perf_counter() - start < 1.0


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
