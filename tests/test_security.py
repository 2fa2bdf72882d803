"""The security baseline: headers, CSRF, safe redirects, error pages, limits, proxies, keys."""

import logging
import re
import time
from pathlib import Path

import pytest
from flask import request
from itsdangerous import TimestampSigner
from sqlalchemy import select

from config import DevelopmentConfig, ProductionConfig, TestingConfig
from hub import create_app, security
from hub.audit.models import AuditEntry
from hub.auth.models import User
from hub.extensions import db
from hub.security import is_safe_next
from hub.workspaces.models import Membership, MembershipStatus
from tests.support import PASSWORD, login, make_user, make_workspace

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CSRF_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CSRF_REFUSED = b"This form has expired or was not sent from this site"
PROJECT = Path(__file__).resolve().parent.parent
JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def fresh_app(app, tmp_path, **overrides):
    """Another app on the same database as `app`, with some settings changed."""
    return create_app(
        TestingConfig,
        instance_path=str(tmp_path / "instance"),
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        **overrides,
    )


def dispose(other_app) -> None:
    with other_app.app_context():
        db.engine.dispose()


def read(query):
    """Read what another app's requests wrote, then end the transaction.

    Outside a request a session begins a write transaction (BEGIN IMMEDIATE on SQLite);
    held open, it would make the other app's next write wait for the busy timeout.
    """
    db.session.expire_all()
    result = db.session.scalar(query)
    db.session.commit()
    return result


# --- headers ----------------------------------------------------------------------------


def assert_security_headers(response) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == EXPECTED_CSP
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}


def test_a_public_page_has_the_security_headers(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_a_signed_in_page_is_not_stored_by_caches(client):
    make_user("someone@example.org")
    login(client, "someone@example.org")
    response = client.get("/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_an_error_page_has_the_security_headers(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert_security_headers(response)


def test_static_files_may_be_cached_but_keep_the_headers(client):
    response = client.get("/static/css/hub.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_the_session_cookie_is_http_only_and_same_site(client):
    make_user("someone@example.org")
    response = login(client, "someone@example.org")
    cookie = next(
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith("hub_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_the_session_cookie_is_secure_outside_development(tmp_path):
    production = create_app(
        ProductionConfig,
        instance_path=str(tmp_path),
        SECRET_KEY="a-production-secret",
        SQLALCHEMY_DATABASE_URI="sqlite://",
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"


# --- CSRF -------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(app, tmp_path):
    """A client of an app with CSRF protection on, as in production."""
    csrf_app = fresh_app(app, tmp_path, WTF_CSRF_ENABLED=True)
    yield csrf_app.test_client()
    dispose(csrf_app)


def token_from(page) -> str:
    match = CSRF_TOKEN.search(page.get_data(as_text=True))
    assert match, "no CSRF token in the page's form"
    return match.group(1)


def sign_in_with_token(client, email: str) -> None:
    token = token_from(client.get("/auth/login"))
    response = client.post(
        "/auth/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302 and response.location == "/"


def assert_csrf_refused(response) -> None:
    assert response.status_code == 400
    assert CSRF_REFUSED in response.data
    assert b"Traceback" not in response.data


def test_sign_in_needs_the_csrf_token(csrf_client):
    make_user("someone@example.org")
    without = csrf_client.post(
        "/auth/login", data={"email": "someone@example.org", "password": PASSWORD}
    )
    assert_csrf_refused(without)
    assert csrf_client.get("/").status_code == 302  # still not signed in

    sign_in_with_token(csrf_client, "someone@example.org")
    assert csrf_client.get("/").status_code == 200


def test_registration_needs_the_csrf_token(csrf_client):
    fields = {
        "email": "new@example.org",
        "display_name": "New Person",
        "sector": "academia",
        "organisation": "A University",
        "country": "DE",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    assert_csrf_refused(csrf_client.post("/auth/register", data=fields))
    assert read(select(User).where(User.email == "new@example.org")) is None

    token = token_from(csrf_client.get("/auth/register"))
    response = csrf_client.post("/auth/register", data={**fields, "csrf_token": token})
    assert response.status_code == 200
    assert read(select(User).where(User.email == "new@example.org")) is not None


def test_sign_out_needs_the_csrf_token(csrf_client):
    make_user("someone@example.org")
    sign_in_with_token(csrf_client, "someone@example.org")

    assert_csrf_refused(csrf_client.post("/auth/logout"))
    assert csrf_client.get("/").status_code == 200  # a forged sign-out did nothing

    token = token_from(csrf_client.get("/"))  # the sign-out button in the top bar
    response = csrf_client.post("/auth/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert csrf_client.get("/").status_code == 302


def test_a_session_reuses_its_signed_csrf_token_for_a_minute_and_no_longer(
    csrf_client, monkeypatch
):
    # Signing a token costs more than most pages' queries, so a worker reuses a session's
    # signed token for a minute (hub.security.reuse_signed_csrf_token).
    make_workspace("ai")
    make_user("someone@example.org")
    sign_in_with_token(csrf_client, "someone@example.org")
    csrf_client.get("/w/ai/")  # the session's first page makes its token
    first = token_from(csrf_client.get("/w/ai/"))
    assert token_from(csrf_client.get("/w/ai/")) == first

    later_by = security.CSRF_TOKEN_REUSE_SECONDS + 1
    clock, signing_time = security.time.monotonic() + later_by, int(time.time()) + later_by
    monkeypatch.setattr(security.time, "monotonic", lambda: clock)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _signer: signing_time)
    later = token_from(csrf_client.get("/w/ai/"))
    assert later != first  # signed anew: a set time limit would count from now

    # Both signatures are of the session's one token: a form from either page still works.
    response = csrf_client.post("/w/ai/join", data={"message": "Let me in.", "csrf_token": first})
    assert response.status_code == 302
    response = csrf_client.post("/auth/logout", data={"csrf_token": later})
    assert response.status_code == 302
    assert csrf_client.get("/").status_code == 302

    # A new session has a token of its own: the one kept for the old session is refused.
    sign_in_with_token(csrf_client, "someone@example.org")
    renewed = token_from(csrf_client.get("/w/ai/"))
    assert renewed not in (first, later)
    assert_csrf_refused(csrf_client.post("/auth/logout", data={"csrf_token": later}))


def test_two_sessions_never_share_a_kept_csrf_token(csrf_client):
    make_user("one@example.org")
    make_user("two@example.org")
    clients = [csrf_client, csrf_client.application.test_client()]
    for client, email in zip(clients, ("one@example.org", "two@example.org"), strict=True):
        sign_in_with_token(client, email)
        client.get("/")  # the session's first page makes its token; later pages reuse it
    one, two = (token_from(client.get("/")) for client in clients)
    assert one != two
    assert_csrf_refused(clients[1].post("/auth/logout", data={"csrf_token": one}))
    assert clients[0].post("/auth/logout", data={"csrf_token": one}).status_code == 302


def test_a_new_secret_key_ends_sessions_unless_the_old_one_is_a_fallback(app, client):
    # The session's serializer is built once per set of keys: it must follow a change.
    make_user("someone@example.org")
    assert login(client, "someone@example.org").status_code == 302
    assert client.get("/account/").status_code == 200
    old_key = app.config["SECRET_KEY"]

    app.config["SECRET_KEY"] = "a-new-secret-" + "k" * 32
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    assert client.get("/account/").status_code == 200

    app.config["SECRET_KEY_FALLBACKS"] = []
    assert client.get("/account/").status_code == 302


def test_asking_to_join_needs_the_csrf_token(csrf_client):
    make_workspace("ai")
    make_user("someone@example.org")
    sign_in_with_token(csrf_client, "someone@example.org")

    assert_csrf_refused(csrf_client.post("/w/ai/join", data={"message": "Let me in."}))
    assert read(select(Membership)) is None

    token = token_from(csrf_client.get("/w/ai/"))  # the join form on the workspace's page
    response = csrf_client.post("/w/ai/join", data={"message": "Let me in.", "csrf_token": token})
    assert response.status_code == 302
    assert read(select(Membership)).status == MembershipStatus.REQUESTED


def test_every_post_route_refuses_a_request_without_the_csrf_token(app, csrf_client):
    # CSRF is checked before anything else, so no route can forget it.
    post_rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert post_rules
    for rule in post_rules:
        path = re.sub(
            r"<(?:([^:<>]+):)?([^<>]+)>",
            lambda m: "1" if m[1] == "int" or "id" in m[2] else "x",
            rule.rule,
        )
        assert_csrf_refused(csrf_client.post(path))


def template_files() -> list[Path]:
    return sorted(
        path
        for folder in PROJECT.glob("*/templates")
        for path in folder.rglob("*.html")
        if ".venv" not in path.parts
    )


def test_every_post_form_in_the_templates_carries_the_csrf_token():
    forms = 0
    for path in template_files():
        text = path.read_text()
        for form in re.finditer(r"<form\b[^>]*>.*?</form>", text, re.S | re.I):
            opening = form.group(0).split(">", 1)[0].lower()
            if 'method="post"' not in opening:
                continue
            forms += 1
            body = form.group(0)
            assert "csrf_token" in body or "hidden_tag()" in body, f"{path.name}: {opening}>"
    assert forms > 10


# --- no inline script, style or event handlers: the CSP would block them ----------------


def test_no_template_needs_inline_script_or_style():
    files = template_files()
    assert len(files) > 20
    for path in files:
        # Only the HTML counts: a macro's `style=""` parameter is not an attribute.
        text = JINJA_CODE.sub("", path.read_text())
        where = path.relative_to(PROJECT)
        for script in re.finditer(r"<script\b([^>]*)>(.*?)</script\s*>", text, re.S | re.I):
            attributes, code = script.groups()
            if 'type="application/json"' in attributes:
                continue  # data the scripts read, which the browser never runs
            assert "src=" in attributes and not code.strip(), f"{where}: inline <script>"
        assert not re.search(r"<style\b", text, re.I), f"{where}: <style> element"
        assert not re.search(r"\sstyle\s*=", text, re.I), f"{where}: style= attribute"
        handler = re.search(r"\son[a-z]+\s*=", text, re.I)
        assert not handler, f"{where}: event handler attribute {handler and handler.group(0)}"
        assert "javascript:" not in text.lower(), f"{where}: javascript: URL"


# --- safe redirects ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["/", "/w/ai/", "/w/ai/members/?page=2", "/account/#two-factor", "/a//b"]
)
def test_our_own_paths_are_safe_next_targets(target):
    assert is_safe_next(target)


@pytest.mark.parametrize(
    "target",
    [
        "",
        None,
        "//evil.example",
        "//evil.example/w/ai/",
        "/\\evil.example",
        "\\\\evil.example",
        "http://evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "w/ai/",
        "/w/ai/\r\nSet-Cookie: x=1",
        "/\r\n/evil.example",
        "/\t/evil.example",
        "\x00/w/ai/",
        "https:/evil.example",
        "data:text/html,hello",
    ],
)
def test_other_targets_are_refused(target):
    assert not is_safe_next(target)


@pytest.mark.parametrize(
    ("next_target", "landing"),
    [("/w/ai/", "/w/ai/"), ("//evil.example/", "/"), ("https://evil.example/", "/")],
)
def test_sign_in_goes_on_only_to_our_own_pages(client, next_target, landing):
    make_user("someone@example.org")
    response = client.post(
        "/auth/login",
        query_string={"next": next_target},
        data={"email": "someone@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.location == landing


# --- error pages ------------------------------------------------------------------------


def test_a_server_error_shows_an_error_id_that_is_in_the_log(app, tmp_path, caplog):
    failing_app = fresh_app(app, tmp_path, PROPAGATE_EXCEPTIONS=False)

    @failing_app.route("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    with caplog.at_level(logging.ERROR, logger="hub.errors"):
        response = failing_app.test_client().get("/boom")
    dispose(failing_app)

    assert response.status_code == 500
    page = response.get_data(as_text=True)
    error_id = re.search(r"Error id: <strong[^>]*>([0-9a-f]+)</strong>", page).group(1)
    assert "Something went wrong on our side" in page
    for leak in ("Traceback", "RuntimeError", "secret internal detail"):
        assert leak not in page
    logged = [record for record in caplog.records if error_id in record.getMessage()]
    assert logged, "the error id is not in the log"
    assert logged[0].exc_info and logged[0].exc_info[0] is RuntimeError


def test_an_unknown_page_has_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"Go to the hub home" in response.data


def test_a_forbidden_page_has_a_friendly_403(client):
    make_workspace("ai")
    make_user("outsider@example.org")
    login(client, "outsider@example.org")
    response = client.get("/w/ai/members/")
    assert response.status_code == 403
    assert b"You do not have access" in response.data


def test_a_wrong_method_has_a_friendly_405(client):
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert b"This page cannot be used that way" in response.data


def assert_too_large(response) -> None:
    assert response.status_code == 413
    assert b"What you sent is larger than the hub accepts" in response.data


def test_a_request_larger_than_the_limit_has_a_friendly_413(app, tmp_path):
    small_app = fresh_app(app, tmp_path, MAX_CONTENT_LENGTH=1024)
    response = small_app.test_client().post(
        "/auth/login", data={"email": "x@example.org", "password": "p" * 4096}
    )
    dispose(small_app)
    assert_too_large(response)


def test_a_form_field_larger_than_the_form_memory_limit_is_refused(app, tmp_path):
    # Werkzeug applies the form limits to multipart bodies (urlencoded ones are one part).
    small_app = fresh_app(app, tmp_path, MAX_FORM_MEMORY_SIZE=1000)
    response = small_app.test_client().post(
        "/auth/login",
        data={"email": "x@example.org", "password": "p" * 2000},
        content_type="multipart/form-data",
    )
    dispose(small_app)
    assert_too_large(response)


def test_a_form_with_too_many_fields_is_refused(app, tmp_path):
    small_app = fresh_app(app, tmp_path, MAX_FORM_PARTS=10)
    fields = {f"field{number}": "x" for number in range(50)}
    response = small_app.test_client().post(
        "/auth/login", data=fields, content_type="multipart/form-data"
    )
    dispose(small_app)
    assert_too_large(response)


def test_request_limits_are_set(app):
    for key in ("MAX_CONTENT_LENGTH", "MAX_FORM_MEMORY_SIZE", "MAX_FORM_PARTS"):
        assert isinstance(app.config[key], int) and app.config[key] > 0, key
    with app.test_request_context("/", method="POST"):
        assert request.max_content_length == app.config["MAX_CONTENT_LENGTH"]
        assert request.max_form_memory_size == app.config["MAX_FORM_MEMORY_SIZE"]
        assert request.max_form_parts == app.config["MAX_FORM_PARTS"]


# --- proxies: the client's real address -------------------------------------------------


def failed_sign_in(client, forwarded_for: str):
    return client.post(
        "/auth/login",
        data={"email": "nobody@example.org", "password": "wrong password here"},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )


def recorded_addresses() -> list[str]:
    addresses = list(
        db.session.scalars(
            select(AuditEntry.ip_address)
            .where(AuditEntry.action == "auth.sign_in_failed")
            .order_by(AuditEntry.id)
        )
    )
    db.session.commit()
    return addresses


def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded(app, tmp_path):
    proxied_app = fresh_app(app, tmp_path, TRUSTED_PROXIES=1)
    response = failed_sign_in(proxied_app.test_client(), "203.0.113.9")
    dispose(proxied_app)
    assert response.status_code == 200
    assert recorded_addresses() == ["203.0.113.9"]


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client):
    assert failed_sign_in(client, "203.0.113.9").status_code == 200
    assert recorded_addresses() == ["10.0.0.1"]


@pytest.mark.parametrize(("trusted_proxies", "second_address_limited"), [(1, False), (0, True)])
def test_the_sign_in_limit_per_address_sees_the_forwarded_address(
    app, tmp_path, trusted_proxies, second_address_limited
):
    limited_app = fresh_app(
        app,
        tmp_path,
        TRUSTED_PROXIES=trusted_proxies,
        SIGNIN_LIMIT_PER_IP="2 per 15 minutes",
        SIGNIN_LIMIT_PER_ACCOUNT="100 per 15 minutes",
    )
    client = limited_app.test_client()
    statuses = [failed_sign_in(client, "203.0.113.9").status_code for _ in range(3)]
    other = failed_sign_in(client, "198.51.100.7").status_code
    dispose(limited_app)

    assert statuses == [200, 200, 429]
    assert other == (429 if second_address_limited else 200)


# --- the secret key ---------------------------------------------------------------------


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(
            ProductionConfig,
            instance_path=str(tmp_path),
            SECRET_KEY=None,
            SQLALCHEMY_DATABASE_URI="sqlite://",
        )
    assert not (tmp_path / "secret_key").exists()


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path):
    def development_app(instance: Path):
        return create_app(
            DevelopmentConfig,
            instance_path=str(instance),
            SECRET_KEY=None,
            SQLALCHEMY_DATABASE_URI="sqlite://",
        )

    first = development_app(tmp_path / "one")
    key_file = tmp_path / "one" / "secret_key"
    assert key_file.exists()
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only
    key = first.config["SECRET_KEY"]
    assert len(key) >= 32
    assert key_file.read_text().strip() == key

    assert development_app(tmp_path / "one").config["SECRET_KEY"] == key
    assert development_app(tmp_path / "two").config["SECRET_KEY"] != key
