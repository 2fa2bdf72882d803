"""The issue's "Bad input", through the upload form: each is answered with a clear message
(or stored with the reason its text is not available), never a 500, nothing half-stored.

Covered elsewhere: empty files, HTML named .pdf and files over the limit (413 included) in
test_views.py; concurrent uploads of the same file in test_concurrency.py; another
workspace's document and a deleted one in test_views.py; a title over its limit in
test_views.py and test_services.py.
"""

import io

import pytest
from sqlalchemy import func, select

from documents.extract import TextStatus
from documents.models import Document, DocumentVersion
from documents.storage import storage
from hub.extensions import db
from tests.support import sign_in
from tests.support.document_files import looping_pdf, zip_bytes
from tests.support.documents import reload

BOMB = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"a" * 10**7})


def post_files(client, library, *pairs):
    return client.post(
        library.url("upload"),
        data={"files": [(io.BytesIO(data), name) for data, name in pairs], "category": "other"},
        content_type="multipart/form-data",
    )


def stored_count() -> int:
    return sum(1 for _ in storage().stored_hashes())


def test_a_docx_that_is_a_zip_bomb_is_refused_before_anything_unpacks_it(client, library):
    sign_in(client, library.member)
    before = stored_count()
    response = post_files(client, library, (BOMB, "bomb.docx"))
    assert response.status_code == 422
    assert "bomb.docx: The file unpacks to far more than its size: it is refused." in response.text
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0
    assert stored_count() == before
    assert list(storage().temporary.iterdir()) == []


def test_a_pdf_whose_page_tree_loops_is_stored_and_says_why(client, library):
    sign_in(client, library.member)
    response = post_files(client, library, (looping_pdf(), "loop.pdf"))
    assert response.status_code == 302
    document = db.session.scalar(select(Document))
    version = reload(document).current_version
    assert version.text_status in (
        TextStatus.UNREADABLE,
        TextStatus.NO_TEXT,
        TextStatus.TOO_DEMANDING,
    )
    page = client.get(library.url(document.id))
    assert page.status_code == 200 and "Text not available:" in page.text


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("na\x00me.txt", "name.txt"),
        ("invoice\u202etxt.exe.txt", "invoicetxt.exe.txt"),
        ("a" * 400 + ".txt", "a" * 251 + ".txt"),
    ],
)
def test_hostile_filenames_are_cleaned_and_never_a_path(client, library, sent, kept):
    sign_in(client, library.member)
    response = post_files(client, library, (b"Plain words.\n", sent))
    assert response.status_code == 302
    version = db.session.scalar(select(DocumentVersion))
    assert version.original_filename == kept
    assert storage().path_of(version.sha256).name == version.sha256  # the stored name
    download = client.get(library.url(version.document_id, "download"))
    assert download.status_code == 200 and download.data == b"Plain words.\n"
    assert "/" not in download.headers["Content-Disposition"].split("filename*=")[1]


@pytest.mark.parametrize("sent", ["...", ". .", "\u202e"])
def test_a_name_with_nothing_left_is_refused_clearly(client, library, sent):
    sign_in(client, library.member)
    response = post_files(client, library, (b"Plain words.\n", sent))
    assert response.status_code == 422
    assert "the file: The file's name does not match its contents" in response.text.replace(
        "&#39;", "'"
    )
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0
