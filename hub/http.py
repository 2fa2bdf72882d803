"""Reading the request: the request class, and the row ids the views take from the address.

The request class: form bodies that are not valid UTF-8 become U+FFFD, never text or nothing.

Werkzeug keeps an invalid percent-escape such as %FF as the literal text "%FF", and drops a
whole urlencoded body that holds raw non-UTF-8 bytes. Decoding with "replace" instead gives
U+FFFD, which the form validators refuse with a message (hub.forms.NoControlCharacters), so
the rest of the user's input is kept and shown back.
"""

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import parse_qsl

from flask import Request, abort, request
from werkzeug.formparser import FormDataParser

from hub.database import MAX_ROW_ID

Found = TypeVar("Found")


class HubFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        items = parse_qsl(
            stream.read().decode("utf-8", "replace"), keep_blank_values=True, errors="replace"
        )
        return stream, self.cls(items), self.cls()


class HubRequest(Request):
    form_data_parser_class = HubFormDataParser


def found_or_404(find: Callable[..., Found | None], scope, row_id: int, *more) -> Found:
    """What `find(scope, row_id, *more)` finds for a row id from the address, or the 404 page.

    Flask's int converter takes a number of any size; one too large for a row is not looked
    up, as PostgreSQL would refuse it (a 500) instead of finding nothing.
    """
    found = find(scope, row_id, *more) if row_id <= MAX_ROW_ID else None
    if found is None:
        abort(404)
    return found


def row_id_argument(name: str) -> int | None:
    """A row id from the query string (a batch's key, a post to quote): None when it is
    missing, not a number or out of range, as if the address had none (never an error)."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ROW_ID else None
