"""Refusals: what services raise, and policies return, when an action may not happen.

A refusal carries the sentence shown to the user and, where it concerns one field of a
form, that field's name. Views handle every refusal one way: `hub.forms.show_refusal`.
"""


class Refusal(Exception):
    """The action was refused; nothing was changed."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AccessDenied(Refusal):
    """The user may not do this here (a 403 when it reaches the error handler)."""

    def __init__(self, message: str = "You may not do that here.", field: str | None = None):
        super().__init__(message, field)


class RuleViolation(Refusal):
    """The request breaks a rule (a duplicate, the last administrator...)."""
