"""Text is read from the files that hold it; a file that cannot be read says why."""

import pytest

from documents.extract import MAX_TEXT_LENGTH, TextStatus, extract
from documents.filetypes import FileKind
from tests.support.document_files import PNG, sample_docx, sample_pdf

pytestmark = pytest.mark.backend_independent


def extracted(tmp_path, data: bytes, kind: FileKind):
    path = tmp_path / "file"
    path.write_bytes(data)
    return extract(path, kind)


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


def test_kinds_not_read_yet(tmp_path):
    assert extracted(tmp_path, PNG, FileKind.PNG).status == TextStatus.NOT_READ
