"""How each request's language and time zone are chosen (hub/i18n.py).

The language: the member's profile, else the language menu's cookie, else the browser's
Accept-Language, else English. The time zone: the member's profile, else the browser's (in a
cookie), else UTC. Whatever a browser sends, the page is served: bad input means English
and UTC, never an error. And choosing costs no statement: the user row is already loaded.
"""

from datetime import UTC, datetime

import pytest

from hub.auth.models import EmailPreference, Sector, User
from hub.extensions import db
from hub.i18n import LANGUAGE_COOKIE, TIMEZONE_COOKIE
from hub.notifications.models import Notification
from tests.support import counted_get, make_user, parse, sign_in

#: A page anyone can open, and one only a signed-in member sees.
ANONYMOUS_PAGE = "/auth/login"
NOTIFICATIONS = "/notifications/"
PROFILE = {
    "display_name": "Maria Lopez",
    "sector": Sector.PRIVATE_INDUSTRY.value,
    "organisation": "Secure Systems Ltd",
    "country": "ES",
    "email_preference": EmailPreference.DAILY.value,
    "language": "en",
    "timezone": "",
}


def page_language(response) -> tuple[str, str]:
    """The page's <html lang dir>."""
    assert response.status_code == 200, response.status_code
    html = parse(response)
    return html.get("lang"), html.get("dir")


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


@pytest.fixture
def member() -> User:
    return make_user("member@example.org", display_name="Maria Lopez")


@pytest.fixture
def member_client(client, member):
    return sign_in(client, member)


def set_profile(user: User, **fields) -> None:
    for name, value in fields.items():
        setattr(user, name, value)
    db.session.commit()


# --- the language ----------------------------------------------------------------------


def test_without_any_choice_the_hub_speaks_english(client):
    assert page_language(client.get(ANONYMOUS_PAGE)) == ("en", "ltr")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8", ("fr", "ltr")),
        ("es-MX,es;q=0.9", ("es", "ltr")),
        ("ar", ("ar", "rtl")),
        ("ar-EG,ar;q=0.9,en;q=0.5", ("ar", "rtl")),
        ("de-DE, de;q=0.9", ("en", "ltr")),
        ("de;q=0.9, es;q=0.4", ("es", "ltr")),
    ],
)
def test_the_browsers_preferred_language_decides_before_signing_in(client, header, expected):
    response = client.get(ANONYMOUS_PAGE, headers={"Accept-Language": header})

    assert page_language(response) == expected


def test_the_language_menus_cookie_beats_the_browser(client):
    client.set_cookie(LANGUAGE_COOKIE, "es")

    response = client.get(ANONYMOUS_PAGE, headers={"Accept-Language": "fr-CH, fr;q=0.9"})

    assert page_language(response) == ("es", "ltr")


def test_a_members_profile_language_beats_the_cookie_and_the_browser(member_client, member):
    set_profile(member, language="ar")
    member_client.set_cookie(LANGUAGE_COOKIE, "fr")

    response = member_client.get("/", headers={"Accept-Language": "es"})

    assert page_language(response) == ("ar", "rtl")


def test_the_language_menu_marks_the_current_language(client):
    client.set_cookie(LANGUAGE_COOKIE, "fr")

    menu = parse(client.get(ANONYMOUS_PAGE)).find(".//div[@class='language-menu']")

    current = [button.get("value") for button in menu.iter("button") if button.get("aria-current")]
    assert current == ["fr"]
    # Each language's name is written in that language, whatever the page's.
    names = {
        button.get("value"): (button.get("lang"), button.get("dir"))
        for button in menu.iter("button")
    }
    assert names == {
        "en": ("en", "ltr"),
        "fr": ("fr", "ltr"),
        "es": ("es", "ltr"),
        "ar": ("ar", "rtl"),
    }


# --- the language menu: POST /language -----------------------------------------------


def test_choosing_a_language_sets_the_cookie_and_goes_back(client):
    response = client.post("/language", data={"language": "fr", "next": "/auth/register"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/register"
    assert client.get_cookie(LANGUAGE_COOKIE).value == "fr"
    assert page_language(client.get("/auth/register")) == ("fr", "ltr")


@pytest.mark.usefixtures("csrf_on")
def test_the_footers_language_menu_works_with_csrf_protection_on(client):
    page = client.get("/auth/register")
    menu = parse(page).find(".//footer//form")
    fields = {field.get("name"): field.get("value") for field in menu.iter("input")}

    response = client.post(menu.get("action"), data={**fields, "language": "ar"})

    assert (response.status_code, response.headers["Location"]) == (302, "/auth/register")
    assert page_language(client.get("/auth/register")) == ("ar", "rtl")


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_choosing_a_language_never_leads_off_the_site(client, unsafe):
    response = client.post("/language", data={"language": "es", "next": unsafe})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_member_who_chooses_a_language_keeps_it_in_the_profile(member_client, member):
    response = member_client.post("/language", data={"language": "ar", "next": "/account/"})

    assert response.headers["Location"] == "/account/"
    assert fresh(member).language == "ar"
    assert member_client.get_cookie(LANGUAGE_COOKIE).value == "ar"
    # The profile, not the cookie, decides from now on: another browser follows it too.
    member_client.delete_cookie(LANGUAGE_COOKIE)
    assert page_language(member_client.get("/account/")) == ("ar", "rtl")


def test_the_profile_form_saves_the_language(member_client, member):
    response = member_client.post("/account/", data={**PROFILE, "language": "es"})

    assert response.status_code == 302
    assert fresh(member).language == "es"
    assert page_language(member_client.get("/account/")) == ("es", "ltr")


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("cookie", ["zz", "", "EN", "fr-FR", "ar\x00", "é" * 40, "x" * 4000])
def test_an_unknown_language_in_the_cookie_means_english(client, cookie):
    client.set_cookie(LANGUAGE_COOKIE, cookie)

    assert page_language(client.get(ANONYMOUS_PAGE)) == ("en", "ltr")


@pytest.mark.parametrize(
    "header",
    [
        "zz;q=abc",
        "zz",
        ";;;,,,q=",
        "*",
        "\x7f\x01",
        "é, ü;q=0.5",
        "x" * 8192,
        ",".join(["zz-ZZ;q=0.5"] * 700),
        ("a-" * 4096)[:8192],
        ";q=" * 2730,
    ],
)
def test_a_malformed_accept_language_header_means_english(client, header):
    response = client.get(ANONYMOUS_PAGE, headers={"Accept-Language": header})

    assert page_language(response) == ("en", "ltr")


@pytest.mark.parametrize(
    "header", ["fr;q=abc", "en;q=-1, ar;q=2", "ar;q=0", "es;q=1e9", "fr;q=0.5;q=0.9", "fr" * 4096]
)
def test_an_odd_accept_language_header_still_gives_a_page(client, header):
    response = client.get(ANONYMOUS_PAGE, headers={"Accept-Language": header})

    assert page_language(response)[0] in ("en", "fr", "es", "ar")


@pytest.mark.parametrize("language", ["zz", "", "FR", "ar-EG", "<script>", "x" * 5000])
def test_an_unknown_language_from_the_menu_means_english(client, language):
    response = client.post("/language", data={"language": language, "next": "/auth/login"})

    assert response.status_code == 302
    assert client.get_cookie(LANGUAGE_COOKIE).value == "en"
    assert page_language(client.get(ANONYMOUS_PAGE)) == ("en", "ltr")


def test_a_language_menu_post_without_a_language_means_english(member_client, member):
    set_profile(member, language="fr")

    response = member_client.post("/language", data={})

    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert fresh(member).language == "en"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("language", "zz", "Choose one of the languages."),
        ("language", "", "Choose one of the languages."),
        ("timezone", "Mars/Olympus_Mons", "Choose a time zone from the list."),
        ("timezone", "Europe/Paris\x00", "Choose a time zone from the list."),
        ("timezone", "x" * 300, "Choose a time zone from the list."),
    ],
)
def test_the_profile_form_refuses_an_unknown_language_or_time_zone(
    member_client, member, field, value, message
):
    response = member_client.post("/account/", data={**PROFILE, field: value})

    assert response.status_code == 200
    assert message in response.text
    assert (fresh(member).language, fresh(member).timezone) == ("en", None)


# --- the time zone ---------------------------------------------------------------------


def notification_at(user: User, moment: datetime) -> None:
    db.session.add(Notification(user_id=user.id, kind="test", message="Hello.", created_at=moment))
    db.session.commit()


WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


def shown_times(response) -> list[str]:
    """The times of the notifications page, as written for the reader."""
    assert response.status_code == 200
    return [" ".join("".join(time.itertext()).split()) for time in parse(response).iter("time")]


def test_without_a_time_zone_times_are_in_utc(member_client, member):
    notification_at(member, WINTER)

    assert shown_times(member_client.get(NOTIFICATIONS)) == ["15 Jan 2026, 12:00 UTC"]


def test_the_browsers_time_zone_cookie_writes_times_in_that_zone(member_client, member):
    notification_at(member, WINTER)
    notification_at(member, SUMMER)
    member_client.set_cookie(TIMEZONE_COOKIE, "Europe/Paris")

    times = shown_times(member_client.get(NOTIFICATIONS))

    assert sorted(times) == ["15 Jan 2026, 13:00 CET", "15 Jul 2026, 14:00 CEST"]


@pytest.mark.parametrize(
    "cookie", ["Mars/Olympus_Mons", "", "europe/paris", "../../etc/passwd", "x" * 4000, "Local"]
)
def test_an_unknown_time_zone_cookie_means_utc(member_client, member, cookie):
    notification_at(member, WINTER)
    member_client.set_cookie(TIMEZONE_COOKIE, cookie)

    assert shown_times(member_client.get(NOTIFICATIONS)) == ["15 Jan 2026, 12:00 UTC"]


def test_a_members_own_time_zone_beats_the_browsers(member_client, member):
    notification_at(member, WINTER)
    set_profile(member, timezone="America/New_York")
    member_client.set_cookie(TIMEZONE_COOKIE, "Europe/Paris")

    assert shown_times(member_client.get(NOTIFICATIONS)) == ["15 Jan 2026, 07:00 EST"]


def test_the_profile_form_saves_the_time_zone(member_client, member):
    notification_at(member, WINTER)

    member_client.post("/account/", data={**PROFILE, "timezone": "Asia/Tokyo"})

    assert fresh(member).timezone == "Asia/Tokyo"
    assert shown_times(member_client.get(NOTIFICATIONS)) == ["15 Jan 2026, 21:00 JST"]


def test_dates_are_written_as_the_language_writes_them(member_client, member):
    notification_at(member, WINTER)
    set_profile(member, language="fr", timezone="Europe/Paris")

    (time,) = shown_times(member_client.get(NOTIFICATIONS))

    assert time.startswith("15 janv. 2026") and time.endswith("13:00 CET"), time


# --- the cost --------------------------------------------------------------------------


def test_choosing_the_language_and_time_zone_costs_no_statement(member_client, member):
    """The choice reads the user row Flask-Login loaded already: the same statements in
    English and UTC as in French, Paris time, with cookies that the profile overrides."""
    notification_at(member, WINTER)
    member_client.get(NOTIFICATIONS)  # the first request warms caches up
    plain = counted_get(member_client, NOTIFICATIONS)

    set_profile(member, language="fr", timezone="Europe/Paris")
    member_client.set_cookie(LANGUAGE_COOKIE, "es")
    member_client.set_cookie(TIMEZONE_COOKIE, "Asia/Tokyo")
    member_client.get(NOTIFICATIONS)
    chosen = counted_get(member_client, NOTIFICATIONS)

    assert page_language(member_client.get(NOTIFICATIONS)) == ("fr", "ltr")
    assert chosen == plain


@pytest.mark.backend_independent
def test_macros_imported_without_context_speak_each_readers_language(app):
    """Jinja renders such a module once and keeps it for every later request: its words must
    still come from each reader's catalogue, not from the first reader's."""
    template = app.jinja_env.from_string(
        '{% from "_forms.html" import batch_links %}'
        '{{ batch_links("workspaces.hub_home", True, 7) }}'
    )
    shown = {}
    for language in ("en", "fr", "en", "es"):
        with app.app_context(), app.test_request_context(headers={"Accept-Language": language}):
            shown.setdefault(language, set()).add(" ".join(template.render().split()))
    assert all(len(texts) == 1 for texts in shown.values())
    english, french, spanish = (shown[code].pop() for code in ("en", "fr", "es"))
    assert "First pages" in english and "Next pages" in english
    assert english != french and english != spanish and french != spanish
