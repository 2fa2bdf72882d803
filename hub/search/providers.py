"""What a feature package gives search: a `SearchProvider` for each kind of item it holds.

Search names no package. A package lists its providers in its `Feature(search_providers=...)`
(the hub's own, members, is in hub.workspaces.search) and says, for one kind of item:

- `documents(ids)`: the text to index for each of those items that may be found (one or a few
  queries for the whole batch). An item missing from the answer (deleted, unpublished) leaves
  the index: deleted or unpublished items never appear.
- `all_ids(workspace_id)`: a SELECT of the ids of every item that may be found (in one
  workspace, or everywhere), for a rebuild and for the counts `flask hub search-status` shows.
- `watches`: which model changes touch its items. A listener on the database session writes
  an index queue row for each touched item in the same transaction as the change, so the
  package's services need no search code at all.
- `requires`: the hub Action a reader needs in the item's workspace (hub.access decides):
  VIEW for content, SEE_MEMBERS for the members directory.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import unescape

from flask_babel import LazyString
from sqlalchemy import Select

from hub.access import Action


@dataclass(frozen=True)
class SearchDocument:
    """One item as the index holds it."""

    workspace_id: int
    title: str
    body: str
    #: Where the item is shown: the endpoint and its values, without the workspace's slug
    #: (added when results are shown, so a renamed workspace keeps its results' links).
    endpoint: str
    url_values: Mapping[str, object]
    #: The date a reader sorts by: last change of a page, of a post, of a document.
    date: datetime
    author: str = ""
    tags: Sequence[str] = ()
    #: Where in its package the item lives: "Toolkit › Principles", "General discussion".
    location: str = ""
    #: The item's own language, for the snippet's lang attribute.
    language: str = ""
    #: How much a match in the title counts, against other items' (a forum reply shows its
    #: topic's title, which is not its own: a match there counts less).
    title_weight: float = 1.0


@dataclass(frozen=True)
class Watch:
    """A change to `model` touches items of the provider: `item_ids(obj, session)` names them.

    With `fields`, only a change to one of those attributes counts (a topic's view count
    changes on every view; its title is what search cares about). New and deleted objects
    always count."""

    model: type
    item_ids: Callable[[object, object], Iterable[int]]
    fields: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SearchProvider:
    #: The item's type as the index and the query language know it ("type:document").
    type: str
    #: The type for people, singular: "Document" (a lazy_gettext string).
    label: str | LazyString
    documents: Callable[[Sequence[int]], Mapping[int, SearchDocument]]
    all_ids: Callable[[int | None], Select]
    watches: tuple[Watch, ...] = ()
    requires: Action = Action.VIEW
    #: Whether its titles are offered as suggestions while the reader types.
    suggested: bool = True
    #: The order of types in the facet and in the status table.
    order: int = 0
    #: How much its items' matches count against other types' (1: as much): the wiki's
    #: curated pages a little more, a forum's replies a little less than their topic.
    weight: float = 1.0


_TAG = re.compile(r"<[^>]*>")


def text_of_html(html: str) -> str:
    """The words of HTML our markup rendered (hub.markup: sanitized, so tags are plain): what
    a reader sees, for the index and the snippets, without Markdown's marks."""
    return unescape(_TAG.sub(" ", html))


def item_key(item_type: str, item_id: int) -> str:
    return f"{item_type}:{item_id}"


def split_key(key: str) -> tuple[str, int]:
    item_type, _, item_id = key.partition(":")
    return item_type, int(item_id)
