"""What a page's stored headings and HTML say about it, read without parsing Markdown: its
table of contents, nested by level, and a line saying what it is about."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: The longest summary line, in characters.
SUMMARY_LENGTH = 160
#: How much of a page's HTML is read to find its first sentence.
SUMMARY_SOURCE_LENGTH = 2_000
# A sentence ends at . ! or ? before a capital, a digit, an opening quote or the end ("e.g.
# the" does not end one).
_SENTENCE = re.compile(r"(.+?[.!?])(?=\s+[A-Z0-9“\"‘(]|$)")


@dataclass
class TocEntry:
    anchor: str
    text: str
    children: list["TocEntry"] = field(default_factory=list)


def table_of_contents(headings: Iterable[Sequence]) -> list[TocEntry]:
    """The stored headings ([level, anchor, text], in order) nested by level: each heading
    goes under the nearest heading before it of a higher rank, so an h3 right after an h1
    sits under that h1, and an h3 before any h2 starts the list."""
    roots: list[TocEntry] = []
    open_entries: list[tuple[int, TocEntry]] = []
    for level, anchor, text in headings:
        entry = TocEntry(anchor, text)
        while open_entries and open_entries[-1][0] >= level:
            open_entries.pop()
        (open_entries[-1][1].children if open_entries else roots).append(entry)
        open_entries.append((level, entry))
    return roots


class _FirstParagraph(HTMLParser):
    """Collects the text of the first <p> of stored (sanitised) HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "p" and not self.done:
            self.inside = True

    def handle_endtag(self, tag) -> None:
        if tag == "p" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data) -> None:
        if self.inside:
            self.parts.append(data)


def summary_line(html: str | None) -> str:
    """A line saying what a page is about: the first sentence of the first paragraph of its
    stored HTML, or as much of that paragraph as fits SUMMARY_LENGTH. Only the first
    SUMMARY_SOURCE_LENGTH characters are read (they may end in the middle of a tag).
    Pages keep theirs (Page.summary_line), written with their current revision's HTML."""
    if not html:
        return ""
    cut = html[:SUMMARY_SOURCE_LENGTH]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    parser = _FirstParagraph()
    parser.feed(cut)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    sentence = _SENTENCE.match(text)
    if sentence and len(sentence.group(1)) <= SUMMARY_LENGTH:
        return sentence.group(1)
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
