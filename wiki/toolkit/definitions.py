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

Translations. English is the text itself, and required; any text (the questionnaire's
title, summary and notice, a scale answer's label, a gate's text and guidance, a section's
title and guidance, a question's text, guidance and recommendation) may also be given in
French, Spanish or Arabic, in a table named by the language inside the same table:

    title = "Leadership and strategy"
    fr.title = "Direction et stratégie"     # or a [section.fr] table after the section
    es.title = "Liderazgo y estrategia"
    ar.title = "القيادة والاستراتيجية"

A text with no translation in the reader's language is shown in English, marked as English
(Text.fallback). A translation in a language the hub does not speak, or of a text the table
does not have in English (or of something that is not a text, such as `page`), is a mistake.

A file with any mistake is refused whole: `read_definition` raises DefinitionError with
every problem found, and nothing of it is loaded.
"""

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from hub.i18n import DEFAULT_LANGUAGE, LANGUAGES

FORMAT = 1
KINDS = ("readiness", "risk")
NOT_APPLICABLE = "na"
GATE_ANSWERS = ("yes", "no", "unsure")
#: Likelihood and impact of a risk are rated on this scale.
RISK_SCALE = range(1, 6)
MAX_WEIGHT = 100
#: The languages a text may be translated into (English is the text itself).
TRANSLATIONS = tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)
#: The longest a text may be, by its name (any other text: TEXT_LIMIT).
TEXT_LIMITS = {"title": 200, "label": 80}
TEXT_LIMIT = 4000

_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
_PAGE = re.compile(r"[a-z0-9][a-z0-9/_-]{0,199}")


class DefinitionError(ValueError):
    """A definition file that may not be loaded; `problems` lists every mistake found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Text(str):
    """A text of a questionnaire in the language it is read in. `fallback` is true when it
    is the English text standing in for a translation the file does not give: pages mark it
    lang="en" (left to right) inside a page in another language."""

    fallback: bool

    def __new__(cls, value: str, fallback: bool = False) -> "Text":
        text = super().__new__(cls, value)
        text.fallback = fallback
        return text


def text_in(table: dict, name: str, language: str) -> Text:
    """The text `name` of a checked definition's table in `language`, else in English."""
    translations = table.get(language) if language != DEFAULT_LANGUAGE else None
    translated = translations.get(name) if isinstance(translations, dict) else None
    if isinstance(translated, str) and translated.strip():
        return Text(translated.strip())
    english = table.get(name)
    english = english.strip() if isinstance(english, str) else ""
    return Text(english, fallback=language != DEFAULT_LANGUAGE and bool(english))


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    points: float


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    guidance: Text
    page: str
    weight: float
    recommendation: Text


@dataclass(frozen=True)
class Gate:
    id: str
    text: Text
    guidance: Text
    page: str


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    guidance: Text
    page: str
    weight: float
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Definition:
    key: str
    version: str
    kind: str
    #: The language its texts are read in (each falls back to English on its own).
    language: str
    title: Text
    summary: Text
    notice: Text
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


def definition_from_data(data: dict[str, Any], language: str = DEFAULT_LANGUAGE) -> Definition:
    """Check everything in `data` and build the definition, its texts in `language`;
    DefinitionError otherwise."""
    checker = _Checker(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    definition = checker.definition(data)
    if checker.problems:
        raise DefinitionError(checker.problems)
    return definition


class _Checker:
    def __init__(self, language: str) -> None:
        self.language = language
        self.problems: list[str] = []
        self.seen_ids: set[str] = set()

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def text(self, table: dict, name: str, where: str, required: bool) -> str:
        value = table.get(name)
        if value is None:
            if required:
                self.problem(f"{where}: '{name}' is missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(f"{where}: '{name}' must be text")
            return ""
        limit = TEXT_LIMITS.get(name, TEXT_LIMIT)
        if len(value) > limit:
            self.problem(f"{where}: '{name}' is longer than {limit} characters")
        return value.strip()

    def texts(
        self, table: dict, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Text]:
        """The table's texts in the checker's language (English where not translated),
        having checked the English and every translation."""
        english = {
            name: self.text(table, name, where, required=name in required)
            for name in (*required, *optional)
        }
        self.translations(table, where, {name for name, text in english.items() if text})
        return {name: text_in(table, name, self.language) for name in english}

    def translations(self, table: dict, where: str, texts: set[str]) -> None:
        """Every table inside `table` is a language's translations of its English `texts`."""
        for language, translated in table.items():
            if not isinstance(translated, dict) and language not in LANGUAGES:
                continue  # a value of the table itself, checked by the caller
            if language == DEFAULT_LANGUAGE:
                self.problem(
                    f"{where}: English is the text itself ('title = ...'), not a translation "
                    f"('{language}.title = ...')"
                )
                continue
            if language not in TRANSLATIONS:
                self.problem(
                    f"{where}: '{language}' is not a language a text can be translated into "
                    f"({', '.join(TRANSLATIONS)})"
                )
                continue
            if not isinstance(translated, dict):
                self.problem(
                    f"{where}: '{language}' must hold translations by name, "
                    f'such as {language}.title = "..."'
                )
                continue
            for name in translated:
                translation_where = f"{where}, translation '{language}.{name}'"
                if name not in texts:
                    self.problem(
                        f"{translation_where}: there is no English '{name}' here to translate"
                    )
                else:
                    self.text(translated, name, translation_where, required=True)

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
        texts = self.texts(data, "the questionnaire", ("title", "summary", "notice"))
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
            language=self.language,
            title=texts["title"],
            summary=texts["summary"],
            notice=texts["notice"],
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
            label = self.texts(entry, where, ("label",))["label"]
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
            gate_id = self.identifier(entry, where)
            texts = self.texts(
                entry, f"gate question '{gate_id or number}'", ("text",), ("guidance",)
            )
            gates.append(Gate(id=gate_id, page=self.page(entry, where), **texts))
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
            texts = self.texts(entry, where, ("title",), ("guidance",))
            questions = self.questions(entry, where)
            sections.append(
                Section(
                    id=section_id,
                    page=self.page(entry, where),
                    weight=self.weight(entry, where),
                    questions=questions,
                    **texts,
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
            question_id = self.identifier(entry, where)
            where = f"{section_where}, question '{question_id or number}'"
            questions.append(
                Question(
                    id=question_id,
                    page=self.page(entry, where),
                    weight=self.weight(entry, where),
                    **self.texts(entry, where, ("text",), ("guidance", "recommendation")),
                )
            )
        return tuple(questions)
