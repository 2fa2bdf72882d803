import re
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from events.models import (
    MAX_ABBREVIATION_LENGTH,
    MAX_AGENDA_ITEMS,
    MAX_CAPACITY,
    MAX_KIND_NAME_LENGTH,
    MAX_LINKS,
    MAX_PEOPLE_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_THEME_LENGTH,
    MAX_TITLE_LENGTH,
    MAX_VENUE_LENGTH,
    Event,
    EventKind,
    LinkKind,
)
from events.queries import EventFilters
from events.services import AgendaEntry, EventData
from hub.forms import BAD_DATE, HubForm, NoControlCharacters
from hub.i18n import known_timezone, timezone_choices

AT_MOST_CHARACTERS = _l("Use at most %(max)d characters.")
BAD_TIME = _l("Enter a time as hours:minutes, for example 14:30.")
_AGENDA_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


class ListedChoiceField(SelectField):
    """A choice from a list, with a plain message when the choice is not one we offered."""

    def pre_validate(self, form) -> None:
        if self.data not in {choice[0] for choice in self.choices}:
            raise ValidationError(_l("Choose one of the listed options."))


class ZoneField(SelectField):
    """An IANA zone name from the hub's list ("UTC" first)."""

    def pre_validate(self, form) -> None:
        if known_timezone(self.data) is None:
            raise ValidationError(_l("Choose a time zone from the list, such as Europe/Paris."))


def parse_agenda(text: str) -> tuple[AgendaEntry, ...]:
    """One item a line: "14:00 | Opening | Name, Name" (the time and speakers optional)."""
    entries = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [" ".join(part.split()) for part in line.split("|")]
        if len(parts) > 3:
            raise ValidationError(_("Line %(number)d: use at most two | per line.", number=number))
        time = ""
        if _AGENDA_TIME.fullmatch(parts[0]):
            time = parts.pop(0)
        elif len(parts) == 3 or re.fullmatch(r"\d{1,2}[:.h]\d{2}", parts[0]):
            raise ValidationError(
                _(
                    "Line %(number)d: write the time as hours:minutes, for example 14:30.",
                    number=number,
                )
            )
        title = parts[0] if parts else ""
        if not title:
            raise ValidationError(_("Line %(number)d: give the item a title.", number=number))
        if len(title) > MAX_TITLE_LENGTH or len(parts) > 1 and len(parts[1]) > MAX_TITLE_LENGTH:
            raise ValidationError(_("Line %(number)d is too long.", number=number))
        entries.append(AgendaEntry(time, title, parts[1] if len(parts) > 1 else ""))
    if len(entries) > MAX_AGENDA_ITEMS:
        raise ValidationError(_("Use at most %(max)d agenda items.", max=MAX_AGENDA_ITEMS))
    return tuple(entries)


_PAGE_PATH = re.compile(r"[\w\-/.]{1,255}")


def parse_links(text: str) -> tuple[tuple[LinkKind, str, str], ...]:
    """One link a line: "page: events/vdr-2 | The session's record" (a wiki page's path, and
    what the link says if not the path) or "doc: 12" (a document of the library, by the
    number in its address; it is named by its title)."""
    links = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        kind, _sep, rest = (part.strip() for part in line.partition(":"))
        target, _bar, label = (" ".join(part.split()) for part in rest.partition("|"))
        if kind == "page" and _PAGE_PATH.fullmatch(target.strip("/")) and len(label) <= 200:
            links.append((LinkKind.PAGE, target.strip("/"), label))
        elif kind == "doc" and target.isdigit() and 0 < int(target) < 2**63 and not label:
            links.append((LinkKind.DOCUMENT, str(int(target)), ""))
        else:
            raise ValidationError(
                _(
                    "Line %(number)d: write page: followed by a wiki page's path, or doc: "
                    "followed by a document's number.",
                    number=number,
                )
            )
    if len(links) > MAX_LINKS:
        raise ValidationError(_("Use at most %(max)d links.", max=MAX_LINKS))
    return tuple(links)


def links_text(event: Event) -> str:
    return "\n".join(
        f"{link.kind.value}: {link.target}" + (f" | {link.label}" if link.label else "")
        for link in event.links
    )


def agenda_text(event: Event) -> str:
    lines = []
    for item in event.agenda:
        parts = [part for part in (item.time, item.title) if part]
        if item.speakers:
            parts.append(item.speakers)
        lines.append(" | ".join(parts))
    return "\n".join(lines)


class EventForm(HubForm):
    kind = ListedChoiceField(_l("Kind"))
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the event a title.")),
            Length(max=MAX_TITLE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
    )
    theme = StringField(
        _l("Theme"),
        validators=[
            Length(max=MAX_THEME_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
    )
    start_date = DateField(
        _l("Start date"),
        validators=[DataRequired(BAD_DATE)],
        invalid_value_message=BAD_DATE,
    )
    start_time = TimeField(
        _l("Start time"), validators=[DataRequired(BAD_TIME)], invalid_value_message=BAD_TIME
    )
    end_date = DateField(
        _l("End date"), validators=[DataRequired(BAD_DATE)], invalid_value_message=BAD_DATE
    )
    end_time = TimeField(
        _l("End time"), validators=[DataRequired(BAD_TIME)], invalid_value_message=BAD_TIME
    )
    timezone = ZoneField(
        _l("Time zone"),
        description=_l("The zone the times above are in: where the event is held or run from."),
    )
    month_only = BooleanField(_l("Only the month is on record"))
    venue = StringField(
        _l("Venue"),
        description=_l("Leave empty for a virtual event."),
        validators=[
            Length(max=MAX_VENUE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
    )
    capacity = IntegerField(
        _l("Places"),
        description=_l("Leave empty for no registration limit."),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=MAX_CAPACITY, message=_l("Give a number of places from 1 to 100000.")
            ),
        ],
    )
    summary = StringField(
        _l("Summary"),
        validators=[
            Length(max=MAX_SUMMARY_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        description=_l("Markdown, as in the wiki."),
        validators=[
            Length(max=MAX_TEXT_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(allow_newlines=True),
        ],
    )
    agenda = TextAreaField(
        _l("Agenda"),
        description=_l(
            "One item a line: time | title | speakers, for example 14:00 | Opening | A. Name."
        ),
        validators=[NoControlCharacters(allow_newlines=True)],
    )
    speakers = TextAreaField(
        _l("Speakers"),
        description=_l("One a line."),
        validators=[
            Length(max=MAX_PEOPLE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(allow_newlines=True),
        ],
    )
    organisers = TextAreaField(
        _l("Organisers"),
        description=_l("One a line."),
        validators=[
            Length(max=MAX_PEOPLE_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(allow_newlines=True),
        ],
    )
    outcomes = TextAreaField(
        _l("Outcomes"),
        description=_l("What was decided or produced (Markdown)."),
        validators=[
            Length(max=MAX_TEXT_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(allow_newlines=True),
        ],
    )
    links = TextAreaField(
        _l("Wiki pages and documents"),
        description=_l(
            "One a line: page: followed by a wiki page's path and, after a |, what the link "
            "says (page: events/vdr-2 | The record of VDR 2), or doc: followed by a document's "
            "number (doc: 12)."
        ),
        validators=[NoControlCharacters(allow_newlines=True)],
    )

    def __init__(self, *args, kinds: list[EventKind], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(str(kind.id), kind.shown_name) for kind in kinds]
        self.timezone.choices = [(zone, zone) for zone in timezone_choices()]

    def validate_agenda(self, field) -> None:
        self.parsed_agenda = parse_agenda(field.data)

    def validate_links(self, field) -> None:
        self.parsed_links = parse_links(field.data)

    def validate_end_date(self, field) -> None:
        if not (
            self.start_date.data and self.start_time.data and field.data and self.end_time.data
        ):
            return
        starts = datetime.combine(self.start_date.data, self.start_time.data)
        ends = datetime.combine(field.data, self.end_time.data)
        if ends < starts:
            raise ValidationError(_("The event ends before it starts."))

    def fill_from(self, event: Event) -> None:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(event.timezone)
        starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
        self.kind.data = str(event.kind_id)
        self.start_date.data, self.start_time.data = starts.date(), starts.time()
        self.end_date.data, self.end_time.data = ends.date(), ends.time()
        self.agenda.data = agenda_text(event)
        self.links.data = links_text(event)

    def event_data(self) -> EventData:
        return EventData(
            kind_id=int(self.kind.data),
            title=self.title.data,
            theme=self.theme.data or "",
            starts=datetime.combine(self.start_date.data, self.start_time.data),
            ends=datetime.combine(self.end_date.data, self.end_time.data),
            timezone=self.timezone.data,
            month_only=bool(self.month_only.data),
            venue=self.venue.data or "",
            capacity=self.capacity.data,
            summary=self.summary.data or "",
            description=self.description.data or "",
            agenda=getattr(self, "parsed_agenda", ()),
            speakers=self.speakers.data or "",
            organisers=self.organisers.data or "",
            outcomes=self.outcomes.data or "",
            links=getattr(self, "parsed_links", ()),
        )


class KindForm(HubForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Give the kind a name.")),
            Length(max=MAX_KIND_NAME_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
    )
    abbreviation = StringField(
        _l("Abbreviation"),
        description=_l("For kinds whose events are numbered in series, such as VDR."),
        validators=[
            Length(max=MAX_ABBREVIATION_LENGTH, message=AT_MOST_CHARACTERS),
            NoControlCharacters(),
        ],
    )


class EventFilterForm(HubForm):
    class Meta:
        csrf = False

    kind = ListedChoiceField(_l("Kind"), default="")
    year = ListedChoiceField(_l("Year"), default="")

    def __init__(self, *args, kinds: list[EventKind], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            ("", _l("All kinds")),
            *((kind.slug, kind.shown_name) for kind in kinds),
        ]
        self.year.choices = [("", _l("All years")), *((str(year), str(year)) for year in years)]

    def filters(self) -> EventFilters:
        kind = self.kind.data if not self.kind.errors and self.kind.data else ""
        year = int(self.year.data) if not self.year.errors and self.year.data else None
        return EventFilters(kind=kind or "", year=year)

    def chosen(self) -> dict[str, str]:
        return {
            name: str(field.data)
            for name, field in (("kind", self.kind), ("year", self.year))
            if field.data and not field.errors
        }


class AttendanceForm(HubForm):
    """Check boxes named "attended" with the members' ids, read from the request."""
