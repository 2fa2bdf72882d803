"""The text of a stored file, read once per version and kept with it.

PDF through pypdf, DOCX through python-docx, text kinds as UTF-8; each within limits (pages,
characters kept). PDF and DOCX are read in a child process with a memory limit (RLIMIT_AS), a
CPU limit and a timeout, so a hostile or buggy file can only stop that child. A file whose
text cannot be read (damaged, encrypted, an image, too demanding) is still stored: the
version records why its text is not available. The title a file gives itself
(PDF or DOCX metadata) is offered as the document's title.
"""

import enum
import logging
import math
import multiprocessing
import re
import resource
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader

from documents.filetypes import TEXT_KINDS, FileKind

log = logging.getLogger(__name__)

#: Characters of text kept per version: enough for search and a preview.
MAX_TEXT_LENGTH = 500_000
MAX_PDF_PAGES = 1_000
MAX_TITLE_LENGTH = 200


class TextStatus(enum.StrEnum):
    """Whether a version's text was read, and if not, why."""

    READ = "read"
    NO_TEXT = "no_text"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    NOT_READ = "not_read"
    TOO_DEMANDING = "too_demanding"


#: Why a version has no text, for its page: "Text not available: <reason>".
STATUS_REASONS = {
    TextStatus.NO_TEXT: _l("the file holds no text (an image or a scan)"),
    TextStatus.UNREADABLE: _l("the file could not be read (damaged or of an unexpected form)"),
    TextStatus.ENCRYPTED: _l("the file is encrypted"),
    TextStatus.NOT_READ: _l("text is not read from this kind of file yet"),
    TextStatus.TOO_DEMANDING: _l("reading it took more time or memory than the hub allows"),
}


@dataclass(frozen=True)
class Extraction:
    text: str
    status: TextStatus = TextStatus.READ
    title: str = ""


def _clip(text: str) -> str:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()[:MAX_TEXT_LENGTH]


def _clean_title(value: object) -> str:
    return " ".join(str(value or "").split())[:MAX_TITLE_LENGTH]


def _pdf(path: Path) -> Extraction:
    reader = PdfReader(path)
    if reader.is_encrypted:
        return Extraction("", TextStatus.ENCRYPTED)
    title = _clean_title(reader.metadata.title if reader.metadata else "")
    parts, length = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or length >= MAX_TEXT_LENGTH:
            break
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
    return Extraction(_clip("\n\n".join(parts)), title=title)


def _docx(path: Path) -> Extraction:
    document = Document(str(path))
    parts, length = [], 0
    for paragraph in document.paragraphs:
        parts.append(paragraph.text)
        length += len(paragraph.text)
        if length >= MAX_TEXT_LENGTH:
            break
    for table in document.tables:
        if length >= MAX_TEXT_LENGTH:
            break
        for row in table.rows:
            line = "\t".join(cell.text for cell in row.cells)
            parts.append(line)
            length += len(line)
    return Extraction(_clip("\n".join(parts)), title=_clean_title(document.core_properties.title))


def _plain(path: Path) -> Extraction:
    with path.open("rb") as file:
        data = file.read(MAX_TEXT_LENGTH * 4)
    return Extraction(_clip(data.decode("utf-8-sig", "replace")))


def _read(reader, path: Path) -> Extraction:
    try:
        extraction = reader(path)
    except MemoryError:
        return Extraction("", TextStatus.TOO_DEMANDING)
    except Exception:  # RecursionError and zipfile.BadZipFile included
        # A damaged or hostile file: the upload is kept, its text is not.
        log.info("text of %s not extracted", path.name, exc_info=True)
        return Extraction("", TextStatus.UNREADABLE)
    if extraction.status == TextStatus.READ and not extraction.text:
        return Extraction("", TextStatus.NO_TEXT, title=extraction.title)
    return extraction


def _read_in_child(reader, path: Path, sender, seconds: float, memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = math.ceil(seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    sender.send(_read(reader, path))
    sender.close()


def _read_apart(reader, path: Path, seconds: float, memory: int) -> Extraction:
    """`reader` run in a forked child within `memory` bytes and `seconds`; a child that runs
    out of either, or dies, gives TOO_DEMANDING."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_read_in_child, args=(reader, path, sender, seconds, memory), daemon=True
    )
    child.start()
    sender.close()
    try:
        if receiver.poll(seconds):
            return receiver.recv()
        log.info("text of %s not extracted within %s s", path.name, seconds)
        return Extraction("", TextStatus.TOO_DEMANDING)
    except EOFError:  # the child was killed: out of memory or CPU time
        log.info("text of %s not extracted: the reader died", path.name)
        return Extraction("", TextStatus.TOO_DEMANDING)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def extract(path: Path, kind: FileKind, *, seconds: float = 30, memory: int = 2**30) -> Extraction:
    """Read the text of the file at `path`, never raising for what the file holds. PDF and
    DOCX are read apart, within `seconds` and `memory` bytes."""
    if kind in TEXT_KINDS:
        return _read(_plain, path)
    if kind == FileKind.PDF:
        return _read_apart(_pdf, path, seconds, memory)
    if kind == FileKind.DOCX:
        return _read_apart(_docx, path, seconds, memory)
    return Extraction("", TextStatus.NOT_READ)
