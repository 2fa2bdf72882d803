"""Exceptions services raise; views turn them into a message on the form or a 403."""


class AccessDenied(Exception):
    """The user may not do this here."""

    def __init__(self, message: str = "You may not do that here."):
        super().__init__(message)
        self.message = message


class RuleViolation(Exception):
    """The request breaks a rule (a duplicate, the last administrator...); nothing was changed."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
