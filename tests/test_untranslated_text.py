"""Extraction finds every string that a crawl of the pages shows in English.

A pseudo-language is built from hub/translations/messages.pot at test time: every message
becomes "⟦" + its English + "⟧" (each plural form too, placeholders kept), compiled as the
French catalogue into a folder of its own, and a second app on the seeded demo's database
reads it. The crawl then visits, in that "French", every kind of page the demo accounts
reach by following links (as tests/e2e/crawl.py does in a browser), the anonymous pages and
the error pages, and reads what a person reads: the visible text and the attributes a
browser shows or speaks (title, aria-label, placeholder, alt, the value of buttons,
data-confirm) and the words the scripts take from <script id="hub-strings">.

Text outside ⟦…⟧ is then either what members wrote or loaded (it is in the database, in a
text column or inside a JSON one, such as a questionnaire's translated texts; or it is inside
member content: `.prose`, <code>, <pre>, <textarea>, a diff's rows, a table of contents, or
an element whose `lang` differs from the page's), a language's own name, the hub's name, an
e-mail address, a number, a date or time or a country as Babel's French data writes it, a
time zone, or it is English that no `_()` or `{% trans %}` carries: the failure lists those,
by the file that most likely writes them. A single word counts as member data only when it is
a whole value (a tag, a name), not when it is a word of a page: "**History**" in a page does
not excuse "History" on a button.
"""

import io
import json
import re
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import html5lib
import pycountry
import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, template_rendered
from flask.testing import FlaskClient
from sqlalchemy import JSON, Enum, String, Text, select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from config import TestingConfig
from hub import create_app
from hub.auth.models import User
from hub.extensions import db
from hub.i18n import LANGUAGES, known_timezones
from hub.seed import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.e2e.crawl import CONTENT, EVERY_WORKSPACE, MAX_PAGES_PER_ACCOUNT, NOT_PAGES
from tests.e2e.test_every_page import ANONYMOUS_PAGES, READER
from tests.support import sign_in

pytestmark = pytest.mark.backend_independent

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "hub" / "translations" / "messages.pot"
#: The pseudo-language stands in for French: its dates are Babel's real French ones.
PSEUDO = "fr"
OPEN, CLOSE = "⟦", "⟧"

#: Error pages, and who asks for them (None: a visitor).
ERROR_PAGES = [
    (None, "/no-such-page", 404),
    ("member@example.org", "/no-such-page", 404),
    ("member@example.org", "/w/ai/no-such-page", 404),
    ("member@example.org", "/w/no-such-workspace/", 404),
    ("member@example.org", "/admin/", 403),
    ("outsider@example.org", "/w/ai/members/", 403),
    (None, "/language", 405),
]
#: The attributes a browser shows (title, placeholder, alt) or reads out (aria-label), and
#: the texts the hub's script shows (data-confirm).
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-confirm")
#: The inputs whose value is their label.
BUTTON_INPUTS = {"submit", "button", "reset"}
#: A chart's text (html5lib keeps SVG's namespace).
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
#: The texts of elements nobody reads as such.
UNSHOWN = {"script", "style", "template"}
#: Elements whose content is what a member wrote, or code.
MEMBER_CONTENT_TAGS = {"code", "pre", "textarea", "kbd", "samp"}
MEMBER_CONTENT_CLASSES = {"prose"}
#: Columns that hold the hub's own words or identifiers, not what members wrote: they do not
#: excuse a text from being translated.
HUB_WORD_COLUMNS = {
    ("activities", "verb"),
    ("audit_entries", "action"),
    ("audit_entries", "details"),
    ("forum_moderation_notes", "details"),
    ("notifications", "kind"),
    ("users", "language"),
    ("wiki_pages", "language"),
}
LETTER = re.compile(r"[^\W\d_]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?<!\S)(?:https?://|/)\S*")
#: A text this long found in what members wrote is taken from it (an excerpt, a summary).
PROSE_WORDS = 4
#: A two-factor secret, shown to be typed into an app: random letters.
SECRET = re.compile(r"[A-Z2-7]{16,}")
#: What stands for data taken out of a text, in the English reported.
GAP = "…"
#: What separates pieces of data in a line: "Claire Moreau · Global Innovation Centre" (a dash
#: only with spaces around it: "INTERPOL–UNICRI" is one name).
SEPARATORS = re.compile(r"\s*(?:[·•|/—,:;?!()\[\]“”\"«»‹›…]|\s[-–]\s)\s*")


# --- the pseudo-language ---------------------------------------------------------------


def pseudo(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def pseudo_catalogue() -> Catalog:
    """messages.pot with every translation the English in ⟦…⟧ (plural forms too)."""
    with TEMPLATE.open("rb") as file:
        template = read_po(file)
    catalog = Catalog(locale=PSEUDO)
    for message in template:
        if not message.id:
            continue
        if message.pluralizable:
            singular, plural = message.id
            forms = [pseudo(singular)] + [pseudo(plural)] * (catalog.num_plurals - 1)
            catalog.add(message.id, tuple(forms), context=message.context, flags=message.flags)
        else:
            catalog.add(message.id, pseudo(message.id), context=message.context,
                        flags=message.flags)  # fmt: skip
    return catalog


def write_pseudo_translations(folder: Path) -> Path:
    target = folder / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    buffer = io.BytesIO()
    write_mo(buffer, pseudo_catalogue())
    (target / "messages.mo").write_bytes(buffer.getvalue())
    return folder


class IsolatedClient(FlaskClient):
    """Each request in an app context of its own, as tests/conftest.py's client does."""

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def pseudo_app(demo, tmp_path) -> Iterator[Flask]:
    """An app on the seeded demo's database and files that speaks the pseudo-language as
    French. The demo is shared: the test only reads it, but for the accounts' language."""
    translations = write_pseudo_translations(tmp_path / "translations")
    app = create_app(
        TestingConfig,
        instance_path=demo.app.instance_path,
        SQLALCHEMY_DATABASE_URI=demo.app.config["SQLALCHEMY_DATABASE_URI"],
        BABEL_TRANSLATION_DIRECTORIES=str(translations),
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


@contextmanager
def reading_in_pseudo_language(emails: list[str]) -> Iterator[None]:
    """The accounts' profile language is the pseudo-language's, and back afterwards."""
    users = list(db.session.scalars(select(User).where(User.email.in_(emails))))
    before = {user.id: user.language for user in users}
    for user in users:
        user.language = PSEUDO
    db.session.commit()
    try:
        yield
    finally:
        db.session.rollback()
        for user in db.session.scalars(select(User).where(User.id.in_(before))):
            user.language = before[user.id]
        db.session.commit()


# --- what is allowed to stay untranslated ----------------------------------------------


def squash(text: str) -> str:
    return " ".join(text.split())


def pieces(text: str) -> list[str]:
    return [piece for piece in SEPARATORS.split(text) if LETTER.search(piece)]


def html_texts(tree) -> Iterator[str]:
    """The texts of an HTML fragment's nodes."""
    for element in tree.iter():
        for text in (element.text, element.tail):
            if text and text.strip():
                yield squash(text)


def html_text(tree) -> str:
    """An HTML fragment's text as a reader sees it, in one piece."""
    return squash("".join(tree.itertext()))


def markdown_lines(markup: str) -> Iterator[str]:
    for line in markup.splitlines():
        line = re.sub(r"^\s*(?:#+|[-*+>]|\d+\.|\|)\s*", "", line).strip(" |*_`")
        if line:
            yield squash(line)


@dataclass
class Data:
    """What members wrote, as the database holds it."""

    #: Each value, its lines, the texts of its HTML, and the pieces of the short ones.
    texts: set[str]
    #: All of it as one text: excerpts and summaries are cut out of it.
    prose: str


def texts_in(value) -> Iterator[str]:
    """A column's text, or each text inside its JSON."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from texts_in(item)


def database_data() -> Data:
    texts: set[str] = set()
    prose: list[str] = []
    for table in db.metadata.sorted_tables:
        columns = [
            column
            for column in table.columns
            if isinstance(column.type, String | Text | JSON)
            and not isinstance(column.type, Enum)
            and (table.name, column.name) not in HUB_WORD_COLUMNS
        ]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for value in (text for column in row for text in texts_in(column)):
                if not LETTER.search(value):
                    continue
                # Parts of a value count when longer than a word: a word in bold in a page
                # ("**History**") must not excuse the same word on a button.
                parts = set()
                tree = html5lib.parse(value, namespaceHTMLElements=False) if "<" in value else None
                if tree is not None:
                    parts.update(html_texts(tree))
                    parts.add(html_text(tree))
                if "\n" in value:
                    parts.update(markdown_lines(value))
                whole = squash(value)
                for text in {whole} | parts:
                    if len(text) <= 300:
                        parts.update(pieces(text))
                texts.add(whole)
                texts.update(part for part in parts if len(part.split()) > 1)
                prose.append(whole)
                if tree is not None:  # excerpts are cut from the text as shown, not the markup
                    prose.append(html_text(tree))
    return Data(texts=texts, prose="\n".join(prose))


@cache
def french_date_words() -> frozenset[str]:
    """The words Babel writes French dates and times with: months, days, periods, eras."""
    locale = Locale.parse(PSEUDO)
    words = set()

    def collect(names) -> None:
        if isinstance(names, str):
            words.update(re.findall(r"[^\W\d_]+", names.lower()))
        else:
            for value in names.values():
                collect(value)

    for names in (locale.months, locale.days, locale.day_periods, locale.eras):
        collect(names)
    for name in ("à", "h", "min", "s"):
        words.add(name)
    return frozenset(words)


@cache
def time_zone_words() -> frozenset[str]:
    """Time zones by IANA name and by the abbreviations Babel and pytz write after times."""
    import pytz

    words = set(known_timezones()) | {"UTC", "GMT"}
    for name in known_timezones():
        zone = pytz.timezone(name)
        for month in (1, 7):
            moment = datetime(2026, month, 1, tzinfo=UTC).astimezone(zone)
            words.add(moment.tzname())
    return frozenset(words)


@cache
def french_place_names() -> frozenset[str]:
    """Countries and regions as Babel's French data names them (a country filter, say)."""
    return frozenset(Locale.parse(PSEUDO).territories.values())


@cache
def english_country_names() -> frozenset[str]:
    return frozenset(country.name for country in pycountry.countries)


def is_date_or_time(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text)
    return bool(words) and all(
        word.lower() in french_date_words() or word in time_zone_words() for word in words
    )


#: What stands for data taken out of a text, in the English reported.
GAP = "…"


@dataclass
class Allowance:
    """What may stay untranslated on the demo's pages: what members wrote, and the rest."""

    data: Data
    hub_name: str
    #: The names that are never translated: the hub's, and each language's own.
    names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.names = {self.hub_name, *LANGUAGES.values()}

    def is_data(self, piece: str) -> bool:
        return (
            not LETTER.search(piece)
            or piece in self.data.texts
            or len(piece) == 1  # the A–Z index's letters
            or (len(piece.split()) >= PROSE_WORDS and piece in self.data.prose)
            or piece in self.names
            or piece in time_zone_words()
            or piece in french_place_names()
            or bool(SECRET.fullmatch(piece))
            or is_date_or_time(piece)
        )

    def is_excerpt(self, text: str) -> bool:
        """The start of something a member wrote, cut short: "Speech recognition turns…"."""
        start = text.removesuffix(GAP).rstrip()
        return start != text and len(start.split()) >= PROSE_WORDS and start in self.data.prose

    def english(self, text: str) -> str:
        """What is left of `text` once the data is taken out ("" when nothing is): the
        pieces between separators ("Claire Moreau · Global Innovation Centre") that are
        not data."""
        text = squash(text)
        if text in english_country_names() and text not in french_place_names():
            return text
        if self.is_data(text) or self.is_excerpt(text):
            return ""
        rest = URL.sub(GAP, EMAIL.sub(GAP, text))
        kept = []
        for piece in re.split(f"({SEPARATORS.pattern}|{GAP})", rest):
            if piece and LETTER.search(piece) and self.is_data(piece.strip()):
                piece = GAP
            kept.append(piece)
        rest = squash("".join(kept))
        if not LETTER.search(rest) or is_date_or_time(rest.replace(GAP, " ")):
            return ""
        return re.sub(rf"(?:{re.escape(GAP)}\s*)+", GAP + " ", rest).strip()


# --- reading a page as a person does ---------------------------------------------------


def outside_messages(text: str, depth: int) -> tuple[str, int]:
    """The part of `text` outside ⟦…⟧, given how many were open before it, and how many are
    open after it."""
    outside = []
    for character in text:
        if character == OPEN:
            depth += 1
            outside.append(" ")
        elif character == CLOSE:
            depth = max(depth - 1, 0)
            outside.append(" ")
        elif depth == 0:
            outside.append(character)
    return "".join(outside), depth


@dataclass
class Reading:
    """The untranslated texts of one page."""

    language: str
    allowance: Allowance
    found: list[str] = field(default_factory=list)
    #: Elements that hold member text without saying so by tag or class: a diff's rows.
    member_elements: set[int] = field(default_factory=set)
    #: How many ⟦ are open at this point of the page: text inside is translated, whatever
    #: member data its placeholders brought in.
    depth: int = 0

    def text(self, text: str | None, member_content: bool) -> None:
        """A text node: a message may go on into the next node (`<strong>` inside it)."""
        if text:
            outside, self.depth = outside_messages(text, self.depth)
            if not member_content:
                self.check(outside)

    def value(self, text: str | None) -> None:
        """An attribute or a script's string: a whole of its own."""
        if text:
            self.check(outside_messages(text, 0)[0])

    def check(self, text: str) -> None:
        english = self.allowance.english(text)
        if english:
            self.found.append(english)

    def element(self, element, member_content: bool = False) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = classes_of(element)
        lang = element.get("lang")
        member_content = (
            member_content
            or tag in MEMBER_CONTENT_TAGS
            or bool(classes & MEMBER_CONTENT_CLASSES)
            or id(element) in self.member_elements
            or (lang is not None and lang.split("-")[0] != self.language)
        )
        if tag == "script" and element.get("id") == "hub-strings":
            self.script_strings(element.text or "")
        if not member_content:
            for name in SHOWN_ATTRIBUTES:
                self.value(element.get(name))
            if tag == "input" and (element.get("type") or "").lower() in BUTTON_INPUTS:
                self.value(element.get("value"))
        if tag in UNSHOWN:
            return
        if tag == SVG_TEXT:  # a chart's label, laid out in lines (tspans): read it whole
            self.text(" ".join(element.itertext()), member_content)
            return
        self.text(element.text, member_content)
        for child in element:
            self.element(child, member_content)
            self.text(child.tail, member_content)

    def script_strings(self, source: str) -> None:
        def walk(value) -> None:
            if isinstance(value, str):
                self.value(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(json.loads(source))


def classes_of(element) -> set[str]:
    return set((element.get("class") or "").split())


def member_text_elements(tree) -> set[int]:
    """Elements of member text that neither tag nor class tell: the rows of a side-by-side
    diff (but for those saying how many lines are left out), and a page's table of contents
    (its headings; the list, not the list's title)."""
    found = set()
    for element in tree.iter():
        if element.tag == "table" and "diff" in classes_of(element):
            for body in element.iter("tbody"):
                for row in body.iter("tr"):
                    if "diff-gap" not in classes_of(row):
                        found.add(id(row))
        elif "toc" in classes_of(element):
            found.update(id(item) for item in element.iter("li"))
    return found


def untranslated(tree, allowance: Allowance) -> tuple[str, list[str]]:
    """The page's language and the English found on it, in order, each once."""
    language = tree.get("lang") or ""
    reading = Reading(language, allowance, member_elements=member_text_elements(tree))
    reading.element(tree)
    return language, list(dict.fromkeys(reading.found))


# --- the crawl ----------------------------------------------------------------------------


@dataclass
class Page:
    account: str
    path: str
    endpoint: str
    status: int
    language: str
    english: list[str]
    #: The templates the views rendered (not those they extend or include).
    templates: list[str]


@dataclass
class Crawl:
    """Every kind of page each account reaches, read with the Flask test client."""

    app: Flask
    allowance: Allowance
    pages: list[Page] = field(default_factory=list)

    def endpoint(self, path: str, query: str) -> str | None:
        adapter = self.app.url_map.bind("localhost")
        try:
            endpoint, _ = adapter.match(path, method="GET", query_args=query)
        except RequestRedirect as redirect:
            return self.endpoint(urlsplit(redirect.new_url).path, query)
        except HTTPException:
            return None
        return endpoint

    def client(self, account: str | None) -> FlaskClient:
        client = self.app.test_client()
        client.set_cookie("hub_language", PSEUDO)
        if account is not None:
            sign_in(client, account, DEMO_PASSWORD)
        return client

    def read(self, client: FlaskClient, account: str | None, path: str) -> tuple[Page, str]:
        templates: list[str] = []

        def record(_app, template, context, **_extra) -> None:
            templates.append(template.name)

        with template_rendered.connected_to(record, self.app):
            response = client.get(path, follow_redirects=True)
        final = response.request.path + (
            f"?{response.request.query_string.decode()}" if response.request.query_string else ""
        )
        tree = html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)
        language, english = untranslated(tree, self.allowance)
        page = Page(
            account=account or "a visitor",
            path=final,
            endpoint=self.endpoint(response.request.path, response.request.query_string.decode())
            or "(no route)",
            status=response.status_code,
            language=language,
            english=english,
            templates=templates,
        )
        self.pages.append(page)
        return page, tree

    def crawl(self, account: str | None, start: list[str], reader: bool = False) -> None:
        """Follow same-site links from `start`, one page of each kind (crawl.py's kinds)."""
        client = self.client(account)
        queue = deque(start)
        seen_kinds: set[tuple] = set()
        visited: set[str] = set()
        crawled = 0
        while queue:
            parts = urlsplit(queue.popleft())
            if parts.netloc not in ("", "localhost"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            endpoint = self.endpoint(parts.path, parts.query)
            if endpoint in NOT_PAGES or path in visited:
                continue
            query_names = tuple(sorted({key for key, _ in parse_qsl(parts.query)}))
            every_address = (reader and endpoint in CONTENT) or endpoint in EVERY_WORKSPACE
            kind = (endpoint, query_names, parts.path if every_address or endpoint is None else "")
            if kind in seen_kinds:
                continue
            seen_kinds.add(kind)
            visited.add(path)
            crawled += 1
            assert crawled <= MAX_PAGES_PER_ACCOUNT, f"{account} reached too many kinds of page"
            page, tree = self.read(client, account, path)
            if page.path != path:
                if page.path in visited:
                    continue
                visited.add(page.path)
            for anchor in tree.iter("a"):
                if anchor.get("href") and anchor.get("download") is None:
                    queue.append(urljoin(f"http://localhost{page.path}", anchor.get("href")))

    def error_pages(self) -> None:
        for account, path, status in ERROR_PAGES:
            page, _ = self.read(self.client(account), account, path)
            assert page.status == status, f"{path} as {page.account}: {page.status}, not {status}"


# --- where the English comes from -------------------------------------------------------


@cache
def source_files() -> dict[str, str]:
    """The templates and modules of the hub and its packages, by path (not the demo's data)."""
    files = {}
    for package in ("hub", "wiki", "forums", "documents", "events"):
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix in {".html", ".py", ".js"} and "demo" not in path.parts:
                files[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return files


@cache
def english_month_names() -> frozenset[str]:
    return frozenset(Locale.parse("en").months["format"]["wide"].values())


def shape(text: str) -> str:
    """A text with its numbers and months made general: one line for every date it shows."""
    text = re.sub(r"\d+", "N", text)
    return re.sub(r"\b(?:" + "|".join(english_month_names()) + r")\b", "MONTH", text)


def written_in(text: str, rendered: set[str]) -> str:
    """The file(s) that most likely write `text`: where it stands whole between quotes or
    tags, else in a template the page rendered, else anywhere; by its longest word run."""
    if text in english_country_names():
        return "country names: pycountry's English (hub/forms.py country_choices)"
    runs = sorted(
        re.findall(r"[^\W\d_][^\d<>{}%“”]*[^\W\d_]|[^\W\d_]", text), key=len, reverse=True
    )
    if not runs:
        return "(no words)"
    run = runs[0]
    whole = re.compile(r"[\"'>]\s*" + re.escape(run) + r"\s*[\"'<]")
    bounded = re.compile(r"(?<!\w)" + re.escape(run) + r"(?!\w)")
    best: list[tuple[int, str]] = []
    for name, source in source_files().items():
        if run not in source or not bounded.search(source):
            continue
        score = 1
        if any(name.endswith(f"templates/{template}") for template in rendered):
            score += 1
        if whole.search(source):
            score += 2
        best.append((score, name))
    if not best:
        return "(not found as such in a template or module)"
    top = max(score for score, _ in best)
    names = sorted(name for score, name in best if score == top)
    return " or ".join(names[:2]) + (f" (+{len(names) - 2})" if len(names) > 2 else "")


def report(pages: list[Page]) -> str:
    """The English found, by the file that writes it; each text once, with where it shows."""
    where: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        for text in dict.fromkeys(shape(text) for text in page.english):
            where[text].append(page)
    by_file: dict[str, list[str]] = defaultdict(list)
    for text, seen in where.items():
        rendered = {template for page in seen for template in page.templates}
        by_file[written_in(text, rendered)].append(text)
    lines = [
        f"{len(where)} English texts the extraction missed (N: a number, MONTH: a month), on "
        f"{sum(1 for page in pages if page.english)} of {len(pages)} pages:"
    ]
    for source in sorted(by_file):
        texts = by_file[source]
        lines.append(f"{source} ({len(texts)}):")
        listed = texts if not source.startswith("country names") else texts[:5]
        for text in listed:
            seen = where[text]
            lines.append(
                f"  {text!r}  — on {len(seen)} page(s), e.g. {seen[0].path} ({seen[0].endpoint})"
            )
        if len(listed) < len(texts):
            lines.append(f"  … and {len(texts) - len(listed)} more")
    return "\n".join(lines)


def test_every_text_the_pages_show_comes_from_the_catalogue(pseudo_app):
    allowance = Allowance(data=database_data(), hub_name=pseudo_app.config["HUB_NAME"])
    crawl = Crawl(pseudo_app, allowance)
    accounts = sorted((demo.email for demo in DEMO_ACCOUNTS), key=lambda email: email != READER)
    with reading_in_pseudo_language(accounts):
        crawl.crawl(None, ANONYMOUS_PAGES)
        for email in accounts:
            crawl.crawl(email, ["/"], reader=email == READER)
        crawl.error_pages()

    assert len(crawl.pages) > 50, "the crawl found too few pages to mean anything"
    broken = [
        f"{page.path} as {page.account}: {page.status}"
        for page in crawl.pages
        if page.status >= 500
    ]
    assert not broken, "\n".join(broken)
    wrong_language = [
        f"{page.path} as {page.account}" for page in crawl.pages if page.language != PSEUDO
    ]
    assert not wrong_language, "not in the pseudo-language:\n" + "\n".join(wrong_language)
    if any(page.english for page in crawl.pages):
        pytest.fail(report(crawl.pages), pytrace=False)


# --- the reading itself -------------------------------------------------------------------


def test_the_reading_tells_translated_text_from_english_and_from_data():
    data = Data(texts={"Claire Moreau", "Machine learning"}, prose="Some member wrote this here.")
    allowance = Allowance(data=data, hub_name="Knowledge Hub")
    html = (
        '<html lang="fr"><head><title>⟦Members⟧ · Knowledge Hub</title>'
        '<script id="hub-strings" type="application/json">{"a": "⟦Copied⟧", "b": "Copied"}</script>'
        "</head><body><p>⟦Signed in as <strong>Claire Moreau</strong>.⟧</p>"
        "<p>Claire Moreau · 15 janv. 2026, 13:00 CET · claire@example.org</p>"
        '<button title="⟦Save⟧">⟦Save⟧</button><button aria-label="Close">×</button>'
        '<input type="submit" value="Send"><div class="prose"><p>Anything at all</p></div>'
        '<p lang="en" dir="ltr">English</p><a href="/w/ai/">Machine learning</a>'
        "<p>Edit this page</p><pre>code here</pre><p>12 345</p></body></html>"
    )
    language, english = untranslated(html5lib.parse(html, namespaceHTMLElements=False), allowance)

    assert language == "fr"
    assert english == ["Copied", "Close", "Send", "Edit this page"]
