"""The signed-in user's own account: profile, password and e-mail address."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.auth import services
from hub.auth.models import EmailPreference, Sector, User
from hub.exceptions import RuleViolation
from hub.extensions import db
from tests.support import (
    NEW_PASSWORD,
    PASSWORD,
    field_errors,
    input_value,
    is_signed_in,
    link_in,
    login,
    make_user,
    sent_mail,
    sign_in,
)

EMAIL = "member@example.org"
PROFILE = {
    "display_name": "Maria Lopez",
    "sector": Sector.PRIVATE_INDUSTRY.value,
    "organisation": "Secure Systems Ltd",
    "country": "ES",
    "email_preference": EmailPreference.DAILY.value,
    "language": "en",
    "timezone": "",
}


@pytest.fixture
def member() -> User:
    return make_user(EMAIL, display_name="Test Member", country="FR")


@pytest.fixture
def signed_in(client, member):
    return sign_in(client, member)


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def audit_count(action: str) -> int:
    db.session.expire_all()
    return len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


@pytest.mark.parametrize(
    "path",
    ["/account/", "/account/password", "/account/email", "/account/two-factor"],
)
def test_account_pages_need_a_signed_in_user(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


# --- profile ---------------------------------------------------------------------------


def test_the_profile_form_shows_the_current_values(signed_in):
    page = signed_in.get("/account/")

    assert page.status_code == 200
    assert input_value(page.data, "display_name") == "Test Member"
    assert input_value(page.data, "organisation") == "Test Police"
    assert b'<option selected value="FR">' in page.data


def test_updating_the_profile(signed_in, member):
    response = signed_in.post("/account/", data=PROFILE, follow_redirects=True)

    assert response.status_code == 200
    assert b"Your profile is saved." in response.data
    user = fresh(member)
    assert user.display_name == "Maria Lopez"
    assert user.sector == Sector.PRIVATE_INDUSTRY
    assert user.organisation == "Secure Systems Ltd"
    assert user.country == "ES"
    assert user.email_preference == EmailPreference.DAILY
    assert audit_count("auth.profile_updated") == 1


def test_profile_input_is_trimmed(signed_in, member):
    signed_in.post("/account/", data={**PROFILE, "display_name": "  Maria Lopez \t"})

    assert fresh(member).display_name == "Maria Lopez"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "", "Enter the name other members will see."),
        ("display_name", " ", "Enter the name other members will see."),
        ("display_name", "m" * 101, "Use at most 100 characters."),
        ("display_name", "Maria\x00", "not allowed"),
        ("display_name", "Maria\u202e", "not allowed"),
        ("display_name", "Maria\ufffd", "not allowed"),
        ("organisation", "", "Enter your organisation."),
        ("organisation", "o" * 151, "Use at most 150 characters."),
        ("organisation", "Secure\x1b Systems", "not allowed"),
        ("sector", "spy", "Choose a sector from the list."),
        ("country", "", "Choose your country."),
        ("country", "ZZ", "Choose a country from the list."),
        ("email_preference", "hourly", "Choose one of the options."),
    ],
)
def test_the_profile_refuses_bad_input(signed_in, member, field, value, message):
    response = signed_in.post("/account/", data={**PROFILE, field: value})

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response.data, field))
    kept = "organisation" if field == "display_name" else "display_name"
    assert input_value(response.data, kept) == PROFILE[kept]
    user = fresh(member)
    assert (user.display_name, user.organisation, user.country) == (
        "Test Member",
        "Test Police",
        "FR",
    )
    assert audit_count("auth.profile_updated") == 0


# --- password --------------------------------------------------------------------------


def change_password(client, current: str = PASSWORD, new: str = NEW_PASSWORD, again=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "password": new, "password_again": again or new},
    )


def test_changing_the_password(app, signed_in, member):
    other_device = app.test_client()
    login(other_device, EMAIL)

    response = change_password(signed_in)

    assert response.status_code == 302
    assert is_signed_in(signed_in)
    assert not is_signed_in(other_device)
    assert login(app.test_client(), EMAIL, PASSWORD).status_code == 200
    assert login(app.test_client(), EMAIL, NEW_PASSWORD).status_code == 302
    assert audit_count("auth.password_changed") == 1
    [notice] = sent_mail(app)
    assert notice["To"] == EMAIL
    assert "password was changed" in notice["Subject"]


def test_changing_the_password_keeps_remember_me(client, member):
    login(client, EMAIL, remember="y")

    change_password(client)

    assert is_signed_in(client)
    assert client.get_cookie("hub_session").expires is not None


@pytest.mark.parametrize(
    ("current", "new", "again", "field", "message"),
    [
        ("", NEW_PASSWORD, None, "current_password", "Enter your current password."),
        ("not-my-password", NEW_PASSWORD, None, "current_password", "not right"),
        (PASSWORD, "", None, "password", "Choose a password."),
        (PASSWORD, "short-pass1", None, "password", "at least 12"),
        (PASSWORD, "p" * 201, None, "password", "at most 200"),
        (PASSWORD, "password1234", None, "password", "common"),
        (PASSWORD, "qwertyuiopas", None, "password", "Choose a longer"),
        (PASSWORD, "member@example.org", None, "password", "your e-mail address or your name"),
        (PASSWORD, "TestMember-forever", None, "password", "your e-mail address or your name"),
        (PASSWORD, "tab\there-is-no-good", None, "password", "not allowed"),
        (PASSWORD, NEW_PASSWORD, "something-else-entirely", "password_again", "differ"),
    ],
)
def test_password_change_refuses_bad_input(
    app, signed_in, member, current, new, again, field, message
):
    response = change_password(signed_in, current, new, again if again is not None else new)

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response.data, field))
    assert is_signed_in(signed_in)
    assert login(app.test_client(), EMAIL, PASSWORD).status_code == 302
    assert audit_count("auth.password_changed") == 0
    assert sent_mail(app) == []


def test_wrong_current_passwords_count_toward_the_sign_in_limit(app, signed_in):
    for _ in range(int(app.config["SIGNIN_LIMIT_PER_ACCOUNT"].split()[0])):
        assert change_password(signed_in, current="guess-number-one").status_code == 200

    assert change_password(signed_in).status_code == 429
    assert login(app.test_client(), EMAIL).status_code == 429


# --- e-mail address --------------------------------------------------------------------


def request_email_change(client, email: str, password: str = PASSWORD):
    return client.post("/account/email", data={"email": email, "current_password": password})


def test_changing_the_e_mail_address(app, signed_in, member):
    response = request_email_change(signed_in, " New.Address@Example.org ")

    assert response.status_code == 302
    assert fresh(member).email == EMAIL  # nothing changes before the link is followed
    [message] = sent_mail(app)
    assert message["To"] == "new.address@example.org"
    link = link_in(message)

    page = signed_in.get(link)
    assert page.status_code == 200
    assert b"new.address@example.org" in page.data
    assert fresh(member).email == EMAIL

    done = signed_in.post(link, follow_redirects=True)

    assert b"Your e-mail address is now new.address@example.org." in done.data
    assert fresh(member).email == "new.address@example.org"
    notice = sent_mail(app)[-1]
    assert notice["To"] == EMAIL
    assert "new.address@example.org" in notice.get_content()
    assert audit_count("auth.email_changed") == 1
    assert login(app.test_client(), "new.address@example.org").status_code == 302
    assert login(app.test_client(), EMAIL).status_code == 200

    again = signed_in.post(link)
    assert again.status_code == 400
    assert b"This e-mail change link is not valid" in again.data


def test_the_e_mail_link_needs_the_same_user_signed_in(app, client, member):
    make_user("other@example.org")
    login(client, EMAIL)
    request_email_change(client, "new.address@example.org")
    link = link_in(sent_mail(app)[0])
    client.post("/auth/logout")

    to_login = client.post(link)
    assert to_login.status_code == 302
    assert to_login.headers["Location"].startswith("/auth/login")
    assert fresh(member).email == EMAIL

    login(client, "other@example.org")
    assert client.post(link).status_code == 400
    assert fresh(member).email == EMAIL
    client.post("/auth/logout")

    # Signing in from the link comes back to it.
    back = client.post(to_login.headers["Location"], data={"email": EMAIL, "password": PASSWORD})
    assert back.headers["Location"] == link
    client.post(link)
    assert fresh(member).email == "new.address@example.org"


@pytest.mark.parametrize("email", ["OTHER@example.org", "other@example.org", " Other@Example.ORG"])
def test_an_address_used_by_another_account_is_refused(app, signed_in, member, email):
    make_user("other@example.org")

    response = request_email_change(signed_in, email)

    assert response.status_code == 200
    assert field_errors(response.data, "email") == ["Another account uses this e-mail address."]
    assert sent_mail(app) == []


def test_an_address_taken_before_the_link_is_followed_is_refused(app, signed_in, member):
    request_email_change(signed_in, "new.address@example.org")
    link = link_in(sent_mail(app)[0])
    make_user("new.address@example.org")

    response = signed_in.post(link, follow_redirects=True)

    assert b"Another account now uses this e-mail address." in response.data
    assert fresh(member).email == EMAIL


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        ("", PASSWORD, "email", "Enter your e-mail address."),
        ("not-an-address", PASSWORD, "email", "Enter a valid e-mail address."),
        ("n" * 250 + "@example.org", PASSWORD, "email", "at most 254"),
        ("new\x00@example.org", PASSWORD, "email", "not allowed"),
        ("MEMBER@example.org", PASSWORD, "email", "already your e-mail address"),
        ("new.address@example.org", "", "current_password", "Enter your current password."),
        ("new.address@example.org", "not-my-password", "current_password", "not right"),
    ],
)
def test_e_mail_change_refuses_bad_input(app, signed_in, member, email, password, field, message):
    response = request_email_change(signed_in, email, password)

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response.data, field))
    assert sent_mail(app) == []
    assert fresh(member).email == EMAIL


def test_a_tampered_or_expired_e_mail_link_is_refused(app, signed_in, member, monkeypatch):
    request_email_change(signed_in, "new.address@example.org")
    link = link_in(sent_mail(app)[0])

    assert signed_in.post(link[:-2] + "xx").status_code == 400
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", timedelta(seconds=-1))
    expired = signed_in.post(link)

    assert expired.status_code == 400
    assert b"expired" in expired.data
    assert fresh(member).email == EMAIL


def test_an_e_mail_change_racing_another_account_is_refused_cleanly(member, monkeypatch):
    make_user("taken@example.org")
    # The other account took the address between this request's check and its write.
    monkeypatch.setattr(services, "find_user_by_email", lambda email: None)

    with pytest.raises(RuleViolation):
        services.change_email(member, "taken@example.org")

    assert member.email == EMAIL
    db.session.commit()  # the transaction is still usable
    assert fresh(member).email == EMAIL
