"""The hub's four languages and each reader's time zone.

The interface language is the member's profile setting; before signing in it is the
language menu's cookie, then the browser's Accept-Language, then English. The time zone is
the profile's, else the browser's (hub.js keeps it in a cookie), else UTC. Flask-Babel asks
once per request and keeps the answer; the user row is the one Flask-Login loaded already.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from zoneinfo import available_timezones

import pytz
from flask import Blueprint, Flask, has_request_context, redirect, request
from flask_babel import Babel, force_locale, format_decimal, get_locale, get_timezone
from flask_babel import format_date as babel_format_date
from flask_babel import format_time as babel_format_time
from flask_login import current_user

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


def select_language() -> str:
    if not has_request_context():  # a command line job: it uses language_of(recipient)
        return DEFAULT_LANGUAGE
    if current_user.is_authenticated:
        chosen = known_language(current_user.language)
        if chosen:
            return FORMATTING_LOCALES.get(chosen, chosen)
    chosen = known_language(request.cookies.get(LANGUAGE_COOKIE))
    if chosen is None:
        chosen = request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)
    return FORMATTING_LOCALES.get(chosen, chosen)


def select_timezone() -> str:
    if not has_request_context():
        return "UTC"
    name = None
    if current_user.is_authenticated:
        name = known_timezone(current_user.timezone)
    return name or known_timezone(request.cookies.get(TIMEZONE_COOKIE)) or "UTC"


def current_language() -> str:
    """The interface's language code ("en", "fr", "es" or "ar")."""
    return get_locale().language


@contextmanager
def language_of(user) -> Iterator[None]:
    """Write e-mails and notifications in their recipient's language, not the sender's."""
    with force_locale(FORMATTING_LOCALES.get(user.language, user.language)):
        yield


def format_date(value: datetime | None, with_time: bool = False) -> str:
    """A date (and time) as the reader's language writes it, in the reader's time zone:
    "4 Dec 2026, 21:05 UTC", "4 déc. 2026, 22:05 CET", "4 ديسمبر 2026، 9:05 م UTC"."""
    if value is None:
        return ""
    if not with_time:
        return babel_format_date(value, "medium")
    local = value.replace(tzinfo=value.tzinfo or UTC).astimezone(get_timezone())
    pattern = get_locale().datetime_formats["medium"]
    text = pattern.format(babel_format_time(value, "short"), babel_format_date(value, "medium"))
    return f"{text} {local.tzname()}"


def format_number(value: int) -> str:
    return format_decimal(value)


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
    app.jinja_env.filters.update(date=format_date, number=format_number)
    app.jinja_env.globals.update(languages=LANGUAGES, text_direction=text_direction)

    @app.context_processor
    def inject_language():
        language = current_language()
        return {"language": language, "direction": text_direction(language)}
