"""Two-factor authentication: setting it up, signing in with it, recovery codes, turning it off."""

import html
import re
import time
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, text

from hub.audit.models import AuditEntry
from hub.auth import twofactor, views
from hub.auth.models import User
from hub.database import utcnow
from hub.extensions import db
from tests.support import (
    MEMBER_EMAIL,
    NEW_PASSWORD,
    PASSWORD,
    TwoFactorSetup,
    code_ahead,
    enable_two_factor_directly,
    field_errors,
    is_signed_in,
    link_in,
    login,
    make_user,
    sent_mail,
    sign_in_with_code,
)

EMAIL = MEMBER_EMAIL


def wrong_code(secret: str) -> str:
    """A six-digit code valid for no step near now."""
    totp = pyotp.TOTP(secret)
    near = {totp.at(time.time() + offset) for offset in (-60, -30, 0, 30, 60)}
    return next(code for code in (f"{n:06d}" for n in range(1000)) if code not in near)


def secret_on_page(page: bytes) -> str:
    match = re.search(rb'data-testid="totp-secret">([A-Z2-7]+)<', page)
    assert match is not None
    return match.group(1).decode()


def qr_code_on(page: bytes) -> bytes:
    match = re.search(rb'<div class="qr"[^>]*>\s*(<svg.*?</svg>)', page, re.S)
    assert match is not None, "no inline SVG QR code"
    return match.group(1)


def codes_on_page(page: bytes) -> list[str]:
    listing = re.search(rb'data-testid="recovery-codes">(.*?)</ul>', page, re.S)
    assert listing is not None
    return [
        html.unescape(code) for code in re.findall(r"<li>(.*?)</li>", listing.group(1).decode())
    ]


def audit_count(action: str) -> int:
    db.session.expire_all()
    return len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


@pytest.fixture
def member() -> User:
    return make_user(EMAIL)


@pytest.fixture
def setup(member) -> TwoFactorSetup:
    return enable_two_factor_directly(member)


# --- turning it on ---------------------------------------------------------------------


def test_setting_up_two_factor_through_the_pages(client, member):
    login(client, EMAIL)
    assert b"Set up two-factor authentication" in client.get("/account/two-factor").data

    page = client.get("/account/two-factor/enable")

    assert page.status_code == 200
    assert b"<svg" in page.data
    # Drawn here, inline, and allowed by the strict CSP: no inline script or style needed
    # (a JSON data block, the scripts' words, is not run).
    assert re.search(rb'<script(?![^>]*\b(?:src=|type="application/json"))', page.data) is None
    assert b"style=" not in qr_code_on(page.data)
    assert re.search(rb"href|src=|<image", qr_code_on(page.data)) is None  # nothing fetched
    secret = secret_on_page(page.data)
    assert secret_on_page(client.get("/account/two-factor/enable").data) == secret  # kept

    response = client.post(
        "/account/two-factor/enable",
        data={"code": pyotp.TOTP(secret).now(), "current_password": PASSWORD},
    )

    assert response.status_code == 200
    codes = codes_on_page(response.data)
    assert len(codes) == len(set(codes)) == 10
    db.session.expire_all()
    assert member.has_two_factor
    assert member.totp_secret == secret
    assert all(code not in row.code_hash for row in member.recovery_codes for code in codes)
    assert audit_count("auth.2fa_enabled") == 1
    assert is_signed_in(client)

    # The codes are shown once: the settings page only counts them.
    settings = client.get("/account/two-factor")
    assert b"<strong>10</strong> unused recovery codes" in settings.data
    assert not any(code.encode() in settings.data for code in codes)
    assert client.get("/account/two-factor/enable").headers["Location"] == "/account/two-factor"


def test_the_qr_code_holds_the_secret_for_this_account(client, member):
    login(client, EMAIL)
    page = client.get("/account/two-factor/enable")
    secret = secret_on_page(page.data)

    uri = twofactor.provisioning_uri(member, secret)

    assert f"secret={secret}" in uri
    assert "member%40example.org" in uri
    # The page's drawing is the QR code of exactly this URI (segno draws deterministically).
    assert qr_code_on(page.data).decode() == twofactor.qr_code_svg(uri)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "", "current_password": PASSWORD}, "code", "Enter the 6-digit code."),
        ({"code": "12345678901", "current_password": PASSWORD}, "code", "6 digits"),
        ({"code": "abcdef", "current_password": PASSWORD}, "code", "not right"),
        ({"code": "12\x0034", "current_password": PASSWORD}, "code", "not right"),
        ({"code": "WRONG", "current_password": PASSWORD}, "code", "not right"),
        ({"code": "CURRENT", "current_password": ""}, "current_password", "Enter your current"),
        (
            {"code": "CURRENT", "current_password": "not-my-password"},
            "current_password",
            "not right",
        ),
    ],
)
def test_setting_up_refuses_a_wrong_code_or_password(client, member, data, field, message):
    login(client, EMAIL)
    secret = secret_on_page(client.get("/account/two-factor/enable").data)
    replacements = {"WRONG": wrong_code(secret), "CURRENT": pyotp.TOTP(secret).now()}
    data = {name: replacements.get(value, value) for name, value in data.items()}

    response = client.post("/account/two-factor/enable", data=data)

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response.data, field))
    assert secret_on_page(response.data) == secret  # the same key, to try again
    db.session.expire_all()
    assert not member.has_two_factor
    assert member.recovery_codes == []


# --- signing in ------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_before_any_session(app, client, member, setup):
    response = login(client, EMAIL)

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/two-factor"
    assert not is_signed_in(client)
    assert client.get("/auth/two-factor").status_code == 200
    assert audit_count("auth.signed_in") == 0

    done = client.post("/auth/two-factor", data={"code": code_ahead(setup.secret)})

    assert done.status_code == 302
    assert done.headers["Location"] == "/"
    assert is_signed_in(client)
    assert audit_count("auth.signed_in") == 1


def test_the_code_step_keeps_next_and_remember(client, member, setup):
    first = client.post(
        "/auth/login",
        query_string={"next": "/account/"},
        data={"email": EMAIL, "password": PASSWORD, "remember": "y"},
    )
    assert first.headers["Location"] == "/auth/two-factor"

    done = client.post("/auth/two-factor", data={"code": code_ahead(setup.secret)})

    assert done.headers["Location"] == "/account/"
    assert client.get_cookie("hub_session").expires is not None


def test_the_code_step_without_a_password_first_goes_to_sign_in(client, member, setup):
    response = client.post("/auth/two-factor", data={"code": code_ahead(setup.secret)})

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert not is_signed_in(client)


def test_the_code_step_expires_after_five_minutes(client, member, setup, monkeypatch):
    login(client, EMAIL)
    moved = utcnow() + timedelta(seconds=views.PENDING_2FA_SECONDS + 1)
    monkeypatch.setattr(views, "utcnow", lambda: moved)

    response = client.post(
        "/auth/two-factor", data={"code": code_ahead(setup.secret)}, follow_redirects=True
    )

    assert b"Please sign in again." in response.data
    assert not is_signed_in(client)


def test_a_wrong_code_is_refused(client, member, setup):
    login(client, EMAIL)

    response = client.post("/auth/two-factor", data={"code": wrong_code(setup.secret)})

    assert response.status_code == 200
    assert field_errors(response.data, "code") == ["That code is not right."]
    assert not is_signed_in(client)
    assert audit_count("auth.2fa_failed") == 1
    # The step stays open for another try.
    client.post("/auth/two-factor", data={"code": code_ahead(setup.secret)})
    assert is_signed_in(client)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the code from your app or a recovery code."),
        ("1" * 33, "longer than any code"),
        ("12\x1b[0m34", "not right"),
        ("123456\u202e", "not right"),
    ],
)
def test_the_code_step_refuses_bad_input(client, member, setup, code, message):
    login(client, EMAIL)

    response = client.post("/auth/two-factor", data={"code": code})

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response.data, "code"))
    assert not is_signed_in(client)


def test_a_code_cannot_be_used_twice(app, member, setup):
    code = code_ahead(setup.secret)
    first = app.test_client()
    assert sign_in_with_code(first, code).status_code == 302
    assert is_signed_in(first)

    second = app.test_client()
    replayed = sign_in_with_code(second, code)

    assert replayed.status_code == 200
    assert field_errors(replayed.data, "code") == ["That code is not right."]
    assert not is_signed_in(second)


def test_the_code_used_to_turn_it_on_cannot_sign_in(app, client, member):
    secret = twofactor.new_secret()
    code = pyotp.TOTP(secret).now()
    twofactor.enable_two_factor(member, secret, code, PASSWORD)
    db.session.commit()

    assert sign_in_with_code(client, code).status_code == 200
    assert not is_signed_in(client)


def test_a_recovery_code_works_once(app, member, setup):
    code = setup.recovery_codes[3]
    first = app.test_client()
    assert sign_in_with_code(first, f"  {code.upper()} ").status_code == 302
    assert is_signed_in(first)
    assert audit_count("auth.2fa_recovery_code_used") == 1

    second = app.test_client()
    again = sign_in_with_code(second, code)

    assert again.status_code == 200
    assert not is_signed_in(second)
    login(first, EMAIL)
    assert b"<strong>9</strong> unused recovery codes" in first.get("/account/two-factor").data


def test_a_recovery_code_typed_without_its_hyphen_works(client, member, setup):
    assert sign_in_with_code(client, setup.recovery_codes[0].replace("-", "")).status_code == 302
    assert is_signed_in(client)


def test_a_suspended_account_cannot_finish_the_code_step(client, member, setup):
    login(client, EMAIL)
    member.status = "suspended"
    db.session.commit()

    response = client.post("/auth/two-factor", data={"code": code_ahead(setup.secret)})

    assert response.status_code == 302
    assert not is_signed_in(client)


def test_wrong_codes_count_toward_the_sign_in_limit(app, client, member, setup):
    limit = int(app.config["SIGNIN_LIMIT_PER_ACCOUNT"].split()[0])
    login(client, EMAIL)
    for _ in range(limit):
        assert (
            client.post("/auth/two-factor", data={"code": wrong_code(setup.secret)}).status_code
            == 200
        )

    blocked = client.post("/auth/two-factor", data={"code": code_ahead(setup.secret)})

    assert blocked.status_code == 429
    assert b"Too many attempts" in blocked.data
    assert not is_signed_in(client)
    assert login(app.test_client(), EMAIL).status_code == 429


def test_a_password_reset_does_not_skip_two_factor(app, client, member, setup):
    client.post("/auth/reset", data={"email": EMAIL})
    client.post(
        link_in(sent_mail(app)[0]), data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    response = login(client, EMAIL, NEW_PASSWORD)

    assert response.headers["Location"] == "/auth/two-factor"
    assert not is_signed_in(client)


# --- recovery codes and turning it off -------------------------------------------------


def test_new_recovery_codes_need_the_password_and_replace_the_old(app, client, member, setup):
    sign_in_with_code(client, code_ahead(setup.secret))

    refused = client.post(
        "/account/two-factor/recovery-codes",
        data={"codes-current_password": "not-my-password"},
        follow_redirects=True,
    )
    assert b"Your current password is not right." in refused.data

    response = client.post(
        "/account/two-factor/recovery-codes", data={"codes-current_password": PASSWORD}
    )
    new_codes = codes_on_page(response.data)
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(setup.recovery_codes)

    assert sign_in_with_code(app.test_client(), setup.recovery_codes[0]).status_code == 200
    assert sign_in_with_code(app.test_client(), new_codes[0]).status_code == 302


def test_turning_it_off_needs_the_password(client, member, setup):
    sign_in_with_code(client, code_ahead(setup.secret))

    for password in ("", "not-my-password"):
        response = client.post(
            "/account/two-factor/disable",
            data={"disable-current_password": password},
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert b"current password" in response.data
        db.session.expire_all()
        assert member.has_two_factor


def test_turning_it_off_ends_other_sessions_and_sign_in_needs_no_code(app, client, member, setup):
    sign_in_with_code(client, code_ahead(setup.secret))
    other = app.test_client()
    sign_in_with_code(other, setup.recovery_codes[0])

    response = client.post(
        "/account/two-factor/disable",
        data={"disable-current_password": PASSWORD},
        follow_redirects=True,
    )

    assert b"Two-factor authentication is off." in response.data
    db.session.expire_all()
    assert not member.has_two_factor
    assert member.recovery_codes == []
    assert audit_count("auth.2fa_disabled") == 1
    assert is_signed_in(client)
    assert not is_signed_in(other)
    assert login(app.test_client(), EMAIL).headers["Location"] == "/"


# --- races (services directly) ---------------------------------------------------------


def test_a_code_used_by_a_concurrent_request_is_refused(member, setup):
    code = code_ahead(setup.secret)
    step = pyotp.TOTP(setup.secret).timecode(utcnow()) + 1
    assert member.totp_last_step < step  # what this request read before the other one wrote
    # Another request signs in with the same code first (behind the ORM's back).
    db.session.execute(text("UPDATE users SET totp_last_step = :step"), {"step": step})

    assert twofactor.verify_second_factor(member, code) is None


def test_a_recovery_code_used_by_a_concurrent_request_is_refused(member, setup):
    code = setup.recovery_codes[0]
    assert all(row.used_at is None for row in member.recovery_codes)
    db.session.execute(text("UPDATE recovery_codes SET used_at = :now"), {"now": utcnow()})

    assert twofactor.verify_second_factor(member, code) is None
