"""The text of a stored file, read once per version and kept with it.

PDF through pypdf, DOCX through python-docx, text kinds as UTF-8; each within limits (pages,
characters kept). A file whose text cannot be read (damaged, encrypted, an image) is still
stored: the version records why its text is not available. The title a file gives itself
(PDF or DOCX metadata) is offered as the document's title.
"""

import enum
import logging
import re
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


#: Why a version has no text, for its page: "Text not available: <reason>".
STATUS_REASONS = {
    TextStatus.NO_TEXT: _l("the file holds no text (an image or a scan)"),
    TextStatus.UNREADABLE: _l("the file could not be read (damaged or of an unexpected form)"),
    TextStatus.ENCRYPTED: _l("the file is encrypted"),
    TextStatus.NOT_READ: _l("text is not read from this kind of file yet"),
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


def extract(path: Path, kind: FileKind) -> Extraction:
    """Read the text of the file at `path`, never raising for what the file holds."""
    if kind in TEXT_KINDS:
        reader = _plain
    elif kind == FileKind.PDF:
        reader = _pdf
    elif kind == FileKind.DOCX:
        reader = _docx
    else:
        return Extraction("", TextStatus.NOT_READ)
    try:
        extraction = reader(path)
    except Exception:  # RecursionError and zipfile.BadZipFile included
        # A damaged or hostile file: the upload is kept, its text is not.
        log.info("text of %s not extracted", path.name, exc_info=True)
        return Extraction("", TextStatus.UNREADABLE)
    if extraction.status == TextStatus.READ and not extraction.text:
        return Extraction("", TextStatus.NO_TEXT, title=extraction.title)
    return extraction
