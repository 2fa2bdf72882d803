"""The library's services: uploads, versions, metadata, deletion and downloads, with their
rules and refusals."""

import io

import pytest
from sqlalchemy import select

from documents import services
from documents.extract import TextStatus
from documents.filetypes import FileKind
from documents.models import Category, Document, DocumentVersion
from documents.storage import storage
from hub.audit.models import AuditEntry
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from tests.support.document_files import sample_docx, sample_pdf
from tests.support.documents import reload, upload


def test_an_upload_makes_a_document_with_its_first_version(library):
    document = upload(library, sample_pdf("Forensic audio.", "Audio forensics primer"), "a.pdf")
    assert document.title == "Audio forensics primer"  # from the PDF's own metadata
    assert document.file_kind == FileKind.PDF
    assert document.uploader_id == library.member.id
    version = document.current_version
    assert version.number == 1 and document.version_count == 1
    assert version.original_filename == "a.pdf"
    assert version.media_type == "application/pdf"
    assert version.text_status == TextStatus.READ and "Forensic audio." in version.text
    assert storage().path_of(version.sha256).read_bytes()[:5] == b"%PDF-"
    assert document.size == version.size


def test_the_title_comes_from_a_docx_or_from_the_name(library):
    assert upload(library, sample_docx(title="Speech primer"), "x.docx").title == "Speech primer"
    assert upload(library, b"words", "field_notes-2021.txt").title == "field notes-2021"


def test_a_malformed_pdf_is_stored_with_its_reason(library):
    document = upload(library, b"%PDF-1.7 then garbage", "broken.pdf")
    assert document.current_version.text_status == TextStatus.UNREADABLE
    assert storage().exists(document.current_version.sha256)


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1,023 bytes"),
        (1536, "1.5 kB"),
        (100 * 1024**2, "100 MB"),
        (3 * 1024**3, "3 GB"),
    ],
)
def test_sizes_read_as_people_count_them(size, shown):
    assert services.format_size(size) == shown


@pytest.mark.parametrize(
    ("data", "filename", "says"),
    [
        (b"", "empty.txt", "empty.txt is empty."),
        (b"<html><body>x</body></html>", "fake.pdf", "fake.pdf: This kind of file"),
        (b"%PDF-1.4", "fake.txt", "does not match"),
    ],
)
def test_refused_files_leave_no_row(library, data, filename, says):
    with pytest.raises(RuleViolation) as refusal:
        upload(library, data, filename)
    assert says in refusal.value.message
    db.session.rollback()
    assert db.session.scalar(select(Document.id)) is None


def test_a_file_over_the_limit_is_refused_with_the_limit(library, app, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENTS_MAX_FILE_SIZE", 2048)
    with pytest.raises(RuleViolation) as refusal:
        upload(library, b"x" * 2049, "big.txt")
    assert refusal.value.message == "big.txt is larger than 2 kB, the most a file may be."


def test_the_same_file_twice_points_to_the_first(library):
    first = upload(library, b"same bytes", "one.txt")
    with pytest.raises(services.DuplicateFile) as refusal:
        upload(library, b"same bytes", "two.txt", by=library.other_member)
    assert refusal.value.document.id == first.id
    assert "already in the library" in refusal.value.message


def test_a_deleted_document_does_not_block_its_file(library):
    first = upload(library, b"same bytes", "one.txt")
    services.delete_document(first, library.admin)
    assert upload(library, b"same bytes", "two.txt").id != first.id


def test_outsiders_cannot_upload(library):
    with pytest.raises(AccessDenied):
        upload(library, b"words", "a.txt", by=library.outsider)


def test_a_new_version_becomes_current_and_keeps_the_old(library):
    document = upload(library, b"first words", "notes.txt")
    first_hash = document.current_version.sha256
    services.add_version(
        document,
        library.member,
        services.Upload(io.BytesIO(b"# Second\n"), "notes.md"),
        change_note="Now in Markdown.",
    )
    db.session.commit()
    document = reload(document)
    assert document.version_count == 2
    assert document.current_version.number == 2
    assert document.current_version.change_note == "Now in Markdown."
    assert document.file_kind == FileKind.MARKDOWN
    versions = db.session.scalars(select(DocumentVersion).order_by(DocumentVersion.number)).all()
    assert [version.sha256 for version in versions][0] == first_hash


def test_the_same_file_as_a_new_version_is_refused(library):
    document = upload(library, b"first words", "notes.txt")
    with pytest.raises(services.DuplicateFile) as refusal:
        services.add_version(
            document, library.member, services.Upload(io.BytesIO(b"first words"), "n.txt")
        )
    assert "already a version of this document" in refusal.value.message


@pytest.mark.parametrize("who", ["member", "moderator", "admin"])
def test_the_uploader_moderators_and_administrators_edit(library, who):
    document = upload(library, b"words", "a.txt")
    services.update_document(
        document,
        getattr(library, who),
        title="  A   better title ",
        description="What it is.",
        category=Category.REPORT,
        language="fr",
        source="UNICRI",
        tags=["evidence", "Machine Learning", "machine-learning", ""],
    )
    db.session.commit()
    document = reload(document)
    assert document.title == "A better title"
    assert document.category == Category.REPORT
    assert document.tag_names == ["evidence", "machine-learning"]


def test_other_members_may_not_edit(library):
    document = upload(library, b"words", "a.txt")
    with pytest.raises(AccessDenied):
        services.update_document(document, library.other_member, title="Mine now")
    with pytest.raises(AccessDenied):
        services.add_version(
            document, library.other_member, services.Upload(io.BytesIO(b"other"), "a.txt")
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "description": "x" * 2001}, "description"),
        ({"title": "ok", "source": "x" * 201}, "source"),
        ({"title": "ok", "language": "xx"}, "language"),
        ({"title": "ok", "tags": [f"tag{number}" for number in range(21)]}, "tags"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_changes(library, changes, field):
    document = upload(library, b"words", "a.txt")
    with pytest.raises(RuleViolation) as refusal:
        services.update_document(document, library.member, **changes)
    assert refusal.value.field == field
    db.session.rollback()
    assert reload(document).title == "a"


def test_administrators_delete_and_restore_with_an_audit_trail(library):
    document = upload(library, b"words", "a.txt")
    with pytest.raises(AccessDenied):
        services.delete_document(document, library.moderator)
    services.delete_document(document, library.admin)
    assert document.is_deleted
    with pytest.raises(RuleViolation):
        services.delete_document(document, library.admin)
    services.restore_document(document, library.admin)
    db.session.commit()
    assert not reload(document).is_deleted
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["documents.document_deleted", "documents.document_restored"]


def test_a_download_is_audited(library):
    document = upload(library, b"words", "a.txt")
    services.record_download(document.current_version, library.other_member)
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry))
    assert entry.action == "documents.downloaded"
    assert entry.actor_id == library.other_member.id
    assert entry.workspace_id == library.workspace.id
    assert entry.details["document"] == document.id and entry.details["version"] == 1
