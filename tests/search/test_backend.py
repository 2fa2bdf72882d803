"""The backend interface (hub.search.backend), tested through the Whoosh backend with items
written directly: the query language, facets, highlights, suggestions, counts and the
access filter. Another backend must pass the same tests."""

from datetime import UTC, datetime

import pytest

from hub.search.backend import AccessFilter, IndexBusy, SearchRequest
from hub.search.providers import SearchDocument
from hub.search.queue import search_backend

pytestmark = pytest.mark.backend_independent

EVERYWHERE = AccessFilter({"view": frozenset({1, 2}), "see_members": frozenset({1})})
ONLY_ONE = AccessFilter({"view": frozenset({1}), "see_members": frozenset()})


def item(key, title, body="", *, workspace=1, kind="wiki", access="view", **extra):
    return (
        key,
        kind,
        access,
        SearchDocument(
            workspace_id=workspace,
            title=title,
            body=body,
            endpoint="wiki.page",
            url_values={"path": key.replace(":", "-")},
            date=extra.pop("date", datetime(2021, 6, 9, tzinfo=UTC)),
            **extra,
        ),
    )


ITEMS = [
    item(
        "wiki:1",
        "Speech recognition",
        "Transcribing interviews with speech recognition.",
        tags=["tool"],
        author="Ana Ruiz",
    ),
    item(
        "wiki:2",
        "Investigations with AI",
        "How police investigate with machine learning.",
        tags=["tool", "evidence"],
        author="Ben Okafor",
        date=datetime(2019, 4, 1, tzinfo=UTC),
    ),
    item(
        "document:3",
        "Café résumé",
        "Le café des experts: résumé de la réunion.",
        kind="document",
        tags=["evidence"],
        author="Ana Ruiz",
    ),
    item(
        "topic:4",
        "Ethics training for officers",
        "Training on ethics and <b>bias</b>.",
        kind="topic",
        author="Ben Okafor",
        date=datetime(2021, 8, 26, tzinfo=UTC),
    ),
    item(
        "topic:5",
        "Hidden workspace secret",
        "Speech recognition secret plans.",
        kind="topic",
        workspace=3,
        tags=["secret-tag"],
        author="Hidden Author",
    ),
    item("member:6", "Ana Ruiz", "Policía Nacional ES Spain", kind="member", access="see_members"),
]


@pytest.fixture
def index():
    index = search_backend()
    with index.writing(timeout=5) as writer:
        for key, kind, access, document in ITEMS:
            writer.replace(key, kind, access, document)
    return index


def found(backend, text, access=EVERYWHERE, **options):
    results = backend.search(SearchRequest(text=text, access=access, **options))
    return [hit.key for hit in results.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("speech", ["wiki:1"]),
        ("investigations", ["wiki:2"]),  # stemming: "investigate" in the text
        ("investigating", ["wiki:2"]),
        ("cafe resume", ["document:3"]),  # accent folding
        ('"speech recognition"', ["wiki:1"]),
        ('"recognition speech"', []),
        ("speech OR ethics", ["wiki:1", "topic:4"]),
        ("training -bias", []),
        ("training NOT bias", []),
        ("training -speech", ["topic:4"]),
        ("investig*", ["wiki:2"]),
        ("recog*", ["wiki:1"]),
        ("title:training", ["topic:4"]),
        ("title:interviews", []),
        ("tag:evidence", ["wiki:2", "document:3"]),
        ("tag:EVIDENCE", ["wiki:2", "document:3"]),
        ("type:document", ["document:3"]),
        ("author:okafor", ["wiki:2", "topic:4"]),
        ("spain", ["member:6"]),
        ("secret", []),  # workspace 3 is not the reader's
    ],
)
def test_query_language(index, query, expected):
    assert sorted(found(index, query)) == sorted(expected)


def test_all_words_must_match(index):
    assert found(index, "speech interviews") == ["wiki:1"]
    assert found(index, "speech ethics") == []


def test_members_need_their_own_access(index):
    assert found(index, "spain", access=ONLY_ONE) == []


def test_hidden_items_are_not_counted_in_totals_or_facets(index):
    results = index.search(SearchRequest(text="speech OR secret", access=EVERYWHERE))
    assert results.total == 1
    facet_values = {value.value for values in results.facets.values() for value in values}
    assert "secret-tag" not in facet_values
    assert "Hidden Author" not in facet_values


def test_facets_count_and_combine(index):
    results = index.search(
        SearchRequest(text="ana OR ben OR training OR speech", access=EVERYWHERE)
    )
    counts = {facet: {v.value: v.count for v in values} for facet, values in results.facets.items()}
    assert counts["author"]["Ana Ruiz"] == 1
    assert counts["type"]["topic"] == 1
    chosen = index.search(
        SearchRequest(
            text="tag:evidence OR training",
            access=EVERYWHERE,
            facets={"author": ["Ben Okafor"], "year": ["2019"]},
        )
    )
    assert [hit.key for hit in chosen.hits] == ["wiki:2"]
    assert {v.value for v in chosen.facets["author"] if v.selected} == {"Ben Okafor"}


def test_sorted_by_date_newest_first(index):
    keys = found(index, "tag:evidence OR tag:tool OR training", sort="date")
    assert keys == ["topic:4", "wiki:1", "document:3", "wiki:2"] or keys[0] == "topic:4"
    assert keys[-1] == "wiki:2"


def test_pages(index):
    with index.writing(timeout=5) as writer:
        for number in range(45):
            writer.replace(*item(f"wiki:{100 + number}", f"Drone policy {number}", "Drones."))
    first = index.search(SearchRequest(text="drones", access=EVERYWHERE, per_page=20))
    third = index.search(SearchRequest(text="drones", access=EVERYWHERE, page=3, per_page=20))
    beyond = index.search(SearchRequest(text="drones", access=EVERYWHERE, page=99, per_page=20))
    assert (first.total, first.page_count, len(first.hits)) == (45, 3, 20)
    assert (third.page, len(third.hits)) == (3, 5)
    assert beyond.page == 3
    seen = {
        hit.key
        for page in (1, 2, 3)
        for hit in index.search(
            SearchRequest(text="drones", access=EVERYWHERE, page=page, per_page=20)
        ).hits
    }
    assert len(seen) == 45


def test_snippets_mark_matches_and_escape_the_text(index):
    hit = index.search(SearchRequest(text="bias", access=EVERYWHERE)).hits[0]
    assert "<mark>bias</mark>" in hit.snippet
    assert "<b>" not in hit.snippet and "&lt;b&gt;" in hit.snippet
    assert "<mark>" not in hit.title_html


def test_did_you_mean(index):
    results = index.search(SearchRequest(text="recogntion", access=EVERYWHERE))
    assert results.total == 0
    assert results.correction == "recognition"
    assert index.search(SearchRequest(text="speech", access=EVERYWHERE)).correction is None


def test_suggestions_are_titles_by_prefix_of_the_last_word(index):
    hits = index.suggest("speech rec", EVERYWHERE, types=["wiki", "topic", "document"])
    assert [hit.title for hit in hits] == ["Speech recognition"]
    assert index.suggest("spe", ONLY_ONE, types=["topic"]) == []
    assert index.suggest("ana", EVERYWHERE, types=["wiki"]) == []  # members are not suggested


def test_counts_and_keys(index):
    assert index.count() == {"wiki": 2, "document": 1, "topic": 2, "member": 1}
    assert index.count(ONLY_ONE) == {"wiki": 2, "document": 1, "topic": 1}
    assert set(index.keys()) == {key for key, *_ in ITEMS}


def test_replace_and_delete(index):
    with index.writing(timeout=5) as writer:
        writer.replace(*item("wiki:1", "Voice analysis", "Voices."))
        writer.delete("wiki:2")
    assert found(index, "speech") == []
    assert found(index, "voices") == ["wiki:1"]
    assert found(index, "investigations") == []


def test_a_busy_index_says_so_instead_of_raising_lock_errors(index):
    with index.writing(timeout=5):
        with pytest.raises(IndexBusy), index.writing(timeout=0.1):
            pass


def test_an_item_changed_many_times_is_found_once(index):
    # Each commit adds a segment and merges small ones; the searcher reopened after each
    # must not keep the merged-away segments (whoosh-reloaded's refresh() does).
    for number in range(30):
        with index.writing(timeout=5) as writer:
            writer.replace(*item("wiki:1", f"Speech recognition {number}", "Transcripts."))
        assert found(index, "transcripts") == ["wiki:1"]
    assert index.count()["wiki"] == 2
