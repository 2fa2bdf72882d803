"""Search for a reader: what they may see (hub.access decides), their query made safe, and
the backend's answer. Views and the CLI call these; tests of behaviour do too."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from hub.access import permissions_for, permissions_of
from hub.auth.models import User
from hub.extensions import db
from hub.search.backend import FACETS, AccessFilter, Hit, SearchRequest, SearchResults
from hub.search.queue import search_backend, search_providers
from hub.workspaces.models import Membership, MembershipStatus, Workspace

MAX_QUERY_CHARS = 200
MAX_WORDS = 24
PER_PAGE = 20
#: Higher page numbers are clamped: nobody reads the 10,001st page of results.
LAST_PAGE = 10_000
SUGGESTIONS = 8
#: The field filters of the query language (`tag:ethics`); any other `name:` is a word.
QUERY_FIELDS = frozenset({"title", "author", "by", "tag", "tags", "type"})
MAX_FACET_VALUES = 5
MAX_FACET_VALUE_CHARS = 100

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FIELD = re.compile(r"(?<![\w\"])(\w+):")
_WILDCARD = re.compile(r"(\w*)([*?]+)(\w*)")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class CleanQuery:
    text: str
    #: What was changed in the reader's query, to tell them.
    notices: list[str] = field(default_factory=list)


def clean_query(raw: str) -> CleanQuery:
    """The reader's query, made safe for any backend: no control characters, at most
    MAX_QUERY_CHARS and MAX_WORDS, field filters only of QUERY_FIELDS, wildcards only as
    the end of a word of two letters or more ("recog*")."""
    notices = []
    text = _CONTROL.sub(" ", raw or "")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(
            _(
                "Only the first %(count)s characters of your search were used.",
                count=MAX_QUERY_CHARS,
            )
        )
    words = text.split()
    if len(words) > MAX_WORDS:
        words = words[:MAX_WORDS]
        notices.append(
            _("Only the first %(count)s words of your search were used.", count=MAX_WORDS)
        )
    text = " ".join(words)

    def field_name(match: re.Match) -> str:
        name = match.group(1).lower()
        return f"{name}:" if name in QUERY_FIELDS else f"{match.group(1)} "

    def wildcard(match: re.Match) -> str:
        start, marks, rest = match.groups()
        if not rest and len(start) >= 2 and "?" not in marks:
            return f"{start}*"
        return " ".join(filter(None, (start, rest))) or " "

    text = _WILDCARD.sub(wildcard, _FIELD.sub(field_name, text))
    return CleanQuery(" ".join(text.split()), notices)


def readable_workspaces(user: User, workspace: Workspace | None, everywhere: bool) -> list[tuple]:
    """(workspace, permissions) for each workspace searched: `workspace` alone, or every
    workspace the user belongs to (every workspace, for hub administrators). Nothing for
    an account that is not active."""
    if not user.is_authenticated or not user.is_active:
        return []
    if not everywhere:
        # The membership the workspace's page looked up already, in this unit of work.
        return [(workspace, permissions_of(user, workspace))] if workspace is not None else []
    if user.is_hub_admin:
        workspaces = list(db.session.scalars(select(Workspace).order_by(Workspace.name)))
    else:
        workspaces = list(
            db.session.scalars(
                select(Workspace)
                .join(Membership, Membership.workspace_id == Workspace.id)
                .where(Membership.user_id == user.id, Membership.status == MembershipStatus.ACTIVE)
                .order_by(Workspace.name)
            )
        )
    ids = [each.id for each in workspaces]
    memberships = {
        membership.workspace_id: membership
        for membership in db.session.scalars(
            select(Membership).where(
                Membership.user_id == user.id, Membership.workspace_id.in_(ids)
            )
        )
    }
    return [(each, permissions_for(user, each, memberships.get(each.id))) for each in workspaces]


def access_filter(readable: Sequence[tuple]) -> AccessFilter:
    needed = {provider.requires for provider in search_providers()}
    return AccessFilter(
        {
            action.value: frozenset(
                workspace.id for workspace, permissions in readable if action in permissions
            )
            for action in needed
        }
    )


def chosen_facets(arguments: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The facet values of a request's arguments that can mean something; others are dropped."""
    types = {provider.type for provider in search_providers()}
    chosen = {}
    for facet in FACETS:
        values = []
        for value in arguments.get(facet, ())[:MAX_FACET_VALUES]:
            value = _CONTROL.sub("", value).strip()[:MAX_FACET_VALUE_CHARS]
            if not value:
                continue
            if facet == "type" and value not in types:
                continue
            if facet == "year" and not _YEAR.fullmatch(value):
                continue
            if facet == "tag":
                value = value.lower()
            if value not in values:
                values.append(value)
        if values:
            chosen[facet] = values
    return chosen


@dataclass(frozen=True)
class SearchOutcome:
    query: CleanQuery
    results: SearchResults | None
    workspaces: Mapping[int, Workspace]

    def workspace_of(self, hit: Hit) -> Workspace | None:
        return self.workspaces.get(hit.workspace_id)


def search(
    user: User,
    text: str,
    workspace: Workspace | None = None,
    everywhere: bool = False,
    facets: Mapping[str, Sequence[str]] | None = None,
    sort: str = "relevance",
    page: int = 1,
) -> SearchOutcome:
    """What `user` may find for `text`: in `workspace`, or in all their workspaces."""
    query = clean_query(text)
    readable = readable_workspaces(user, workspace, everywhere)
    workspaces = {each.id: each for each, _permissions in readable}
    access = access_filter(readable)
    if not query.text or access.is_empty:
        return SearchOutcome(query, None, workspaces)
    results = search_backend().search(
        SearchRequest(
            text=query.text,
            access=access,
            facets=dict(facets or {}),
            sort=sort if sort in ("relevance", "date") else "relevance",
            page=min(max(page, 1), LAST_PAGE),
            per_page=PER_PAGE,
        )
    )
    return SearchOutcome(query, results, workspaces)


def suggest(
    user: User, text: str, workspace: Workspace | None = None, everywhere: bool = False
) -> tuple[list[Hit], Mapping[int, Workspace]]:
    """Titles for the search box, after two characters."""
    text = _CONTROL.sub(" ", text or "")[:MAX_QUERY_CHARS].strip()
    if len(text) < 2:
        return [], {}
    readable = readable_workspaces(user, workspace, everywhere)
    access = access_filter(readable)
    types = [provider.type for provider in search_providers() if provider.suggested]
    hits = search_backend().suggest(text, access, types, limit=SUGGESTIONS)
    return hits, {each.id: each for each, _permissions in readable}


def type_labels() -> dict[str, str]:
    return {provider.type: provider.label for provider in search_providers()}
