"""What every template can use: the navigation's counts, filters, the CSRF-protected button form."""

from datetime import datetime

from flask import Flask, g
from flask_login import current_user

from hub.access import Action
from hub.auth.forms import ConfirmForm
from hub.auth.models import SECTOR_LABELS, Sector
from hub.forms import country_names


def format_date(value: datetime | None, with_time: bool = False) -> str:
    if value is None:
        return ""
    return value.strftime("%d %b %Y, %H:%M UTC" if with_time else "%d %b %Y")


def iso_datetime(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def sector_label(value: str | Sector) -> str:
    return SECTOR_LABELS.get(Sector(value), str(value))


def country_name(code: str) -> str:
    return country_names().get(code, code)


def navigation_context() -> dict:
    """Counts for the top bar; only for signed-in users, two small queries."""
    from hub.notifications.services import unread_count
    from hub.workspaces.services import pending_request_count

    if not current_user.is_authenticated:
        return {}
    context = {"unread_notifications": unread_count(current_user)}
    workspace = g.get("workspace")
    if workspace is not None and Action.ADMINISTER in g.get("permissions", ()):
        context["pending_requests"] = pending_request_count(workspace)
    return context


def my_workspaces() -> list:
    """The workspaces the signed-in user is an active member of, for the switcher."""
    from hub.workspaces.services import active_workspaces_of

    return active_workspaces_of(current_user) if current_user.is_authenticated else []


def configure_templating(app: Flask) -> None:
    app.jinja_env.filters.update(
        date=format_date, isodate=iso_datetime, sector=sector_label, country=country_name
    )
    app.jinja_env.globals.update(
        Action=Action, button_form=ConfirmForm, my_workspaces=my_workspaces
    )

    @app.context_processor
    def inject_navigation():
        return {
            "hub_name": app.config["HUB_NAME"],
            "nav": navigation_context(),
            "workspace": g.get("workspace"),
            "permissions": g.get("permissions", frozenset()),
        }
