"""The demo library: real files of several kinds in the AI workspace, read back by the same
code as members' uploads, one with two versions."""

import re

from pypdf import PdfReader
from sqlalchemy import select

from documents.demo import load_demo_documents
from documents.extract import TextStatus
from documents.filetypes import FileKind
from documents.models import Document, DocumentVersion
from documents.storage import storage
from hub.extensions import db
from tests.support import sign_in


def test_the_demo_files_are_readable():
    demos = load_demo_documents()
    assert len(demos) >= 30
    assert sum(1 for demo in demos if demo.versions) >= 3


def test_the_demo_library_holds_real_files_with_their_text(in_demo):
    documents = db.session.scalars(select(Document)).all()
    assert len(documents) == len(load_demo_documents())
    assert set(FileKind) - {FileKind.JPEG} <= {document.file_kind for document in documents}
    for version in db.session.scalars(select(DocumentVersion)):
        expected = TextStatus.NO_TEXT if version.file_kind == FileKind.PNG else TextStatus.READ
        assert version.text_status == expected, version.original_filename
        assert storage().exists(version.sha256)
        if version.file_kind in (FileKind.PDF, FileKind.PNG):
            assert version.has_picture and storage().picture_path(version.sha256).is_file()
    pdfs = [doc.current_version for doc in documents if doc.file_kind == FileKind.PDF]
    assert max(len(PdfReader(storage().path_of(pdf.sha256)).pages) for pdf in pdfs) > 1
    assert sum(1 for document in documents if document.version_count == 2) >= 3
    assert len({document.collection_id for document in documents} - {None}) == 3
    assert {"en", "fr", "es"} <= {document.language for document in documents}
    assert "illustration" in " ".join(db.session.scalars(select(DocumentVersion.text)).all())


def test_a_member_reads_the_demo_library(demo_client):
    sign_in(demo_client, "member@example.org", "demo-password-1")
    library = demo_client.get("/w/ai/documents/")
    assert library.status_code == 200
    assert "The Toolkit&#39;s five principles at a glance" in library.text
    pdf = db.session.scalar(select(Document).where(Document.file_kind == FileKind.PDF))
    page = demo_client.get(f"/w/ai/documents/{pdf.id}")
    assert page.status_code == 200 and "Responsible AI innovation" in page.text
    assert storage().path_of(pdf.current_version.sha256).read_bytes().startswith(b"%PDF-")


def test_demo_wiki_pages_and_events_link_to_the_documents_they_mean(demo_client):
    """The demo writes documents' numbers ([[doc:4]], "doc: 4"): the seed makes the library
    first, in the order of documents.toml, so each number is the document meant."""
    sign_in(demo_client, "member@example.org", "demo-password-1")
    notes = db.session.scalar(
        select(Document).where(
            Document.title == "Notes from VDR 2 on principles for responsible use"
        )
    )
    shown = demo_client.get(f"/w/ai/documents/{notes.id}").text
    linked = shown.split('id="linked-from-heading"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'href="/w/ai/wiki/events/vdr-2"[^>]*>VDR 2: Principles', linked)
    assert re.search(r'href="/w/ai/events/\d+"[^>]*>VDR 2: Principles', linked)
    pages = {
        "events/vdr-1": ["Notes from VDR 1", "How to propose a use case"],
        "events/vtr-1": ["VTR 1 handout"],
        "topics/speech-recognition": ["Speech recognition for interview transcripts"],
        "toolkit/principles": ["The Toolkit's five principles", "Diagram: the Toolkit's five"],
    }
    for path, titles in pages.items():
        page = demo_client.get(f"/w/ai/wiki/{path}").text
        for title in titles:
            assert re.search(rf'href="/w/ai/documents/\d+"[^>]*>{re.escape(title)}', page), path
    timeline = db.session.scalar(select(Document).where(Document.title.startswith("Timeline")))
    linked = demo_client.get(f"/w/ai/documents/{timeline.id}").text.split("linked-from", 1)[1]
    assert "VDR 3: Principles of policing" in linked
