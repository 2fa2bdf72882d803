"""Text is read from the files that hold it; a file that cannot be read says why."""

import os
import time

import pytest

from documents import extract as extract_module
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


def test_a_reader_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    def endless(path):
        while True:
            pass

    monkeypatch.setattr(extract_module, "_pdf", endless)
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

    monkeypatch.setattr(extract_module, "_docx", greedy)
    path = tmp_path / "greedy.docx"
    path.write_bytes(sample_docx())
    result = extract(path, FileKind.DOCX, seconds=20, memory=512 * 1024 * 1024)
    assert result.status == TextStatus.TOO_DEMANDING


def test_a_reader_that_dies_is_too_demanding(tmp_path, monkeypatch):
    def crash(path):
        os._exit(1)

    monkeypatch.setattr(extract_module, "_pdf", crash)
    path = tmp_path / "crash.pdf"
    path.write_bytes(sample_pdf())
    assert extract(path, FileKind.PDF).status == TextStatus.TOO_DEMANDING
