"""Links that services put into notifications and e-mails, with or without a request.

Services also run from CLI commands (the demo seed, digests), where url_for has no request
to build against.
"""

from flask import current_app, has_request_context, request, url_for


def hub_path(endpoint: str, **values) -> str:
    """The path of `endpoint` inside the hub, e.g. "/w/ai/members/requests"."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def absolute_url(path: str) -> str:
    """A full link for an e-mail: the request's host when there is one, else BASE_URL."""
    base = request.host_url if has_request_context() else current_app.config["BASE_URL"]
    return base.rstrip("/") + path
