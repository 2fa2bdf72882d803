"""Reading rendered Markdown as a browser does, and checking it against the sanitiser's policy."""

import re
import sys
import xml.etree.ElementTree as ET  # noqa: S405 - only walks html5lib's tree of our own output
from collections.abc import Callable

import html5lib

from hub.markup import ALLOWED_TAGS, LINK_REL

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


def work_of(function: Callable[..., object], *args: object) -> int:
    """The Python function calls `function(*args)` makes: a measure of work that, unlike
    seconds, does not change with the machine or its load."""
    calls = 0

    def count(_frame, event: str, _arg) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    previous = sys.getprofile()
    sys.setprofile(count)
    try:
        function(*args)
    finally:
        sys.setprofile(previous)
    return calls
