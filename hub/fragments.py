"""Parts of pages (a list's rows, mostly) rendered once and kept for every reader who sees
them the same way.

A row's HTML is a function of the row's data, of what the page lets its reader do, of where
it is (the workspace, the section...) and of the reader's language and time zone. Rendered
anew for each of a list's fifty rows, it costs more than the rest of the page together; kept
under a key that holds all of those, it is rendered once per process and served to every
reader who shares them. So that the key holds all of them:

- the macro is rendered without the page's context (flask.get_template_attribute): it may
  use only its arguments (and the template globals and filters, such as link() and |date),
  and its template must not translate anything outside a macro (a template's module is
  made once, in whatever language the first reader had);
- its arguments are hashable values that carry everything the macro reads: a row as a
  NamedTuple (or a frozen dataclass), a row's children as a tuple, flags for what the page
  lets its reader do, shared by most readers (never the reader's id);
- the reader's language and time zone (hub.i18n.reader_formats()) are added to every key here.

A row changed (a page renamed, moved or edited) is another key; its old HTML ages out of
the bounded cache. The catalogue in the key is the app's own: a key is its app's too.

A few values change with every request but only fill an attribute (a form's CSRF token, the
page's own address): they are the fragment's *holes*. The macro is rendered with a marker in
each, and each request's values, escaped, replace the markers in the kept HTML.
"""

import secrets
from collections.abc import Hashable, Iterable
from functools import lru_cache

from flask import get_template_attribute
from markupsafe import Markup, escape

from hub.i18n import reader_formats

#: Marks a hole in rendered HTML. Random, so that no text of a row can forge one.
_HOLE = f"hole-{secrets.token_hex(16)}:"


class Fragment:
    """A template's macro, rendered once for each value of its arguments and of the reader's
    language and time zone, and kept (the `size` most recently used). The macro takes the
    fragment's `holes` as keyword arguments after its own."""

    def __init__(
        self, template: str, macro: str, *, size: int = 2048, holes: tuple[str, ...] = ()
    ) -> None:
        self.template = template
        self.macro = macro
        self.holes = holes
        markers = {name: f"{_HOLE}{name}{_HOLE}" for name in holes}

        # Keyed by the reader's formats too (the macro reads them) though it ignores them.
        # With holes, what is kept is the HTML between them at even places and the holes'
        # names at odd ones.
        @lru_cache(maxsize=size)
        def kept(formats: Hashable, arguments: tuple) -> Markup | tuple[str, ...]:
            # An autoescaped template's macro returns Markup.
            html = get_template_attribute(template, macro)(*arguments, **markers)
            return tuple(html.split(_HOLE)) if holes else html

        self._kept = kept

    def __call__(self, *arguments: Hashable, **hole_values: str) -> Markup:
        kept = self._kept(reader_formats(), arguments)
        if not self.holes:
            return kept
        return Markup(  # noqa: S704 - kept HTML, and the holes' values escaped
            "".join(
                piece if place % 2 == 0 else escape(hole_values[piece])
                for place, piece in enumerate(kept)
            )
        )

    def join(self, rows: Iterable[Hashable], *shared: Hashable) -> Markup:
        """The macro for each row, one after the other: macro(row, *shared) (a fragment
        without holes)."""
        return self.join_each((row, *shared) for row in rows)

    def join_each(self, argument_lists: Iterable[tuple]) -> Markup:
        """The macro for each of `argument_lists`, one after the other: macro(*arguments)
        (a fragment without holes)."""
        formats, kept = reader_formats(), self._kept
        # Each is Markup already: joined as plain text, not escaped (copied) one by one.
        return Markup("".join([kept(formats, arguments) for arguments in argument_lists]))  # noqa: S704

    def cache_info(self):
        return self._kept.cache_info()

    def cache_clear(self) -> None:
        self._kept.cache_clear()

    def __repr__(self) -> str:
        return f"Fragment({self.template!r}, {self.macro!r})"
