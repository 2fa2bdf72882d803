"""User Markdown to safe HTML: the one place where the renderer and the sanitizer live.

Pipeline: strip control characters -> markdown-it (raw HTML escaped, never passed
through) -> bleach Cleaner with an explicit tag/attribute/protocol allow-list -> a link
policy (no protocol-relative hrefs, ``rel="nofollow noopener noreferrer"`` on every link,
bare http(s) URLs auto-linked).

Images are never emitted: ``![alt](url)`` renders as a plain link to ``url`` with the
alt text as its label. An external image is a beacon telling its host which official
read which page, and when, from which address; the CSP (``img-src 'self'``) would block
it anyway. Rendering a link keeps the author's intent visible without fetching anything.

Output is deterministic; callers store it (render on write) and never re-render on read.
"""

import re
import threading
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

import bleach
import html5lib
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.tasklists import tasklists_plugin

__all__ = ["extract_headings", "render_markdown"]

LINK_REL = "nofollow noopener noreferrer"

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a",
        "table", "thead", "tbody", "tr", "th", "td",
        "input",
    }
)  # fmt: skip
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LANGUAGE_CLASS = re.compile(r"language-[a-z0-9+#-]+")
_TASK_CLASSES = {
    "ul": {"contains-task-list"},
    "ol": {"contains-task-list"},
    "li": {"task-list-item"},
    "input": {"task-list-item-checkbox"},
}
_ALIGNMENTS = frozenset({"left", "center", "right"})

# C0/C1 controls except \t and \n (\r is folded into \n first), plus lone surrogates,
# which cannot be encoded to UTF-8 when the result is stored or served.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Browsers drop these anywhere in a URL, and leading/trailing C0 controls and spaces,
# before deciding whether "//host" or "/\host" means another origin.
_URL_IGNORED = re.compile("[\t\n\r]")
_URL_TRIMMED = "".join(chr(c) for c in range(0x21))
# Only explicit http(s) URLs are auto-linked: bleach's default regex would also turn
# "setup.py" or "notes.md" into links to strangers' domains.
_BARE_URL = re.compile(r"\(*\bhttps?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    """Per-tag attribute allow-list; no ``style`` anywhere (strict CSP)."""
    if tag == "a":
        return name in {"href", "title"}
    if tag in _HEADINGS:
        return name == "id"
    if tag in {"th", "td"}:
        return name == "align" and value in _ALIGNMENTS
    if tag == "code":
        return name == "class" and _LANGUAGE_CLASS.fullmatch(value) is not None
    if tag == "ol" and name == "start":
        return value.isascii() and value.isdigit()
    if tag == "input":
        if name == "type":
            return value == "checkbox"
        if name in {"disabled", "checked"}:
            return True
    return name == "class" and value in _TASK_CLASSES.get(tag, ())


def _link_policy(attrs: dict[Any, str], is_new: bool) -> dict[Any, str]:
    """bleach linkify callback: drop off-site protocol-relative hrefs, set rel on every link."""
    href_key = (None, "href")
    href = attrs.get(href_key)
    if href is not None:
        normalized = _URL_IGNORED.sub("", href).strip(_URL_TRIMMED)
        if normalized[:2] in {"//", "/\\", "\\/", "\\\\"}:
            del attrs[href_key]
    attrs[(None, "rel")] = LINK_REL
    return attrs


class _CheckboxOnlyFilter(Filter):
    """Drop any <input> that is not a checkbox and force ``disabled`` on the rest.

    Task lists are the only legitimate source of <input>; attribute allow-lists alone
    would leave a type-less (text) input behind if one ever reached the sanitizer.
    """

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in super().__iter__():
            if token.get("name") == "input" and token["type"] in {"StartTag", "EmptyTag"}:
                attrs = token["data"]
                if attrs.get((None, "type")) != "checkbox":
                    continue
                attrs[(None, "disabled")] = "disabled"
            yield token


def _heading_slug(title: str) -> str:
    """GitHub-style slug; a heading with no word characters still gets a usable id."""
    return slugify(title.strip()) or "section"


def _style_free_output(state: StateCore) -> None:
    """Core rule: table alignment as ``align`` (not ``style``); lowercase fence languages."""
    for token in state.tokens:
        if token.type in {"th_open", "td_open"}:
            style = token.attrGet("style")
            token.attrs.pop("style", None)
            if isinstance(style, str) and style.startswith("text-align:"):
                token.attrSet("align", style.removeprefix("text-align:"))
        elif token.type == "fence":
            token.info = token.info.lower()


def _render_image_as_link(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    """Render ``![alt](src "title")`` as a link (see module docstring); text only inside a link."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    label = self.renderInlineAsText(token.children or [], options, env) or src
    depth = sum(
        1 if t.type == "link_open" else -1
        for t in tokens[:idx]
        if t.type in {"link_open", "link_close"}
    )
    if depth > 0:  # nested <a> would be re-parented by the browser; keep the text only
        return escapeHtml(label)
    title = token.attrGet("title")
    title_attr = f' title="{escapeHtml(str(title))}"' if title else ""
    return f'<a href="{escapeHtml(src)}"{title_attr}>{escapeHtml(label)}</a>'


def _build_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.use(tasklists_plugin, enabled=False)  # checkboxes are rendered disabled
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=_heading_slug)
    md.core.ruler.push("style_free_output", _style_free_output)
    md.add_render_rule("image", _render_image_as_link)
    return md


def _build_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=_allow_attribute,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            _CheckboxOnlyFilter,
            partial(
                LinkifyFilter,
                callbacks=[_link_policy],
                skip_tags={"pre", "code"},
                parse_email=False,
                url_re=_BARE_URL,
            ),
        ],
    )


_MARKDOWN = _build_markdown()
# bleach.Cleaner keeps parser state and is documented as not thread-safe: one per thread,
# built on first use in that thread.
_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    cleaner: bleach.Cleaner | None = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _build_cleaner()
    return cleaner


_cleaner()  # build the importing thread's cleaner now rather than on the first request


def render_markdown(text: str | None) -> str:
    """Render user Markdown to sanitized HTML; ``None`` renders as ``""``."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise TypeError(f"render_markdown() expects str, not {type(text).__name__}")
    text = _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return ""
    return _cleaner().clean(_MARKDOWN.render(text))


def extract_headings(html: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of each heading with an id in rendered HTML, for a table of contents."""
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return [
        (int(el.tag[1]), el.get("id"), "".join(el.itertext()).strip())
        for el in root.iter()
        if el.tag in _HEADINGS and el.get("id")
    ]
