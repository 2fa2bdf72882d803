"""Text is read from the files that hold it; a file that cannot be read says why."""

import io
import os
import time

import pytest
from PIL import Image
from pypdf import PdfWriter

from documents import extract as extract_module
from documents.demo.files import file_bytes
from documents.extract import (
    MAX_TEXT_LENGTH,
    PICTURE_HEIGHT,
    PICTURE_WIDTH,
    TextStatus,
    extract,
)
from documents.filetypes import FileKind
from tests.support.document_files import (
    PNG,
    looping_pdf,
    png_claiming,
    sample_docx,
    sample_pdf,
    zip_bytes,
)

pytestmark = pytest.mark.backend_independent


def write(tmp_path, data: bytes):
    path = tmp_path / "file"
    path.write_bytes(data)
    return path


def extracted(tmp_path, data: bytes, kind: FileKind):
    return extract(write(tmp_path, data), kind)


def test_pdf_text_and_title(tmp_path):
    result = extracted(
        tmp_path, sample_pdf("Facial recognition audit.", "Audit notes"), FileKind.PDF
    )
    assert result.status == TextStatus.READ
    assert "Facial recognition audit." in result.text
    assert result.title == "Audit notes"


def test_a_pdf_of_several_pages_is_read_whole(tmp_path):
    text = "\n".join(f"Line number {number}." for number in range(120))
    result = extracted(tmp_path, sample_pdf(text), FileKind.PDF)
    assert "Line number 0." in result.text and "Line number 119." in result.text


def test_docx_text_and_title(tmp_path):
    data = sample_docx("Handout\nSpeech recognition in interviews.", title="VTR handout")
    result = extracted(tmp_path, data, FileKind.DOCX)
    assert "Speech recognition in interviews." in result.text
    assert result.title == "VTR handout"


def test_plain_text_loses_its_byte_order_mark(tmp_path):
    result = extracted(tmp_path, "\ufeffcolumn,value\r\nrisk,high\r\n".encode(), FileKind.CSV)
    assert result.text == "column,value\nrisk,high"


def test_text_is_kept_up_to_its_limit(tmp_path):
    result = extracted(tmp_path, b"x" * (MAX_TEXT_LENGTH + 10), FileKind.TEXT)
    assert len(result.text) == MAX_TEXT_LENGTH


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer\n%%EOF",
            FileKind.PDF,
        ),
        (b"%PDF-1.7 and nothing after", FileKind.PDF),
        (b"PK\x03\x04broken", FileKind.DOCX),
    ],
)
def test_a_damaged_file_is_unreadable_not_an_error(tmp_path, data, kind):
    result = extracted(tmp_path, data, kind)
    assert result.status in (TextStatus.UNREADABLE, TextStatus.NO_TEXT)
    assert result.text == ""


def test_a_pdf_without_text(tmp_path):
    assert extracted(tmp_path, sample_pdf(""), FileKind.PDF).status == TextStatus.NO_TEXT


TEXT = "Predictive tools in policing\nWhat they forecast\nHot spots of burglary, week by week.\n"
TABLE = "principle,instrumental principles\nlawfulness,\"legitimacy, necessity\"\n"


@pytest.mark.parametrize(
    ("filename", "kind", "source", "expected"),
    [
        ("slides.pptx", FileKind.PPTX, TEXT, "Hot spots of burglary, week by week."),
        ("figures.xlsx", FileKind.XLSX, TABLE, "lawfulness\tlegitimacy, necessity"),
        ("letter.odt", FileKind.ODT, TEXT, "Hot spots of burglary, week by week."),
        ("figures.ods", FileKind.ODS, TABLE, "lawfulness\tlegitimacy, necessity"),
        ("slides.odp", FileKind.ODP, TEXT, "Hot spots of burglary, week by week."),
        ("note.rtf", FileKind.RTF, TEXT + "Caf\u00e9 \u00e0 Lyon.\n", "Café à Lyon."),
    ],
)
def test_office_and_opendocument_text(tmp_path, filename, kind, source, expected):
    result = extracted(tmp_path, file_bytes(filename, "Demo title", source), kind)
    assert result.status == TextStatus.READ
    assert expected in result.text
    assert result.title == "Demo title"


def picture_of(result) -> Image.Image:
    assert result.picture is not None
    return Image.open(io.BytesIO(result.picture))


def test_the_first_page_of_a_pdf_is_drawn(tmp_path):
    text = "\n".join(f"Line number {number}." for number in range(120))
    picture = picture_of(extracted(tmp_path, sample_pdf(text), FileKind.PDF))
    assert picture.format == "PNG"
    assert picture.width <= PICTURE_WIDTH and picture.height <= PICTURE_HEIGHT
    # Drawn, not blank: the page's text leaves dark pixels.
    assert picture.convert("L").getextrema()[0] < 128


@pytest.mark.parametrize("format_", ["PNG", "JPEG"])
def test_an_image_is_scaled_and_has_no_text(tmp_path, format_):
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), "navy").save(out, format_)
    result = extracted(tmp_path, out.getvalue(), FileKind[format_])
    assert result.status == TextStatus.NO_TEXT
    assert picture_of(result).size == (PICTURE_WIDTH, PICTURE_WIDTH // 2)


def test_an_image_too_large_to_draw_is_kept_without_picture(tmp_path):
    # A valid PNG header claiming 100,000 x 100,000 pixels: a decompression bomb.
    result = extracted(tmp_path, png_claiming(100_000, 100_000), FileKind.PNG)
    assert result.status == TextStatus.NO_TEXT and result.picture is None


def test_a_damaged_image_has_no_picture(tmp_path):
    result = extracted(tmp_path, PNG, FileKind.PNG)
    assert result.status == TextStatus.NO_TEXT and result.picture is None


def test_an_encrypted_pdf_says_so(tmp_path):
    writer = PdfWriter(clone_from=io.BytesIO(sample_pdf("Secret words.")))
    writer.encrypt("a password")
    out = io.BytesIO()
    writer.write(out)
    result = extracted(tmp_path, out.getvalue(), FileKind.PDF)
    assert result.status == TextStatus.ENCRYPTED and result.picture is None


def test_a_pdf_whose_page_tree_loops_is_stopped(tmp_path):
    started = time.monotonic()
    result = extract(write(tmp_path, looping_pdf()), FileKind.PDF, seconds=10)
    assert result.status in (TextStatus.UNREADABLE, TextStatus.NO_TEXT, TextStatus.TOO_DEMANDING)
    assert time.monotonic() - started < 15


def test_a_zip_bomb_is_measured_before_any_parser_opens_it(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setitem(extract_module.READERS, FileKind.DOCX, (opened.append, None))
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"a" * 10**7})
    assert extracted(tmp_path, bomb, FileKind.DOCX).status == TextStatus.UNREADABLE
    assert opened == []


@pytest.mark.parametrize(
    ("filename", "kind"),
    [("broken.pptx", FileKind.PPTX), ("broken.xlsx", FileKind.XLSX), ("b.odt", FileKind.ODT)],
)
def test_damaged_office_files_are_unreadable(tmp_path, filename, kind):
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "content.xml": b"<not xml"})
    assert extracted(tmp_path, data, kind).status == TextStatus.UNREADABLE


def test_a_reader_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    def endless(path):
        while True:
            pass

    monkeypatch.setitem(extract_module.READERS, FileKind.PDF, (endless, None))
    path = tmp_path / "slow.pdf"
    path.write_bytes(sample_pdf())
    started = time.monotonic()
    assert extract(path, FileKind.PDF, seconds=1).status == TextStatus.TOO_DEMANDING
    assert time.monotonic() - started < 5


def test_a_reader_that_needs_too_much_memory_is_stopped(tmp_path, monkeypatch):
    def greedy(path):
        hoard = []
        while True:
            hoard.append(bytearray(50 * 1024 * 1024))

    monkeypatch.setitem(extract_module.READERS, FileKind.DOCX, (greedy, None))
    path = tmp_path / "greedy.docx"
    path.write_bytes(sample_docx())
    result = extract(path, FileKind.DOCX, seconds=20, memory=512 * 1024 * 1024)
    assert result.status == TextStatus.TOO_DEMANDING


def test_a_reader_that_dies_is_too_demanding(tmp_path, monkeypatch):
    def crash(path):
        os._exit(1)

    monkeypatch.setitem(extract_module.READERS, FileKind.PDF, (crash, None))
    path = tmp_path / "crash.pdf"
    path.write_bytes(sample_pdf())
    assert extract(path, FileKind.PDF).status == TextStatus.TOO_DEMANDING
