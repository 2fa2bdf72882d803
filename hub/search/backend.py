"""The interface every search backend offers; views, services and tests use only this.

Whoosh (hub.search.whoosh_backend) is the one backend today; a PostgreSQL full-text backend
for several app hosts can take its place without touching the providers or the views.
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from hub.search.providers import SearchDocument

#: The facets results are counted by, in the order the page shows them.
FACETS = ("type", "tag", "author", "year")
SORTS = ("relevance", "date")


class IndexBusy(Exception):
    """Another process holds the index for writing longer than we wait: try again later."""


@dataclass(frozen=True)
class AccessFilter:
    """Where a reader may look: for each access an item requires (a hub Action's value), the
    workspaces in which the reader has it. Items elsewhere are never scored or counted."""

    workspaces_by_access: Mapping[str, frozenset[int]]

    @property
    def is_empty(self) -> bool:
        return not any(self.workspaces_by_access.values())


@dataclass(frozen=True)
class SearchRequest:
    text: str
    access: AccessFilter
    #: Facet values chosen by the reader, ANDed: {"type": ["document"], "tag": ["ethics"]}.
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Hit:
    key: str
    type: str
    workspace_id: int
    title: str
    endpoint: str
    url_values: Mapping[str, object]
    date: datetime | None
    author: str
    location: str
    language: str
    #: Safe HTML: the item's text around the matches, which are in <mark>.
    snippet: str
    #: Safe HTML: the title with its matches in <mark>.
    title_html: str


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass(frozen=True)
class SearchResults:
    hits: Sequence[Hit]
    total: int
    page: int
    page_count: int
    facets: Mapping[str, Sequence[FacetValue]]
    #: The query with misspelt words corrected, when some word is found nowhere.
    correction: str | None = None


class IndexWriter(Protocol):
    def replace(
        self, key: str, item_type: str, access: str, document: SearchDocument, weight: float = 1.0
    ) -> None:
        """Add the item, or replace what the index holds under `key`; `weight` multiplies
        its relevance."""

    def delete(self, key: str) -> None: ...

    def delete_workspace(self, workspace_id: int) -> None: ...


class SearchBackend(Protocol):
    def writing(self, timeout: float, rebuild: bool = False) -> AbstractContextManager[IndexWriter]:
        """A writer, waiting at most `timeout` seconds for another process's (IndexBusy
        after); changes become searchable together when the block ends without an error.
        `rebuild`: the index holds only what this writer adds."""

    def needs_rebuild(self) -> bool:
        """Whether the index was built for an older layout: it still answers, and a full
        rebuild (`flask hub reindex`) brings it up to date."""

    def search(self, request: SearchRequest) -> SearchResults: ...

    def suggest(
        self, text: str, access: AccessFilter, types: Sequence[str], limit: int = 8
    ) -> list[Hit]:
        """Items whose title has every word of `text`, the last one as a prefix."""

    def count(self, access: AccessFilter | None = None) -> dict[str, int]:
        """Items in the index by type (all of them without `access`)."""

    def keys(self) -> Iterator[str]:
        """Every item key in the index (for checks against the database)."""

    def clear(self) -> None: ...
