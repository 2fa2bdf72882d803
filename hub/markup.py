"""User Markdown to safe HTML: the one place where the renderer and the sanitizer live.

Pipeline: strip control characters -> markdown-it (raw HTML escaped, never passed
through) -> bleach Cleaner with an explicit tag/attribute/protocol allow-list -> a link
policy (no protocol-relative hrefs, ``rel="nofollow noopener noreferrer"`` on every link,
bare http(s) URLs auto-linked).

Images are never emitted: ``![alt](url)`` renders as a plain link to ``url`` with the
alt text as its label. An external image is a beacon telling its host which official
read which page, and when, from which address; the CSP (``img-src 'self'``) would block
it anyway. Rendering a link keeps the author's intent visible without fetching anything.

Wiki links (``[[Page title]]``, ``[[path|label]]``, ``[[doc:12]]``, ``[[event:7]]``,
``[[topic:3]]``) are a markdown-it inline rule, so code spans and code blocks keep them as
written and ``\\[[`` escapes one. The caller resolves them: :func:`render_markdown` takes a
resolver that turns a :class:`WikiLink` into an :class:`InternalLink` (or ``None``: the label
is shown as plain text), and :func:`extract_wiki_links` lists them with the same parser,
for backlinks and for resolving every target of a page in one query before it is rendered.
Only a path on this site becomes a wiki link's href; whatever the resolver returns, the
sanitizer still applies. Wiki links keep the same ``rel`` as every other link: the pages are
behind sign-in, so ``nofollow`` costs nothing, and one policy for every ``<a>`` is simpler
to check.

Output is deterministic; callers store it (render on write) and never re-render on read.
The same parse gives the headings (level, id, text) for a table of contents, to be stored
beside the HTML, so that no reader has to take them back out of it.
"""

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.tasklists import tasklists_plugin

__all__ = [
    "Heading",
    "InternalLink",
    "LinkResolver",
    "WikiLink",
    "extract_wiki_links",
    "render_markdown",
]

LINK_REL = "nofollow noopener noreferrer"
WIKILINK_CLASS = "wikilink"
MISSING_WIKILINK_CLASS = "wikilink wikilink--missing"
#: Written into the stored HTML, so in the language the text is rendered in (outside a
#: request or forced locale: English).
MISSING_PAGE_TITLE = _l("This page has not been written yet")
MAX_WIKILINK_TARGET = 200
MAX_WIKILINK_LABEL = 200

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
# A wiki link's href must be a path on this site: one leading "/" not followed by another
# "/" or "\\" (another host), and nothing a browser would strip or reinterpret.
_HUB_PATH = re.compile(r"/(?![/\\])[^\x00-\x20\x7f\\\"'<>`]*")
# How far past "[[" to look for "]]": a target, "|" and a label, with room for spaces. Keeps
# an unclosed "[[" from scanning the rest of the paragraph.
_WIKILINK_SCAN = MAX_WIKILINK_TARGET + MAX_WIKILINK_LABEL + 100
# "doc:", "event:", "forum:" and "topic:" (lowercase, as documented) followed by an id
# without spaces.
# Anything else is a page title, so a page called "Event: Global Meeting 2019" still links as
# a page. Feature packages resolve their kinds (hub.features.Feature.link_targets).
_ID_LINK = re.compile(r"(doc|event|forum|topic):[ \t]*(\S+)")


@dataclass(frozen=True)
class WikiLink:
    """A ``[[...]]`` link as the author wrote it."""

    kind: str  # "page", "doc", "event", "forum" or "topic"
    target: str  # page: a title or path as written; the others: the id as written
    label: str | None  # the text after the first "|", or None


@dataclass(frozen=True)
class InternalLink:
    """Where a wiki link points, as decided by the caller's resolver."""

    href: str  # a URL-encoded path inside the hub, e.g. "/w/ai/wiki/topics/machine-learning"
    label: str  # shown when the author gave no label (e.g. the page's title)
    exists: bool = True  # False: a "create this page" link


LinkResolver = Callable[[WikiLink], InternalLink | None]


class Heading(NamedTuple):
    """A heading of rendered Markdown, for a table of contents (stored as JSON, it is a list)."""

    level: int  # 1 to 6
    anchor: str  # the heading's id in the HTML
    text: str  # what it shows, without markup


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    """Per-tag attribute allow-list; no ``style`` anywhere (strict CSP)."""
    if tag == "a":
        if name == "class":
            return value in {WIKILINK_CLASS, MISSING_WIKILINK_CLASS}
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


def _parse_wikilink(source: str) -> tuple[WikiLink, str] | None:
    """The link written between ``[[`` and ``]]`` and the text it shows as written, or None.

    The first "|" separates target and label (``[[a|b|c]]`` has the label "b|c"); an empty
    label means none. Brackets and line breaks are not allowed inside, so ``[[a [b] c]]`` and
    a link split over two lines stay literal text.
    """
    if "[" in source or "]" in source or "\n" in source:
        return None
    written_target, _, label = source.partition("|")
    written_target, label = written_target.strip(), label.strip()
    if not written_target or len(written_target) > MAX_WIKILINK_TARGET:
        return None
    if len(label) > MAX_WIKILINK_LABEL:
        return None
    kind, target = "page", written_target
    if match := _ID_LINK.fullmatch(written_target):
        kind, target = match.group(1), match.group(2)
    return WikiLink(kind, target, label or None), label or written_target


def _wikilink_scan_end(start: int, limit: int) -> int:
    """Where the search for the "]]" closing the "[[" at `start` stops: past room for a target,
    a "|" and a label, or at `limit`. The tests count the characters it lets a search cover."""
    return min(limit, start + 2 + _WIKILINK_SCAN + 2)


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: ``[[target|label]]`` -> wikilink_open, text (as written), wikilink_close.

    Runs before markdown-it's link rule. As with CommonMark's own links, the inner link
    wins: in ``[see [[x]]](/u)`` the wiki link is a link and the outer brackets are text.
    """
    start = state.pos
    if not state.src.startswith("[[", start):
        return False
    end = state.src.find("]]", start + 2, _wikilink_scan_end(start, state.posMax))
    if end < 0:
        return False
    parsed = _parse_wikilink(state.src[start + 2 : end])
    if parsed is None:
        return False
    if not silent:
        link, written = parsed
        state.push("wikilink_open", "a", 1).meta["link"] = link
        state.push("text", "", 0).content = written
        state.push("wikilink_close", "a", -1)
    state.pos = end + 2
    return True


def _resolve_wikilinks(state: StateCore) -> None:
    """Core rule: each wiki link becomes a link to a hub path, or its text alone.

    Runs before heading ids are made, so a heading's id follows the label it shows.
    """
    resolve: LinkResolver | None = state.env.get("resolve_link")
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = list(_resolved_children(block.children, resolve))


def _resolved_children(children: list[Token], resolve: LinkResolver | None) -> Iterator[Token]:
    tokens = iter(children)
    for token in tokens:
        if token.type != "wikilink_open":
            yield token
            continue
        text, close = next(tokens), next(tokens)
        link: WikiLink = token.meta["link"]
        target = resolve(link) if resolve is not None else None
        if target is None or not _HUB_PATH.fullmatch(target.href):
            yield text
            continue
        token.type, close.type = "link_open", "link_close"
        token.attrSet("href", target.href)
        if target.exists:
            token.attrSet("class", WIKILINK_CLASS)
        else:
            token.attrSet("class", MISSING_WIKILINK_CLASS)
            token.attrSet("title", str(MISSING_PAGE_TITLE))
        if link.label is None and target.label.strip():
            text.content = target.label.strip()
        yield from (token, text, close)


def _collect_headings(state: StateCore) -> None:
    """Core rule, after the anchors: each heading's level, id and text, when the caller asks."""
    headings: list[Heading] | None = state.env.get("headings")
    if headings is None:
        return
    tokens, renderer = state.tokens, state.md.renderer
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = renderer.renderInlineAsText(tokens[index + 1].children, state.md.options, {})
            headings.append(
                Heading(int(token.tag[1]), str(token.attrGet("id")), " ".join(text.split()))
            )


def _inline_where_wikilinks(state: StateCore) -> None:
    """Core rule for extraction: parse inline only where a wiki link can be (most prose can't)."""
    for token in state.tokens:
        if token.type == "inline" and "[[" in token.content:
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _base_markdown() -> MarkdownIt:
    """The parser shared by rendering and link extraction, so the two always agree."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    return md


def _build_extractor() -> MarkdownIt:
    md = _base_markdown()
    md.core.ruler.at("inline", _inline_where_wikilinks)
    # Rules that never consume a "[" cannot change where a wiki link starts or ends; without
    # them extraction takes about half the time. Code spans, escapes, links, images and
    # autolinks can swallow a "[[" and stay.
    md.disable(["emphasis", "strikethrough", "newline", "entity", "html_inline"])
    md.disable(["balance_pairs", "fragments_join", "text_join"])
    return md


def _build_markdown() -> MarkdownIt:
    md = _base_markdown()
    md.core.ruler.after("inline", "resolve_wikilinks", _resolve_wikilinks)
    md.use(tasklists_plugin, enabled=False)  # checkboxes are rendered disabled
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=_heading_slug)
    md.core.ruler.push("collect_headings", _collect_headings)
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
_EXTRACTOR = _build_extractor()
# bleach.Cleaner keeps parser state and is documented as not thread-safe: one per thread,
# built on first use in that thread.
_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    cleaner: bleach.Cleaner | None = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _build_cleaner()
    return cleaner


_cleaner()  # build the importing thread's cleaner now rather than on the first request


def _prepared(text: str, caller: str) -> str:
    """Line endings folded to \\n and control characters dropped, before any parsing."""
    if not isinstance(text, str):
        raise TypeError(f"{caller}() expects str, not {type(text).__name__}")
    return _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def render_markdown(
    text: str | None,
    resolve_link: LinkResolver | None = None,
    *,
    headings: list[Heading] | None = None,
) -> str:
    """Render user Markdown to sanitized HTML; ``None`` renders as ``""``.

    ``resolve_link`` turns each wiki link into an :class:`InternalLink`; without it, or when
    it returns None, the link's label (or target as written) is shown as plain text. A
    ``headings`` list receives the :class:`Heading` of each heading, in order; their ids
    are those of the HTML (the sanitizer keeps heading ids as they are).
    """
    if text is None:
        return ""
    text = _prepared(text, "render_markdown")
    if not text.strip():
        return ""
    env = {"resolve_link": resolve_link, "headings": headings}
    return _cleaner().clean(_MARKDOWN.render(text, env))


def extract_wiki_links(text: str) -> list[WikiLink]:
    """Every wiki link in the Markdown, in order, parsed exactly as the renderer parses it.

    Links in code and in an image's alt text (which renders as text, not a link) are left
    out.
    """
    text = _prepared(text, "extract_wiki_links")
    if "[[" not in text:
        return []
    return [
        child.meta["link"]
        for token in _EXTRACTOR.parse(text)
        if token.type == "inline" and token.children
        for child in token.children
        if child.type == "wikilink_open"
    ]
