"""Ranking of queries made of plain terms (AND, OR, NOT of words, in the fields the parser
expands them to) with arrays, giving the scores Whoosh's BM25F gives.

Whoosh scores a match by running Python for it: each term's matcher, the tree of matchers
that combines them, the scorer's formula. For two or three frequent words of long documents
that is most of the index, document by document (over 150 ms for 60,000 items). Here each
term's postings are read once per index segment into two arrays (document numbers and
weights), kept for the process; a query's scores are the same formula (same idf, average
field length, B and K1 as Whoosh's weighting) worked out for all of a term's documents at once,
added up the way Whoosh's matchers add them (And and Or add their parts' scores, AndNot and
Require keep the first part's, AndMaybe adds the second part's where it matches too, Not
scores 1), and the top of them is picked by a partial sort. Its matches count the total and the
facets too. Other queries (phrases) are ranked by Whoosh.

Scores are equal to Whoosh's but for the order in which a document's terms' scores are added
(Whoosh's depends on the sizes of the terms in each segment): the last bits may differ, so
documents that Whoosh scores as equal, or nearly, may come in another order.
"""

from dataclasses import dataclass
from functools import reduce
from itertools import chain, repeat

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.fields import ID, KEYWORD, TEXT
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndMaybe, AndNot, Not, Or, Query, Require, Term
from whoosh.query.qcore import _NullQuery
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from hub.search.kept import KeptBySize, segment_leaves

#: Whoosh keeps each field's length in a document as one byte (a rough logarithmic scale);
#: the length each byte stands for, as Whoosh's scorer reads it.
_LENGTH_OF_BYTE = np.array([byte_to_length(byte) for byte in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class Postings:
    """A term's postings in one segment: its documents (deleted ones included, numbered in
    the segment) and the weight Whoosh's matcher gives each (the term's frequency times the
    field's and the document's boosts)."""

    docnums: np.ndarray
    weights: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.docnums.nbytes + self.weights.nbytes


def postings_of(matcher) -> Postings:
    """Every posting of a segment reader's matcher, deletions left in."""
    if isinstance(matcher, FilterMatcher):
        # Deleted documents: the searcher's live documents take them out.
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        # A term of one document keeps its posting in the term's information: read as is.
        docnums, weights = [], []
        while matcher.is_active():
            docnums.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return Postings(np.array(docnums, dtype=np.int32), np.array(weights, dtype=np.float64))
    # Block by block, each block's document numbers (as gaps) and weights at once, instead of
    # one matcher call per posting: whoosh-reloaded 2.7's block layout (pinned in
    # pyproject.toml; tests/search/test_ranking.py checks the arrays against the matcher's).
    gaps, weights, starts, last_docnums = [], [], [], []
    count = 0
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        block_gaps, block_weights, _values = matcher._data
        size = matcher._blocklength
        gaps.append(block_gaps)
        # As W3LeafMatcher._read_weights reads them: a block whose weights are all equal
        # keeps one, read back as a 32-bit float (1.0 when all are 1.0).
        if block_weights is None:
            weights.append(repeat(1.0, size))
        elif isinstance(block_weights, float):
            weights.append(repeat(float(np.float32(block_weights)), size))
        else:
            weights.append(block_weights)
        starts.append(count)
        last_docnums.append(matcher._maxid)
        count += size
        matcher._next_block()
    steps = np.fromiter(chain.from_iterable(gaps), dtype=np.int64, count=count)
    # A block's first gap counts from 0: make it count from the previous block's last document,
    # so that one running sum gives every document number.
    steps[starts[1:]] -= np.array(last_docnums[:-1], dtype=np.int64)
    return Postings(
        np.cumsum(steps).astype(np.int32),
        np.fromiter(chain.from_iterable(weights), dtype=np.float64, count=count),
    )


def length_bytes_of(reader, fieldname: str) -> np.ndarray | None:
    """A segment's column of the field's lengths (one byte per document, 0: none), or None
    when the segment has none (Whoosh's scorer then takes every length as 1)."""
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    lengths = np.zeros(reader.doc_count_all(), dtype=np.uint8)
    stored = column._dbfile.get(column._basepos, column._count)
    lengths[: len(stored)] = np.frombuffer(stored, dtype=np.uint8)
    return lengths


class SegmentPostings:
    """Terms' postings and fields' lengths per segment, kept across searchers (a segment
    never changes once written; deletions are applied per searcher), least recently used first
    out beyond `budget_bytes`. Shared by a process's threads."""

    def __init__(self, budget_bytes: int):
        self._arrays = KeptBySize(budget_bytes, _size)

    def term(self, reader, segment_id: str, fieldname: str, text: str) -> Postings | None:
        """The term's postings in the segment (None: not in it)."""

        def read() -> Postings | None:
            try:
                return postings_of(reader.postings(fieldname, text))
            except TermNotFound:
                return None

        return self._arrays.get(("term", segment_id, fieldname, text), read)

    def lengths(self, reader, segment_id: str, fieldname: str) -> np.ndarray | None:
        return self._arrays.get(
            ("lengths", segment_id, fieldname), lambda: length_bytes_of(reader, fieldname)
        )


def _size(arrays) -> int:
    return 64 + (0 if arrays is None else arrays.nbytes)


@dataclass
class Scored:
    """A query's matches (live documents only) and their scores (0 elsewhere), over the
    searcher's document numbers."""

    matches: np.ndarray
    scores: np.ndarray

    def top(self, within: np.ndarray, limit: int) -> list[int]:
        """The document numbers of the best `limit` matches in `within`, best first; equal
        scores in document order, as Whoosh's collector keeps and sorts them."""
        candidates = np.flatnonzero(self.matches & within)
        scores = self.scores[candidates]
        if len(candidates) > limit > 0:
            # Everything scoring at least the limit-th best score: ties at the edge all come,
            # the sort below keeps the first documents.
            edge = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            kept = scores >= edge
            candidates, scores = candidates[kept], scores[kept]
        order = np.lexsort((candidates, -scores))[:limit]
        return candidates[order].tolist()


def mask_of(bits: int, size: int) -> np.ndarray:
    """A set of document numbers held as an int (bit n: document n) as an array of booleans."""
    packed = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(packed, count=size, bitorder="little").view(bool)


def bits_of_mask(mask: np.ndarray) -> int:
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


_TERM_FIELDS = (TEXT, KEYWORD, ID)


class Ranking:
    """The ranking of one searcher's plain-term queries."""

    def __init__(self, searcher, segments: SegmentPostings, live: int):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self._segments = segments
        self._leaves = segment_leaves(searcher)
        self._live = mask_of(live, self.size)
        self._weighting = searcher.weighting

    def rankable(self, query: Query) -> bool:
        """Whether scored() gives Whoosh's scores for `query`: terms of text, keyword and id
        fields combined by the kinds it adds up as Whoosh does, under BM25F."""
        if type(self._weighting) is not BM25F:
            return False
        kind = type(query)
        if kind is Term:
            schema = self.searcher.schema
            return (
                query.fieldname in schema
                and isinstance(schema[query.fieldname], _TERM_FIELDS)
                and isinstance(query.text, str)
            )
        if isinstance(query, _NullQuery):
            return True
        if kind is And or kind is Or and not query.minmatch and not query.scale:
            return all(map(self.rankable, query.subqueries))
        if kind is Not:
            return self.rankable(query.query)
        if kind in (AndNot, AndMaybe, Require):
            return self.rankable(query.a) and self.rankable(query.b)
        return False

    def scored(self, query: Query) -> Scored:
        """The matches and scores of a rankable query."""
        matches, scores = self._of(query)
        return Scored(matches & self._live, scores)

    def _of(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        # Each part's matches, and its scores (0 where it does not match), as Whoosh's
        # matcher of that part scores them.
        kind = type(query)
        if kind is Term:
            return self._term(query)
        if isinstance(query, _NullQuery):
            return np.zeros(self.size, dtype=bool), np.zeros(self.size)
        if kind is And or kind is Or:
            parts = [self._of(subquery) for subquery in query.subqueries]
            if not parts:
                return np.zeros(self.size, dtype=bool), np.zeros(self.size)
            if len(parts) == 1:
                return parts[0]  # Whoosh's matcher is the part's own, without the boost
            combine = np.logical_and if kind is And else np.logical_or
            matches = reduce(combine, [part_matches for part_matches, _ in parts])
            scores = reduce(np.add, [part_scores for _, part_scores in parts])
            if kind is And:
                scores[~matches] = 0.0
            if query.boost != 1.0:
                scores *= query.boost
            return matches, scores
        if kind is Not:
            # Whoosh's inverse matcher gives every document it yields a weight of 1.
            matches = ~self._of(query.query)[0]
            return matches, matches.astype(np.float64)
        a_matches, a_scores = self._of(query.a)
        b_matches, b_scores = self._of(query.b)
        if kind is AndNot:
            matches = a_matches & ~b_matches
        elif kind is Require:
            matches = a_matches & b_matches
        else:  # AndMaybe: the second part's score added where it matches too
            matches = a_matches
            a_scores = a_scores + np.where(a_matches, b_scores, 0.0)
        return matches, np.where(matches, a_scores, 0.0)

    def _term(self, query: Term) -> tuple[np.ndarray, np.ndarray]:
        matches = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        fieldname, text = query.fieldname, query.text
        field = self.searcher.schema[fieldname]
        try:
            term_bytes = field.to_bytes(text)
        except ValueError:
            return matches, scores
        scorable = field.scorable
        if scorable:
            # BM25FScorer's statistics, from the whole index (the parent searcher's).
            weighting = self._weighting
            idf = self.searcher.idf(fieldname, term_bytes)
            average_length = self.searcher.avg_field_length(fieldname) or 1
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
        for reader, segment_id, offset in self._leaves:
            postings = self._segments.term(reader, segment_id, fieldname, text)
            if postings is None or not len(postings.docnums):
                continue
            docnums = postings.docnums + offset
            tf = postings.weights
            if not scorable:
                term_scores = tf  # WeightScorer: the weight itself
            else:
                length_bytes = self._segments.lengths(reader, segment_id, fieldname)
                if length_bytes is None:
                    lengths = 1
                else:
                    lengths = _LENGTH_OF_BYTE[length_bytes[postings.docnums]]
                # whoosh.scoring.bm25, operation for operation.
                term_scores = idf * (
                    (tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths / average_length))
                )
            matches[docnums] = True
            scores[docnums] = term_scores
        if query.boost != 1.0:
            scores *= query.boost
        return matches, scores
