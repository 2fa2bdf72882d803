"""Administrators purge deleted documents: the rows go, and the bytes too unless another
version, of any document in any workspace, holds the same file."""

import io

import pytest
from sqlalchemy import func, select

from documents import services
from documents.models import Document, DocumentVersion
from documents.storage import storage
from hub.audit.models import AuditEntry
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from tests.support import sign_in
from tests.support.document_files import sample_pdf
from tests.support.documents import build_library, reload, upload


def stored(sha256: str) -> bool:
    return storage().path_of(sha256).is_file()


def deleted_document(library, data=b"Purge me.\n", filename="p.txt"):
    document = upload(library, data, filename)
    services.delete_document(document, library.admin)
    db.session.commit()
    return reload(document)


def test_a_purge_removes_the_document_its_versions_and_their_files(library):
    document = upload(library, sample_pdf("First.", ""), "p.pdf")
    services.add_version(
        document, library.member, services.Upload(io.BytesIO(b"Second.\n"), "p.txt")
    )
    services.delete_document(document, library.admin)
    db.session.commit()
    hashes = db.session.scalars(
        select(DocumentVersion.sha256).order_by(DocumentVersion.number)
    ).all()
    assert len(hashes) == 2 and all(stored(sha256) for sha256 in hashes)
    assert storage().picture_path(hashes[0]).is_file()

    services.purge_document(reload(document), library.admin)
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(Document)) == 0
    assert db.session.scalar(select(func.count()).select_from(DocumentVersion)) == 0
    assert not any(stored(sha256) for sha256 in hashes)
    assert not storage().picture_path(hashes[0]).exists()
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "documents.document_purged")
    )
    assert entry is not None and entry.details["title"] == "p" and entry.details["versions"] == 2


def test_bytes_another_document_holds_are_kept(library):
    document = deleted_document(library, b"Shared bytes.\n")
    elsewhere = upload(build_library("other"), b"Shared bytes.\n", "theirs.txt")
    sha256 = reload(elsewhere).current_version.sha256

    services.purge_document(document, library.admin)
    db.session.commit()

    assert stored(sha256)
    assert reload(elsewhere).current_version.sha256 == sha256


def test_a_purge_rolled_back_removes_nothing(library):
    document = deleted_document(library)
    sha256 = document.current_version.sha256
    services.purge_document(document, library.admin)
    db.session.rollback()
    db.session.commit()
    assert stored(sha256) and reload(document) is not None


def test_only_administrators_purge_and_only_deleted_documents(library):
    live = upload(library, b"Live.\n", "live.txt")
    with pytest.raises(RuleViolation, match="Only a deleted document can be purged."):
        services.purge_document(live, library.admin)
    document = deleted_document(library)
    for who in (library.moderator, library.member):
        with pytest.raises(AccessDenied):
            services.purge_document(document, who)


def test_administrators_purge_through_the_page_after_a_confirmation(client, library):
    document = deleted_document(library)
    sha256, path = document.current_version.sha256, library.url(document.id)
    sign_in(client, library.admin)
    page = client.get(path).text
    assert "Purge the document" in page and "data-confirm=" in page

    response = client.post(f"{path}/purge", follow_redirects=True)

    assert response.request.path == library.url("")
    assert "The document and its files are removed for good." in response.text
    assert not stored(sha256)
    assert client.get(path).status_code == 404


def test_a_live_document_is_not_purged_through_the_page(client, library):
    document = upload(library, b"Live.\n", "live.txt")
    sign_in(client, library.admin)
    page = client.get(library.url(document.id)).text
    assert "Purge the document" not in page
    response = client.post(library.url(document.id, "purge"), follow_redirects=True)
    assert "Only a deleted document can be purged." in response.text
    assert reload(document) is not None


def test_members_may_not_purge(client, library):
    document = deleted_document(library)
    sign_in(client, library.moderator)
    assert client.post(library.url(document.id, "purge")).status_code == 403
    assert reload(document) is not None
