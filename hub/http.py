"""The request class: form bodies that are not valid UTF-8 become U+FFFD, never text or nothing.

Werkzeug keeps an invalid percent-escape such as %FF as the literal text "%FF", and drops a
whole urlencoded body that holds raw non-UTF-8 bytes. Decoding with "replace" instead gives
U+FFFD, which the form validators refuse with a message (hub.forms.NoControlCharacters), so
the rest of the user's input is kept and shown back.
"""

from urllib.parse import parse_qsl

from flask import Request
from werkzeug.formparser import FormDataParser


class HubFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        items = parse_qsl(
            stream.read().decode("utf-8", "replace"), keep_blank_values=True, errors="replace"
        )
        return stream, self.cls(items), self.cls()


class HubRequest(Request):
    form_data_parser_class = HubFormDataParser
