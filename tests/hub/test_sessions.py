"""Server-side sessions: sign-out everywhere, revocation, timeouts, cookies, fixation."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from config import DevelopmentConfig, ProductionConfig
from hub import create_app
from hub.admin.services import reactivate_account, suspend_account
from hub.auth import sessions
from hub.auth.models import AuthSession
from hub.database import utcnow
from hub.extensions import db
from tests.support import (
    MEMBER_EMAIL,
    NEW_PASSWORD,
    PASSWORD,
    code_ahead,
    enable_two_factor_directly,
    is_signed_in,
    login,
    make_user,
    sign_in_with_code,
)

COOKIE = "hub_session"


def session_cookie(client) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None, "no session cookie"
    return cookie.value


def replay(app, cookie_value: str):
    """A fresh browser that presents a captured session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie_value)
    return other


def set_cookie_header(response) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}=")]
    return header


@pytest.fixture
def member():
    return make_user(MEMBER_EMAIL)


@pytest.fixture
def later(monkeypatch):
    """Move the session clock forward: later(timedelta(...))."""

    def move(delta: timedelta) -> None:
        moved = utcnow() + delta
        monkeypatch.setattr(sessions, "utcnow", lambda: moved)

    return move


# --- ending sessions -------------------------------------------------------------------


def test_signing_out_ends_every_session_of_the_user(app, member):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, "member@example.org")
    login(phone, "member@example.org")
    assert is_signed_in(laptop) and is_signed_in(phone)

    response = phone.post("/auth/logout", follow_redirects=True)

    assert b"signed out, on every device" in response.data
    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)
    db.session.expire_all()
    sessions_left = db.session.scalars(select(AuthSession)).all()
    assert len(sessions_left) == 2
    assert all(row.revoked_at is not None for row in sessions_left)


def test_signing_out_leaves_other_users_signed_in(app, member):
    make_user("other@example.org")
    mine, theirs = app.test_client(), app.test_client()
    login(mine, "member@example.org")
    login(theirs, "other@example.org")

    mine.post("/auth/logout")

    assert is_signed_in(theirs)


def test_sign_out_needs_a_post(client, member):
    login(client, "member@example.org")

    assert client.get("/auth/logout").status_code == 405
    assert is_signed_in(client)


def test_a_cookie_captured_before_sign_out_stops_working(app, client, member):
    login(client, "member@example.org")
    captured = session_cookie(client)
    assert is_signed_in(replay(app, captured))  # the copy works while the session lives

    client.post("/auth/logout")

    assert not is_signed_in(replay(app, captured))


def test_a_cookie_captured_before_a_password_change_stops_working(app, client, member):
    other_device = app.test_client()
    login(client, "member@example.org")
    login(other_device, "member@example.org")
    captured = session_cookie(client)

    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert is_signed_in(client)  # the browser that changed it stays in
    assert session_cookie(client) != captured
    assert not is_signed_in(replay(app, captured))
    assert not is_signed_in(other_device)


def test_a_cookie_captured_before_two_factor_is_turned_off_stops_working(app, client, member):
    setup = enable_two_factor_directly(member)
    other_device = app.test_client()
    sign_in_with_code(client, code_ahead(setup.secret))
    sign_in_with_code(other_device, setup.recovery_codes[0])
    captured = session_cookie(client)

    client.post("/account/two-factor/disable", data={"disable-current_password": PASSWORD})

    db.session.expire_all()
    assert not member.has_two_factor
    assert is_signed_in(client)
    assert not is_signed_in(replay(app, captured))
    assert not is_signed_in(other_device)


def test_a_cookie_captured_before_suspension_stops_working(app, client, member):
    admin = make_user("admin@example.org", hub_admin=True)
    login(client, "member@example.org")
    captured = session_cookie(client)

    suspend_account(member, admin, reason="test")
    db.session.commit()

    assert not is_signed_in(client)
    assert not is_signed_in(replay(app, captured))

    reactivate_account(member, admin)  # a reactivated account signs in afresh
    db.session.commit()
    assert not is_signed_in(replay(app, captured))
    assert login(app.test_client(), "member@example.org").status_code == 302


def test_a_suspension_through_the_admin_pages_signs_the_user_out(app, client, member):
    make_user("admin@example.org", hub_admin=True)
    admin_client = app.test_client()
    login(admin_client, "admin@example.org")
    login(client, "member@example.org")

    admin_client.post(f"/admin/users/{member.id}/suspend", data={"reason": "test"})

    assert not is_signed_in(client)
    assert is_signed_in(admin_client)


# --- timeouts --------------------------------------------------------------------------


def test_pruning_deletes_only_sessions_that_ended(app, runner, member):
    browsers = {
        name: app.test_client()
        for name in ("fresh", "remembered", "signed out", "too old", "remembered too old")
    }
    for name, browser in browsers.items():
        login(browser, "member@example.org", remember="y" if "remembered" in name else "")
    rows = db.session.scalars(select(AuthSession).order_by(AuthSession.id)).all()
    ages = {
        "remembered": timedelta(days=10),
        "too old": app.config["SESSION_ABSOLUTE_TIMEOUT"] + timedelta(minutes=1),
        "remembered too old": app.config["SESSION_REMEMBER_TIMEOUT"] + timedelta(minutes=1),
    }
    for name, row in zip(browsers, rows, strict=True):
        row.created_at = utcnow() - ages.get(name, timedelta())
    rows[2].revoked_at = utcnow()
    db.session.commit()

    result = runner.invoke(args=["hub", "prune-sessions"])

    assert result.exit_code == 0
    assert "Deleted 3 ended session(s)." in result.output
    db.session.expire_all()
    assert len(db.session.scalars(select(AuthSession)).all()) == 2
    assert is_signed_in(browsers["fresh"]) and is_signed_in(browsers["remembered"])
    assert "Deleted 0 ended session(s)." in runner.invoke(args=["hub", "prune-sessions"]).output


def test_a_session_ends_after_the_idle_timeout(app, client, member, later):
    login(client, "member@example.org")
    idle = app.config["SESSION_IDLE_TIMEOUT"]

    later(idle - timedelta(minutes=1))
    assert is_signed_in(client)  # still in, and the visit counts as activity
    later(2 * idle - timedelta(minutes=3))
    assert is_signed_in(client)
    later(3 * idle)
    assert not is_signed_in(client)


def test_an_idle_session_stays_ended_when_the_clock_comes_back(app, client, member, later):
    login(client, "member@example.org")
    captured = session_cookie(client)

    later(app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=1))
    assert not is_signed_in(replay(app, captured))


def test_an_active_session_still_ends_after_the_absolute_timeout(app, client, member, later):
    login(client, "member@example.org")
    limit = app.config["SESSION_ABSOLUTE_TIMEOUT"]
    hour = timedelta(hours=1)

    for hours in range(1, int(limit / hour)):
        later(hours * hour)
        assert is_signed_in(client), f"signed out after {hours} h of activity"
    later(limit + timedelta(minutes=1))
    assert not is_signed_in(client)


def test_a_remembered_session_outlives_the_idle_timeout_but_not_its_own(app, client, member, later):
    login(client, "member@example.org", remember="y")

    later(app.config["SESSION_IDLE_TIMEOUT"] * 3)
    assert is_signed_in(client)
    later(app.config["SESSION_REMEMBER_TIMEOUT"] + timedelta(minutes=1))
    assert not is_signed_in(client)


# --- cookies ---------------------------------------------------------------------------


def test_a_plain_sign_in_cookie_ends_with_the_browser(client, member):
    response = login(client, "member@example.org")

    header = set_cookie_header(response)
    assert "Expires=" not in header
    assert client.get_cookie(COOKIE).expires is None


def test_remember_me_makes_the_cookie_last(app, client, member):
    response = login(client, "member@example.org", remember="y")

    assert "Expires=" in set_cookie_header(response)
    expires = client.get_cookie(COOKIE).expires
    lifetime = app.config["SESSION_REMEMBER_TIMEOUT"]
    assert utcnow() + lifetime - timedelta(minutes=5) < expires <= utcnow() + lifetime


def test_pages_send_the_cookie_again_only_when_the_session_changed(client, member, later):
    login(client, "member@example.org")
    client.get("/")  # the first page gives the session its CSRF token

    quiet = [client.get(path) for path in ("/", "/notifications/", "/account/")]
    later(timedelta(seconds=sessions.SEEN_RESOLUTION_SECONDS + 1))
    refreshed = client.get("/")

    assert all(response.status_code == 200 for response in quiet)
    assert [response.headers.getlist("Set-Cookie") for response in quiet] == [[], [], []]
    assert set_cookie_header(refreshed)  # the idle clock moved on


def test_the_session_cookie_is_http_only_and_same_site_lax(client, member):
    response = login(client, "member@example.org")

    header = set_cookie_header(response)
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    cookie = client.get_cookie(COOKIE)
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_the_session_cookie_is_secure_outside_development(tmp_path):
    production = create_app(
        ProductionConfig,
        instance_path=str(tmp_path),
        SECRET_KEY="a-production-secret",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True

    # Any page that stores something in the session (here the CSRF token) sets the cookie.
    response = production.test_client().get("/auth/login", base_url="https://localhost")

    header = set_cookie_header(response)
    assert "Secure" in header
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert DevelopmentConfig.SESSION_COOKIE_SECURE is False


# --- fixation --------------------------------------------------------------------------


def test_signing_in_replaces_a_planted_session(app, client, member):
    serializer = app.session_interface.get_signing_serializer(app)
    planted = serializer.dumps({"planted": "by someone else"})
    client.set_cookie(COOKIE, planted)

    login(client, "member@example.org")

    after = session_cookie(client)
    assert after != planted
    assert "planted" not in serializer.loads(after)
    assert is_signed_in(client)
    assert not is_signed_in(replay(app, planted))


def test_each_sign_in_gets_a_new_session(app, member):
    first, second = app.test_client(), app.test_client()
    login(first, "member@example.org")
    login(second, "member@example.org")

    assert session_cookie(first) != session_cookie(second)
    db.session.expire_all()
    tokens = {row.token_hash for row in db.session.scalars(select(AuthSession))}
    assert len(tokens) == 2


def test_a_cookie_for_another_user_id_is_refused(app, client, member):
    other = make_user("other@example.org")
    login(client, "member@example.org")
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(session_cookie(client))

    forged = serializer.dumps({**data, "_user_id": str(other.id)})

    assert not is_signed_in(replay(app, forged))
