"""Sign-in defences a mutation check found untested: the failed sign-in's audit entry outlives
any rollback, an unknown address costs a real account's hash, the two-factor step's limit per
address counts every account, and a suspended account is signed out on its next request."""

import time

import pyotp
import pytest
from flask import Response
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash

from hub.audit.models import AuditEntry
from hub.auth import passwords, services, twofactor
from hub.auth.models import AccountStatus, AuthSession, User
from hub.extensions import db
from tests.support import PASSWORD, login, make_user

MEMBER = "member@example.org"


def failed_sign_ins() -> list[dict]:
    """The details of each committed failed sign-in, read through a connection of its own."""
    with db.engine.connect() as connection:
        return list(
            connection.execute(
                select(AuditEntry.details).where(AuditEntry.action == "auth.sign_in_failed")
            ).scalars()
        )


# --- the failed sign-in's audit entry ---------------------------------------------------


@pytest.mark.parametrize("status", [200, 400, 401, 429, 500])
def test_a_failed_sign_in_stays_audited_whatever_the_response(app, status):
    make_user(MEMBER)
    with app.test_request_context("/auth/login", method="POST"):
        assert services.authenticate(MEMBER, "not-the-password") is None
        # The unit of work ends as the response leaves: a 4xx or 5xx rolls it back.
        app.process_response(Response(status=status))

    assert failed_sign_ins() == [{"email": MEMBER, "reason": "wrong password"}]


def test_a_failed_sign_in_survives_the_rollback_of_the_request_session(app):
    member = make_user(MEMBER)
    with app.test_request_context("/auth/login", method="POST"):
        member.display_name = "Changed in this request"
        assert services.authenticate("nobody@example.org", "not-the-password") is None
        db.session.rollback()

    assert failed_sign_ins() == [{"email": "nobody@example.org", "reason": "unknown e-mail"}]
    db.session.expire_all()
    assert member.display_name != "Changed in this request"  # the rollback did happen


def test_a_refused_sign_in_through_the_page_is_audited(app, client):
    make_user(MEMBER, status=AccountStatus.SUSPENDED)
    response = login(client, MEMBER)
    assert b"This account is suspended." in response.data
    assert failed_sign_ins() == [{"email": MEMBER, "reason": "account suspended"}]


# --- the cost of an unknown address -----------------------------------------------------


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:1000"])
def test_an_unknown_address_costs_the_hash_of_a_real_account(app, client, monkeypatch, method):
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", method)
    make_user(MEMBER)  # hashed with `method`, as every account of this hub
    checked: list[str] = []

    def recording_check(stored_hash: str, password: str) -> bool:
        checked.append(stored_hash)
        return check_password_hash(stored_hash, password)

    monkeypatch.setattr(passwords, "check_password_hash", recording_check)
    login(client, MEMBER, "not-the-password")
    login(client, "nobody@example.org", "not-the-password")

    real, dummy = checked
    # A stored hash begins with its method and cost: "scrypt:32768:8:1$salt$hash".
    real_method, dummy_method = real.split("$", 1)[0], dummy.split("$", 1)[0]
    assert real_method.startswith(method)
    assert dummy_method == real_method


# --- the two-factor step's limit per address --------------------------------------------


def wrong_code(secret: str) -> str:
    """A six-digit code valid for no step near now."""
    totp = pyotp.TOTP(secret)
    near = {totp.at(time.time() + offset) for offset in (-60, -30, 0, 30, 60)}
    return next(code for code in (f"{n:06d}" for n in range(1000)) if code not in near)


@pytest.mark.parametrize(
    ("limit_per_address", "accounts"),
    [
        ("6 per 15 minutes", 3),  # the sign-in limit per address (SIGNIN_LIMIT_PER_IP)
        ("100 per 15 minutes", 5),  # the code step's own limit, 10 per 5 minutes
    ],
    ids=["sign-in-limit-per-address", "code-step-limit"],
)
def test_wrong_codes_spread_over_accounts_still_hit_the_limit_per_address(
    app, monkeypatch, limit_per_address, accounts
):
    monkeypatch.setitem(app.config, "SIGNIN_LIMIT_PER_IP", limit_per_address)
    secrets = []
    for number in range(accounts):
        user = make_user(f"member{number}@example.org")
        secret = twofactor.new_secret()
        twofactor.enable_two_factor(user, secret, pyotp.TOTP(secret).now(), PASSWORD)
        secrets.append(secret)
    db.session.commit()
    client = app.test_client()  # one browser, one address

    # Two wrong codes per account: each account stays well under its own limit of five.
    for number, secret in enumerate(secrets):
        assert login(client, f"member{number}@example.org").status_code == 302
        for _ in range(2):
            response = client.post("/auth/two-factor", data={"code": wrong_code(secret)})
            assert response.status_code == 200

    # Even the right code of the last account is refused now: the address is over its limit.
    right_code = pyotp.TOTP(secrets[-1]).at(time.time() + 30)
    assert client.post("/auth/two-factor", data={"code": right_code}).status_code == 429


# --- a suspended account ----------------------------------------------------------------


def test_a_suspended_account_is_signed_out_on_its_next_request(app, client):
    member = make_user(MEMBER)
    assert login(client, MEMBER).status_code == 302
    assert client.get("/account/").status_code == 200

    # Suspended behind the hub's back: no service ran, so no session was revoked.
    db.session.execute(
        update(User).where(User.id == member.id).values(status=AccountStatus.SUSPENDED)
    )
    db.session.commit()
    assert db.session.scalar(
        select(func.count()).select_from(AuthSession).where(AuthSession.revoked_at.is_(None))
    )

    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")

    # Signed out, not just turned away: reactivating the account does not bring the browser back.
    db.session.execute(update(User).where(User.id == member.id).values(status=AccountStatus.ACTIVE))
    db.session.commit()
    assert client.get("/account/").status_code == 302
