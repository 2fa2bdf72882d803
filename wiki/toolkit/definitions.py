"""The questionnaires as data: the definition file format, and its validation.

A definition is a TOML file (see wiki/toolkit/demo/readiness.toml for a full example):

    format = 1                      # the format of this file; only 1 is known
    key = "readiness"               # which questionnaire this is a version of
    version = "2026.1"              # a new file of the same key needs a new version
    kind = "readiness"              # "readiness" (answers on a scale) or "risk"
    title = "..."; summary = "..."; notice = "..."   # notice: whose text this is

    [[scale]]                       # readiness only: the answers, lowest first
    value = "not_started"; label = "Not started"; points = 0
    ...                             # "Not applicable" is always offered besides these

    [[gate]]                        # risk only: asked first, answered yes / no / unsure
    id = "..."; text = "..."; guidance = "..."; page = "toolkit/principles/lawfulness"

    [[section]]                     # a dimension (readiness) or a principle (risk)
    id = "..."; title = "..."; guidance = "..."; page = "..."; weight = 1
    [[section.question]]            # a question (readiness) or a risk to rate (risk)
    id = "..."; text = "..."; guidance = "..."; page = "..."; weight = 1
    recommendation = "..."          # what to do when it is a gap or a high risk

`page` is the path of a wiki page (the Toolkit's pages). Every id is unique in the file.
A file with any mistake is refused whole: `read_definition` raises DefinitionError with
every problem found, and nothing of it is loaded.
"""

import re
import tomllib
from dataclasses import dataclass
from typing import Any

FORMAT = 1
KINDS = ("readiness", "risk")
NOT_APPLICABLE = "na"
GATE_ANSWERS = ("yes", "no", "unsure")
#: Likelihood and impact of a risk are rated on this scale.
RISK_SCALE = range(1, 6)
MAX_WEIGHT = 100

_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
_PAGE = re.compile(r"[a-z0-9][a-z0-9/_-]{0,199}")


class DefinitionError(ValueError):
    """A definition file that may not be loaded; `problems` lists every mistake found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    points: float


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    guidance: str
    page: str
    weight: float
    recommendation: str


@dataclass(frozen=True)
class Gate:
    id: str
    text: str
    guidance: str
    page: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    guidance: str
    page: str
    weight: float
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Definition:
    key: str
    version: str
    kind: str
    title: str
    summary: str
    notice: str
    scale: tuple[Choice, ...]
    gates: tuple[Gate, ...]
    sections: tuple[Section, ...]

    @property
    def is_risk(self) -> bool:
        return self.kind == "risk"

    def questions(self) -> list[Question]:
        return [question for section in self.sections for question in section.questions]

    def question_ids(self) -> set[str]:
        return {question.id for question in self.questions()}

    def choice(self, value: str) -> Choice | None:
        return next((choice for choice in self.scale if choice.value == value), None)

    @property
    def top_points(self) -> float:
        return max((choice.points for choice in self.scale), default=0)


def read_definition_text(text: str) -> tuple[Definition, dict[str, Any]]:
    """The definition in `text` and the data it was read from (stored with it)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError([f"the file is not valid TOML: {error}"]) from None
    return definition_from_data(data), data


def definition_from_data(data: dict[str, Any]) -> Definition:
    """Check everything in `data` and build the definition; DefinitionError otherwise."""
    checker = _Checker()
    definition = checker.definition(data)
    if checker.problems:
        raise DefinitionError(checker.problems)
    return definition


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen_ids: set[str] = set()

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def text(self, table: dict, name: str, where: str, required: bool = True, limit=4000) -> str:
        value = table.get(name)
        if value is None:
            if required:
                self.problem(f"{where}: '{name}' is missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(f"{where}: '{name}' must be text")
            return ""
        if len(value) > limit:
            self.problem(f"{where}: '{name}' is longer than {limit} characters")
        return value.strip()

    def number(self, table: dict, name: str, where: str, default: float | None = None) -> float:
        value = table.get(name, default)
        # TOML booleans are ints to Python: true is not a weight.
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(f"{where}: '{name}' must be a number, not {value!r}")
            return 0
        return float(value)

    def weight(self, table: dict, where: str) -> float:
        if "weight" not in table:
            return 1.0
        weight = self.number(table, "weight", where)
        number = table["weight"]
        if (
            isinstance(number, int | float)
            and not isinstance(number, bool)
            and not 0 < weight <= MAX_WEIGHT
        ):
            self.problem(f"{where}: 'weight' must be more than 0 and at most {MAX_WEIGHT}")
        return weight

    def identifier(self, table: dict, where: str) -> str:
        value = table.get("id")
        if not isinstance(value, str) or not _ID.fullmatch(value):
            self.problem(
                f"{where}: 'id' must be lower-case letters, digits, '-' or '_' "
                f"(up to 63), not {value!r}"
            )
            return ""
        if value in self.seen_ids:
            self.problem(f"{where}: the id '{value}' is used twice")
        self.seen_ids.add(value)
        return value

    def page(self, table: dict, where: str) -> str:
        value = table.get("page", "")
        if not isinstance(value, str) or (value and not _PAGE.fullmatch(value)):
            self.problem(f"{where}: 'page' must be a wiki page path such as 'toolkit/principles'")
            return ""
        return value

    def tables(self, data: dict, name: str, where: str) -> list[dict]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(each, dict) for each in value):
            self.problem(f"{where}: '{name}' must be a list of tables ([[{name}]])")
            return []
        return value

    def definition(self, data: dict) -> Definition:
        if data.get("format") != FORMAT:
            self.problem(f"'format' must be {FORMAT}, not {data.get('format')!r}")
        key = data.get("key")
        if not isinstance(key, str) or not _ID.fullmatch(key):
            self.problem(f"'key' must be lower-case letters, digits, '-' or '_', not {key!r}")
            key = ""
        version = data.get("version")
        if not isinstance(version, str) or not _VERSION.fullmatch(version):
            self.problem(f"'version' must be text such as \"2026.1\", not {version!r}")
            version = ""
        kind = data.get("kind")
        if kind not in KINDS:
            self.problem(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
        title = self.text(data, "title", "the questionnaire", limit=200)
        summary = self.text(data, "summary", "the questionnaire")
        notice = self.text(data, "notice", "the questionnaire")
        scale = self.scale(data) if kind == "readiness" else ()
        if kind == "readiness" and data.get("gate"):
            self.problem("a readiness questionnaire has no [[gate]] questions")
        if kind == "risk" and data.get("scale"):
            self.problem("a risk questionnaire has no [[scale]]: risks are rated 1 to 5")
        gates = self.gates(data) if kind == "risk" else ()
        sections = self.sections(data)
        return Definition(
            key=key,
            version=version,
            kind=kind if kind in KINDS else "",
            title=title,
            summary=summary,
            notice=notice,
            scale=scale,
            gates=gates,
            sections=sections,
        )

    def scale(self, data: dict) -> tuple[Choice, ...]:
        choices = []
        entries = self.tables(data, "scale", "the scale")
        if len(entries) < 2:
            self.problem("the scale: give at least two answers ([[scale]])")
        values: set[str] = set()
        for number, entry in enumerate(entries, start=1):
            where = f"scale answer {number}"
            value = entry.get("value")
            if not isinstance(value, str) or not _ID.fullmatch(value) or value == NOT_APPLICABLE:
                self.problem(f"{where}: 'value' must be a short id other than '{NOT_APPLICABLE}'")
            elif value in values:
                self.problem(f"{where}: the value '{value}' is used twice")
            values.add(value if isinstance(value, str) else "")
            label = self.text(entry, "label", where, limit=80)
            points = self.number(entry, "points", where)
            if points < 0:
                self.problem(f"{where}: 'points' may not be negative")
            choices.append(Choice(value if isinstance(value, str) else "", label, points))
        if choices and max(choice.points for choice in choices) <= 0:
            self.problem("the scale: its best answer must be worth more than 0 points")
        return tuple(choices)

    def gates(self, data: dict) -> tuple[Gate, ...]:
        entries = self.tables(data, "gate", "the gate questions")
        if not entries:
            self.problem("a risk questionnaire needs its gate questions ([[gate]])")
        gates = []
        for number, entry in enumerate(entries, start=1):
            where = f"gate question {number}"
            gates.append(
                Gate(
                    id=self.identifier(entry, where),
                    text=self.text(entry, "text", where),
                    guidance=self.text(entry, "guidance", where, required=False),
                    page=self.page(entry, where),
                )
            )
        return tuple(gates)

    def sections(self, data: dict) -> tuple[Section, ...]:
        entries = self.tables(data, "section", "the questionnaire")
        if not entries:
            self.problem("the questionnaire has no section ([[section]])")
        sections = []
        for number, entry in enumerate(entries, start=1):
            where = f"section {number}"
            section_id = self.identifier(entry, where)
            where = f"section '{section_id or number}'"
            title = self.text(entry, "title", where, limit=200)
            questions = self.questions(entry, where)
            sections.append(
                Section(
                    id=section_id,
                    title=title,
                    guidance=self.text(entry, "guidance", where, required=False),
                    page=self.page(entry, where),
                    weight=self.weight(entry, where),
                    questions=questions,
                )
            )
        return tuple(sections)

    def questions(self, section: dict, section_where: str) -> tuple[Question, ...]:
        entries = self.tables(section, "question", section_where)
        if not entries:
            self.problem(f"{section_where}: it has no question ([[section.question]])")
        questions = []
        for number, entry in enumerate(entries, start=1):
            where = f"{section_where}, question {number}"
            questions.append(
                Question(
                    id=self.identifier(entry, where),
                    text=self.text(entry, "text", where),
                    guidance=self.text(entry, "guidance", where, required=False),
                    page=self.page(entry, where),
                    weight=self.weight(entry, where),
                    recommendation=self.text(entry, "recommendation", where, required=False),
                )
            )
        return tuple(questions)
