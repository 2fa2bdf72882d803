"""How the Whoosh backend counts: the sets of documents it combines itself must be exactly
those Whoosh's own matchers give, across segments and deletions, and an index built for an
older schema still answers, says so, and is brought up to date by a rebuild."""

import re
from datetime import UTC, datetime
from itertools import islice

import pytest
from whoosh.fields import ID, KEYWORD, STORED, Schema
from whoosh.filedb.filestore import FileStorage

from hub.search.backend import AccessFilter, SearchRequest
from hub.search.providers import SearchDocument
from hub.search.whoosh_backend import QueryWords, WhooshBackend, make_schema
from hub.search.whoosh_docsets import bits_of, docnums_of

EVERYWHERE = AccessFilter({"view": frozenset({1, 2})})
WORDS = "speech recognition ethics training drone policy evidence custody bias audit".split()
TAGS = ["tool", "evidence", "ethics"]
AUTHORS = ["Ana Ruiz", "Ben Okafor", "Chen Li"]


def document(number: int) -> SearchDocument:
    words = [WORDS[(number * step) % len(WORDS)] for step in (1, 3, 7)]
    return SearchDocument(
        workspace_id=1 + number % 3,  # workspace 3 is hidden from the reader
        title=" ".join(words[:2]).capitalize(),
        body=f"{' '.join(words)} and case {number}."
        + (" Speech recognition of interviews." if number % 2 else ""),
        endpoint="wiki.page",
        url_values={"path": f"p{number}"},
        date=datetime(2018 + number % 5, 3, 1, tzinfo=UTC),
        author=AUTHORS[number % 3],
        tags=TAGS[: number % 4],
    )


@pytest.fixture
def index(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    # Several commits (segments), then replacements and deletions in the older ones.
    for start in (0, 40, 80):
        with backend.writing(timeout=5) as writer:
            for number in range(start, start + 40):
                writer.replace(f"wiki:{number}", "wiki", "view", document(number))
    with backend.writing(timeout=5) as writer:
        for number in range(0, 120, 7):
            writer.delete(f"wiki:{number}")
        for number in range(1, 120, 11):
            writer.replace(f"wiki:{number}", "wiki", "view", document(number + 5))
    yield backend
    backend.close()


QUERIES = [
    "speech",
    "speech recognition",
    "speech OR drone",
    "training -bias",
    "training NOT bias",
    "NOT ethics",
    "polic*",
    "tag:evidence",
    "author:okafor OR tag:tool",
    "type:wiki audit",
    "(speech OR ethics) AND (custody OR training)",
    '"speech recognition"',
    '"speech recognition" audit',
    "nothingatall",
]


@pytest.mark.parametrize("text", QUERIES)
def test_the_sets_are_whooshs_matches(index, text):
    backend = index
    docsets = backend._docsets()
    query = backend.parse(text, docsets.searcher)
    expected = set(docsets.searcher.docs_for_query(query))
    assert set(docnums_of(docsets.matching(query))) == expected


@pytest.mark.parametrize("text", QUERIES)
def test_totals_and_facets_count_what_the_reader_may_see(index, text):
    backend = index
    results = backend.search(SearchRequest(text=text, access=EVERYWHERE, per_page=200))
    docsets = backend._docsets()
    searcher = docsets.searcher
    query = backend.parse(text, searcher)
    visible = [
        searcher.stored_fields(docnum)
        for docnum in searcher.docs_for_query(query)
        if searcher.stored_fields(docnum)["workspace"] in ("1", "2")
    ]
    assert results.total == len(visible) == len(results.hits)
    counts = {facet: {v.value: v.count for v in values} for facet, values in results.facets.items()}
    expected_tags: dict[str, int] = {}
    for stored in visible:
        for tag in filter(None, stored["tags"].split(",")):
            expected_tags[tag] = expected_tags.get(tag, 0) + 1
    assert counts["tag"] == expected_tags
    by_author: dict[str, int] = {}
    for stored in visible:
        by_author[stored["author"]] = by_author.get(stored["author"], 0) + 1
    assert counts["author"] == by_author
    assert sum(counts["year"].values()) == len(visible)


def test_chosen_facets_narrow_the_count_and_the_ranking(index):
    backend = index
    everything = backend.search(SearchRequest(text="training", access=EVERYWHERE, per_page=200))
    chosen = backend.search(
        SearchRequest(
            text="training",
            access=EVERYWHERE,
            facets={"tag": ["tool"], "author": ["Ana Ruiz"]},
            per_page=200,
        )
    )
    tagged = {v.value: v.count for v in everything.facets["tag"]}["tool"]
    assert 0 < chosen.total < tagged
    assert {hit.author for hit in chosen.hits} == {"Ana Ruiz"}
    assert {v.value: v.count for v in chosen.facets["tag"]}["tool"] == chosen.total


def test_a_phrase_is_counted_in_the_pass_that_ranks_it(index):
    backend = index
    results = backend.search(SearchRequest(text='"speech recognition"', access=EVERYWHERE))
    assert results.total > 20 and len(results.hits) == 20
    assert all("<mark>" in hit.title_html or "<mark>" in hit.snippet for hit in results.hits)
    later = backend.search(
        SearchRequest(text='"speech recognition"', access=EVERYWHERE, page=2, sort="date")
    )
    assert later.total == results.total
    dates = [hit.date for hit in later.hits]
    assert dates == sorted(dates, reverse=True)


def test_bits_of_and_back():
    assert bits_of([], 0) == 0
    assert list(docnums_of(bits_of([0, 3, 8, 64, 65, 999], 1000))) == [0, 3, 8, 64, 65, 999]


@pytest.mark.parametrize(
    "text",
    [
        "Training the trainers: TRAINING data, retraining and train_set.",
        "Café résumé, İstanbul training.",
        "data-driven data9 _data datasets",
    ],
)
def test_query_words_are_found_where_the_pattern_finds_them(text):
    for stems in (["train"], ["data", "train"], ["résum", "caf"], ["istanbul"]):
        words = QueryWords(stems)
        expected = [match.start() for match in islice(words.pattern.finditer(text), 200)]
        assert words.starts(text, 200) == expected


def test_a_new_searcher_keeps_the_readers_of_unchanged_segments(index):
    backend = index
    searcher = backend._docsets().searcher
    before = {
        reader.segment().segment_id(): reader for reader, _ in searcher.reader().leaf_readers()
    }
    # A segment of its own, not merged, then one more change elsewhere.
    writer = backend._ix().writer()
    writer.add_document(key="wiki:500", type="wiki", workspace="1", access="view", body="zebra")
    writer.commit(merge=False)
    after = backend._docsets().searcher
    assert after is not searcher
    readers = {reader.segment().segment_id(): reader for reader, _ in after.reader().leaf_readers()}
    assert set(before) < set(readers)
    assert all(readers[segment] is reader for segment, reader in before.items())
    # A replaced item: its old segment's deletions change, so that segment's reader is new
    # and the item is found once, as it is now.
    replaced = SearchDocument(**{**document(1).__dict__, "body": "Yakword notes."})
    with backend.writing(timeout=5) as writer:
        writer.replace("wiki:1", "wiki", "view", replaced)

    def keys(text):
        return [
            hit.key
            for hit in backend.search(
                SearchRequest(text=text, access=EVERYWHERE, per_page=200)
            ).hits
        ]

    assert keys("yakword") == ["wiki:1"]
    assert keys("zebra") == ["wiki:500"]
    assert "wiki:1" not in keys("case")
    results = backend.search(SearchRequest(text="training", access=EVERYWHERE, per_page=200))
    assert results.total == len({hit.key for hit in results.hits})
    assert sorted(backend.keys()) == sorted(set(backend.keys()))


def old_schema() -> Schema:
    """The schema as issue 14's first version wrote it: facets read from columns."""
    schema = make_schema()
    for name in ("type", "author_facet", "year"):
        schema.remove(name)
        schema.add(name, ID(stored=name == "type", sortable=True))
    schema.add("tagset", ID(sortable=True))
    schema.remove("location")
    schema.add("location", STORED())
    schema.remove("tags")
    schema.add("tags", KEYWORD(stored=True, commas=True, lowercase=True, scorable=True))
    return schema


def test_an_index_of_an_older_schema_answers_says_so_and_a_rebuild_renews_it(tmp_path):
    FileStorage(str(tmp_path)).create_index(old_schema())
    backend = WhooshBackend(tmp_path)
    with backend.writing(timeout=5) as writer:
        for number in range(12):
            writer.replace(f"wiki:{number}", "wiki", "view", document(number))
    assert backend.needs_rebuild()
    results = backend.search(SearchRequest(text="speech OR training", access=EVERYWHERE))
    assert results.total > 0 and results.facets["author"]

    with backend.writing(timeout=5, rebuild=True) as writer:
        for number in range(12):
            writer.replace(f"wiki:{number}", "wiki", "view", document(number))
    assert not backend.needs_rebuild()
    assert "tagset" not in backend._ix().schema
    again = backend.search(SearchRequest(text="speech OR training", access=EVERYWHERE))
    assert (again.total, again.facets) == (results.total, results.facets)
    assert re.search(r"<mark>", again.hits[0].title_html + again.hits[0].snippet)
    backend.close()
