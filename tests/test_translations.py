"""The catalogues are complete, consistent with the code and with themselves.

For French, Spanish and Arabic: every message of hub/translations/messages.pot has a
translation (every plural form of it: Arabic has six), with the same placeholders and the same
HTML tags as the English; the template holds exactly what the code marks today; each committed
.mo file holds what its .po compiles to. A failure lists the messages at fault, so that a
translator can go straight to them.
"""

import gettext
import io
import re
import shlex
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from hub.i18n import DEFAULT_LANGUAGE, LANGUAGES

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "hub" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
TRANSLATED = sorted(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)

#: A printf placeholder as Python's % operator reads it: `%(name)s`, `%(num)d`, `%s`, `%%`.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>\w*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<kind>[diouxXeEfFgGcrs%])"
)
#: The placeholders that hold the count of a plural message: ngettext's `num`, a Jinja
#: `{% trans count=... %}`'s `count`, and the formatted count the hub passes as `shown`.
COUNT_PLACEHOLDERS = {"num", "count", "shown"}
#: An HTML tag inside a message: `<strong>`, `</a>`, `<a href="%(link)s">`, `<br/>`.
TAG = re.compile(
    r"<(/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>"
)
ATTRIBUTE_NAME = re.compile(r"([\w:-]+)(?:\s*=)?")


def key(message: Message) -> tuple:
    """A message's identity: its English (both forms for a plural) and its context."""
    english = message.id if isinstance(message.id, str) else tuple(message.id)  # .mo: a list
    return (english, message.context)


def shown(message: Message) -> str:
    """A message as a failure names it."""
    english = message.id if isinstance(message.id, str) else " | ".join(message.id)
    context = f" (context {message.context!r})" if message.context else ""
    return repr(english) + context


def messages(catalog: Catalog) -> dict[tuple, Message]:
    """The catalogue's messages (not its header, not obsolete ones), by identity."""
    return {key(message): message for message in catalog if message.id}


@cache
def template() -> Catalog:
    with TEMPLATE.open("rb") as file:
        return read_po(file)


@cache
def catalogue(language: str) -> Catalog:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=language)


def placeholders(text: str) -> set[str]:
    """The placeholders of a text: `%(name)s` by name and kind (once however often it comes),
    `%s` by kind and position ("%s", "%s #2"): Python fills those in order."""
    found = set()
    unnamed = Counter()
    for match in PLACEHOLDER.finditer(text):
        kind, name = match.group("kind"), match.group("name")
        if kind == "%":
            continue  # `%%`: a percent sign
        if name is not None:
            found.add(f"%({name}){kind}")
        else:
            unnamed[kind] += 1
            found.add(f"%{kind}" + (f" #{unnamed[kind]}" if unnamed[kind] > 1 else ""))
    return found


def is_formatted(message: Message) -> bool:
    """Whether the message's text goes through %: only then are its placeholders placeholders."""
    english = [message.id] if isinstance(message.id, str) else list(message.id)
    return message.python_format or any(placeholders(text) for text in english)


def tags(text: str) -> Counter:
    """The HTML tags of a text, by name and attribute names (a title may be translated)."""
    found = Counter()
    for closing, name, attributes in TAG.findall(text):
        names = sorted(ATTRIBUTE_NAME.findall(attributes)) if attributes.strip() else []
        found[f"<{closing}{name.lower()}{''.join(' ' + attribute for attribute in names)}>"] += 1
    return found


def translations(message: Message) -> list[str]:
    """The translated texts: one, or one per plural form."""
    if isinstance(message.string, str):
        return [message.string]
    return list(message.string or ())


def plural_rule(catalog: Catalog):
    return gettext.c2py(catalog.plural_expr)


def numbers_of_each_form(catalog: Catalog) -> dict[int, set[int]]:
    """For each plural form, the counts it is used for (0 to 1,999 and a few large ones)."""
    rule = plural_rule(catalog)
    forms: dict[int, set[int]] = {index: set() for index in range(catalog.num_plurals)}
    for number in [*range(2000), 10**6, 2 * 10**6, 10**7, 10**9]:
        forms.setdefault(rule(number), set()).add(number)
    return forms


def fail_listing(title: str, problems: list[str]) -> None:
    """Fail with one line per problem (no traceback: the list is the message)."""
    if problems:
        pytest.fail(f"{title} ({len(problems)}):\n  " + "\n  ".join(problems), pytrace=False)


# --- the template and the code ---------------------------------------------------------


def extract_command(output: Path) -> list[str]:
    """`make translations`' own extract command, writing to `output`: the same options."""
    makefile = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    line = next(
        line for line in makefile.splitlines() if re.search(r"pybabel\b.*\bextract\b", line)
    )
    words = shlex.split(line)
    arguments = words[next(i for i, word in enumerate(words) if word.endswith("pybabel")) + 1 :]
    at = arguments.index("-o")
    arguments[at + 1] = str(output)
    return [sys.executable, "-m", "babel.messages.frontend", *arguments]


def test_the_template_holds_every_message_the_code_marks_and_no_other(tmp_path):
    fresh = tmp_path / "messages.pot"
    result = subprocess.run(
        extract_command(fresh), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    with fresh.open("rb") as file:
        marked = messages(read_po(file))
    committed = messages(template())
    problems = [
        f"new in the code: {shown(marked[k])}"
        for k in sorted(marked.keys() - committed.keys(), key=str)
    ]
    problems += [
        f"gone from the code: {shown(committed[k])}"
        for k in sorted(committed.keys() - marked.keys(), key=str)
    ]
    fail_listing("hub/translations/messages.pot is out of date: run `make translations`", problems)


# --- each language's catalogue ---------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_holds_exactly_the_messages_of_the_template(language):
    wanted = messages(template())
    present = messages(catalogue(language))
    problems = [
        f"missing: {shown(wanted[k])}" for k in sorted(wanted.keys() - present.keys(), key=str)
    ]
    problems += [
        f"not in the template: {shown(present[k])}"
        for k in sorted(present.keys() - wanted.keys(), key=str)
    ]
    fail_listing(
        f"{language}/LC_MESSAGES/messages.po is not in step with messages.pot: run "
        "`make translations`",
        problems,
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_has_the_plural_forms_of_its_language(language):
    catalog = catalogue(language)
    expected = Catalog(locale=language)
    assert catalog.num_plurals == expected.num_plurals, (
        f"{language}: the header says nplurals={catalog.num_plurals}, "
        f"the language has {expected.num_plurals}"
    )
    assert not catalog.fuzzy, f"{language}: the catalogue's header is marked fuzzy"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    catalog = catalogue(language)
    problems = []
    for message in messages(template()).values():
        translated = catalog.get(message.id, context=message.context)
        if translated is None:
            continue  # the test above names it
        texts = translations(translated)
        if translated.fuzzy:
            problems.append(f"fuzzy (a guess to check, then unmark): {shown(message)}")
        elif message.pluralizable and len(texts) != catalog.num_plurals:
            problems.append(
                f"{len(texts)} plural forms instead of {catalog.num_plurals}: {shown(message)}"
            )
        elif not texts or any(not text.strip() for text in texts):
            empty = [str(index) for index, text in enumerate(texts) if not text.strip()]
            which = f" (forms {', '.join(empty)})" if message.pluralizable else ""
            problems.append(f"untranslated{which}: {shown(message)}")
    fail_listing(f"{language}: messages without a translation", problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_of_the_english(language):
    """A placeholder the English has and the translation lacks loses a value; one the
    translation adds fails when the page is drawn. A plural form used for one count only
    ("one member", "two members" in Arabic) may leave the count out."""
    catalog = catalogue(language)
    forms = numbers_of_each_form(catalog)
    problems = []
    for message in messages(catalog).values():
        if not is_formatted(message) or not any(text.strip() for text in translations(message)):
            continue
        if not message.pluralizable:
            english, translated = placeholders(message.id), placeholders(message.string)
            if english != translated:
                problems.append(
                    f"{shown(message)}: English has {sorted(english)}, "
                    f"translation {message.string!r} has {sorted(translated)}"
                )
            continue
        singular, plural = (placeholders(text) for text in message.id)
        english = singular | plural
        counts = {f"%({name}){kind}" for name in COUNT_PLACEHOLDERS for kind in "sd"}
        counts |= plural - singular
        for index, text in enumerate(translations(message)):
            translated = placeholders(text)
            added = translated - english
            lacking = english - translated
            single = len(forms.get(index, set())) <= 1
            if added or (lacking and not (single and lacking <= counts)):
                problems.append(
                    f"{shown(message)}, form {index} {text!r}: English has "
                    f"{sorted(english)}, the form has {sorted(translated)}"
                )
    fail_listing(f"{language}: placeholders that differ", problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_html_tags_of_the_english(language):
    catalog = catalogue(language)
    problems = []
    for message in messages(catalog).values():
        english_texts = [message.id] if isinstance(message.id, str) else list(message.id)
        english = Counter()
        for text in english_texts:
            english |= tags(text)
        if not english:
            continue
        for index, text in enumerate(translations(message)):
            if text.strip() and tags(text) != english:
                form = f", form {index}" if message.pluralizable else ""
                problems.append(
                    f"{shown(message)}{form}: English has {sorted(english.elements())}, "
                    f"{text!r} has {sorted(tags(text).elements())}"
                )
    fail_listing(f"{language}: HTML tags that differ", problems)


def compiled(catalog: Catalog) -> dict:
    """What a catalogue compiles to, as gettext reads it: every message's translation."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # as `pybabel compile`: fuzzy translations are left out
    buffer.seek(0)
    return contents(read_mo(buffer))


def contents(catalog: Catalog) -> dict:
    found = {key(message): message.string for message in catalog if message.id}
    found["(plural forms)"] = catalog.plural_forms
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_file_is_the_compiled_catalogue(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo").open("rb") as file:
        committed = contents(read_mo(file))
    expected = compiled(catalogue(language))
    problems = [
        f"{k!r}: the .mo has {committed.get(k)!r}, the .po compiles to {expected.get(k)!r}"
        for k in sorted(committed.keys() | expected.keys(), key=str)
        if committed.get(k) != expected.get(k)
    ]
    fail_listing(
        f"{language}/LC_MESSAGES/messages.mo is not the compiled messages.po: run "
        "`make translations` and commit the .mo",
        problems,
    )
