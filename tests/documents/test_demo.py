"""The demo library: real files of several kinds in the AI workspace, read back by the same
code as members' uploads, one with two versions."""

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
    assert len(demos) >= 5
    assert any(demo.versions for demo in demos)


def test_the_demo_library_holds_real_files_with_their_text(in_demo):
    documents = db.session.scalars(select(Document)).all()
    assert len(documents) == len(load_demo_documents())
    assert {FileKind.PDF, FileKind.DOCX, FileKind.CSV, FileKind.TEXT, FileKind.MARKDOWN} <= {
        document.file_kind for document in documents
    }
    for version in db.session.scalars(select(DocumentVersion)):
        assert version.text_status == TextStatus.READ, version.original_filename
        assert storage().exists(version.sha256)
    assert max(document.version_count for document in documents) == 2
    assert len({document.collection_id for document in documents} - {None}) == 2
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
