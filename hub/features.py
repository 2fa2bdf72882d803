"""The registry of feature packages: how the wiki, forums, documents and events plug into the hub.

Each package describes itself with one `Feature` (its blueprint, its workspace tabs, the
counts it adds to a workspace home, its audit family, its demo seeder) as `FEATURE` in its
`__init__.py`. The factory imports the packages named in the config's FEATURES and
registers what they describe; the hub reads the registry and names no package itself, so a
package that is not enabled leaves no trace: no tab, no count, no route, no audit filter.
"""

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import click
from flask import Blueprint, Flask, current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.utils import import_string

from hub.access import Action
from hub.cli import hub_cli
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
