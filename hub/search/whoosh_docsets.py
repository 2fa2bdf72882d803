"""Sets of Whoosh document numbers as Python ints (bit n set: document n is in the set), for
counting a search's matches: its total and facets, after the access filter.

Whoosh's collector counts a match by running Python for it (scoring, then a facet key per
facet): several microseconds each, so a word found in 40,000 items cost hundreds of
milliseconds, where ranking alone skips most of them (block quality). Here a term's postings
are read once per segment (a fraction of a microsecond per posting) and kept; a query's
matches are its terms' sets combined with &, | and ~ (C loops over a few kilobytes), and a
facet value's count is one & and a bit count. Queries of other kinds (phrases) are answered
by Whoosh, document by document.
"""

from collections import deque
from collections.abc import Iterable, Iterator
from functools import reduce
from itertools import accumulate, repeat

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.idsets import DocIdSet
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    ConstantScoreQuery,
    DisjunctionMax,
    Every,
    Not,
    Or,
    Otherwise,
    Query,
    Require,
    Term,
    WeightingQuery,
)
from whoosh.query.qcore import _NullQuery
from whoosh.reading import TermNotFound

from hub.search.kept import KeptBySize, segment_leaves

_ONE = ord("1")


def bits_of(docnums: Iterable[int], size: int) -> int:
    """The set of `docnums` (each below `size`) as an int, built by C loops: a string of
    "0" and "1" characters read in base 2."""
    digits = bytearray(b"0") * size
    # map() calls bytearray.__setitem__ with no Python code per document; the empty
    # deque only drives it.
    deque(map(digits.__setitem__, docnums, repeat(_ONE)), maxlen=0)
    digits.reverse()  # the first character is the highest bit
    return int(digits, 2) if size else 0


def docnums_of(bits: int) -> Iterator[int]:
    """The document numbers of a set, in order."""
    # The set's bytes, little end first: byte k holds documents 8k to 8k+7.
    for index, byte in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if byte:
            base = index * 8
            for bit in range(8):
                if byte >> bit & 1:
                    yield base + bit


def _posting_ids(matcher) -> Iterator[int]:
    if isinstance(matcher, FilterMatcher):
        # Deleted documents: left in, the reader's set of live documents takes them out.
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        # Block by block, each block's document numbers at once (stored as gaps), instead
        # of one matcher call per posting. whoosh-reloaded 2.7's block layout (pinned in
        # pyproject.toml; tests/search/test_docsets.py checks the sets against Whoosh's).
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            yield from accumulate(matcher._data[0])
            matcher._next_block()
    else:
        yield from matcher.all_ids()


class SegmentSets:
    """The sets of terms' postings per segment, kept across searchers (a segment never
    changes once written; deletions are applied per searcher), least recently used first
    out beyond `budget_bytes`. Shared by a process's threads."""

    def __init__(self, budget_bytes: int):
        self._sets = KeptBySize(budget_bytes, _size)

    def term(self, reader, segment_id: str, fieldname: str, text) -> int:
        def read() -> int:
            try:
                matcher = reader.postings(fieldname, text)
            except TermNotFound:
                return 0
            return bits_of(_posting_ids(matcher), reader.doc_count_all())

        return self._sets.get((segment_id, fieldname, text), read)


def _size(bits: int) -> int:
    return bits.bit_length() // 8 + 32


class DocSets:
    """The sets of one searcher: its terms' documents, its live documents, and a query's
    matches."""

    def __init__(self, searcher, segments: SegmentSets):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self._segments = segments
        self._leaves = segment_leaves(searcher)
        live = 0
        for reader, _segment_id, offset in self._leaves:
            count = reader.doc_count_all()
            deleted = bits_of(reader.deleted_docs_set, count) if reader.has_deletions() else 0
            live |= ((1 << count) - 1 & ~deleted) << offset
        #: Every document not deleted.
        self.live = live
        self._values: dict[str, list] = {}

    def term(self, fieldname: str, text) -> int:
        """The documents holding the term (deleted ones included)."""
        found = 0
        for reader, segment_id, offset in self._leaves:
            found |= self._segments.term(reader, segment_id, fieldname, text) << offset
        return found

    def matching(self, query: Query) -> int:
        """The live documents `query` matches: those Whoosh's matcher would give."""
        return self._of(query) & self.live

    def _of(self, query: Query) -> int:
        # Exact types where a subclass could mean something else (Sequence is a compound
        # query, for one); anything not listed is answered by Whoosh.
        kind = type(query)
        if kind is Term:
            return self.term(query.fieldname, query.text)
        if isinstance(query, _NullQuery):
            return 0
        if kind is Every and query.fieldname in (None, "", "*"):
            return self.live
        if kind is And:
            return reduce(int.__and__, map(self._of, query.subqueries), self.live)
        if isinstance(query, Or) and not query.minmatch or kind is DisjunctionMax:
            return reduce(int.__or__, map(self._of, query.subqueries), 0)
        if kind is Not:
            return self.live & ~self._of(query.query)
        if kind is AndNot:
            return self._of(query.a) & ~self._of(query.b)
        if kind is AndMaybe:
            return self._of(query.a)
        if kind is Require:
            return self._of(query.a) & self._of(query.b)
        if kind is Otherwise:
            return self._of(query.a) or self._of(query.b)
        if kind in (ConstantScoreQuery, WeightingQuery):
            return self._of(query.child)
        return bits_of(self.searcher.docs_for_query(query), self.size)

    def countable(self, query: Query) -> bool:
        """Whether matching() answers `query` from its terms' sets alone (no Whoosh
        matcher): the kinds _of() combines, over terms."""
        kind = type(query)
        if kind is Term or isinstance(query, _NullQuery):
            return True
        if kind is Every:
            return query.fieldname in (None, "", "*")
        if kind is And or kind is DisjunctionMax or isinstance(query, Or) and not query.minmatch:
            return all(map(self.countable, query.subqueries))
        if kind is Not:
            return self.countable(query.query)
        if kind is AndMaybe:
            return self.countable(query.a)
        if kind in (AndNot, Require, Otherwise):
            return self.countable(query.a) and self.countable(query.b)
        if kind in (ConstantScoreQuery, WeightingQuery):
            return self.countable(query.child)
        return False

    def values(self, fieldname: str) -> list[tuple[str, int]]:
        """Each term of an untokenized field (a facet: type, tag, author, year) with its
        documents; read once per searcher."""
        found = self._values.get(fieldname)
        if found is None:
            field = self.searcher.schema[fieldname]
            found = self._values[fieldname] = [
                (value, self.term(fieldname, value))
                for value in map(field.from_bytes, self.searcher.reader().lexicon(fieldname))
            ]
        return found

    def counts(self, fieldname: str, within: int) -> dict[str, int]:
        """How many documents of `within` hold each value of the field (none: left out)."""
        counts = {}
        for value, documents in self.values(fieldname):
            count = (documents & within).bit_count()
            if count:
                counts[value] = count
        return counts


class DocBits(DocIdSet):
    """A set as Whoosh's search(filter=...) takes it: only membership is asked, per match."""

    def __init__(self, bits: int, size: int):
        self.bits = bits
        self._bytes = bits.to_bytes((size + 7) // 8 or 1, "little")

    def __contains__(self, docnum: int) -> bool:
        return docnum >> 3 < len(self._bytes) and bool(self._bytes[docnum >> 3] >> (docnum & 7) & 1)

    def __len__(self) -> int:
        return self.bits.bit_count()

    def __bool__(self) -> bool:
        return bool(self.bits)

    def __iter__(self) -> Iterator[int]:
        return docnums_of(self.bits)
