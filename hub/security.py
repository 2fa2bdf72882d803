"""Security headers, the secret key, proxies and safe redirects."""

import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script or style anywhere: every page uses /static files only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def is_safe_next(target: str | None) -> bool:
    """Only our own paths survive: "/x", never "//host", "/\\host", a scheme or control chars."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(default: str) -> str:
    target = request.values.get("next")
    return target if is_safe_next(target) else default


def load_secret_key(app: Flask) -> None:
    """Production needs SECRET_KEY from the environment; development keeps one in instance/."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config["ENV_NAME"] == "production":
        raise RuntimeError("SECRET_KEY must be set in production (see README, Configuration).")
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, with its serializer built once per set of keys rather
    than twice a request (building one signs a test value to learn its kind)."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = app.extensions.get("hub_session_serializer")
        if kept is None or kept[0] != keys:
            kept = (keys, super().get_signing_serializer(app))
            app.extensions["hub_session_serializer"] = kept
        return kept[1]


# How long one signed CSRF token serves the pages of a session in a worker. The signature
# carries its time, so a token reused for a minute expires at most a minute early when a
# time limit is set; by default (WTF_CSRF_TIME_LIMIT None) it never expires.
CSRF_TOKEN_REUSE_SECONDS = 60
CSRF_TOKENS_KEPT = 10_000


def reuse_signed_csrf_token(app: Flask) -> None:
    """Give this request the session's signed CSRF token from within the last minute, if
    any: Flask-WTF signs the token anew for every page (about 3% of a topic page's time)."""
    field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field) if session else None
    if not isinstance(raw, str):
        return  # a new session: Flask-WTF makes the token, and it is kept from the next page
    kept = app.extensions.setdefault("hub_signed_csrf_tokens", {})
    now = time.monotonic()
    signed, signed_at = kept.get(raw, (None, 0.0))
    if signed is None or now - signed_at > CSRF_TOKEN_REUSE_SECONDS:
        if len(kept) >= CSRF_TOKENS_KEPT:
            kept.clear()
        signed = generate_csrf()
        kept[raw] = (signed, now)
    setattr(g, field, signed)


def configure_security(app: Flask) -> None:
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.session_interface = SessionInterface()

    @app.before_request
    def signed_csrf_token():
        reuse_signed_csrf_token(app)

    @app.after_request
    def add_security_headers(response):
        # A view may set its own (a download's stricter policy): those are kept. The names
        # are read once; Headers.setdefault raises and catches an error for each one absent.
        headers = response.headers
        present = {name.lower() for name in headers.keys()}
        for name, value in SECURITY_HEADERS.items():
            if name.lower() not in present:
                headers.add(name, value)
        if request.endpoint != "static" and "cache-control" not in present:
            # Signed-in pages must not be kept by shared caches or the back button after sign-out.
            headers.add("Cache-Control", "no-store")
        return response
