"""Friendly error pages. A 500 shows an error id that is also in the log, never a traceback."""

import logging
import re
import secrets

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from hub.access import Action, enter_workspace_if_any
from hub.exceptions import AccessDenied
from hub.extensions import db
from hub.workspaces.models import Workspace

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("Something in that request was not right"),
        _l("The page could not understand what was sent. Go back and try again."),
    ),
    403: (
        _l("You do not have access"),
        _l(
            "You may not see or do this. If you think you should, ask an administrator of the "
            "workspace."
        ),
    ),
    404: (
        _l("Page not found"),
        _l("There is nothing at this address. It may have moved, or the link may be wrong."),
    ),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (
        _l("Too large"),
        _l("What you sent is larger than the hub accepts. Make it smaller and try again."),
    ),
    429: (
        _l("Too many attempts"),
        _l("You tried this too often. Wait a few minutes, then try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l(
            "The error was logged. If it happens again, tell an administrator and quote the "
            "error id."
        ),
    ),
}


WORKSPACE_ADDRESS = re.compile(r"/w/(?P<slug>[^/]+)/")


def workspace_to_return_to() -> Workspace | None:
    """The workspace an error happened in, when the user may read it: its page keeps the
    workspace's navigation and leads back to it. For anyone else it stays out of sight."""
    if g.get("workspace") is None and current_user.is_authenticated:
        # An address no route matched (/w/ai/nothing-here) has not entered its workspace yet.
        address = WORKSPACE_ADDRESS.match(request.path)
        if address is not None:
            enter_workspace_if_any(address.group("slug"))
    workspace = g.get("workspace")
    if workspace is None or Action.VIEW not in g.get("permissions", ()):
        return None
    return workspace


def render_error(code: int, error_id: str | None = None, detail: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return_to = workspace_to_return_to() if code in (403, 404) else None
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title,
            text=detail or text,
            error_id=error_id,
            return_to=return_to,
        ),
        code,
    )


def configure_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            detail=_(
                "This form has expired or was not sent from this site. "
                "Go back, reload the page and try again."
            ),
        )

    @app.errorhandler(AccessDenied)
    def access_denied(error):
        return render_error(403, detail=error.message)

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        if error.code >= 500:
            return server_error(error)
        return render_error(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        error_id = secrets.token_hex(6)
        original = getattr(error, "original_exception", None) or error
        log.error("error id %s", error_id, exc_info=original)
        db.session.rollback()
        return render_error(500, error_id=error_id)
