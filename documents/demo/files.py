"""The demo's files, written with the same libraries that read them back: a PDF with pypdf,
a DOCX with python-docx, text kinds as UTF-8."""

import io

from docx import Document as WordDocument
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def pdf_bytes(title: str, text: str) -> bytes:
    """A PDF of `text`, its first line as heading, wrapped onto as many pages as it needs."""
    lines = []
    for paragraph in text.split("\n"):
        words, line = paragraph.split(), ""
        for word in words:
            if len(line) + len(word) + 1 > 85:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.extend([line, ""])
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    per_page = 44
    for start in range(0, len(lines), per_page):
        page = writer.add_blank_page(width=612, height=792)
        commands = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        for line in lines[start : start + per_page]:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append(f"({escaped}) '")
        commands.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(commands).encode("cp1252", "replace"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(title: str, text: str) -> bytes:
    """A DOCX of `text`: its first line as the heading, short lines as subheadings."""
    word = WordDocument()
    word.core_properties.title = title
    first, *rest = [line for line in text.split("\n") if line.strip()]
    word.add_heading(first, level=1)
    for line in rest:
        if len(line) < 40 and not line.endswith("."):
            word.add_heading(line, level=2)
        else:
            word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def file_bytes(filename: str, title: str, text: str) -> bytes:
    if filename.endswith(".pdf"):
        return pdf_bytes(title, text)
    if filename.endswith(".docx"):
        return docx_bytes(title, text)
    return text.encode("utf-8")
