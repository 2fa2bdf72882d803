"""The hub's four languages and each reader's time zone.

The interface language is the member's profile setting; before signing in it is the
language menu's cookie, then the browser's Accept-Language, then English. The time zone is
the profile's, else the browser's (hub.js keeps it in a cookie), else UTC. Flask-Babel asks
once per request and keeps the answer; the user row is the one Flask-Login loaded already.
"""

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import cache, lru_cache
from zoneinfo import available_timezones

import pytz
from babel import Locale
from babel import dates as babel_dates
from babel.dates import DateTimePattern, parse_pattern
from babel.numbers import format_decimal
from babel.support import Translations
from flask import Blueprint, Flask, g, has_app_context, has_request_context, redirect, request
from flask_babel import (
    Babel,
    force_locale,
    get_locale,
    get_timezone,
    get_translations,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from hub.extensions import db
from hub.security import safe_next

#: Language code → its own name, as the language menu shows it.
LANGUAGES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}
DEFAULT_LANGUAGE = "en"
#: The locale Babel formats with: British English writes "4 Dec 2026, 21:05".
FORMATTING_LOCALES = {"en": "en_GB"}
LANGUAGE_COOKIE = "hub_language"
TIMEZONE_COOKIE = "hub_timezone"
COOKIE_MAX_AGE = 365 * 24 * 3600
#: Longer than any IANA zone name; a longer cookie is not looked up at all.
TIMEZONE_MAX_LENGTH = 64

bp = Blueprint("language", __name__)


def known_language(code: str | None) -> str | None:
    return code if code in LANGUAGES else None


def text_direction(language: str) -> str:
    return "rtl" if language == "ar" else "ltr"


@cache
def known_timezones() -> frozenset[str]:
    # Flask-Babel converts with pytz: a zone must be known to both it and the system.
    return frozenset(available_timezones()) & pytz.all_timezones_set


def known_timezone(name: str | None) -> str | None:
    if not name or len(name) > TIMEZONE_MAX_LENGTH or name not in known_timezones():
        return None
    return name


def timezone_choices() -> list[str]:
    """The zones a member picks from, "UTC" first, then by name: the current IANA names
    ("Africa/Cairo"), not the old aliases ("Egypt") a browser may still send."""
    common = known_timezones().intersection(pytz.common_timezones)
    return ["UTC", *sorted(common - {"UTC"})]


#: Each language's Babel locale, built once: Flask-Babel takes a Locale as it is.
BABEL_LOCALES = {code: Locale.parse(FORMATTING_LOCALES.get(code, code)) for code in LANGUAGES}


def select_language() -> Locale:
    if not has_request_context():  # a command line job: it uses language_of(recipient)
        return BABEL_LOCALES[DEFAULT_LANGUAGE]
    if current_user.is_authenticated:
        chosen = known_language(current_user.language)
        if chosen:
            return BABEL_LOCALES[chosen]
    chosen = known_language(request.cookies.get(LANGUAGE_COOKIE))
    if chosen is None:
        chosen = request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)
    return BABEL_LOCALES[chosen]


def select_timezone() -> str:
    if not has_request_context():
        return "UTC"
    name = None
    if current_user.is_authenticated:
        name = known_timezone(current_user.timezone)
    return name or known_timezone(request.cookies.get(TIMEZONE_COOKIE)) or "UTC"


#: What a request looks up once and keeps on its globals (g): its catalogue, and how it
#: writes dates and numbers (_reader_formats). language_of() puts them aside meanwhile.
_CATALOGUE_KEY = "_hub_catalogue"
_FORMATS_KEY = "_hub_formats"


def _request_globals():
    # The object behind `g`: reaching it costs a tenth of `g.get()`, and a page asks for its
    # catalogue some fifty times.
    return g._get_current_object()


def current_translations() -> Translations:
    """This request's catalogue, looked up once: Flask-Babel looks it up again for every
    message. Kept on the request, not on the template: a template's macros imported without
    context are rendered once for all requests, whatever their languages."""
    kept = _request_globals()
    translations = getattr(kept, _CATALOGUE_KEY, None)
    if translations is None:
        translations = get_translations()
        setattr(kept, _CATALOGUE_KEY, translations)
    return translations


def _template_text(eval_ctx: EvalContext, text: str, variables: dict) -> str:
    """What Jinja's own newstyle gettext does: the message is markup, its values escaped."""
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogue's text; the values are escaped
    return text % variables if "%" in text else text


# The evaluation context, not the template context: a function given the template context
# inside a loop gets a copy of all its variables made for each call.
@pass_eval_context
def template_gettext(eval_ctx: EvalContext, message: str, **variables) -> str:
    """`_()` and {% trans %} in templates."""
    return _template_text(eval_ctx, current_translations().ugettext(message), variables)


@pass_eval_context
def template_ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables):
    variables.setdefault("num", num)
    text = current_translations().ungettext(singular, plural, num)
    return _template_text(eval_ctx, text, variables)


@pass_eval_context
def template_pgettext(eval_ctx: EvalContext, message_context: str, message: str, **variables):
    text = current_translations().upgettext(message_context, message)
    return _template_text(eval_ctx, text, variables)


@pass_eval_context
def template_npgettext(
    eval_ctx: EvalContext, message_context: str, singular: str, plural: str, num: int, **variables
):
    variables.setdefault("num", num)
    text = current_translations().unpgettext(message_context, singular, plural, num)
    return _template_text(eval_ctx, text, variables)


#: What the scripts write themselves (hub.js, copy.js, editor.js, forum-post.js and upload.js
#: read these keys from the page's JSON block). The editor's placeholders are typed into the
#: member's text, where they are selected for typing over.
SCRIPT_STRINGS = {
    "copied": _l("Copied."),
    "copyFailed": _l("Select the address and copy it."),
    "previewLabel": _l("Preview"),
    "previewNote": _l("(not saved yet)"),
    "previewEmpty": _l("Nothing to preview yet."),
    "previewLoading": _l("Loading the preview…"),
    "previewFailed": _l("The preview could not be loaded. Your text is safe: try again, or save."),
    "placeholderHeading": _l("Heading"),
    "placeholderBold": _l("bold text"),
    "placeholderItalic": _l("italic text"),
    "placeholderLink": _l("link text"),
    "placeholderPageLink": _l("Page title"),
    "placeholderCode": _l("code"),
    "placeholderTableHeader": _l("Column"),
    "placeholderTableCell": _l("Text"),
    "quoteWrote": _l("%(name)s wrote:"),
    "draftRestored": _l("Your reply not yet posted was kept in this browser: here it is again."),
    "topicDraftRestored": _l(
        "Your topic not yet posted was kept in this browser: here it is again."
    ),
    "uploadWaiting": _l("Waiting…"),
    "uploadSending": _l("Uploading…"),
    "uploadDone": _l("Uploaded."),
    "uploadDescribe": _l("Add a description and tags"),
    "uploadFailed": _l("The upload failed. Try again."),
    "uploadTooLarge": _l("This file is larger than the hub accepts."),
    "uploadToLibrary": _l("Back to the library"),
    "searchSuggestions": _l("Suggestions"),
}


def script_strings() -> Markup:
    """SCRIPT_STRINGS as JSON safe inside <script>, written once per catalogue (kept on it:
    each app, and each language, has its own)."""
    translations = current_translations()
    written = getattr(translations, "hub_script_strings", None)
    if written is None:
        strings = {key: str(text) for key, text in SCRIPT_STRINGS.items()}
        written = translations.hub_script_strings = htmlsafe_json_dumps(strings)
    return written


def current_language() -> str:
    """The interface's language code ("en", "fr", "es" or "ar")."""
    return get_locale().language


@contextmanager
def language_of(user) -> Iterator[None]:
    """Write e-mails and notifications in their recipient's language, not the sender's."""
    kept = _request_globals() if has_app_context() else None
    readers = {}
    if kept is not None:
        readers = {key: kept.pop(key, None) for key in (_CATALOGUE_KEY, _FORMATS_KEY)}
    try:
        with force_locale(FORMATTING_LOCALES.get(user.language, user.language)):
            yield
    finally:
        for key, value in readers.items():
            kept.pop(key, None)
            if value is not None:
                setattr(kept, key, value)


@dataclass(frozen=True)
class _ReaderFormats:
    """The reader's language and zone, looked up once a request: each Flask-Babel lookup
    walks the request context again, and a list shows fifty dates and counts."""

    locale: Locale
    zone: tzinfo
    #: Both as plain strings ("fr_CH", "Europe/Zurich"): a key quick to hash and compare,
    #: where a Locale's hash and equality are computed in Python each time.
    key: tuple[str, str]


def _reader_formats() -> _ReaderFormats:
    kept = _request_globals()
    formats = getattr(kept, _FORMATS_KEY, None)
    if formats is None:
        locale, zone = get_locale(), get_timezone()
        formats = _ReaderFormats(locale, zone, (str(locale), str(zone)))
        setattr(kept, _FORMATS_KEY, formats)
    return formats


def reader_formats() -> Hashable:
    """The reader's language and time zone as one value: part of the key of text that is
    rendered once and kept for every reader who shares them. With the catalogue itself: two
    apps of one process may read different catalogues under one language's name (a test's
    pseudo-language is one)."""
    return (*_reader_formats().key, current_translations())


def format_date(value: datetime | None, with_time: bool = False) -> str:
    """A date (and time) as the reader's language writes it, in the reader's time zone:
    "4 Dec 2026, 21:05 UTC", "4 déc. 2026, 22:05 CET", "4 ديسمبر 2026، 9:05 م UTC"."""
    if value is None:
        return ""
    formats = _reader_formats()
    return _date_text(value, with_time, formats.locale, formats.zone)


# A date, a language and a zone always give the same text, and lists show the same dates to
# reader after reader: the busiest are kept, as the addresses are (hub.templating.link).
@lru_cache(maxsize=8192)
def _date_text(value: datetime, with_time: bool, locale: Locale, zone: tzinfo) -> str:
    day, time, day_and_time = _patterns(locale)
    local = value.replace(tzinfo=value.tzinfo or UTC).astimezone(zone)
    if not with_time:
        return day.apply(local, locale)
    both = day_and_time.format(time.apply(local, locale), day.apply(local, locale))
    return f"{both} {local.tzname()}"


@cache
def _patterns(locale: Locale) -> tuple[DateTimePattern, DateTimePattern, str]:
    """A language's date with the month's name, short time and their combination, parsed
    once (Babel looks them up and parses them on every call; a list shows fifty dates)."""
    return (
        parse_pattern(locale.datetime_skeletons["yMMMd"]),
        parse_pattern(locale.time_formats["short"]),
        locale.datetime_formats["medium"],
    )


def format_in_zone(value: datetime, zone_name: str, with_time: bool = True) -> str:
    """A date (and time) as the reader's language writes it, in the zone `zone_name` rather
    than the reader's: an event's times as its organisers gave them, "24 Jun 2021, 14:00 CEST"."""
    return _date_text(value, with_time, _reader_formats().locale, _zone(zone_name))


@lru_cache(maxsize=256)
def _zone(zone_name: str) -> tzinfo:
    return pytz.timezone(zone_name)


def format_day(value: date) -> str:
    """A day in full, as a heading: "Friday 4 December 2026", "vendredi 4 décembre 2026"."""
    return babel_dates.format_date(value, "full", locale=get_locale())


def format_time_of_day(value: datetime) -> str:
    """The time alone, in the reader's zone, with the zone: "21:05 UTC", "9:05 م UTC"."""
    formats = _reader_formats()
    local = value.replace(tzinfo=value.tzinfo or UTC).astimezone(formats.zone)
    return f"{_patterns(formats.locale)[1].apply(local, formats.locale)} {local.tzname()}"


def format_number(value: int) -> str:
    """A count as the reader's language writes it: "1,000", "1 000", "1.000"."""
    return _number_text(value, _reader_formats().locale)


@lru_cache(maxsize=4096)
def _number_text(value: int, locale: Locale) -> str:
    return format_decimal(value, locale=locale)


@bp.post("/language")
def choose_language():
    """The footer's language menu: a cookie for visitors, the profile setting for members."""
    language = known_language(request.form.get("language")) or DEFAULT_LANGUAGE
    response = redirect(safe_next("/"))
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True
    )
    if current_user.is_authenticated and current_user.language != language:
        current_user.language = language
        db.session.commit()
    return response


def configure_i18n(app: Flask) -> None:
    Babel(app, locale_selector=select_language, timezone_selector=select_timezone)
    app.register_blueprint(bp)
    # {% trans %} blocks fold their whitespace, as babel.cfg extracts them.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # Templates look their catalogue up once per request (see current_translations).
    app.jinja_env.globals.update(
        _=template_gettext,
        gettext=template_gettext,
        ngettext=template_ngettext,
        pgettext=template_pgettext,
        npgettext=template_npgettext,
        script_strings=script_strings,
    )
    app.jinja_env.filters.update(
        date=format_date,
        day=format_day,
        time=format_time_of_day,
        number=format_number,
        in_zone=format_in_zone,
    )
    app.jinja_env.globals.update(languages=LANGUAGES, text_direction=text_direction)

    @app.context_processor
    def inject_language():
        language = current_language()
        return {
            "language": language,
            "direction": text_direction(language),
        }
