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
the bounded cache.
"""

from collections.abc import Hashable, Iterable
from functools import lru_cache

from flask import get_template_attribute
from markupsafe import Markup

from hub.i18n import reader_formats


class Fragment:
    """A template's macro, rendered once for each value of its arguments and of the reader's
    language and time zone, and kept (the `size` most recently used)."""

    def __init__(self, template: str, macro: str, *, size: int = 2048) -> None:
        self.template = template
        self.macro = macro

        @lru_cache(maxsize=size)
        def rendered(formats: Hashable, arguments: tuple) -> Markup:
            # An autoescaped template's macro returns Markup.
            return get_template_attribute(template, macro)(*arguments)

        self._rendered = rendered

    def __call__(self, *arguments: Hashable) -> Markup:
        return self._rendered(reader_formats(), arguments)

    def join(self, rows: Iterable[Hashable], *shared: Hashable) -> Markup:
        """The macro for each row, one after the other: macro(row, *shared)."""
        formats, rendered = reader_formats(), self._rendered
        return Markup("").join([rendered(formats, (row, *shared)) for row in rows])

    def cache_info(self):
        return self._rendered.cache_info()

    def cache_clear(self) -> None:
        self._rendered.cache_clear()

    def __repr__(self) -> str:
        return f"Fragment({self.template!r}, {self.macro!r})"
