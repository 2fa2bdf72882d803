"""The search backend on Whoosh: one index for the hub, in the instance folder.

The index is opened once per process; each thread keeps a searcher and opens a new one when
the index has changed (seen from a directory listing: cheap). Writers wait for another
process's lock up to a timeout and then give up with IndexBusy, never with Whoosh's LockError.
"""

import json
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import reduce
from itertools import islice
from pathlib import Path

from markupsafe import Markup, escape
from whoosh import collectors, index, qparser, sorting
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.query import (
    And,
    AndMaybe,
    Every,
    NullQuery,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
    Wildcard,
)
from whoosh.reading import MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map
from whoosh.writing import CLEAR

from hub.search.backend import (
    AccessFilter,
    FacetValue,
    Hit,
    IndexBusy,
    SearchRequest,
    SearchResults,
)
from hub.search.providers import SearchDocument
from hub.search.whoosh_docsets import DocBits, DocSets, SegmentSets, bits_of
from hub.search.whoosh_ranking import Ranking, Scored, SegmentPostings, bits_of_mask, mask_of

#: What a prefix* may stand for: its most frequent words, so that "co*" stays quick.
PREFIX_EXPANSION = 64
#: The text kept for snippets (the whole text is indexed): a result's stored fields are read
#: whole, so a long document's snippet comes from its first 10,000 characters.
EXCERPT_CHARS = 10_000
#: The beginning of the text whose unstemmed words "did you mean" draws on.
SPELLING_CHARS = 1_000
SNIPPET_CHARS = 240
#: "Did you mean" is worked out for queries with fewer results than this.
CORRECT_BELOW = 5
#: Parsed filters kept per searcher (a reader's access, as document numbers).
FILTER_CACHE_SIZE = 128
#: The terms' sets of documents kept per process (hub.search.whoosh_docsets): 8 KB per term
#: at 60,000 items.
SEGMENT_SETS_BYTES = 32 * 1024 * 1024
#: The terms' postings as arrays kept per process (hub.search.whoosh_ranking), for ranking:
#: 12 bytes a posting, up to 700 KB for a word in most of 60,000 items.
SEGMENT_POSTINGS_BYTES = 64 * 1024 * 1024

_WORD = re.compile(r"\w+", re.UNICODE)


def _stemming():
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(lang="en", cachesize=100_000)
    )


def _plain():
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> Schema:
    stemming, plain = _stemming(), _plain()
    return Schema(
        key=ID(unique=True, stored=True, sortable=True),
        # Facets (type, tags, author_facet, year) are counted from their terms' postings
        # (hub.search.whoosh_docsets), so they need no columns.
        type=ID(stored=True),
        workspace=ID(stored=True),
        access=ID(),
        title=TEXT(analyzer=stemming, stored=True, field_boost=3.0),
        body=TEXT(analyzer=stemming),
        tags=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True, field_boost=2.0),
        author=TEXT(analyzer=plain, stored=True, phrase=False),
        author_facet=ID(),
        year=ID(),
        date=DATETIME(stored=True, sortable=True),
        location=STORED(),
        url=STORED(),
        language=STORED(),
        excerpt=STORED(),
        title_words=TEXT(analyzer=plain, phrase=False),
        words=TEXT(analyzer=plain, phrase=False),
    )


def _layout(schema: Schema) -> dict[str, tuple]:
    """What of each field decides how it is stored (analyzers aside: they compare unequal
    once pickled), to tell an index built for an older schema."""
    return {
        name: (
            type(field).__name__,
            type(field.format).__name__,
            bool(field.stored),
            bool(field.unique),
            field.column_type is not None,
        )
        for name, field in schema.items()
    }


def _naive_utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime(1970, 1, 1)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


class _Writer:
    def __init__(self, writer, rebuild: bool):
        self._writer = writer
        self._rebuild = rebuild

    def replace(
        self, key: str, item_type: str, access: str, document: SearchDocument, weight: float = 1.0
    ) -> None:
        tags = sorted({tag.strip().lower() for tag in document.tags if tag.strip()})
        date = _naive_utc(document.date)
        fields = dict(
            key=key,
            type=item_type,
            workspace=str(document.workspace_id),
            access=access,
            title=document.title,
            body="\n".join((document.body, " ".join(tags))),
            tags=",".join(tags),
            author=document.author,
            author_facet=document.author,
            year=str(date.year),
            date=date,
            location=document.location,
            url=json.dumps([document.endpoint, dict(document.url_values)]),
            language=document.language,
            excerpt=document.body[:EXCERPT_CHARS],
            title_words=document.title,
            words=" ".join((document.title, " ".join(tags), document.body[:SPELLING_CHARS])),
        )
        if document.title_weight != 1.0:
            fields["_title_boost"] = document.title_weight
        if weight != 1.0:
            fields["_boost"] = weight
        if self._rebuild:
            self._writer.add_document(**fields)
        else:
            self._writer.update_document(**fields)

    def delete(self, key: str) -> None:
        if not self._rebuild:
            self._writer.delete_by_term("key", key)

    def delete_workspace(self, workspace_id: int) -> None:
        self._writer.delete_by_term("workspace", str(workspace_id))


def _renew_schema(writer) -> None:
    """A full rebuild writes the index with the current schema: fields an older version
    had are dropped, new or changed ones (re)defined."""
    current = make_schema()
    stored, wanted = _layout(writer.schema), _layout(current)
    for name in stored:
        if stored[name] != wanted.get(name):
            writer.remove_field(name)
    for name in wanted:
        if stored.get(name) != wanted[name]:
            writer.add_field(name, current[name])


class WhooshBackend:
    def __init__(self, directory: str | Path, write_memory_mb: int = 128):
        self.directory = Path(directory)
        self.write_memory_mb = write_memory_mb
        self._index = None
        self._opening = threading.Lock()
        self._local = threading.local()
        self._segment_sets = SegmentSets(SEGMENT_SETS_BYTES)
        self._segment_postings = SegmentPostings(SEGMENT_POSTINGS_BYTES)

    # --- the index and its searchers ------------------------------------------------------

    def _ix(self):
        if self._index is None:
            with self._opening:
                if self._index is None:
                    self.directory.mkdir(parents=True, exist_ok=True)
                    storage = FileStorage(str(self.directory))
                    if index.exists(storage):
                        self._index = storage.open_index()
                    else:
                        self._index = storage.create_index(make_schema())
        return self._index

    def _searcher(self):
        local = self._local
        searcher = getattr(local, "searcher", None)
        if searcher is None or not searcher.up_to_date():
            searcher = local.searcher = self._newer_searcher(searcher)
            local.docsets = DocSets(searcher, self._segment_sets)
            local.ranking = Ranking(searcher, self._segment_postings, local.docsets.live)
            local.filters = {}
        return searcher

    def _newer_searcher(self, old):
        """A searcher of the index as it is now, keeping `old`'s readers of the segments
        unchanged since (same segment, same deletions): opening a segment reads its term
        index, a third of a second for the large one at 60,000 items, which every worker paid
        on its next search after any change. Not Searcher.refresh(): in whoosh-reloaded 2.7.5
        it keeps the segments a merge replaced (merged items found twice) and a segment's
        reader with the deletions it had."""
        ix = self._ix()
        if old is None:
            return ix.searcher()
        reusable = {
            reader.segment().segment_id(): reader
            for reader, _offset in old.reader().leaf_readers()
            if reader.segment() is not None
        }
        try:
            toc = ix._read_toc()
            readers = []
            for segment in toc.segments:
                reader = reusable.get(segment.segment_id())
                # A segment's deletions only grow: the same count is the same set.
                if reader is not None and (
                    reader.segment().deleted_count() == segment.deleted_count()
                ):
                    del reusable[segment.segment_id()]
                else:
                    reader = SegmentReader(ix.storage, toc.schema, segment, toc.generation)
                readers.append(reader)
        except OSError:
            # A file a merge elsewhere removed meanwhile: Whoosh's own opening retries.
            old.close()
            return ix.searcher()
        for reader in reusable.values():
            reader.close()
        if not readers:
            return ix.searcher()
        return Searcher(MultiReader(readers, generation=toc.generation), fromindex=ix)

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        if self._index is not None:
            self._index.close()
            self._index = None

    # --- writing -----------------------------------------------------------------------------

    @contextmanager
    def writing(self, timeout: float, rebuild: bool = False) -> Iterator[_Writer]:
        try:
            writer = self._ix().writer(timeout=timeout, delay=0.05, limitmb=self.write_memory_mb)
        except LockError:
            raise IndexBusy() from None
        try:
            if rebuild:
                _renew_schema(writer)
            yield _Writer(writer, rebuild)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=CLEAR) if rebuild else writer.commit()

    def needs_rebuild(self) -> bool:
        return _layout(self._ix().schema) != _layout(make_schema())

    def clear(self) -> None:
        with self.writing(timeout=30, rebuild=True):
            pass

    # --- reading -----------------------------------------------------------------------------

    def _docsets(self) -> DocSets:
        """The sets of the thread's searcher, up to date (made with it, dropped with it)."""
        self._searcher()
        return self._local.docsets

    def _allowed(self, access: AccessFilter, types: Sequence[str] = ()) -> DocBits:
        """The documents `access` lets a reader see (of `types`, if given), in the sets of
        the searcher `_docsets()` last gave: worked out once per index version and reader,
        then reused (the filter runs before scoring and counting)."""
        docsets = self._local.docsets
        cache_key = (
            tuple(
                sorted(
                    (name, tuple(sorted(ids))) for name, ids in access.workspaces_by_access.items()
                )
            ),
            tuple(types),
        )
        filters = self._local.filters
        found = filters.get(cache_key)
        if found is None:
            branches = [
                And([Term("access", name), Or([Term("workspace", str(w)) for w in sorted(ids)])])
                for name, ids in access.workspaces_by_access.items()
                if ids
            ]
            query: Query = Or(branches) if branches else NullQuery
            if types:
                query = And([query, Or([Term("type", each) for each in types])])
            found = DocBits(docsets.matching(query), docsets.size)
            if len(filters) >= FILTER_CACHE_SIZE:
                filters.clear()
            filters[cache_key] = found
        return found

    def _parser(self, schema):
        # Tags are in the body's text too: as a default field, the tags field (no stop words)
        # would turn "chain of custody" into a search for the tag "of".
        parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.AndGroup)
        parser.remove_plugin_class(qparser.RangePlugin)
        parser.remove_plugin_class(qparser.SingleQuotePlugin)
        # A minus or plus starts a word; inside one ("self-assessment") it is part of it.
        parser.add_plugin(qparser.PlusMinusPlugin(r"(?<![^\s(])\+", r"(?<![^\s(])-"))
        parser.add_plugin(qparser.FieldAliasPlugin({"tags": ["tag"], "author": ["by"]}))
        return parser

    def _bounded(self, query: Query, reader) -> Query:
        """Prefixes and wildcards stand for their most frequent words, at most
        PREFIX_EXPANSION; type and tag values are lower-cased like the index's."""
        if isinstance(query, Prefix | Wildcard):
            return self._expand_prefix(query.fieldname, query.text.rstrip("*?"), reader)
        if isinstance(query, Term) and query.fieldname in ("type", "tags"):
            return Term(query.fieldname, str(query.text).lower())
        if isinstance(query, Every):
            return query
        if query.is_leaf():
            return query
        return query.apply(lambda sub: self._bounded(sub, reader))

    def _expand_prefix(self, fieldname: str, text: str, reader) -> Query:
        if len(text) < 2 or fieldname not in ("title", "body", "tags", "author", "title_words"):
            return NullQuery
        candidates = {text.lower()}
        if fieldname in ("title", "body"):
            candidates |= {token.text for token in _stemming()(text)}
        words: set[str] = set()
        for prefix in candidates:
            for word in islice(reader.expand_prefix(fieldname, prefix), 5_000):
                words.add(word.decode() if isinstance(word, bytes) else word)
        if not words:
            return NullQuery
        frequent = sorted(words, key=lambda word: -reader.doc_frequency(fieldname, word))
        return Or([Term(fieldname, word) for word in frequent[:PREFIX_EXPANSION]])

    def parse(self, text: str, searcher) -> Query:
        query = self._bounded(self._parser(searcher.schema).parse(text), searcher.reader())
        query = query.normalize()
        # Items whose title holds the words as typed, in order, come first among the others.
        words = [token.text for token in _stemming()(text)] if '"' not in text else []
        if len(words) > 1 and ":" not in text and query is not NullQuery:
            query = AndMaybe(query, Phrase("title", words, boost=2.0))
        return query

    def search(self, request: SearchRequest) -> SearchResults:
        docsets = self._docsets()
        searcher = docsets.searcher
        query = self.parse(request.text, searcher)
        allowed = self._allowed(request.access)
        chosen = [
            Term(field, value)
            for facet, values in request.facets.items()
            for field in [_FACET_FIELDS[facet]]
            for value in values
        ]
        if chosen and query is NullQuery:
            # Only stop words, say: the chosen facets' items.
            query, chosen = And(chosen).normalize(), []
        if query is NullQuery or not allowed:
            return self._empty(request, searcher)
        # Where the reader may look: hidden items are neither counted nor ranked. The chosen
        # facet values narrow it too, rather than add terms to score.
        within = reduce(
            int.__and__, (docsets.term(t.fieldname, t.text) for t in chosen), allowed.bits
        )
        sortedby = sorting.FieldFacet("date", reverse=True) if request.sort == "date" else None
        plain, title_phrase = (None, None) if sortedby else self._ranked_parts(query)
        if plain is not None:
            # Words: scored with arrays (hub.search.whoosh_ranking), which give every match,
            # counted here, and the top of them, taken below.
            scored = self._local.ranking.scored(plain)
            matches = bits_of_mask(scored.matches) & within
            top = None
        elif docsets.countable(query):
            # Every match counted from the sets of the query's terms; Whoosh ranks only the
            # top of them, skipping blocks that cannot reach it.
            matches = docsets.matching(query) & within
            top = None
        else:
            # A phrase, say: Whoosh looks at every match to rank them anyway, so that one
            # pass notes them too.
            top, matches = self._rank_every_match(
                searcher,
                query,
                DocBits(within, docsets.size),
                limit=max(request.page, 1) * request.per_page,
                sortedby=sortedby,
            )
        total = matches.bit_count()
        if not total:
            return self._empty(request, searcher)
        counted = {facet: docsets.counts(field, matches) for facet, field in _FACET_FIELDS.items()}
        page_count = max((total + request.per_page - 1) // request.per_page, 1)
        page = min(max(request.page, 1), page_count)
        start = (page - 1) * request.per_page
        if top is None and plain is not None:
            top = self._top_scored(
                searcher, scored, title_phrase, matches, limit=page * request.per_page
            )
        elif top is None:
            top = self._top(
                searcher,
                query,
                allowed if within is allowed.bits else DocBits(within, docsets.size),
                limit=page * request.per_page,
                sortedby=sortedby,
            )
        words = QueryWords.of(query)
        hits = [
            self._hit(searcher.stored_fields(docnum), words)
            for docnum in top[start : start + request.per_page]
        ]
        return SearchResults(
            hits=hits,
            total=total,
            page=page,
            page_count=page_count,
            facets=_facet_values(counted, request.facets),
            correction=self._correction(request.text, searcher) if total < CORRECT_BELOW else None,
        )

    def _ranked_parts(self, query: Query) -> tuple[Query | None, Query | None]:
        """The part of `query` scored with arrays (None: Whoosh ranks it all) and the title
        phrase parse() adds to it with ANDMAYBE (None: none), which Whoosh scores."""
        ranking = self._local.ranking
        if ranking.rankable(query):
            return query, None
        if isinstance(query, AndMaybe) and ranking.rankable(query.a):
            return query.a, query.b
        return None, None

    @staticmethod
    def _top_scored(
        searcher, scored: Scored, title_phrase: Query | None, matches: int, limit: int
    ) -> list[int]:
        """The document numbers of the top `limit` of `matches`, by their scores in `scored`
        and the title phrase's where it matches too (the query is `plain ANDMAYBE phrase`)."""
        size = searcher.doc_count_all()
        if title_phrase is not None:
            # The items whose title has the words in order (few) have the phrase's score,
            # from Whoosh, added. Whoosh's matcher of the phrase alone reads the title
            # postings of its words; inside the whole query it stepped through every
            # posting of the words in the text too.
            phrased = searcher.search(title_phrase, limit=None, filter=DocBits(matches, size))
            docnums = [hit.docnum for hit in phrased]
            scored.scores[docnums] += [hit.score for hit in phrased]
        return scored.top(mask_of(matches, size), limit)

    def _top(self, searcher, query: Query, within: DocBits, limit: int, sortedby) -> list[int]:
        """The document numbers of the top `limit` matches in `within`, ranked by Whoosh."""
        if isinstance(query, AndMaybe) and sortedby is not None:
            query = query.a  # the optional part only adds to scores
        results = searcher.search(query, limit=limit, filter=within, sortedby=sortedby)
        return [hit.docnum for hit in results]

    @staticmethod
    def _rank_every_match(
        searcher, query: Query, within: DocBits, limit: int, sortedby
    ) -> tuple[list[int], int]:
        """The document numbers of the top `limit` matches in `within` and the set of all of
        them, from one pass that leaves none out (no block skipping)."""
        docnums: list[int] = []
        if sortedby is None:
            ranking = collectors.TopCollector(limit=limit, usequality=False, replace=0)
        else:
            ranking = collectors.SortingCollector(sortedby, limit=limit)
        collector = collectors.FilterCollector(_Noting(ranking, docnums), allow=within)
        searcher.search_with_collector(query, collector)
        results = collector.results()
        return [hit.docnum for hit in results], bits_of(docnums, searcher.doc_count_all())

    def _empty(self, request: SearchRequest, searcher) -> SearchResults:
        return SearchResults(
            hits=[],
            total=0,
            page=1,
            page_count=1,
            facets=_facet_values({}, request.facets),
            correction=self._correction(request.text, searcher),
        )

    def _hit(self, stored: dict, words: "QueryWords | None") -> Hit:
        endpoint, values = json.loads(stored.get("url") or '["", {}]')
        title = stored.get("title") or ""
        date = stored.get("date")
        return Hit(
            key=stored["key"],
            type=stored["type"],
            workspace_id=int(stored["workspace"]),
            title=title,
            endpoint=endpoint,
            url_values=values,
            date=date.replace(tzinfo=UTC) if date else None,
            author=stored.get("author") or "",
            location=stored.get("location") or "",
            language=stored.get("language") or "",
            snippet=snippet_of(stored.get("excerpt") or "", words),
            title_html=marked(title, words),
        )

    def _correction(self, text: str, searcher) -> str | None:
        """The query with each word the index has nowhere replaced by the nearest that it has."""
        reader = searcher.reader()
        corrector = None
        changed = False

        def replace(match: re.Match) -> str:
            nonlocal corrector, changed
            word = match.group(0)
            folded = "".join(token.text for token in _plain()(word))
            if (
                len(folded) < 4
                or word in ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
                or match.end() < len(text)
                and text[match.end()] == ":"
                or reader.doc_frequency("words", folded)
                or any(reader.doc_frequency("body", token.text) for token in _stemming()(word))
            ):
                return word
            corrector = corrector or searcher.corrector("words")
            found = corrector.suggest(folded, limit=1, maxdist=2, prefix=1)
            if not found:
                return word
            changed = True
            return found[0]

        corrected = _WORD.sub(replace, text)
        return corrected if changed else None

    def suggest(
        self, text: str, access: AccessFilter, types: Sequence[str], limit: int = 8
    ) -> list[Hit]:
        words = [token.text for token in _plain()(text)]
        if not words or access.is_empty:
            return []
        searcher = self._searcher()
        reader = searcher.reader()
        *whole, last = words
        parts = [Term("title_words", word) for word in whole]
        if len(last) >= 2:
            parts.append(self._expand_prefix("title_words", last, reader))
        else:
            parts.append(Term("title_words", last))
        query = And(parts).normalize()
        allowed = self._allowed(access, tuple(types))
        if query is NullQuery or not allowed:
            return []
        results = searcher.search(query, limit=limit, filter=allowed)
        return [self._hit(hit.fields(), None) for hit in results]

    def count(self, access: AccessFilter | None = None) -> dict[str, int]:
        docsets = self._docsets()
        within = self._allowed(access).bits if access is not None else docsets.live
        return docsets.counts("type", within)

    def keys(self) -> Iterator[str]:
        searcher = self._searcher()
        column = searcher.reader().column_reader("key")
        for docnum in searcher.docs_for_query(Every()):
            key = column[docnum]
            yield key.decode() if isinstance(key, bytes) else key


class _Noting(collectors.WrappingCollector):
    """Passes each match on, noting its document number in `docnums`."""

    def __init__(self, child, docnums: list[int]):
        super().__init__(child)
        self.docnums = docnums

    def collect(self, sub_docnum):
        self.docnums.append(self.child.offset + sub_docnum)
        return self.child.collect(sub_docnum)


#: The field each facet is counted from and chosen by: untokenized, a term per value.
_FACET_FIELDS = {"type": "type", "tag": "tags", "author": "author_facet", "year": "year"}


def _facet_values(counted: dict, chosen) -> dict[str, list[FacetValue]]:
    facets = {}
    for facet in ("type", "tag", "author", "year"):
        counts = {
            (value.decode() if isinstance(value, bytes) else value): count
            for value, count in counted.get(facet, {}).items()
            if value
        }
        selected = set(chosen.get(facet, ()))
        for value in selected:
            counts.setdefault(value, 0)
        if facet == "year":
            order = sorted(counts, reverse=True)
        else:
            order = sorted(counts, key=lambda value: (-counts[value], value))
        facets[facet] = [FacetValue(value, counts[value], value in selected) for value in order]
    return facets


class QueryWords:
    """The query's words as a text shows them: whole words starting with one of the stems of
    its body and title terms, whatever the case."""

    def __init__(self, stems: Sequence[str]):
        self.stems = [stem.lower() for stem in stems]
        self.pattern = re.compile(
            r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE
        )

    @classmethod
    def of(cls, query: Query) -> "QueryWords | None":
        stems = sorted(
            {
                str(text)
                for fieldname, text in query.iter_all_terms()
                if fieldname in ("body", "title") and isinstance(text, str) and len(text) > 1
            },
            key=len,
            reverse=True,
        )
        return cls(stems[:50]) if stems else None

    def starts(self, text: str, limit: int) -> list[int]:
        """Where the first `limit` matches in `text` start. Each stem is looked for in the
        lower-cased text by str.find, and kept where a word starts: the same places as
        the pattern's, found about ten times sooner (the pattern tries every character)."""
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer ("İ")
            return [match.start() for match in islice(self.pattern.finditer(text), limit)]
        starts = set()
        for stem in self.stems:
            at = lowered.find(stem)
            while at >= 0:
                if not at or not _WORD_CHARACTER.match(lowered, at - 1):
                    starts.add(at)
                at = lowered.find(stem, at + len(stem))
        return sorted(starts)[:limit]


_WORD_CHARACTER = re.compile(r"\w")


def marked(text: str, words: QueryWords | None) -> Markup:
    """`text`, escaped, with the query's words in <mark>."""
    if words is None:
        return escape(text)
    pieces, end = [], 0
    for match in words.pattern.finditer(text):
        pieces += [escape(text[end : match.start()]), Markup("<mark>%s</mark>") % match.group()]
        end = match.end()
    pieces.append(escape(text[end:]))
    return Markup("").join(pieces)


def snippet_of(text: str, words: QueryWords | None) -> Markup:
    """About SNIPPET_CHARS of `text` where the query's words are densest, marked. Found by
    plain text search instead of Whoosh's highlighter, which analyses every word it is given:
    tens of milliseconds for a page of long documents."""
    starts = words.starts(text, 200) if words else []
    if not starts:
        return escape(_shorten(text, SNIPPET_CHARS))
    before = SNIPPET_CHARS // 4
    # The match with the most others after it within one snippet's length (two pointers).
    best, most, last = starts[0], 0, 0
    for first, start in enumerate(starts):
        while last < len(starts) and starts[last] < start + SNIPPET_CHARS - before:
            last += 1
        if last - first > most:
            best, most = start, last - first
    begin = max(best - before, 0)
    if begin:
        begin = text.find(" ", begin, best) + 1 or begin
    finish = min(begin + SNIPPET_CHARS, len(text))
    if finish < len(text) and text.rfind(" ", best, finish) > best:
        finish = text.rfind(" ", best, finish)
    fragment = " ".join(text[begin:finish].split())
    return (
        escape("… " if begin else "")
        + marked(fragment, words)
        + escape(" …" if finish < len(text) else "")
    )


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text[: limit * 2].split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
