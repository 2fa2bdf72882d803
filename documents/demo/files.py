"""The demo's files, written with the same libraries that read them back: a PDF with pypdf,
a DOCX with python-docx, a PPTX with python-pptx, an XLSX with openpyxl, OpenDocument files
as the zip of XML that documents.extract reads, RTF by its own simple rules, a diagram with
Pillow, text kinds as UTF-8.

A demo text is plain lines: the first is the heading; a short line without a final full
stop is a subheading; other lines are paragraphs. For spreadsheets (XLSX, ODS, CSV) the
text is CSV, its first row the column names.
"""

import csv
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

import openpyxl
import pptx
from docx import Document as WordDocument
from PIL import Image, ImageDraw, ImageFont
from pptx.util import Pt
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def _blocks(text: str) -> tuple[str, list[tuple[bool, str]]]:
    """The heading, then (is_subheading, line) for each other line."""
    first, *rest = [line.strip() for line in text.split("\n") if line.strip()] or [""]
    return first, [(len(line) < 60 and not line.endswith((".", ":", "?")), line) for line in rest]


def pdf_bytes(title: str, text: str) -> bytes:
    """A PDF of `text`, its first line as heading, wrapped onto as many pages as it needs.
    Written as plain content streams (one font, no layout engine): quick to make."""
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
    first, rest = _blocks(text)
    word.add_heading(first, level=1)
    for is_heading, line in rest:
        if is_heading:
            word.add_heading(line, level=2)
        else:
            word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def pptx_bytes(title: str, text: str) -> bytes:
    """Slides of `text`: a title slide, then one slide per subheading with its paragraphs
    as bullet points."""
    presentation = pptx.Presentation()
    presentation.core_properties.title = title
    first, rest = _blocks(text)
    opening = presentation.slides.add_slide(presentation.slide_layouts[0])
    opening.shapes.title.text = first
    opening.placeholders[1].text = title
    slide_body = None
    for is_heading, line in rest:
        if is_heading or slide_body is None:
            slide = presentation.slides.add_slide(presentation.slide_layouts[1])
            slide.shapes.title.text = line if is_heading else first
            slide_body = slide.placeholders[1].text_frame
            slide_body.text = ""
            if is_heading:
                continue
        paragraph = (
            slide_body.paragraphs[0] if not slide_body.text else slide_body.add_paragraph()
        )
        paragraph.text = line
        paragraph.font.size = Pt(16)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def _rows(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text)) if row]


def _cell(value: str):
    """Numbers as numbers, so the spreadsheet sums them."""
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


def xlsx_bytes(title: str, text: str) -> bytes:
    """A workbook of one sheet holding the CSV `text`, its first row bold."""
    workbook = openpyxl.Workbook()
    workbook.properties.title = title
    sheet = workbook.active
    sheet.title = title[:31].translate(str.maketrans("", "", "[]:*?/\\")) or "Sheet"
    for row in _rows(text):
        sheet.append([_cell(value) for value in row])
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)
_ODF_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def _opendocument(kind: str, title: str, body: str) -> bytes:
    media_type = _ODF_TYPES[kind]
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODF_NAMESPACES} '
        f'office:version="1.3"><office:body>{body}</office:body></office:document-content>'
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_ODF_NAMESPACES} '
        f'office:version="1.3"><office:meta><dc:title>{escape(title)}</dc:title>'
        "<meta:generator>Knowledge Hub demo</meta:generator></office:meta></office:document-meta>"
    )
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest {_ODF_NAMESPACES} '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{media_type}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The OpenDocument rule: `mimetype` first, stored uncompressed.
        archive.writestr("mimetype", media_type, compress_type=zipfile.ZIP_STORED)
        for name, data in (
            ("content.xml", content),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest),
        ):
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def odt_bytes(title: str, text: str) -> bytes:
    first, rest = _blocks(text)
    parts = [f'<text:h text:outline-level="1">{escape(first)}</text:h>']
    for is_heading, line in rest:
        if is_heading:
            parts.append(f'<text:h text:outline-level="2">{escape(line)}</text:h>')
        else:
            parts.append(f"<text:p>{escape(line)}</text:p>")
    return _opendocument("odt", title, f"<office:text>{''.join(parts)}</office:text>")


def ods_bytes(title: str, text: str) -> bytes:
    rows = []
    for row in _rows(text):
        cells = "".join(
            f"<table:table-cell><text:p>{escape(value)}</text:p></table:table-cell>"
            for value in row
        )
        rows.append(f"<table:table-row>{cells}</table:table-row>")
    table = f"<table:table table:name={quoteattr(title[:31])}>{''.join(rows)}</table:table>"
    return _opendocument("ods", title, f"<office:spreadsheet>{table}</office:spreadsheet>")


def odp_bytes(title: str, text: str) -> bytes:
    first, rest = _blocks(text)
    pages, lines = [], [first]
    for is_heading, line in rest:
        if is_heading and lines:
            pages.append(lines)
            lines = []
        lines.append(line)
    pages.append(lines)
    slides = []
    for number, page in enumerate(pages, start=1):
        paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in page)
        slides.append(
            f'<draw:page draw:name="page{number}"><draw:frame><draw:text-box>{paragraphs}'
            "</draw:text-box></draw:frame></draw:page>"
        )
    return _opendocument(
        "odp", title, f"<office:presentation>{''.join(slides)}</office:presentation>"
    )


def _rtf_escape(line: str) -> str:
    out = []
    for ch in line:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\u{code - 65536 if code > 32767 else code}?")
    return "".join(out)


def rtf_bytes(title: str, text: str) -> bytes:
    first, rest = _blocks(text)
    body = [f"{{\\pard\\sa200\\b\\fs32 {_rtf_escape(first)}\\par}}"]
    for is_heading, line in rest:
        weight = "\\b\\fs26 " if is_heading else "\\fs22 "
        body.append(f"{{\\pard\\sa160{weight}{_rtf_escape(line)}\\par}}")
    document = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Helvetica;}}"
        f"{{\\info{{\\title {_rtf_escape(title)}}}}}\n" + "\n".join(body) + "\n}"
    )
    return document.encode("ascii")


def png_bytes(title: str, text: str) -> bytes:
    """A diagram drawn with Pillow: the first line as heading, each middle line in a box,
    the last line as a caption."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    heading, boxes, caption = lines[0], lines[1:-1], lines[-1]
    width, box_height, gap = 1200, 90, 24
    height = 150 + len(boxes) * (box_height + gap) + 60
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((60, 50), heading, fill="#1d3557", font=ImageFont.load_default(44))
    font = ImageFont.load_default(34)
    for number, label in enumerate(boxes):
        top = 140 + number * (box_height + gap)
        draw.rounded_rectangle(
            (60, top, width - 60, top + box_height), radius=16, fill="#e8eef6", outline="#1d3557"
        )
        draw.text((100, top + 26), f"{number + 1}. {label}", fill="#1d3557", font=font)
    draw.text((60, height - 50), caption, fill="#555555", font=ImageFont.load_default(22))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


WRITERS = {
    ".pdf": pdf_bytes,
    ".docx": docx_bytes,
    ".pptx": pptx_bytes,
    ".xlsx": xlsx_bytes,
    ".odt": odt_bytes,
    ".ods": ods_bytes,
    ".odp": odp_bytes,
    ".rtf": rtf_bytes,
    ".png": png_bytes,
}


def file_bytes(filename: str, title: str, text: str) -> bytes:
    """The file named `filename` holding `text`, in the kind its extension says."""
    writer = WRITERS.get("." + filename.rpartition(".")[2].lower())
    return writer(title, text) if writer else text.encode("utf-8")
