"""Comparing and merging page texts: word-level diffs for history, three-way merges for conflicts.

Pure Python on top of difflib; no Flask, no database.

``compare(old, new)`` diffs lines first; then, only inside blocks of changed lines, words
(tokens: words, runs of whitespace, single punctuation characters), each changed paragraph
against its counterpart where the block's paragraphs line up. Diffing a whole 5,000-word page
token by token would be slow, and blocks of changed lines are usually a paragraph or two. A
paragraph that was rewritten rather than edited is shown whole. The result renders inline or
side by side through ``wiki/templates/wiki/_diff.html``; every piece of page text in it is
escaped here, so the template marks nothing safe itself.

``merge(base, mine, theirs)`` is a diff3-style merge over paragraphs: edits to different
paragraphs combine, different edits to the same paragraph are a conflict.

Both use ``_opcodes``: difflib's SequenceMatcher on small sequences; on larger ones, anchors
on items that occur once on each side (as in patience diff) first cut the work into small
pieces. SequenceMatcher slows down badly on items that recur (spaces, "the", blank lines), and
this keeps even a 512 KB single-line body within bounded time; what cannot be cut up is shown
as one replaced block. One compare() also has a budget for its word-level work as a whole:
once a text crafted to be slow has spent it, its remaining changed paragraphs are shown whole.
"""

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Literal

from markupsafe import Markup, escape

__all__ = [
    "Diff",
    "DiffStats",
    "InlineBlock",
    "MergeConflict",
    "MergeResult",
    "SideBySideRow",
    "compare",
    "merge",
]

# A word, a run of whitespace other than a newline, a newline, or one other character.
_TOKEN = re.compile(r"\w+|[^\S\n]+|\n|[^\w\s]")
_WORD = re.compile(r"\w+")
# Where a Markdown block starts even without a blank line before it: heading, list item, table row.
_BLOCK_START = re.compile(r" {0,3}(?:#{1,6}(?:\s|$)|[-*+]\s|\d{1,9}[.)]\s|\|)")
_HEADING_LINE = re.compile(r" {0,3}#{1,6}(?:\s|$)")

# Above this many item pairs, cut the work up with anchors before SequenceMatcher runs.
# Measured on 5,000-word pages: quicker than letting SequenceMatcher do it all, and as good.
_SEQUENCE_MATCHER_BUDGET = 10_000
# Where no anchors can be found, SequenceMatcher still runs up to this many item pairs (on
# sequences of a few recurring items it takes about 10 ms there); above, one replaced block.
_SEQUENCE_MATCHER_LIMIT = 40_000
# What one compare() may spend on word-level diffs, in SequenceMatcher item pairs: enough for
# every paragraph of a maximal 512 KB page to be edited (about 4 million), so only crafted
# texts of recurring words reach it. Past it, changed paragraphs are shown whole: a diff then
# takes about a second at most instead of many.
_WORD_DIFF_BUDGET = 6_000_000
# Changed lines keeping less than this of their wording were rewritten: shown whole, not by word.
_MIN_KEPT_SHARE = 0.5
_MIN_WORDS_TO_JUDGE = 10
# Each anchoring level is linear; past this depth, what is left counts as one replaced block.
_MAX_ANCHOR_DEPTH = 8

Opcode = tuple[str, int, int, int, int]  # (tag, i1, i2, j1, j2), as difflib's get_opcodes()
SegmentKind = Literal["equal", "del", "ins"]
Segment = tuple[SegmentKind, str]
Line = list[Segment]
_OPENING_TAG = {"del": Markup('<del class="diff-del">'), "ins": Markup('<ins class="diff-ins">')}
_CLOSING_TAG = {"del": Markup("</del>"), "ins": Markup("</ins>")}


# ---------------------------------------------------------------------------------------------
# Public results


@dataclass(frozen=True)
class DiffStats:
    words_added: int
    words_removed: int


@dataclass(frozen=True)
class InlineBlock:
    """Part of the one-column view: unchanged lines, changed lines, or a collapsed gap."""

    kind: Literal["context", "change", "gap"]
    lines: tuple[Markup, ...] = ()
    skipped_lines: int = 0  # for a gap: how many unchanged lines it stands for

    @property
    def html(self) -> Markup:
        return Markup("\n").join(self.lines)


@dataclass(frozen=True)
class SideBySideRow:
    """One row of the two-column view. ``old``/``new`` is None where that side has no line."""

    kind: Literal["context", "change", "gap"]
    old: Markup | None = None
    new: Markup | None = None
    skipped_lines: int = 0  # for a gap: how many unchanged lines it stands for


@dataclass(frozen=True)
class Diff:
    inline_blocks: tuple[InlineBlock, ...]
    side_by_side_rows: tuple[SideBySideRow, ...]
    stats: DiffStats
    is_empty: bool  # the texts are the same (line endings aside)


@dataclass(frozen=True)
class MergeConflict:
    """Paragraphs both sides changed differently: the base text and each side's version."""

    base: str
    mine: str
    theirs: str


@dataclass(frozen=True)
class MergeResult:
    text: str | None  # the merged text; None when conflicted
    conflicts: tuple[MergeConflict, ...]

    @property
    def conflicted(self) -> bool:
        return bool(self.conflicts)


# ---------------------------------------------------------------------------------------------
# Sequence diffing shared by compare() and merge()


class _OpcodeList:
    """Opcodes appended in order; neighbours of the same kind are joined, as difflib would."""

    def __init__(self) -> None:
        self.opcodes: list[Opcode] = []

    def add(self, changed: bool, i1: int, i2: int, j1: int, j2: int) -> None:
        if i1 == i2 and j1 == j2:
            return
        if self.opcodes:
            last_tag, last_i1, _, last_j1, _ = self.opcodes[-1]
            if (last_tag != "equal") == changed:
                i1, j1 = last_i1, last_j1
                self.opcodes.pop()
        self.opcodes.append((_tag(changed, i1, i2, j1, j2), i1, i2, j1, j2))


def _tag(changed: bool, i1: int, i2: int, j1: int, j2: int) -> str:
    if not changed:
        return "equal"
    if i1 == i2:
        return "insert"
    return "delete" if j1 == j2 else "replace"


class _WorkBudget:
    """SequenceMatcher item pairs that may still be spent."""

    def __init__(self, pairs: int) -> None:
        self.pairs_left = pairs

    @property
    def spent(self) -> bool:
        return self.pairs_left <= 0


def _opcodes(
    a: Sequence[str],
    b: Sequence[str],
    is_junk: Callable[[str], bool] | None = None,
    budget: _WorkBudget | None = None,
) -> list[Opcode]:
    """difflib-style opcodes turning ``a`` into ``b``. ``is_junk`` items never start a match
    (difflib's isjunk): for items so common that matching them would be slow. The work done
    is charged to ``budget``, if given."""
    return _SequenceDiff(a, b, is_junk, budget).opcodes()


class _SequenceDiff:
    def __init__(
        self,
        a: Sequence[str],
        b: Sequence[str],
        is_junk: Callable[[str], bool] | None,
        budget: _WorkBudget | None,
    ) -> None:
        self.a, self.b, self.is_junk, self.budget = a, b, is_junk, budget
        self.result = _OpcodeList()

    def opcodes(self) -> list[Opcode]:
        self._diff(0, len(self.a), 0, len(self.b), depth=0)
        return self.result.opcodes

    def _diff(self, alo: int, ahi: int, blo: int, bhi: int, depth: int) -> None:
        if _small(alo, ahi, blo, bhi):
            self._match(alo, ahi, blo, bhi)
            return
        # Too big for SequenceMatcher: trim what is the same at both ends, then anchor.
        a, b = self.a, self.b
        prefix = 0
        while alo + prefix < ahi and blo + prefix < bhi and a[alo + prefix] == b[blo + prefix]:
            prefix += 1
        self.result.add(False, alo, alo + prefix, blo, blo + prefix)
        alo, blo = alo + prefix, blo + prefix
        suffix = 0
        while (
            alo < ahi - suffix and blo < bhi - suffix and a[ahi - suffix - 1] == b[bhi - suffix - 1]
        ):
            suffix += 1
        self._anchor(alo, ahi - suffix, blo, bhi - suffix, depth)
        self.result.add(False, ahi - suffix, ahi, bhi - suffix, bhi)

    def _anchor(self, alo: int, ahi: int, blo: int, bhi: int, depth: int) -> None:
        if _small(alo, ahi, blo, bhi):
            self._match(alo, ahi, blo, bhi)
            return
        anchors = []
        if depth < _MAX_ANCHOR_DEPTH:
            anchors = _unique_anchors(self.a, self.b, alo, ahi, blo, bhi)
        if not anchors:
            if (ahi - alo) * (bhi - blo) <= _SEQUENCE_MATCHER_LIMIT:
                self._match(alo, ahi, blo, bhi)
            else:
                self.result.add(True, alo, ahi, blo, bhi)
            return
        for i, j in anchors:
            self._diff(alo, i, blo, j, depth + 1)
            self.result.add(False, i, i + 1, j, j + 1)
            alo, blo = i + 1, j + 1
        self._diff(alo, ahi, blo, bhi, depth + 1)

    def _match(self, alo: int, ahi: int, blo: int, bhi: int) -> None:
        # Quick answers for what anchoring leaves most: nothing, or the same on both sides.
        if alo == ahi or blo == bhi or self.a[alo:ahi] == self.b[blo:bhi]:
            changed = alo == ahi or blo == bhi
            self.result.add(changed, alo, ahi, blo, bhi)
            return
        if self.budget is not None:
            self.budget.pairs_left -= (ahi - alo) * (bhi - blo)
        matcher = SequenceMatcher(self.is_junk, self.a[alo:ahi], self.b[blo:bhi], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            self.result.add(tag != "equal", alo + i1, alo + i2, blo + j1, blo + j2)


def _small(alo: int, ahi: int, blo: int, bhi: int) -> bool:
    return (ahi - alo) * (bhi - blo) <= _SEQUENCE_MATCHER_BUDGET


def _unique_anchors(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Items found exactly once on each side, the longest run of them in the same order."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_in_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1 and count_a[b[j]] == 1}
    pairs = [(i, where_in_b[a[i]]) for i in range(alo, ahi) if a[i] in where_in_b]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs, i already increasing, whose j also increase."""
    tails: list[int] = []  # tails[k]: smallest j ending an increasing run of length k + 1
    tail_index: list[int] = []  # the pair index behind each tail
    previous: list[int] = []  # for each pair, the pair before it in its best run
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[length] = j
            tail_index[length] = index
        previous.append(tail_index[length - 1] if length else -1)
    run: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    run.reverse()
    return run


# ---------------------------------------------------------------------------------------------
# compare()


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str) -> list[str]:
    """The text's lines; a final newline does not start another line."""
    text = _normalise_newlines(text)
    if not text:
        return []
    return text.removesuffix("\n").split("\n")


def _count_words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass
class _Unchanged:
    lines: list[str]


@dataclass
class _Change:
    """A block of changed lines, word-marked for each view, and its word counts."""

    old_lines: list[Line]
    new_lines: list[Line]
    inline_lines: list[Line]
    words_added: int
    words_removed: int

    def followed_by(self, other: "_Change") -> "_Change":
        return _Change(
            old_lines=self.old_lines + other.old_lines,
            new_lines=self.new_lines + other.new_lines,
            inline_lines=self.inline_lines + other.inline_lines,
            words_added=self.words_added + other.words_added,
            words_removed=self.words_removed + other.words_removed,
        )


_Hunk = _Unchanged | _Change


def _is_blank(line: str) -> bool:
    return not line.strip()


def _append_hunk(hunks: list[_Hunk], hunk: _Hunk) -> None:
    last = hunks[-1] if hunks else None
    if isinstance(last, _Unchanged) and isinstance(hunk, _Unchanged):
        hunks[-1] = _Unchanged(last.lines + hunk.lines)
    elif isinstance(last, _Change) and isinstance(hunk, _Change):
        hunks[-1] = last.followed_by(hunk)
    else:
        hunks.append(hunk)


def _line_hunks(old_lines: list[str], new_lines: list[str]) -> list[_Hunk]:
    """Level one: lines. Blank lines are junk here (they join the unchanged text around them
    but never anchor a match): a page has many, and SequenceMatcher slows down badly on items
    that common."""
    hunks: list[_Hunk] = []
    budget = _WorkBudget(_WORD_DIFF_BUDGET)
    for tag, i1, i2, j1, j2 in _opcodes(old_lines, new_lines, is_junk=_is_blank):
        old_part, new_part = old_lines[i1:i2], new_lines[j1:j2]
        if tag == "equal":
            _append_hunk(hunks, _Unchanged(old_part))
        elif tag == "replace":
            for hunk in _paragraph_hunks(old_part, new_part, budget):
                _append_hunk(hunks, hunk)
        else:
            _append_hunk(hunks, _whole_lines_change(old_part, new_part))
    return hunks


def _runs(lines: list[str]) -> list[list[str]]:
    """Lines grouped into paragraphs and runs of blank lines."""
    runs: list[list[str]] = []
    for line in lines:
        if runs and _is_blank(runs[-1][0]) == _is_blank(line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _paragraph_hunks(
    old_lines: list[str], new_lines: list[str], budget: _WorkBudget
) -> list[_Hunk]:
    """Level two, inside a block of changed lines: when both sides have their paragraphs and
    blank lines in the same order (each paragraph edited in place), compare each paragraph
    with its counterpart, which is quicker and reads better than one big block."""
    old_runs, new_runs = _runs(old_lines), _runs(new_lines)
    same_shape = len(old_runs) == len(new_runs) and all(
        _is_blank(old[0]) == _is_blank(new[0]) for old, new in zip(old_runs, new_runs, strict=True)
    )
    if not same_shape:
        return [_change(old_lines, new_lines, budget)]
    return [
        _Unchanged(old) if old == new else _change(old, new, budget)
        for old, new in zip(old_runs, new_runs, strict=True)
    ]


def _whole_lines(lines: list[str], kind: SegmentKind) -> list[Line]:
    return [[(kind, line)] if line else [] for line in lines]


def _whole_lines_change(old_lines: list[str], new_lines: list[str]) -> _Change:
    """Lines deleted and lines inserted, with no words marked inside them."""
    deleted = _whole_lines(old_lines, "del")
    inserted = _whole_lines(new_lines, "ins")
    return _Change(
        old_lines=deleted,
        new_lines=inserted,
        inline_lines=deleted + inserted,
        words_added=sum(_count_words(line) for line in new_lines),
        words_removed=sum(_count_words(line) for line in old_lines),
    )


def _kept_share(old_text: str, new_text: str) -> float:
    """How much of the shorter side's wording survives in the other: the share of its word
    pairs ("of the", "the risk") found on the other side too. Pairs, not single words, because
    a rewrite on the same subject keeps many single words but few pairs. Texts too short to
    judge count as kept: they are quick to compare, and a short line with one word changed
    reads best word by word."""
    old_words, new_words = _WORD.findall(old_text), _WORD.findall(new_text)
    shorter = min(len(old_words), len(new_words))
    if shorter < _MIN_WORDS_TO_JUDGE:
        return 1.0
    old_pairs = Counter(pairwise(old_words))
    new_pairs = Counter(pairwise(new_words))
    return (old_pairs & new_pairs).total() / (shorter - 1)


def _change(old_lines: list[str], new_lines: list[str], budget: _WorkBudget) -> _Change:
    """Lines changed into others: word by word, unless they were rewritten or the diff's
    budget is spent. Marking the few words a rewrite happens to share would be noise, and
    slow to compute."""
    old_text, new_text = "\n".join(old_lines), "\n".join(new_lines)
    if budget.spent or _kept_share(old_text, new_text) < _MIN_KEPT_SHARE:
        return _whole_lines_change(old_lines, new_lines)
    return _word_change(_TOKEN.findall(old_text), _TOKEN.findall(new_text), budget)


def _word_change(old_tokens: list[str], new_tokens: list[str], budget: _WorkBudget) -> _Change:
    """Diff a block of changed lines word by word."""
    old_side: list[Segment] = []
    new_side: list[Segment] = []
    inline: list[Segment] = []
    words_added = words_removed = 0
    opcodes = _opcodes(old_tokens, new_tokens, budget=budget)
    for tag, i1, i2, j1, j2 in _absorb_lone_spaces(opcodes, old_tokens):
        old_text = "".join(old_tokens[i1:i2])
        new_text = "".join(new_tokens[j1:j2])
        if tag == "equal":
            old_side.append(("equal", old_text))
            new_side.append(("equal", new_text))
            inline.append(("equal", new_text))
            continue
        words_added += _count_words(new_text)
        words_removed += _count_words(old_text)
        old_side.append(("del", old_text))
        new_side.append(("ins", new_text))
        inline.extend([("del", old_text), ("ins", new_text)])
    return _Change(
        old_lines=_split_lines(old_side),
        new_lines=_split_lines(new_side),
        inline_lines=_split_lines(inline),
        words_added=words_added,
        words_removed=words_removed,
    )


def _absorb_lone_spaces(opcodes: list[Opcode], old_tokens: list[str]) -> list[Opcode]:
    """Fold a lone space between two changes into them: "<del>a b</del><ins>c d</ins>" reads
    better than "<del>a</del><ins>c</ins> <del>b</del><ins>d</ins>"."""
    result: list[Opcode] = []
    for position, opcode in enumerate(opcodes):
        tag, i1, i2, j1, j2 = opcode
        lone_space = (
            tag == "equal"
            and 0 < position < len(opcodes) - 1
            and i2 - i1 == 1
            and old_tokens[i1].isspace()
            and "\n" not in old_tokens[i1]
        )
        if result and (lone_space or tag != "equal") and result[-1][0] != "equal":
            _, start_i, _, start_j, _ = result.pop()
            result.append(("replace", start_i, i2, start_j, j2))
        else:
            result.append(opcode)
    return result


def _split_lines(segments: list[Segment]) -> list[Line]:
    lines: list[Line] = [[]]
    for kind, text in segments:
        first, *rest = text.split("\n")
        if first:
            lines[-1].append((kind, first))
        for piece in rest:
            lines.append([(kind, piece)] if piece else [])
    return lines


def _render_line(line: Line) -> Markup:
    parts: list[Markup] = []
    for kind, text in line:
        if kind == "equal":
            parts.append(escape(text))
        else:
            parts.extend((_OPENING_TAG[kind], escape(text), _CLOSING_TAG[kind]))
    return Markup("").join(parts)


def _render_lines(lines: list[Line]) -> tuple[Markup, ...]:
    return tuple(_render_line(line) for line in lines)


def _context_parts(
    lines: list[str], is_first: bool, is_last: bool, context_lines: int
) -> tuple[list[str], int, list[str]]:
    """Split a run of unchanged lines into (shown before the gap, gap size, shown after it).

    Keep ``context_lines`` next to each change; collapse the rest, unless that would hide a
    single line (the marker would take as much room as the line)."""
    keep_head = 0 if is_first else context_lines
    keep_tail = 0 if is_last else context_lines
    hidden = len(lines) - keep_head - keep_tail
    if hidden < 2:
        return lines, 0, []
    return lines[:keep_head], hidden, lines[len(lines) - keep_tail :]


def compare(old: str, new: str, context_lines: int = 3) -> Diff:
    """Compare two page texts: what changed, ready to render inline or side by side.

    Runs of unchanged lines longer than twice ``context_lines`` are collapsed to a gap."""
    hunks = _line_hunks(_lines(old), _lines(new))
    inline_blocks: list[InlineBlock] = []
    rows: list[SideBySideRow] = []
    for position, hunk in enumerate(hunks):
        if isinstance(hunk, _Unchanged):
            is_first, is_last = position == 0, position == len(hunks) - 1
            head, hidden, tail = _context_parts(hunk.lines, is_first, is_last, context_lines)
            _add_context(inline_blocks, rows, head, hidden, tail)
        else:
            _add_change(inline_blocks, rows, hunk)
    changes = [hunk for hunk in hunks if isinstance(hunk, _Change)]
    return Diff(
        inline_blocks=tuple(inline_blocks),
        side_by_side_rows=tuple(rows),
        stats=DiffStats(
            words_added=sum(change.words_added for change in changes),
            words_removed=sum(change.words_removed for change in changes),
        ),
        is_empty=not changes,
    )


def _add_context(
    inline_blocks: list[InlineBlock],
    rows: list[SideBySideRow],
    head: list[str],
    hidden: int,
    tail: list[str],
) -> None:
    for lines in (head, None, tail):
        if lines is None:
            if hidden:
                inline_blocks.append(InlineBlock("gap", skipped_lines=hidden))
                rows.append(SideBySideRow("gap", skipped_lines=hidden))
        elif lines:
            rendered = tuple(escape(line) for line in lines)
            inline_blocks.append(InlineBlock("context", rendered))
            rows.extend(SideBySideRow("context", line, line) for line in rendered)


def _add_change(
    inline_blocks: list[InlineBlock], rows: list[SideBySideRow], change: _Change
) -> None:
    inline_blocks.append(InlineBlock("change", _render_lines(change.inline_lines)))
    old, new = _render_lines(change.old_lines), _render_lines(change.new_lines)
    for index in range(max(len(old), len(new))):
        rows.append(
            SideBySideRow(
                "change",
                old[index] if index < len(old) else None,
                new[index] if index < len(new) else None,
            )
        )


# ---------------------------------------------------------------------------------------------
# merge()


def _paragraphs(text: str) -> list[str]:
    """Cut a text (ending in a newline) into the units merge() works on, each with its newlines.

    A paragraph runs until a blank line; a blank line, a heading, a list item and a table row
    each start a unit of their own. So two people editing different items of one list do not
    clash, but two editing different lines of one paragraph do."""
    units: list[list[str]] = []
    unit_closed = True  # a blank line or a heading was the last line: start a new unit
    for content in text.split("\n")[:-1]:
        line = content + "\n"
        blank = not line.strip()
        if blank or unit_closed or _BLOCK_START.match(line):
            units.append([line])
        else:
            units[-1].append(line)
        unit_closed = blank or bool(_HEADING_LINE.match(line))
    return ["".join(unit) for unit in units]


@dataclass(frozen=True)
class _Edit:
    """One side's change: base units [start, end) become ``units``."""

    start: int
    end: int
    units: tuple[str, ...]
    side: Literal["mine", "theirs"]


def _edits(base: list[str], other: list[str], side: Literal["mine", "theirs"]) -> list[_Edit]:
    return [
        _Edit(i1, i2, tuple(other[j1:j2]), side)
        for tag, i1, i2, j1, j2 in _opcodes(base, other)
        if tag != "equal"
    ]


def _clash(start: int, end: int, edit: _Edit) -> bool:
    """Does ``edit`` touch the same base text as [start, end)?

    Overlapping ranges clash; so do two insertions at one place (which goes first?) and an
    insertion strictly inside the other range. Changes that merely meet at a boundary don't."""
    if start == end and edit.start == edit.end:
        return start == edit.start
    if start == end:
        return edit.start < start < edit.end
    if edit.start == edit.end:
        return start < edit.start < end
    return edit.start < end and start < edit.end


def _regions(edits: list[_Edit]) -> list[list[_Edit]]:
    """Group both sides' edits, sorted by base position, into regions of clashing changes."""
    regions: list[list[_Edit]] = []
    start = end = -1
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end)):
        if regions and _clash(start, end, edit):
            regions[-1].append(edit)
            end = max(end, edit.end)
        else:
            regions.append([edit])
            start, end = edit.start, edit.end
    return regions


def _apply(base: list[str], start: int, end: int, edits: list[_Edit]) -> list[str]:
    """Base units [start, end) with one side's edits (all inside that range) applied."""
    result: list[str] = []
    position = start
    for edit in edits:
        result.extend(base[position : edit.start])
        result.extend(edit.units)
        position = edit.end
    result.extend(base[position:end])
    return result


def _with_final_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def merge(base: str, mine: str, theirs: str) -> MergeResult:
    """Three-way merge of two edits of ``base``, paragraph by paragraph.

    Clean when the two sides changed different paragraphs, or made the same change; the
    result uses newline line endings. A conflict lists each region both changed differently.
    """
    texts = [_normalise_newlines(text) for text in (base, mine, theirs)]
    base_units, mine_units, theirs_units = (_paragraphs(_with_final_newline(t)) for t in texts)
    edits = _edits(base_units, mine_units, "mine") + _edits(base_units, theirs_units, "theirs")
    merged: list[str] = []
    conflicts: list[MergeConflict] = []
    position = 0
    for region in _regions(edits):
        start = min(edit.start for edit in region)
        end = max(edit.end for edit in region)
        merged.extend(base_units[position:start])
        position = end
        original = base_units[start:end]
        mine_version = _apply(base_units, start, end, [e for e in region if e.side == "mine"])
        theirs_version = _apply(base_units, start, end, [e for e in region if e.side == "theirs"])
        if mine_version == theirs_version or theirs_version == original:
            merged.extend(mine_version)
        elif mine_version == original:
            merged.extend(theirs_version)
        else:
            conflicts.append(
                MergeConflict("".join(original), "".join(mine_version), "".join(theirs_version))
            )
    merged.extend(base_units[position:])
    if conflicts:
        return MergeResult(text=None, conflicts=tuple(conflicts))
    return MergeResult(text=_final_newline_as_edited(texts, "".join(merged)), conflicts=())


def _final_newline_as_edited(texts: list[str], merged: str) -> str:
    """merge() works on texts that end in a newline; give the result the final newline (or
    none) that the sides chose: a side that changed it from the base wins."""
    base_has, mine_has, theirs_has = (text.endswith("\n") for text in texts)
    wanted = theirs_has if mine_has == base_has else mine_has
    if wanted or not merged.endswith("\n"):
        return merged
    return merged[:-1]
