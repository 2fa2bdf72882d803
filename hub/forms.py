"""Form helpers shared by every package: input hygiene and the common choice lists."""

import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import pycountry
from babel import Locale
from babel.support import Translations
from flask import Response, abort, flash, make_response
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import DateField, ValidationError
from wtforms.i18n import messages_path
from wtforms.validators import Optional

from hub.auth.models import SECTOR_LABELS
from hub.exceptions import AccessDenied, Refusal
from hub.extensions import db


def strip_text(value):
    """Trim single-line input; normalise to NFC so look-alike spellings compare equal."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    return value


def has_control_characters(value: str, allow_newlines: bool = False) -> bool:
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    return any(
        (unicodedata.category(ch) in {"Cc", "Cf", "Cs"} and ch not in allowed) or ch == "\ufffd"
        for ch in value
    )


class NoControlCharacters:
    """Refuse control and format characters (and U+FFFD, which stands for invalid UTF-8)."""

    def __init__(self, allow_newlines: bool = False):
        self.allow_newlines = allow_newlines

    def __call__(self, form, field):
        if isinstance(field.data, str) and has_control_characters(field.data, self.allow_newlines):
            raise ValidationError(_("This field contains characters that are not allowed."))


class HubForm(FlaskForm):
    """Every single-line field is trimmed and normalised; the CSRF token is rendered without
    an id, which a page of many forms (a button per member) would otherwise repeat."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = unbound_field.kwargs.get("filters", [])
            if strip_text not in filters:
                unbound_field.kwargs["filters"] = [strip_text, *filters]
            return unbound_field.bind(form=form, **options)

        def render_field(self, field, render_kw):
            if field.type == "CSRFTokenField":
                render_kw = {"id": False, **render_kw}  # False leaves the attribute out
            return super().render_field(field, render_kw)

        def get_translations(self, form):
            # Flask-WTF reads WTForms' catalogue from disk again for every request.
            return wtforms_catalogue(str(get_locale()))


@cache
def wtforms_catalogue(language: str) -> Translations:
    """WTForms' own messages ("Not a valid date value.") in `language`."""
    return Translations.load(messages_path(), [language], domain="wtforms")


def flash_form_errors(form) -> None:
    """For one-line forms that redirect back: each distinct message once, as a flash."""
    # Flashes are kept in the session: as text, not as the lazy strings some messages are.
    messages = {str(error): None for errors in form.errors.values() for error in errors}
    for message in messages or [_("Something in that form was not right. Please try again.")]:
        flash(message, "error")


def preview_response(form: FlaskForm, render: Callable[[str], str]) -> Response:
    """The editor's preview without leaving the page (hub/static/js/editor.js): the text as
    saving would render it (`render`), as an HTML fragment, or why it could not be saved
    (422). Saves nothing."""
    if not form.validate_on_submit():
        messages = [message for errors in form.errors.values() for message in errors]
        fragment = "".join(f'<p class="error">{escape(message)}</p>' for message in messages)
        return make_response(fragment, 422)
    return make_response(render(form.body.data))


class ConfirmForm(HubForm):
    """A button only (CSRF token, no fields): every action a button takes is a POST, and
    e-mailed links act on POST too, so link scanners cannot use them up."""


def require_button_form() -> None:
    """A button's POST must carry its form (ConfirmForm: the CSRF token); else 400."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def carry_out(action: Callable[[], object], done: str) -> bool:
    """What a button does: `action`, then `done` as a flash; refused, the reason instead (as
    show_refusal gives it, nothing kept). Whether the action was carried out."""
    try:
        action()
    except Refusal as refusal:
        show_refusal(None, refusal)
        return False
    flash(str(done), "success")  # kept in the session: text, never a lazy string
    return True


def show_refusal(form, refusal: Refusal) -> None:
    """How every view answers a refused action: undo whatever the unit of work had done, then
    give the reason next to the form field it concerns; a refusal of access concerning no
    field is the 403 page, saying why; any other goes on top of the next page."""
    db.session.rollback()
    field = getattr(form, refusal.field, None) if form is not None and refusal.field else None
    if field is not None:
        field.errors = [*field.errors, refusal.message]
    elif isinstance(refusal, AccessDenied):
        raise refusal
    else:
        flash(str(refusal.message), "error")


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name), by name, in the reader's language (in English outside
    a request: a form that lists them builds its choices per form, not once at import)."""
    return list(_country_choices(_reader_language()))


def country_names() -> dict[str, str]:
    return _country_names(_reader_language())


def _reader_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "en"


def _sort_key(name: str) -> str:
    """ "États-Unis" among the E's: accents left out, case folded."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    # English keeps pycountry's names; other languages take Babel's (CLDR) names.
    names = {} if language == "en" else Locale.parse(language).territories
    return tuple(
        sorted(
            (
                (country.alpha_2, names.get(country.alpha_2, country.name))
                for country in pycountry.countries
            ),
            key=lambda choice: _sort_key(choice[1]),
        )
    )


@cache
def _country_names(language: str) -> dict[str, str]:
    return dict(_country_choices(language))


def sector_choices() -> list[tuple[str, str]]:
    return [(sector.value, label) for sector, label in SECTOR_LABELS.items()]


BAD_DATE = _l("Enter a date as year-month-day, for example 2021-06-24.")


class DateRangeFields:
    """The same two date filters wherever a list is filtered by day (audit log, recent
    changes): a browser date picker each, the end day included."""

    since = DateField(_l("From"), validators=[Optional()], invalid_value_message=BAD_DATE)
    until = DateField(_l("To (inclusive)"), validators=[Optional()], invalid_value_message=BAD_DATE)

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_("The end date is before the start date."))

    def _range_readable(self) -> bool:
        # A range with an unreadable or reversed end filters nothing: its message says why.
        return not (self.since.errors or self.until.errors)

    def start(self) -> datetime | None:
        """The first instant of the range (UTC), if it has a start."""
        return start_of_day(self.since.data) if self.since.data and self._range_readable() else None

    def end(self) -> datetime | None:
        """The first instant after the range (UTC), if it has an end."""
        return end_of_day(self.until.data) if self.until.data and self._range_readable() else None


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def end_of_day(day: date) -> datetime | None:
    """The first instant after `day` (UTC): the exclusive end of an inclusive date range."""
    if day == date.max:
        return None
    return start_of_day(day + timedelta(days=1))
