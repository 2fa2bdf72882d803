"""Password hashing and the password policy."""

import re
from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from hub.auth.models import User
from hub.forms import has_control_characters

MAX_PASSWORD_LENGTH = 200
ZXCVBN_MAX_LENGTH = 72
# Shorter pieces of a name or address (say "li" or "jo") are too common to forbid outright;
# zxcvbn still counts them against the password's strength.
MIN_PERSONAL_FRAGMENT = 5
PERSONAL_WORDS_MESSAGE = "Do not use your e-mail address or your name in your password."


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords, as bundled with zxcvbn."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def _compact(text: str) -> str:
    """Letters and digits only, lower-cased: "Alice-Moreau" and "alice.moreau" are one word."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _personal_fragments(user_words: tuple[str, ...]) -> set[str]:
    """Each name or address whole, and an address's part before the "@", compacted."""
    fragments = set()
    for word in user_words:
        fragments.add(_compact(word))
        if "@" in word:
            fragments.add(_compact(word.rsplit("@", 1)[0]))
    return {fragment for fragment in fragments if len(fragment) >= MIN_PERSONAL_FRAGMENT}


def _zxcvbn_inputs(user_words: tuple[str, ...]) -> list[str]:
    """The words themselves and their pieces ("alice", "moreau", "example"), for zxcvbn."""
    pieces = [piece for word in user_words for piece in re.split(r"[\W_]+", word.lower())]
    return [word for word in (*user_words, *pieces) if word]


def password_problem(password: str, user_words: tuple[str, ...] = ()) -> str | None:
    """Why `password` is not acceptable, or None if it is.

    `user_words` are the account's e-mail address and name, which the password must not contain.
    """
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return f"Use at least {minimum} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    if has_control_characters(password):
        return "This password contains characters that are not allowed."
    if password.lower() in common_passwords():
        return "This password is one of the most common ones; choose another."
    compact_password = _compact(password)
    if any(fragment in compact_password for fragment in _personal_fragments(user_words)):
        return PERSONAL_WORDS_MESSAGE
    # zxcvbn also catches keyboard walks, repeats, dates and pieces of the user's name. It
    # refuses longer input, and its time grows fast with length: it judges the beginning.
    estimate = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=_zxcvbn_inputs(user_words))
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
