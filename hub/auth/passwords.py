"""Password hashing and the password policy."""

import re
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from hub.auth.models import User
from hub.forms import has_control_characters
from hub.i18n import current_language

MAX_PASSWORD_LENGTH = 200
ZXCVBN_MAX_LENGTH = 72
# Shorter pieces of a name or address (say "li" or "jo") are too common to forbid outright;
# zxcvbn still counts them against the password's strength.
MIN_PERSONAL_FRAGMENT = 5


def N_(message: str) -> str:
    """Mark `message` for extraction only (gettext_noop): it is translated where shown."""
    return message


#: zxcvbn explains a weak password in English, with one of these fixed warnings (zxcvbn 4.x,
#: feedback.py). They are messages of ours too, so the explanation reaches every language.
#: A warning not listed (a newer zxcvbn) is shown as it is in English only. zxcvbn's
#: suggestions are not shown: our own sentence after the warning says what to do.
ZXCVBN_WARNINGS = frozenset(
    {
        N_("Straight rows of keys are easy to guess."),
        N_("Short keyboard patterns are easy to guess."),
        N_('Repeats like "aaa" are easy to guess.'),
        N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
        N_('Sequences like "abc" or "6543" are easy to guess.'),
        N_("Recent years are easy to guess."),
        N_("Dates are often easy to guess."),
        N_("This is a top-10 common password."),
        N_("This is a top-100 common password."),
        N_("This is a very common password."),
        N_("This is similar to a commonly used password."),
        N_("A word by itself is easy to guess."),
        N_("Names and surnames by themselves are easy to guess."),
        N_("Common names and surnames are easy to guess."),
    }
)


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
        return _("Use at least %(min)d characters.", min=minimum)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(max)d characters.", max=MAX_PASSWORD_LENGTH)
    if has_control_characters(password):
        return _("This password contains characters that are not allowed.")
    if password.lower() in common_passwords():
        return _("This password is one of the most common ones; choose another.")
    compact_password = _compact(password)
    if any(fragment in compact_password for fragment in _personal_fragments(user_words)):
        return _("Do not use your e-mail address or your name in your password.")
    # zxcvbn also catches keyboard walks, repeats, dates and pieces of the user's name. It
    # refuses longer input, and its time grows fast with length: it judges the beginning.
    estimate = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=_zxcvbn_inputs(user_words))
    if estimate["score"] < 3:
        return _(
            "%(warning)s Choose a longer or less predictable password.",
            warning=_weakness(estimate["feedback"]["warning"]),
        )
    return None


def _weakness(warning: str) -> str:
    """zxcvbn's warning in the reader's language, as one sentence ending with a full stop."""
    warning = warning.strip()
    if warning and not warning.endswith("."):
        warning += "."
    if warning in ZXCVBN_WARNINGS:
        return _(warning)
    if warning and current_language() == "en":
        return warning
    return _("This password is too easy to guess.")


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
