"""The templates' environment: Flask's, with each template's globals in a plain dict."""

from collections.abc import MutableMapping
from typing import Any

from flask.templating import Environment


class HubEnvironment(Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # Jinja chains a template's globals to the environment's (a ChainMap), and then reads
        # all of them, in Python, on every render and every {% from ... import %}: a few per
        # cent of a page. All our globals are set with the app, before a template loads.
        return {**self.globals, **(d or {})}
