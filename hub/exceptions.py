"""Refusals: what services raise, and policies return, when an action may not happen.

A refusal carries the sentence shown to the user and, where it concerns one field of a
form, that field's name. Views handle every refusal one way: `hub.forms.show_refusal`.
The sentence is in the reader's language: raise with gettext (a refusal happens while a
request is handled) or with a lazy_gettext string, which is written out when read.
"""

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


class Refusal(Exception):
    """The action was refused; nothing was changed."""

    def __init__(self, message: str | LazyString, field: str | None = None):
        super().__init__(message)
        self._message = message
        self.field = field

    @property
    def message(self) -> str:
        # Written out when read: most refusals a page meets only decide whether it shows a
        # button (hub.templating.allowed), and are never read.
        return str(self._message)


class AccessDenied(Refusal):
    """The user may not do this here (a 403 when it reaches the error handler)."""

    def __init__(self, message: str | LazyString | None = None, field: str | None = None):
        super().__init__(_l("You may not do that here.") if message is None else message, field)


class RuleViolation(Refusal):
    """The request breaks a rule (a duplicate, the last administrator...)."""
