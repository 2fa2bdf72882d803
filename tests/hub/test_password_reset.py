"""Password reset: asking for a link, using it once, and what it changes."""

from datetime import timedelta

import pytest

from hub.auth.models import AccountStatus
from hub.extensions import db
from tests.support import (
    NEW_PASSWORD,
    PASSWORD,
    field_errors,
    is_signed_in,
    link_in,
    login,
    make_user,
    sent_mail,
)
from tests.support.hub import audit_entries, user_by_email

# --- password reset --------------------------------------------------------------------


def request_reset(client, email: str):
    return client.post("/auth/reset", data={"email": email})


def test_reset_requests_for_known_and_unknown_addresses_look_the_same(app, client):
    make_user("member@example.org")

    known = request_reset(client, "member@example.org")
    unknown = request_reset(client, "stranger@example.org")

    assert known.status_code == unknown.status_code == 200
    assert known.data.replace(b"member@example.org", b"X") == unknown.data.replace(
        b"stranger@example.org", b"X"
    )
    [message] = sent_mail(app)
    assert message["To"] == "member@example.org"


def test_reset_link_sets_a_new_password_once(app, client):
    make_user("member@example.org")
    request_reset(client, "MEMBER@example.org")
    link = link_in(sent_mail(app)[0])

    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert response.status_code == 302
    assert login(client, "member@example.org", PASSWORD).status_code == 200
    assert login(client, "member@example.org", NEW_PASSWORD).status_code == 302
    assert audit_entries("auth.password_reset")

    other = "ember-lantern-quarry-violin"
    again = app.test_client().post(link, data={"password": other, "password_again": other})
    assert again.status_code == 400
    assert b"This password reset link is not valid" in again.data
    assert app.test_client().get(link).status_code == 400


def test_an_expired_reset_link_is_refused(app, client, monkeypatch):
    make_user("member@example.org")
    request_reset(client, "member@example.org")
    link = link_in(sent_mail(app)[0])
    monkeypatch.setitem(app.config, "RESET_TOKEN_MAX_AGE", timedelta(seconds=-1))

    response = client.post(link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert response.status_code == 400
    assert b"expired" in response.data
    assert login(client, "member@example.org", PASSWORD).status_code == 302


def test_a_tampered_reset_link_is_refused(app, client):
    make_user("member@example.org")
    request_reset(client, "member@example.org")
    link = link_in(sent_mail(app)[0])

    response = client.post(
        link[:-2] + "zz", data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert login(client, "member@example.org", PASSWORD).status_code == 302


def test_a_reset_ends_every_session(app, client):
    make_user("member@example.org")
    login(client, "member@example.org")
    request_reset(app.test_client(), "member@example.org")
    link = link_in(sent_mail(app)[0])

    app.test_client().post(link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert not is_signed_in(client)


def test_a_reset_link_sent_to_an_old_address_stops_working(app, client):
    user = make_user("member@example.org")
    request_reset(client, "member@example.org")
    link = link_in(sent_mail(app)[0])
    user.email = "new.address@example.org"  # changed since, as through the account page
    db.session.commit()

    response = client.post(link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert response.status_code == 400


def test_a_reset_activates_a_pending_account(app, client):
    make_user("pending@example.org", status=AccountStatus.PENDING)
    request_reset(client, "pending@example.org")
    link = link_in(sent_mail(app)[0])

    client.post(link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert user_by_email("pending@example.org").status == AccountStatus.ACTIVE
    assert login(client, "pending@example.org", NEW_PASSWORD).status_code == 302


def test_a_suspended_account_gets_no_reset_link(app, client):
    make_user("gone@example.org", status=AccountStatus.SUSPENDED)

    response = request_reset(client, "gone@example.org")

    assert b"Check your e-mail" in response.data
    assert sent_mail(app) == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password": "", "password_again": ""}, "password", "Choose a password."),
        ({"password": "short-pass1", "password_again": "short-pass1"}, "password", "at least 12"),
        ({"password": "password1234", "password_again": "password1234"}, "password", "common"),
        (
            {"password": "member@example.org", "password_again": "member@example.org"},
            "password",
            "your e-mail address or your name",
        ),
        ({"password": NEW_PASSWORD, "password_again": "other"}, "password_again", "differ"),
        ({"password": "p\x00" * 7, "password_again": "p\x00" * 7}, "password", "not allowed"),
    ],
)
def test_reset_refuses_bad_passwords_and_keeps_the_link_usable(app, client, data, field, message):
    make_user("member@example.org")
    request_reset(client, "member@example.org")
    link = link_in(sent_mail(app)[0])

    response = client.post(link, data=data)

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response.data, field))
    assert login(client, "member@example.org", PASSWORD).status_code == 302
    client.post("/auth/logout")
    assert (
        client.post(
            link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your e-mail address."),
        ("nope", "Enter a valid e-mail address."),
        ("a" * 300 + "@example.org", "at most 254"),
        ("member\x1b@example.org", "not allowed"),
    ],
)
def test_reset_request_refuses_bad_input(app, client, email, message):
    make_user("member@example.org")

    response = request_reset(client, email)

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response.data, "email"))
    assert sent_mail(app) == []
