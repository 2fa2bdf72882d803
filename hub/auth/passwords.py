"""Password hashing and the password policy."""

from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from hub.auth.models import User


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords, as bundled with zxcvbn."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, user_words: tuple[str, ...] = ()) -> str | None:
    """Why `password` is not acceptable, or None if it is."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return f"Use at least {minimum} characters."
    if len(password) > 200:
        return "Use at most 200 characters."
    if password.lower() in common_passwords():
        return "This password is one of the most common ones; choose another."
    # zxcvbn also catches keyboard walks, repeats, dates and the user's own name or e-mail.
    estimate = zxcvbn(password, user_inputs=[word for word in user_words if word])
    if estimate["score"] < 3:
        warning = estimate["feedback"]["warning"] or "This password is too easy to guess."
        return f"{warning.rstrip('.')}. Choose a longer or less predictable password."
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("not-a-real-password", method=method)


def verify_password(user: User | None, password: str) -> bool:
    """Check `password`; for an unknown account or one without a password, spend the same time."""
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return check_password_hash(user.password_hash, password)
