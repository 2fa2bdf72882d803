"""Files of each kind the library knows, and some it refuses, made on the spot."""

import io
import zipfile

from documents.demo.files import docx_bytes, pdf_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x00" * 40


def zip_bytes(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def office_bytes(main_part: str, content_type: str = "application/xml") -> bytes:
    types = f'<Types><Override ContentType="{content_type}"/></Types>'.encode()
    return zip_bytes({"[Content_Types].xml": types, main_part: b"<xml/>"})


def odt_bytes() -> bytes:
    return zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<xml/>"},
        compression=zipfile.ZIP_STORED,
    )


def sample_pdf(text: str = "Hello from a test PDF.", title: str = "A test PDF") -> bytes:
    return pdf_bytes(title, text)


def sample_docx(text: str = "Heading\nA paragraph of a test document.", title: str = "") -> bytes:
    return docx_bytes(title, text)
