"""Accounts in the member's language: e-mails in the recipient's, the profile's language and
time zone, and the password advice.

The expected texts are computed here with gettext under the recipient's locale, so these
tests hold whatever the catalogues say. The senders browse in another language (Spanish)
than the French recipients, so once the catalogues are filled, an e-mail written in the
sender's language fails them.
"""

import re
from datetime import UTC, datetime

import pytest
from flask import current_app
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import select
from zxcvbn import zxcvbn

from hub.audit.models import AuditEntry
from hub.auth import services
from hub.auth.models import EmailPreference, Sector, User
from hub.auth.passwords import ZXCVBN_WARNINGS, password_problem
from hub.extensions import db
from tests.support import PASSWORD, field_errors, make_user, sent_mail, sign_in

EMAIL = "marie@example.org"
IN_SPANISH = {"Accept-Language": "es"}
PROFILE = {
    "display_name": "Marie Dubois",
    "sector": Sector.LAW_ENFORCEMENT.value,
    "organisation": "Police nationale",
    "country": "FR",
    "email_preference": EmailPreference.IMMEDIATE.value,
    "language": "en",
    "timezone": "",
}


@pytest.fixture
def french_member() -> User:
    user = make_user(EMAIL, display_name="Marie Dubois")
    user.language = "fr"
    db.session.commit()
    return user


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def in_french(message: str, **values) -> str:
    with force_locale("fr"):
        return gettext(message, **values)


def subject(text: str) -> str:
    return f"[{current_app.config['HUB_NAME']}] {text}"


def url_in(message) -> str:
    return re.search(r"https?://\S+", message.get_content()).group(0)


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


# --- e-mails in the recipient's language -------------------------------------------------


def test_the_reset_e_mail_is_written_in_the_recipients_language(app, client, french_member):
    page = client.post("/auth/reset", data={"email": EMAIL}, headers=IN_SPANISH)

    assert page_language(page) == "es"  # the visitor asking reads Spanish
    [message] = sent_mail(app)
    with force_locale("fr"):
        lifetime = services.reset_link_lifetime()
    assert message["Subject"] == subject(in_french("Reset your password"))
    assert message.get_content() == (
        in_french(
            "Someone (perhaps you) asked to reset the password of your account.\n"
            "Choose a new password here (the link works once, for %(lifetime)s):\n"
            "%(link)s\n\n"
            "If it was not you, ignore this message; your password stays as it is.",
            lifetime=lifetime,
            link=url_in(message),
        )
        + "\n"
    )


def test_the_e_mail_change_link_is_written_in_the_members_language(app, client, french_member):
    sign_in(client, french_member)

    client.post("/account/email", data={"email": "new@example.org", "current_password": PASSWORD})

    [message] = sent_mail(app)
    assert message["To"] == "new@example.org"
    assert message["Subject"] == subject(in_french("Confirm your new e-mail address"))
    with force_locale("fr"):
        lifetime = services.email_link_lifetime()
    assert (
        in_french(
            "Confirm that this address should become the e-mail address of your account:\n"
            "%(link)s\n\nThe link works for %(lifetime)s. If you did not ask for this, "
            "ignore this message.",
            link=url_in(message),
            lifetime=lifetime,
        )
        in message.get_content()
    )


def test_registering_with_a_taken_address_warns_its_owner_in_their_language(
    app, client, french_member
):
    client.post(
        "/auth/register",
        data={**PROFILE, "email": EMAIL, "password": PASSWORD, "password_again": PASSWORD},
        headers=IN_SPANISH,
    )

    [message] = sent_mail(app)
    assert message["To"] == EMAIL
    assert message["Subject"] == subject(in_french("Someone tried to register with your address"))


def test_a_new_account_gets_the_language_it_registered_in(app, client):
    page = client.post(
        "/auth/register",
        data={**PROFILE, "email": EMAIL, "password": PASSWORD, "password_again": PASSWORD},
        headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"},
    )

    assert page.status_code == 200
    user = db.session.scalar(select(User).where(User.email == EMAIL))
    assert user.language == "fr"
    [message] = sent_mail(app)
    assert message["Subject"] == subject(in_french("Confirm your e-mail address"))


# --- password advice ---------------------------------------------------------------------


def test_a_weak_password_is_explained_in_the_members_language(app, client, french_member):
    weak = "qwertyuiopas"
    warning = zxcvbn(weak)["feedback"]["warning"]
    assert warning in ZXCVBN_WARNINGS  # one zxcvbn says in English, a message of ours
    sign_in(client, french_member)

    page = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": weak, "password_again": weak},
    )

    assert page_language(page) == "fr"
    assert field_errors(page.data, "password") == [
        in_french(
            "%(warning)s Choose a longer or less predictable password.",
            warning=in_french(warning),
        )
    ]


@pytest.mark.backend_independent
def test_a_zxcvbn_warning_we_do_not_know_is_shown_in_english_only(app, monkeypatch):
    from hub.auth import passwords

    def estimate(password, user_inputs):
        return {"score": 0, "feedback": {"warning": "A brand new warning", "suggestions": []}}

    monkeypatch.setattr(passwords, "zxcvbn", estimate)
    # Each request in an app context of its own, as in production: the locale is per request.
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "en"}):
        english = password_problem("an-unusual-passphrase")
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "fr"}):
        french = password_problem("an-unusual-passphrase")
        too_easy = gettext("This password is too easy to guess.")
        expected = gettext(
            "%(warning)s Choose a longer or less predictable password.", warning=too_easy
        )

    assert english == "A brand new warning. Choose a longer or less predictable password."
    assert french == expected


# --- the profile's language and time zone ------------------------------------------------


def profile_updates() -> int:
    db.session.expire_all()
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "auth.profile_updated")
    )
    return len(entries.all())


@pytest.fixture
def member(client) -> User:
    user = make_user(EMAIL, display_name="Marie Dubois", organisation="Police nationale")
    sign_in(client, user)
    return user


@pytest.mark.parametrize("language", ["xx", "english", "fr-FR", "e" * 500, ""])
def test_an_unknown_language_is_refused_and_english_kept(client, member, language):
    page = client.post(
        "/account/", data={**PROFILE, "display_name": "Someone Else", "language": language}
    )

    assert page.status_code == 200
    assert page_language(page) == "en"
    assert field_errors(page.data, "language") == ["Choose one of the languages."]
    user = fresh(member)
    assert (user.language, user.display_name) == ("en", "Marie Dubois")
    assert profile_updates() == 0


@pytest.mark.parametrize("zone", ["Mars/Olympus", "utc ", "Europe/Paris\x00", "x" * 300])
def test_an_unknown_time_zone_is_refused(client, member, zone):
    page = client.post(
        "/account/", data={**PROFILE, "display_name": "Someone Else", "timezone": zone}
    )

    assert page.status_code == 200
    assert field_errors(page.data, "timezone") == ["Choose a time zone from the list."]
    user = fresh(member)
    assert (user.timezone, user.display_name) == (None, "Marie Dubois")
    assert profile_updates() == 0


def test_a_chosen_time_zone_is_saved_and_dates_are_shown_in_it(client):
    admin = make_user(EMAIL, hub_admin=True)
    admin.created_at = datetime(2021, 6, 24, 20, 30, tzinfo=UTC)
    db.session.commit()
    sign_in(client, admin)
    registered = f"/admin/users/{admin.id}"
    assert "24 Jun 2021, 20:30 UTC" in client.get(registered).text

    saved = client.post(
        "/account/", data={**PROFILE, "timezone": "Asia/Tokyo"}, follow_redirects=True
    )

    assert "Your profile is saved." in saved.text
    assert fresh(admin).timezone == "Asia/Tokyo"
    assert profile_updates() == 1
    # 20:30 UTC is already the next morning in Tokyo.
    assert "25 Jun 2021, 05:30 JST" in client.get(registered).text


def test_choosing_french_saves_it_and_the_page_follows(client, member):
    saved = client.post("/account/", data={**PROFILE, "language": "fr"}, follow_redirects=True)

    assert fresh(member).language == "fr"
    assert page_language(saved) == "fr"
    assert escape(in_french("Your profile is saved.")) in saved.text
