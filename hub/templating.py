"""What every template can use: the page's frame (top bar, tabs, footer) with the navigation's
counts, filters, the CSRF-protected button form."""

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple

from flask import Flask, current_app, g, request, url_for
from flask_babel import gettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import bindparam, func, select

from hub.access import Action
from hub.auth.models import SECTOR_LABELS, Sector
from hub.extensions import db
from hub.features import workspace_tabs
from hub.forms import country_names
from hub.fragments import Fragment
from hub.i18n import current_language
from hub.notifications.models import Notification
from hub.workspaces.models import Membership, MembershipStatus, Workspace


def iso_datetime(value: datetime | None) -> str:
    """For `<time datetime>`: whole seconds (HTML allows at most three decimals), in UTC."""
    if value is None:
        return ""
    return value.replace(tzinfo=value.tzinfo or UTC).isoformat(timespec="seconds")


def sector_label(value: str | Sector) -> str:
    return SECTOR_LABELS.get(Sector(value), str(value))


def country_name(code: str) -> str:
    return country_names().get(code, code)


def activity_verb(verb: str) -> str:
    """What someone did, as recorded in English ("joined the workspace", marked N_ where it
    was recorded), in the reader's language."""
    return gettext(verb)


def _switcher_and_unread_statement():
    unread = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
        .scalar_subquery()
    )
    # Plain columns, not Workspace objects: the switcher shows names and links only.
    return (
        select(Workspace.id, Workspace.slug, Workspace.name, unread.label("unread"))
        .join(Membership, Membership.workspace_id == Workspace.id)
        .where(
            Membership.user_id == bindparam("user_id"),
            Membership.status == MembershipStatus.ACTIVE,
        )
        .order_by(Workspace.name)
    )


# Built once: every signed-in page shows the workspace switcher and the bell.
_SWITCHER_AND_UNREAD = _switcher_and_unread_statement()


def navigation_context() -> dict:
    """The top bar's workspace switcher and unread count (one query for members of any
    workspace), the waiting join requests for a workspace's administrators, and the tabs'
    badges (hub.features.TabBadge) for those they are for."""
    from hub.notifications.services import unread_count
    from hub.workspaces.services import pending_request_count

    if not current_user.is_authenticated:
        return {}
    # Plain rows, run on the session's connection: the ORM's pass over a statement that
    # loads no objects costs as much as running it, on every page.
    rows = db.session.connection().execute(_SWITCHER_AND_UNREAD, {"user_id": current_user.id}).all()
    context = {
        "workspaces": rows,
        "unread_notifications": rows[0].unread if rows else unread_count(current_user),
    }
    workspace = g.get("workspace")
    permissions = g.get("permissions", ())
    if workspace is not None and Action.ADMINISTER in permissions:
        context["pending_requests"] = pending_request_count(workspace)
    if workspace is not None:
        context["tab_badges"] = {
            tab.name: (tab.badge.count(workspace), tab.badge.text)
            for tab in workspace_tabs()
            if tab.badge is not None and tab.badge.requires in permissions
        }
    return context


class Reader(NamedTuple):
    name: str
    is_hub_admin: bool


class WorkspaceLink(NamedTuple):
    id: int
    slug: str
    name: str


class TopBar(NamedTuple):
    """All that the top bar and the workspace's tabs show: the key they are kept under."""

    hub_name: str
    #: None when nobody is signed in.
    reader: Reader | None
    #: The page's workspace, when the reader may view it: its tabs show.
    workspace: WorkspaceLink | None
    permissions: frozenset[Action]
    #: The tabs marked as the current page's.
    current_tabs: frozenset[str]
    on_settings: bool
    pending_requests: int
    #: (tab name, count) for the tabs' badges.
    tab_badges: tuple[tuple[str, int], ...]
    #: The switcher's workspaces: rows of (id, slug, name, unread).
    workspaces: tuple
    unread_notifications: int


# Shared by the readers who see the same bar (their name, workspaces, rights and counts);
# the CSRF token of the sign-out form is each request's own.
_top_bar = Fragment("_chrome.html", "top_bar", size=4096, holes=("csrf_token",))
_footer = Fragment("_chrome.html", "footer", size=64, holes=("csrf_token", "next_path"))
_CURRENT_TAB_FROM_ENDPOINT = object()


def top_bar(nav: dict, current_tab: str | None | object = _CURRENT_TAB_FROM_ENDPOINT) -> Markup:
    """The top bar and, in a workspace, its tabs. The current tab is the one a view names
    (`current_tab`; None for none), else the tab of the page's endpoint or blueprint."""
    workspace = g.get("workspace")
    permissions = g.get("permissions", frozenset())
    if workspace is None or Action.VIEW not in permissions:
        workspace = None
    if current_tab is not _CURRENT_TAB_FROM_ENDPOINT:
        current_tabs = frozenset((current_tab,) if current_tab else ())
    elif workspace is None:
        current_tabs = frozenset()
    else:
        endpoint, blueprint = request.endpoint, request.blueprint
        current_tabs = frozenset(
            tab.name
            for tab in workspace_tabs()
            if tab.endpoint == endpoint or tab.name == blueprint
        )
    signed_in = current_user.is_authenticated
    bar = TopBar(
        hub_name=current_app.config["HUB_NAME"],
        reader=Reader(current_user.display_name, current_user.is_hub_admin) if signed_in else None,
        workspace=workspace and WorkspaceLink(workspace.id, workspace.slug, workspace.name),
        permissions=permissions,
        current_tabs=current_tabs,
        on_settings=request.endpoint == "workspaces.settings",
        pending_requests=nav.get("pending_requests", 0),
        tab_badges=tuple(
            (name, count) for name, (count, _text) in nav.get("tab_badges", {}).items()
        ),
        workspaces=tuple(nav.get("workspaces", ())),
        unread_notifications=nav.get("unread_notifications", 0),
    )
    return _top_bar(bar, csrf_token=generate_csrf() if signed_in else "")


def footer() -> Markup:
    """The footer, with the language menu that brings the reader back to this page."""
    return _footer(
        current_app.config["HUB_NAME"],
        current_language(),
        csrf_token=generate_csrf(),
        next_path=request.full_path.rstrip("?"),
    )


# Bounded: values include page paths and revision numbers, some taken from the request.
@lru_cache(maxsize=4096)
def _cached_path(endpoint: str, values: tuple[tuple[str, str], ...]) -> str:
    return url_for(endpoint, **dict(values))


def link(endpoint: str, **values: str) -> str:
    """url_for for the links pages repeat (menus, tabs, static files, wiki pages and their
    actions): an address depends only on the endpoint and its values, so each is built once
    per process, as long as it is in use."""
    return _cached_path(endpoint, tuple(sorted(values.items())))


def allowed(rule: Callable, subject: object) -> bool:
    """Whether the current user passes a package's policy `rule` for `subject`: templates
    show a button only where the service behind it would accept the action."""
    return rule(current_user, g.get("permissions", frozenset()), subject) is None


def configure_templating(app: Flask) -> None:
    app.jinja_env.filters.update(
        isodate=iso_datetime, sector=sector_label, country=country_name, activity_verb=activity_verb
    )
    app.jinja_env.globals.update(
        Action=Action,
        allowed=allowed,
        link=link,
        workspace_tabs=workspace_tabs,
        top_bar=top_bar,
        footer=footer,
    )

    @app.context_processor
    def inject_navigation():
        return {
            "hub_name": app.config["HUB_NAME"],
            "nav": navigation_context(),
            "workspace": g.get("workspace"),
            "permissions": g.get("permissions", frozenset()),
        }
