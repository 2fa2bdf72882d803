"""Signed, expiring tokens for e-mailed links (confirmation, reset, invitation, e-mail change)."""

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    # The purpose is the salt: a token made for one purpose is useless for another.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"hub.{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: timedelta) -> dict | None:
    """The payload, or None when the token is tampered with, expired or for another purpose."""
    if not token or len(token) > 1000:
        return None
    try:
        payload = _serializer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except BadSignature:  # also covers SignatureExpired
        return None
    return payload if isinstance(payload, dict) else None
