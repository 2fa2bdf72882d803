"""The text of a stored file, and a picture of its first page, read once per version.

PDF through pypdf, DOCX through python-docx, PPTX through python-pptx, XLSX through
openpyxl, OpenDocument files (ODT, ODS, ODP) from their content.xml, RTF through striprtf,
text kinds as UTF-8; each within limits (pages, characters kept). Zip containers are
measured (documents.filetypes.check_zip) before any parser opens them. The picture is the
first page of a PDF drawn with PDFium (pypdfium2), or an image scaled with Pillow, saved as
a small PNG.

Everything but plain text is read in a forked child with a memory limit (RLIMIT_AS), a CPU
limit and a timeout, so a hostile or buggy file can only stop that child. A file whose text
cannot be read (damaged, encrypted, an image, too demanding) is still stored: the version
records why its text is not available. The title a file gives itself (its metadata) is
offered as the document's title.
"""

import enum
import io
import logging
import math
import multiprocessing
import re
import resource
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pptx
import pypdfium2
from docx import Document
from flask_babel import lazy_gettext as _l
from lxml import etree
from PIL import Image
from pypdf import PdfReader
from striprtf.striprtf import rtf_to_text

from documents.filetypes import TEXT_KINDS, ZIP_KINDS, FileKind, FileTypeRefusal, check_zip

log = logging.getLogger(__name__)

#: Characters of text kept per version: enough for search and a preview.
MAX_TEXT_LENGTH = 500_000
MAX_PDF_PAGES = 1_000
#: Spreadsheet cells read at most (beyond, the text is cut).
MAX_CELLS = 200_000
MAX_TITLE_LENGTH = 200
#: The first-page picture fits in this box (pixels), as PNG.
PICTURE_WIDTH = 360
PICTURE_HEIGHT = 480
#: An image with more pixels than this is not drawn (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000
#: RTF bytes read: RTF spends several bytes per character.
MAX_RTF_BYTES = 8 * MAX_TEXT_LENGTH

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


class TextStatus(enum.StrEnum):
    """Whether a version's text was read, and if not, why."""

    #: Stored, not read yet: the upload's transaction is committed first, the text read
    #: after it (`flask hub extract-pending` reads what a stopped server left).
    PENDING = "pending"
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
    TextStatus.NOT_READ: _l("text is not read from this kind of file"),
    TextStatus.TOO_DEMANDING: _l("reading it took more time or memory than the hub allows"),
}


@dataclass(frozen=True)
class Extraction:
    text: str
    status: TextStatus = TextStatus.READ
    title: str = ""
    #: A PNG of the first page (PDF) or of the image, when one could be drawn.
    picture: bytes | None = None
    #: Pages read (PDF), for the benchmark's pages per second.
    pages: int = 0


def _clip(text: str) -> str:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()[:MAX_TEXT_LENGTH]


def _clean_title(value: object) -> str:
    return " ".join(str(value or "").split())[:MAX_TITLE_LENGTH]


class _Parts:
    """Text gathered part by part, until MAX_TEXT_LENGTH characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    @property
    def full(self) -> bool:
        return self.length >= MAX_TEXT_LENGTH

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text) + 1

    def text(self, separator: str = "\n") -> str:
        return _clip(separator.join(self.parts))


def _pdf(path: Path) -> Extraction:
    reader = PdfReader(path)
    if reader.is_encrypted:
        return Extraction("", TextStatus.ENCRYPTED)
    title = _clean_title(reader.metadata.title if reader.metadata else "")
    parts, pages = _Parts(), 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or parts.full:
            break
        parts.add(page.extract_text() or "")
        pages += 1
    return Extraction(parts.text("\n\n"), title=title, pages=pages)


def _docx(path: Path) -> Extraction:
    document = Document(str(path))
    parts = _Parts()
    for paragraph in document.paragraphs:
        if parts.full:
            break
        parts.add(paragraph.text)
    for table in document.tables:
        if parts.full:
            break
        for row in table.rows:
            parts.add("\t".join(cell.text for cell in row.cells))
    return Extraction(parts.text(), title=_clean_title(document.core_properties.title))


def _shape_texts(shape):
    if shape.has_text_frame:
        yield shape.text_frame.text
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            yield "\t".join(cell.text for cell in row.cells)
    if shape.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.GROUP:
        for inner in shape.shapes:
            yield from _shape_texts(inner)


def _pptx(path: Path) -> Extraction:
    presentation = pptx.Presentation(str(path))
    parts = _Parts()
    for slide in presentation.slides:
        if parts.full:
            break
        for shape in slide.shapes:
            for text in _shape_texts(shape):
                parts.add(text)
        if slide.has_notes_slide:
            parts.add(slide.notes_slide.notes_text_frame.text)
        parts.add("")
    return Extraction(parts.text(), title=_clean_title(presentation.core_properties.title))


def _xlsx(path: Path) -> Extraction:
    # A file object: given a path, openpyxl wants a spreadsheet's extension, and stored
    # files are named by their hash.
    with path.open("rb") as file:
        return _workbook_text(openpyxl.load_workbook(file, read_only=True, data_only=True))


def _workbook_text(workbook) -> Extraction:
    try:
        parts, cells = _Parts(), 0
        for sheet in workbook.worksheets:
            parts.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                values = ["" if value is None else str(value) for value in row]
                cells += len(values)
                if any(values):
                    parts.add("\t".join(values).rstrip("\t"))
                if parts.full or cells >= MAX_CELLS:
                    break
            if parts.full or cells >= MAX_CELLS:
                break
        return Extraction(parts.text(), title=_clean_title(workbook.properties.title))
    finally:
        workbook.close()


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODF_SPREADSHEET = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}spreadsheet"
_ODF_BLOCKS = {f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"}
#: No entities, no network, no huge trees: the XML is what the uploader wrote.
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
)


def _odf_block_text(element) -> str:
    """A paragraph's or heading's words, its spaces, tabs and line breaks as written (a
    paragraph nested in it is read on its own)."""
    words = [element.text or ""]
    for child in element:
        if child.tag == f"{{{_ODF_TEXT}}}s":
            words.append(" " * int(child.get(f"{{{_ODF_TEXT}}}c") or 1))
        elif child.tag == f"{{{_ODF_TEXT}}}tab":
            words.append("\t")
        elif child.tag == f"{{{_ODF_TEXT}}}line-break":
            words.append("\n")
        elif child.tag not in _ODF_BLOCKS:
            words.append(_odf_block_text(child))
        words.append(child.tail or "")
    return "".join(words)


def _opendocument(path: Path) -> Extraction:
    with zipfile.ZipFile(path) as archive:
        check_zip(archive)
        root = etree.fromstring(archive.read("content.xml"), _XML_PARSER)  # noqa: S320
        title = ""
        if "meta.xml" in archive.namelist():
            meta = etree.fromstring(archive.read("meta.xml"), _XML_PARSER)  # noqa: S320
            found = meta.find(".//{http://purl.org/dc/elements/1.1/}title")
            title = found.text if found is not None else ""
    parts = _Parts()
    if root.find(f".//{_ODF_SPREADSHEET}") is not None:
        # A spreadsheet: a line per row, its cells apart by tabs.
        for row in root.iter(f"{{{_ODF_TABLE}}}table-row"):
            if parts.full:
                break
            cells = (
                " ".join(_odf_block_text(block) for block in cell.iter(*_ODF_BLOCKS))
                for cell in row.iter(f"{{{_ODF_TABLE}}}table-cell")
            )
            parts.add("\t".join(cells).rstrip("\t"))
    else:
        for element in root.iter(*_ODF_BLOCKS):
            if parts.full:
                break
            parts.add(_odf_block_text(element))
    return Extraction(parts.text(), title=_clean_title(title))


_RTF_TITLE = re.compile(r"\{\\title\s([^{}]*)\}")


def _rtf(path: Path) -> Extraction:
    with path.open("rb") as file:
        source = file.read(MAX_RTF_BYTES).decode("cp1252", "replace")
    title = _RTF_TITLE.search(source)
    return Extraction(
        _clip(rtf_to_text(source, errors="ignore")),
        title=_clean_title(rtf_to_text(title.group(1), errors="ignore")) if title else "",
    )


def _plain(path: Path) -> Extraction:
    with path.open("rb") as file:
        data = file.read(MAX_TEXT_LENGTH * 4)
    return Extraction(_clip(data.decode("utf-8-sig", "replace")))


def _image(path: Path) -> Extraction:
    """An image has no text; its picture is itself, scaled down."""
    return Extraction("", TextStatus.NO_TEXT)


def _png(image: Image.Image) -> bytes:
    image.thumbnail((PICTURE_WIDTH, PICTURE_HEIGHT))
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.convert("RGBA").getchannel("A"))
        image = background
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _pdf_picture(path: Path) -> bytes:
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        width, height = page.get_size()
        scale = min(PICTURE_WIDTH / width, PICTURE_HEIGHT / height)
        bitmap = page.render(scale=scale)
        return _png(bitmap.to_pil())
    finally:
        document.close()


def _image_picture(path: Path) -> bytes:
    with Image.open(path) as image:
        image.draft("RGB", (PICTURE_WIDTH * 2, PICTURE_HEIGHT * 2))  # JPEG: decode smaller
        return _png(image.copy() if image.mode in ("RGB", "L", "RGBA") else image.convert("RGBA"))


#: How each kind is read: its text, and its picture (None: a type icon stands for it).
READERS = {
    FileKind.PDF: (_pdf, _pdf_picture),
    FileKind.DOCX: (_docx, None),
    FileKind.PPTX: (_pptx, None),
    FileKind.XLSX: (_xlsx, None),
    FileKind.ODT: (_opendocument, None),
    FileKind.ODS: (_opendocument, None),
    FileKind.ODP: (_opendocument, None),
    FileKind.RTF: (_rtf, None),
    FileKind.PNG: (_image, _image_picture),
    FileKind.JPEG: (_image, _image_picture),
}


def _read(reader, path: Path) -> Extraction:
    try:
        extraction = reader(path)
    except MemoryError:
        return Extraction("", TextStatus.TOO_DEMANDING)
    except Exception:  # RecursionError, zipfile.BadZipFile, a FileTypeRefusal included
        # A damaged or hostile file: the upload is kept, its text is not.
        log.info("text of %s not extracted", path.name, exc_info=True)
        return Extraction("", TextStatus.UNREADABLE)
    if extraction.status == TextStatus.READ and not extraction.text:
        return Extraction("", TextStatus.NO_TEXT, title=extraction.title, pages=extraction.pages)
    return extraction


def _read_with_picture(kind: FileKind, path: Path) -> Extraction:
    """The text and picture of a file of `kind`; a zip container is measured first."""
    reader, painter = READERS[kind]
    if kind in ZIP_KINDS:
        try:
            with zipfile.ZipFile(path) as archive:
                check_zip(archive)
        except (zipfile.BadZipFile, OSError, FileTypeRefusal):
            return Extraction("", TextStatus.UNREADABLE)
    extraction = _read(reader, path)
    if painter is None or extraction.status == TextStatus.ENCRYPTED:
        return extraction
    try:
        picture = painter(path)
    except Exception:  # a picture is a nicety: the text stands without it
        log.info("no picture of %s", path.name, exc_info=True)
        return extraction
    return replace(extraction, picture=picture)


def _read_in_child(kind: FileKind, path: Path, sender, seconds: float, memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = math.ceil(seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    sender.send(_read_with_picture(kind, path))
    sender.close()


def _read_apart(kind: FileKind, path: Path, seconds: float, memory: int) -> Extraction:
    """The file read in a forked child within `memory` bytes and `seconds`; a child that
    runs out of either, or dies, gives TOO_DEMANDING."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_read_in_child, args=(kind, path, sender, seconds, memory), daemon=True
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
    """Read the text (and draw the picture) of the file at `path`, never raising for what
    the file holds. Every kind but plain text is read apart, within `seconds` and `memory`
    bytes."""
    if kind in TEXT_KINDS:
        return _read(_plain, path)
    if kind in READERS:
        return _read_apart(kind, path, seconds, memory)
    return Extraction("", TextStatus.NOT_READ)
