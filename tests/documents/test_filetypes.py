"""Files are accepted by what they contain, and only when their name agrees."""

import pytest

from documents.demo.files import file_bytes
from documents.filetypes import FileKind, FileTypeRefusal, clean_filename, detect_kind
from tests.support.document_files import (
    JPEG,
    PNG,
    odt_bytes,
    office_bytes,
    sample_docx,
    sample_pdf,
    zip_bytes,
)

pytestmark = pytest.mark.backend_independent

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def kind_of(tmp_path, data: bytes, filename: str) -> FileKind:
    path = tmp_path / "upload"
    path.write_bytes(data)
    return detect_kind(path, filename)


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (sample_pdf(), "report.pdf", FileKind.PDF),
        (sample_docx(), "handout.DOCX", FileKind.DOCX),
        (office_bytes("ppt/presentation.xml"), "slides.pptx", FileKind.PPTX),
        (office_bytes("xl/workbook.xml", XLSX_TYPE), "figures.xlsx", FileKind.XLSX),
        (odt_bytes(), "letter.odt", FileKind.ODT),
        (file_bytes("figures.ods", "Figures", "a,b\n1,2\n"), "figures.ods", FileKind.ODS),
        (file_bytes("slides.odp", "Slides", "Title\nA point.\n"), "slides.odp", FileKind.ODP),
        (file_bytes("note.rtf", "Note", "Title\nA line.\n"), "note.rtf", FileKind.RTF),
        (b"Plain words.\n", "notes.txt", FileKind.TEXT),
        ("# Titre\n\nDes mots accentués.\n".encode(), "readme.md", FileKind.MARKDOWN),
        (b"\xef\xbb\xbfname,value\na,1\n", "table.csv", FileKind.CSV),
        (PNG, "chart.png", FileKind.PNG),
        (JPEG, "photo.jpeg", FileKind.JPEG),
        (JPEG, "photo.jpg", FileKind.JPEG),
    ],
)
def test_accepted_kinds(tmp_path, data, filename, kind):
    assert kind_of(tmp_path, data, filename) == kind


@pytest.mark.parametrize(
    ("data", "filename", "says"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "report.pdf", "not accepted"),
        (b"  <html><body>hi</body></html>", "notes.txt", "not accepted"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "logo.svg", "not accepted"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60, "setup.exe", "not accepted"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60, "setup.pdf", "not accepted"),
        (sample_pdf(), "report.docx", "does not match"),
        (b"Plain words.", "notes.pdf", "does not match"),
        (b"Plain words.", "notes", "does not match"),
        (zip_bytes({"a.txt": b"zip"}), "archive.zip", "not accepted"),
        (zip_bytes({"a.txt": b"zip"}), "archive.docx", "not accepted"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "damaged"),
        (
            office_bytes(
                "word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"
            ),
            "macro.docx",
            "macros",
        ),
        (
            zip_bytes(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<xml/>",
                    "word/vbaProject.bin": b"\x00",
                }
            ),
            "macro.docx",
            "macros",
        ),
        (
            zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"a" * 10**7}),
            "bomb.docx",
            "unpacks",
        ),
        (
            zip_bytes(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.text",
                    "content.xml": b"<xml/>",
                    "Basic/Standard/Module1.xml": b"<script/>",
                }
            ),
            "macro.odt",
            "macros",
        ),
        (b"{\\rtf1 Plain words.}", "note.txt", "does not match"),
        (
            zip_bytes({f"part{number}.xml": b"<x/>" for number in range(5_001)}),
            "many.docx",
            "too many parts",
        ),
    ],
)
def test_refused_files_say_why(tmp_path, data, filename, says):
    with pytest.raises(FileTypeRefusal) as refusal:
        kind_of(tmp_path, data, filename)
    assert says in refusal.value.message


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\notes.txt", "notes.txt"),
        ("na\x00me.txt", "name.txt"),
        ("invoice\u202efdp.txt", "invoicefdp.txt"),
        ("...", ""),
        ("  .hidden.txt ", "hidden.txt"),
        ("Ré\u0301sumé.pdf", "Ré\u0301sumé.pdf".replace("e\u0301", "é")),
        (None, ""),
    ],
)
def test_filenames_are_cleaned(given, kept):
    assert clean_filename(given) == kept


def test_a_very_long_filename_keeps_its_extension():
    cleaned = clean_filename("a" * 400 + ".pdf")
    assert len(cleaned) == 255 and cleaned.endswith(".pdf")
