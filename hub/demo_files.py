"""Demo content kept as files: Markdown with TOML front matter, read into plain records.

A feature package keeps its demo under `<pkg>/demo/`, as text a person can review and edit.
One Markdown file holds one piece of content (a wiki revision, say) and its facts:

    +++
    author = "wsadmin@example.org"
    day = 2019-02-04
    summary = "First version"
    +++

    The body, in Markdown, up to the end of the file.

Something made of several such pieces keeps them in one folder as 01.md, 02.md, ... in order.
Every mistake in a file is a DemoFileError that names the file, so the seed stops with a
message an editor can act on instead of seeding half a demo.
"""

import dataclasses
import re
import tomllib
import typing
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

#: The front matter: a line "+++", TOML, a line "+++".
_FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)^\+\+\+(?:\n|\Z)", re.DOTALL | re.MULTILINE)
_NUMBERED = re.compile(r"(\d+)\.md")

R = TypeVar("R")


class DemoFileError(ValueError):
    """A demo file that cannot be read as it should; the message names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


@dataclasses.dataclass(frozen=True)
class MarkdownFile:
    path: Path
    front: dict[str, Any]
    body: str


def _parse_toml(path: Path, text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DemoFileError(path, f"{where} is not valid TOML: {error}") from None


def read_toml(path: Path) -> dict[str, Any]:
    return _parse_toml(path, path.read_text(encoding="utf-8"), "the file")


def read_markdown(path: Path) -> MarkdownFile:
    """The file's front matter and its body (the blank lines just after the front matter are
    not part of the body)."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise DemoFileError(
            path, "the file must start with front matter: a line +++, TOML, a line +++"
        )
    front = _parse_toml(path, match.group(1), "the front matter")
    return MarkdownFile(path=path, front=front, body=text[match.end() :].lstrip("\n"))


def read_numbered_markdown(folder: Path) -> list[MarkdownFile]:
    """The folder's 01.md, 02.md, ... in order; a gap in the numbers is an error."""
    numbered = {}
    for path in folder.glob("*.md"):
        match = _NUMBERED.fullmatch(path.name)
        if match is None:
            raise DemoFileError(path, "expected a numbered file such as 01.md")
        number = int(match.group(1))
        if number in numbered:
            raise DemoFileError(path, f"{numbered[number].name} has the same number")
        numbered[number] = path
    if sorted(numbered) != list(range(1, len(numbered) + 1)):
        raise DemoFileError(folder, f"files must be numbered 1 to {len(numbered)} without gaps")
    return [read_markdown(numbered[number]) for number in sorted(numbered)]


def _converted(value: Any, kind: Any) -> Any:
    """`value` as a `kind` (one of _TYPE_NAMES), or None if it is not one."""
    if kind == tuple[str, ...]:
        if isinstance(value, list) and all(type(item) is str for item in value):
            return tuple(value)
        return None
    if kind is date:
        return value if isinstance(value, date) and not isinstance(value, datetime) else None
    if kind in (str, int, bool):
        return value if type(value) is kind else None  # TOML's true is no integer
    raise TypeError(f"demo records cannot hold a {kind}")


_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    date: "a date such as 2021-03-15",
    tuple[str, ...]: "a list of strings",
}


def make_record(
    kind: type[R], data: Mapping[str, Any], source: Path, *, entry: str = "", **given: Any
) -> R:
    """A `kind` dataclass whose fields come from TOML `data`, except those `given` by the caller.

    Each key must be one of the fields and hold its declared type; a field without a default
    must be there. `entry` says which part of `source` the data is, when it is not all of it.
    """
    where = f"{entry}: " if entry else ""
    hints = typing.get_type_hints(kind)
    fields = [field for field in dataclasses.fields(kind) if field.name not in given]
    names = {field.name for field in fields}
    unknown = sorted(set(data) - names)
    if unknown:
        raise DemoFileError(
            source,
            f"{where}unknown key {unknown[0]!r} (expected one of {', '.join(sorted(names))})",
        )
    values = dict(given)
    for field in fields:
        if field.name not in data:
            has_default = field.default is not dataclasses.MISSING or (
                field.default_factory is not dataclasses.MISSING
            )
            if not has_default:
                raise DemoFileError(source, f"{where}missing key {field.name!r}")
            continue
        value = _converted(data[field.name], hints[field.name])
        if value is None:
            expected = _TYPE_NAMES[hints[field.name]]
            raise DemoFileError(source, f"{where}{field.name!r} must be {expected}")
        values[field.name] = value
    return kind(**values)
