"""The workspace's events for hub search: each event's title and series label ("VDR 2"),
theme, summary, description, outcomes, agenda and speakers. Cancelled events are found too:
they stay on record, marked as cancelled on their page."""

from collections import defaultdict
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from events.models import AgendaItem, Event, EventKind
from hub.extensions import db
from hub.search.providers import SearchDocument, SearchProvider, Watch


def event_documents(ids: Sequence[int]) -> dict[int, SearchDocument]:
    events = db.session.scalars(select(Event).where(Event.id.in_(ids))).all()
    agenda = defaultdict(list)
    for item in db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id.in_(ids)).order_by(AgendaItem.position)
    ):
        agenda[item.event_id].append(" ".join(filter(None, (item.title, item.speakers))))
    return {
        event.id: SearchDocument(
            workspace_id=event.workspace_id,
            # Written as stored, not in the reader's language: the index is one for all.
            title=(
                f"{event.kind.abbreviation} {event.number}: {event.title}"
                if event.kind.abbreviation and event.number is not None
                else event.title
            ),
            body="\n\n".join(
                filter(
                    None,
                    (
                        event.theme,
                        event.summary,
                        event.description,
                        event.outcomes,
                        "\n".join(agenda[event.id]),
                        event.speakers,
                        event.organisers,
                        event.venue,
                    ),
                )
            ),
            endpoint="events.event",
            url_values={"event_id": event.id},
            date=event.starts_at,
            tags=[event.kind.slug],
            location=event.kind.name,
        )
        for event in events
    }


def event_ids(workspace_id: int | None):
    query = select(Event.id)
    if workspace_id is not None:
        query = query.where(Event.workspace_id == workspace_id)
    return query


EVENTS = SearchProvider(
    type="event",
    label=_l("Event"),
    documents=event_documents,
    all_ids=event_ids,
    watches=(
        Watch(
            Event,
            lambda event, _session: [event.id],
            fields=(
                "title",
                "number",
                "theme",
                "summary",
                "description",
                "outcomes",
                "speakers",
                "organisers",
                "venue",
                "starts_at",
                "kind_id",
                "status",
            ),
        ),
        Watch(AgendaItem, lambda item, _session: [item.event_id]),
        Watch(
            EventKind,
            lambda kind, session: session.scalars(select(Event.id).where(Event.kind_id == kind.id)),
            fields=("name", "abbreviation"),
        ),
    ),
    order=40,
)
