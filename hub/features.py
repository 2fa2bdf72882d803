"""The registry of feature packages: how the wiki, forums, documents and events plug into the hub.

Each package describes itself with one `Feature` (its blueprint, its workspace tabs, the
counts it adds to a workspace home, its audit family, its demo seeder) as `FEATURE` in its
`__init__.py`. The factory imports the packages named in the config's FEATURES and
registers what they describe; the hub reads the registry and names no package itself, so a
package that is not enabled leaves no trace: no tab, no count, no route, no audit filter.
"""

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import click
from flask import Blueprint, Flask, current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.utils import import_string

from hub.access import Action
from hub.auth.models import User
from hub.cli import hub_cli
from hub.database import MAX_ROW_ID
from hub.markup import InternalLink, WikiLink
from hub.search.providers import SearchProvider
from hub.workspaces.models import Workspace

_REGISTRY_KEY = "hub_features"
_TABS_KEY = "hub_workspace_tabs"


@dataclass(frozen=True)
class TabBadge:
    """A count on a tab for the users with the action `requires` (things waiting for them):
    `count` reads it for a workspace in one cheap query, on every page they see; `text`
    says it for screen readers, like Counter.text ("3 reports waiting")."""

    count: Callable[[Workspace], int]
    text: Callable[[int], str]
    requires: Action


@dataclass(frozen=True)
class Tab:
    """A tab in a workspace's navigation, linking to `endpoint` (which takes the workspace's
    slug, plus `values`). It is current on the pages of the blueprint of the same `name`,
    and on pages whose view names it as their `current_tab`. Only users with the action
    `requires` see it. `label` is a lazy_gettext string: it reads in each reader's language."""

    name: str
    label: str | LazyString
    endpoint: str
    order: int
    values: Mapping[str, str] = field(default_factory=dict)
    requires: Action = Action.VIEW
    badge: TabBadge | None = None


@dataclass(frozen=True)
class Counter:
    """A figure on the workspace home: "1 wiki page", "12 wiki pages".

    `text` writes a count as the reader's language says it: one ngettext call with the
    singular and the plural written out (extraction finds the pair there; each language has
    its own plural forms, Arabic six) and the number, formatted, where the language puts it:

        lambda number: ngettext(
            "%(shown)s wiki page", "%(shown)s wiki pages", number, shown=format_number(number)
        )
    """

    text: Callable[[int], str]
    count: Callable[[Workspace], int]
    order: int


@dataclass(frozen=True)
class AuditFamily:
    """The audit actions whose names start with `prefix` + ".", as one choice in the audit
    log's filter; `actions` names each action for people ("wiki.page_moved": "Page moved").
    The label and the names are lazy_gettext strings: administrators read them in their
    language."""

    prefix: str
    label: str | LazyString
    actions: Mapping[str, str | LazyString] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkTarget:
    """What a wiki link ``[[kind:ID]]`` reaches: the item's address and its title."""

    href: str
    title: str


#: Finds the live items of one kind among `ids` in a workspace (one query), by id.
LinkTargetFinder = Callable[[Workspace, set[int]], Mapping[int, LinkTarget]]

#: Items that link to others keep how long a list of them, on the page of the item they
#: link to: the first ones in each package, then how many more.
LINKING_ITEMS_SHOWN = 20


@dataclass(frozen=True)
class LinkingItem:
    """An item that links to another package's item, as its reader sees it in a list: a wiki
    page, or "VDR 2: Principles..." with a few words beside it (`note`: "9 Jun 2021")."""

    title: str
    href: str
    note: str = ""


@dataclass(frozen=True)
class LinkingItems:
    """A package's items that link to one item: the first of them, and how many more."""

    #: What they are, as a heading: "Wiki pages" (a lazy_gettext string).
    label: str | LazyString
    items: tuple[LinkingItem, ...] = ()
    more: int = 0


#: Finds the items of a package that link to item `kind`:`item_id` of a workspace and that
#: `reader` may see: at most `limit`, and how many more there are; the same few statements
#: however many there are.
LinkingItemsFinder = Callable[[Workspace, User, str, int, int], LinkingItems]


@dataclass(frozen=True)
class PageNote:
    """What a package says about a wiki page, shown at the page's top after a link to its own
    item: "VDR 2: Principles..." (the event's page, `label` at `href`), then `text`: "Took
    place on 9 Jun 2021."."""

    text: str
    href: str
    label: str


#: Finds what a package says about the wiki page at `path` in a workspace (one query).
PageNoteFinder = Callable[[Workspace, str], Sequence[PageNote]]


@dataclass(frozen=True)
class Feature:
    name: str
    blueprint: Blueprint
    tabs: tuple[Tab, ...] = ()
    counters: tuple[Counter, ...] = ()
    audit_family: AuditFamily | None = None
    #: Fills a demo workspace (see hub.seed); must be safe to run again.
    demo_seeder: Callable | None = None
    #: Demo seeders run lowest first: a package whose demo links to another's demo items
    #: (the wiki's ``[[forum:2]]``) seeds after it.
    demo_order: int = 0
    #: What the package gives hub search: one provider per kind of item it holds (see
    #: hub.search.providers), named "module:NAME" so that registering one is one line and
    #: the package's modules load in their own order: ("forums.search:TOPICS", ...).
    search_providers: tuple[str, ...] = ()
    #: The kinds of ``[[kind:ID]]`` wiki link the package's items answer (hub.markup lists
    #: the kinds the syntax knows), each with the finder of its items.
    link_targets: Mapping[str, LinkTargetFinder] = field(default_factory=dict)
    #: Notes the package adds to wiki pages (an event's date on the page that records it).
    page_notes: PageNoteFinder | None = None
    #: The package's items that link to an item of another (the wiki pages and events that
    #: name a document), for that item's page.
    linking_items: LinkingItemsFinder | None = None
    #: Records again, from each item's text, the ``[[kind:ID]]`` links the package keeps (after
    #: an upgrade that starts keeping them); returns how many items it read. Safe to run again.
    rebuild_links: Callable[[], int] | None = None
    #: Commands the package adds to `flask hub` (meant for cron, say).
    commands: tuple[click.Command, ...] = ()


def load_features(app: Flask) -> list[Feature]:
    """Import the packages the config enables and register their blueprints."""
    features = [importlib.import_module(name).FEATURE for name in app.config["FEATURES"]]
    for feature in features:
        app.register_blueprint(feature.blueprint)
        for command in feature.commands:
            hub_cli.add_command(command)
    app.extensions[_REGISTRY_KEY] = features
    # Every workspace page shows the tabs: put them in order once.
    tabs = [*HUB_TABS, *(tab for feature in features for tab in feature.tabs)]
    app.extensions[_TABS_KEY] = sorted(tabs, key=lambda tab: tab.order)
    return features


def enabled_features() -> list[Feature]:
    return current_app.extensions[_REGISTRY_KEY]


#: The hub's own tabs, around the features' (Settings, for administrators, comes last).
HUB_TABS = (
    Tab("overview", _l("Overview"), "workspaces.home", order=0),
    Tab("members", _l("Members"), "members.index", order=100, requires=Action.SEE_MEMBERS),
)


def workspace_tabs() -> list[Tab]:
    return current_app.extensions[_TABS_KEY]


def workspace_counters() -> list[Counter]:
    """The features' counters; the hub's own member count comes first (hub.workspaces.stats)."""
    return sorted(
        (counter for feature in enabled_features() for counter in feature.counters),
        key=lambda counter: counter.order,
    )


def audit_families() -> list[AuditFamily]:
    return [feature.audit_family for feature in enabled_features() if feature.audit_family]


def link_target_finders() -> dict[str, LinkTargetFinder]:
    """Each enabled kind of ``[[kind:ID]]`` link, with its finder."""
    return {
        kind: finder
        for feature in enabled_features()
        for kind, finder in feature.link_targets.items()
    }


def linked_item(link: WikiLink) -> tuple[str, int] | None:
    """The kind and id of the item a ``[[kind:ID]]`` link names; None for a link to a page or
    an id that is no row's (not a number, or out of range)."""
    if link.kind == "page" or not (link.target.isascii() and link.target.isdigit()):
        return None
    item_id = int(link.target)
    return (link.kind, item_id) if 0 < item_id <= MAX_ROW_ID else None


def linked_items(links: Iterable[WikiLink]) -> set[tuple[str, int]]:
    """The kind and id of each item the ``[[kind:ID]]`` links among `links` name."""
    return {item for item in map(linked_item, links) if item is not None}


def find_link_targets(
    workspace: Workspace, links: Iterable[WikiLink]
) -> dict[tuple[str, int], LinkTarget]:
    """The live items that ``[[kind:ID]]`` links reach in a workspace, by kind and id: one
    query per kind, by the feature that has it. Kinds no enabled feature has reach nothing."""
    finders = link_target_finders()
    wanted: dict[str, set[int]] = {}
    for link in links:
        item = linked_item(link)
        if item is not None and item[0] in finders:
            wanted.setdefault(item[0], set()).add(item[1])
    return {
        (kind, item_id): target
        for kind, ids in wanted.items()
        for item_id, target in finders[kind](workspace, ids).items()
    }


def item_link_resolver(
    targets: Mapping[tuple[str, int], LinkTarget],
) -> Callable[[WikiLink], InternalLink | None]:
    """Resolves ``[[kind:ID]]`` links to the items of `targets` (find_link_targets), titled by
    them; any other link, or an item that is gone, stays text."""

    def resolve(link: WikiLink) -> InternalLink | None:
        item = linked_item(link)
        target = targets.get(item) if item is not None else None
        return InternalLink(href=target.href, label=target.title) if target else None

    return resolve


def items_linking_to(
    workspace: Workspace, reader: User, kind: str, item_id: int
) -> list[LinkingItems]:
    """What each enabled package holds that links to item `kind`:`item_id` and that `reader`
    may see (LINKING_ITEMS_SHOWN of each at most), in the order of the features; packages
    with nothing to show are left out."""
    found = (
        feature.linking_items(workspace, reader, kind, item_id, LINKING_ITEMS_SHOWN)
        for feature in enabled_features()
        if feature.linking_items is not None
    )
    return [each for each in found if each.items]


def page_notes(workspace: Workspace, path: str) -> list[PageNote]:
    """What the enabled packages say about the wiki page at `path`."""
    return [
        note
        for feature in enabled_features()
        if feature.page_notes is not None
        for note in feature.page_notes(workspace, path)
    ]


def search_providers(features: list[Feature]) -> list[SearchProvider]:
    """The features' search providers, after the hub's own (the members directory)."""
    from hub.workspaces.search import MEMBERS

    return [
        MEMBERS,
        *(import_string(name) for feature in features for name in feature.search_providers),
    ]


def demo_seeders() -> list[Callable]:
    features = sorted(enabled_features(), key=lambda feature: feature.demo_order)
    return [feature.demo_seeder for feature in features if feature.demo_seeder]
