"""Events: the workspace's record of its Virtual Discussion Rooms, Virtual Training Rooms and
meetings, registration for the ones to come, and calendar files and feeds."""

from dataclasses import dataclass
from datetime import date

import click
from babel.dates import format_date
from flask import Blueprint
from flask_babel import get_locale, get_timezone, ngettext
from flask_babel import lazy_gettext as _l

bp = Blueprint("events", __name__, url_prefix="/w/<slug>/events", template_folder="templates")

from events import policies, views  # noqa: E402, F401  (routes on bp)
from events.demo import seed_demo_events  # noqa: E402
from events.queries import (  # noqa: E402
    event_link_targets,
    event_page_notes,
    events_linking_to_item,
    upcoming_count,
    when_text,
)
from events.services import rebuild_item_links  # noqa: E402
from hub.cli import unit_of_work  # noqa: E402
from hub.features import AuditFamily, Counter, Feature, Tab  # noqa: E402
from hub.i18n import format_number  # noqa: E402


@click.command("send-reminders")
@unit_of_work
def send_reminders_command():
    """Remind members of the events they registered for that start within a day (meant for
    cron: each registration is reminded once, however often it runs)."""
    from events.services import send_reminders

    click.echo(f"Sent {send_reminders()} reminder(s).")


FEATURE = Feature(
    name="events",
    blueprint=bp,
    # After the wiki (10, 11), the forums (20) and the library (30).
    tabs=(Tab("events", _l("Events"), "events.index", order=40),),
    counters=(
        Counter(
            lambda number: ngettext(
                "%(shown)s upcoming event",
                "%(shown)s upcoming events",
                number,
                shown=format_number(number),
            ),
            upcoming_count,
            order=40,
        ),
    ),
    audit_family=AuditFamily(
        "events",
        _l("Events"),
        {
            "events.event_created": _l("Created an event"),
            "events.event_edited": _l("Changed an event"),
            "events.event_cancelled": _l("Cancelled an event"),
            "events.event_duplicated": _l("Made the next event of a series"),
            "events.attendance_recorded": _l("Recorded attendance"),
            "events.participants_exported": _l("Exported a participant list"),
            "events.kind_added": _l("Added a kind of event"),
            "events.feed_key_regenerated": _l("Made a new calendar feed address"),
        },
    ),
    demo_seeder=seed_demo_events,
    link_targets={"event": event_link_targets},
    page_notes=event_page_notes,
    linking_items=events_linking_to_item,
    rebuild_links=rebuild_item_links,
    commands=(send_reminders_command,),
    search_providers=("events.search:EVENTS",),
)


@dataclass(frozen=True)
class WeekdayName:
    short: str
    long: str


def weekday_names() -> list[WeekdayName]:
    """Monday to Sunday in the reader's language, as a calendar's column headings."""
    locale = get_locale()
    short = locale.days["format"]["abbreviated"]
    long = locale.days["format"]["wide"]
    return [WeekdayName(short[day], long[day]) for day in range(7)]


@bp.app_template_filter("month_heading")
def month_heading(day: date) -> str:
    """ "June 2021", "juin 2021": a month as a calendar's heading."""
    return format_date(day, "LLLL y", locale=get_locale())


@bp.context_processor
def events_context() -> dict:
    """The events' rules, so templates ask what the services enforce; how they write times."""
    return {
        "policies": policies,
        "when_text": when_text,
        "viewer_zone": str(get_timezone()),
        "weekday_names": weekday_names,
    }
