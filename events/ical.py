"""Events as iCalendar (RFC 5545): one event as an .ics file, a workspace's events as a feed.

Times are written in the event's own zone (DTSTART;TZID=...), with a VTIMEZONE for every
zone used, so calendar apps show them right wherever their user is. Cancelled events stay
in the feed with STATUS:CANCELLED, so the apps that had them take them off.
"""

from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import select

from events.models import MAX_DURATION, Event, EventKind, EventStatus
from hub.database import utcnow
from hub.extensions import db
from hub.links import absolute_url, hub_path
from hub.workspaces.models import Workspace

PRODUCT = "-//Knowledge Hub//Events//EN"
#: A feed carries the events of the last year and all those to come, at most this many.
FEED_PAST = timedelta(days=365)
MAX_FEED_EVENTS = 500


def _host() -> str:
    return current_app.config["BASE_URL"].split("//", 1)[-1].split("/", 1)[0] or "hub"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _component(event: Event, slug: str) -> CalendarEvent:
    zone = ZoneInfo(event.timezone)
    component = CalendarEvent()
    component.add("uid", f"event-{event.id}@{_host()}")
    component.add("dtstamp", event.updated_at or utcnow())
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    summary = f"{event.label}: {event.title}" if event.kind.numbered else event.title
    component.add("summary", summary)
    text = "\n\n".join(part for part in (event.theme, event.summary) if part)
    url = absolute_url(hub_path("events.event", slug=slug, event_id=event.id))
    component.add("description", f"{text}\n\n{url}".strip())
    component.add("url", url)
    component.add("location", event.venue or "Virtual")
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    component.add("sequence", int((event.updated_at - event.created_at).total_seconds()) // 60)
    return component


def calendar_of(events: Iterable[Event], slug: str, name: str) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(event, slug))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_ics(event: Event) -> bytes:
    return calendar_of([event], event.workspace.slug, event.title)


def feed_ics(workspace: Workspace) -> bytes:
    """The workspace's events from a year ago on, soonest first: one statement."""
    events = db.session.scalars(
        select(Event)
        .join(EventKind, EventKind.id == Event.kind_id)
        .where(
            Event.workspace_id == workspace.id,
            Event.starts_at >= utcnow() - FEED_PAST - MAX_DURATION,
            Event.ends_at >= utcnow() - FEED_PAST,
        )
        .order_by(Event.starts_at, Event.id)
        .limit(MAX_FEED_EVENTS)
    ).unique()
    return calendar_of(events, workspace.slug, workspace.name)
