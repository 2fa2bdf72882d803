"""Which files the library accepts, decided by their content and their name together.

The browser's Content-Type is not asked. A file is accepted when its bytes are one of the
kinds below (magic bytes; for Office and OpenDocument files, the zip's own structure) and
its extension is one of that kind's. Zip containers are measured before any parser opens
them (entries, unpacked size, compression ratio), and macro-enabled Office files, HTML and
SVG are refused whatever they are called.
"""

import enum
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask_babel import lazy_gettext as _l

#: Bytes read to tell a kind by its start.
SNIFF_SIZE = 8192
MAX_FILENAME_LENGTH = 255
#: As documents.models.MAX_TITLE_LENGTH (this module comes before the models).
MAX_TITLE_LENGTH = 200
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_UNPACKED_SIZE = 512 * 1024 * 1024
MAX_ZIP_RATIO = 200


class FileKind(enum.StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    PPTX = "pptx"
    XLSX = "xlsx"
    ODT = "odt"
    ODS = "ods"
    ODP = "odp"
    RTF = "rtf"
    TEXT = "txt"
    MARKDOWN = "md"
    CSV = "csv"
    PNG = "png"
    JPEG = "jpeg"


@dataclass(frozen=True)
class KindInfo:
    #: What readers call the kind (a lazy_gettext string: "Text" is "Texte" in French).
    label: str
    media_type: str
    extensions: tuple[str, ...]


KINDS: dict[FileKind, KindInfo] = {
    FileKind.PDF: KindInfo(_l("PDF"), "application/pdf", (".pdf",)),
    FileKind.DOCX: KindInfo(
        _l("DOCX"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    FileKind.PPTX: KindInfo(
        _l("PPTX"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (".pptx",),
    ),
    FileKind.XLSX: KindInfo(
        _l("XLSX"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
    ),
    FileKind.ODT: KindInfo(_l("ODT"), "application/vnd.oasis.opendocument.text", (".odt",)),
    FileKind.ODS: KindInfo(
        _l("ODS"), "application/vnd.oasis.opendocument.spreadsheet", (".ods",)
    ),
    FileKind.ODP: KindInfo(
        _l("ODP"), "application/vnd.oasis.opendocument.presentation", (".odp",)
    ),
    FileKind.RTF: KindInfo(_l("RTF"), "application/rtf", (".rtf",)),
    FileKind.TEXT: KindInfo(_l("Text"), "text/plain", (".txt", ".text")),
    FileKind.MARKDOWN: KindInfo(_l("Markdown"), "text/markdown", (".md", ".markdown")),
    FileKind.CSV: KindInfo(_l("CSV"), "text/csv", (".csv",)),
    FileKind.PNG: KindInfo(_l("PNG"), "image/png", (".png",)),
    FileKind.JPEG: KindInfo(_l("JPEG"), "image/jpeg", (".jpg", ".jpeg")),
}
TEXT_KINDS = frozenset({FileKind.TEXT, FileKind.MARKDOWN, FileKind.CSV})
#: The main part each Office kind must hold.
_OFFICE_PARTS = {
    FileKind.DOCX: "word/document.xml",
    FileKind.PPTX: "ppt/presentation.xml",
    FileKind.XLSX: "xl/workbook.xml",
}
#: The `mimetype` entry each OpenDocument kind starts with.
_OPENDOCUMENT_TYPES = {
    b"application/vnd.oasis.opendocument.text": FileKind.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": FileKind.ODS,
    b"application/vnd.oasis.opendocument.presentation": FileKind.ODP,
}
#: The kinds that are zip containers (measured by check_zip before any parser opens them).
ZIP_KINDS = frozenset(
    {FileKind.DOCX, FileKind.PPTX, FileKind.XLSX, FileKind.ODT, FileKind.ODS, FileKind.ODP}
)
OPENDOCUMENT_KINDS = frozenset({FileKind.ODT, FileKind.ODS, FileKind.ODP})
#: What text that is really markup starts with (lower-cased, after white space).
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<script", b"<?xml", b"<head", b"<body")

ACCEPTED_TYPES = _l(
    "PDF, DOCX, PPTX, XLSX, ODT, ODS, ODP, RTF, plain text, Markdown, CSV, PNG or JPEG"
)


class FileTypeRefusal(Exception):
    """The file is not one the library accepts; `message` says why, for the uploader."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = str(message)


def clean_filename(name: str | None) -> str:
    """The name to remember for a file (never a path): its last part, NFC, without control
    or format characters (right-to-left overrides included), at most MAX_FILENAME_LENGTH
    characters with its extension kept."""
    name = (name or "").replace("\\", "/")
    name = PurePosixPath(name).name if name else ""
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    name = name.strip().strip(".").strip()
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) < 16:
            name = stem[: MAX_FILENAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_FILENAME_LENGTH]
    return name


def title_from_filename(filename: str) -> str:
    """ "vdr_2 notes.pdf" -> "vdr 2 notes": a document's title until it is given one."""
    stem = filename.rpartition(".")[0] or filename
    return " ".join(stem.replace("_", " ").split())[:MAX_TITLE_LENGTH] or filename


def extension_of(filename: str) -> str:
    stem, dot, extension = filename.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def check_zip(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's entries, once its entry count, unpacked size and compression ratio are
    found reasonable (from its directory: nothing is unpacked); FileTypeRefusal if not."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileTypeRefusal(_l("The file holds too many parts to be read safely."))
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if unpacked > MAX_ZIP_UNPACKED_SIZE or unpacked / packed > MAX_ZIP_RATIO:
        raise FileTypeRefusal(_l("The file unpacks to far more than its size: it is refused."))
    return entries


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip container at `path`, checked by check_zip; FileTypeRefusal if damaged or
    out of bounds."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise FileTypeRefusal(_l("The file is damaged: its contents cannot be read.")) from None
    try:
        check_zip(archive)
    except FileTypeRefusal:
        archive.close()
        raise
    return archive


def _zip_kind(path: Path) -> FileKind:
    with open_zip(path) as archive:
        names = {entry.filename for entry in archive.infolist()}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise FileTypeRefusal(_l("Office files with macros are not accepted."))
        if "mimetype" in names:
            kind = _OPENDOCUMENT_TYPES.get(archive.read("mimetype").strip())
            if kind is not None:
                if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                    raise FileTypeRefusal(_l("Office files with macros are not accepted."))
                return kind
        if "[Content_Types].xml" in names:
            content_types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in content_types:
                raise FileTypeRefusal(_l("Office files with macros are not accepted."))
            for kind, part in _OFFICE_PARTS.items():
                if part in names:
                    return kind
    raise FileTypeRefusal(_l("This kind of file is not accepted."))


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sniffed part may end inside a character: only that may be cut short.
        if error.start < len(head) - 3:
            return False
    return not head.lstrip().lower().startswith(_MARKUP_STARTS)


def sniff(path: Path) -> FileKind | None:
    """The kind the file's bytes are, or None when they are none of the accepted kinds."""
    with path.open("rb") as file:
        head = file.read(SNIFF_SIZE)
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(b"{\\rtf"):
        return FileKind.RTF
    if _is_text(head):
        return FileKind.TEXT
    return None


def detect_kind(path: Path, filename: str) -> FileKind:
    """The kind of the file at `path`, named `filename` by its uploader; FileTypeRefusal
    when the content is not accepted or the extension does not agree with it."""
    extension = extension_of(filename)
    content = sniff(path)
    if content is None:
        raise FileTypeRefusal(
            _l("This kind of file is not accepted. Upload %(types)s.", types=ACCEPTED_TYPES)
        )
    if content == FileKind.TEXT:
        # Text is text: its extension says which kind of text it is.
        for kind in TEXT_KINDS:
            if extension in KINDS[kind].extensions:
                return kind
    elif extension in KINDS[content].extensions:
        return content
    raise FileTypeRefusal(
        _l(
            "The file's name does not match its contents (it contains %(kind)s). Rename it "
            "or upload the right file.",
            kind=KINDS[content].label,
        )
    )
