"""A version's text is read, and its first page drawn, after the upload is committed; a
version a stopped server left "text pending" is read by `flask hub extract-pending`."""

import io

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from documents import reading, services
from documents.extract import Extraction, TextStatus
from documents.models import DocumentVersion
from documents.storage import storage
from hub.extensions import db
from tests.support import sign_in
from tests.support.document_files import sample_pdf
from tests.support.documents import reload, upload


def committed_status(version_id: int) -> TextStatus:
    """The status as another connection sees it: what is committed."""
    with Session(db.engine) as session:
        return session.scalar(
            select(DocumentVersion.text_status).where(DocumentVersion.id == version_id)
        )


def test_the_upload_is_committed_before_its_file_is_read(library, monkeypatch):
    seen = []

    def reading_extract(path, kind, **limits):
        version_id = db.session.info["probe"]
        seen.append(committed_status(version_id))
        return Extraction("Read after the commit.")

    monkeypatch.setattr(reading, "extract", reading_extract)
    document = services.upload_document(
        library.workspace, library.member, services.Upload(io.BytesIO(b"%PDF-1.4 x"), "a.pdf")
    )
    db.session.flush()
    db.session.info["probe"] = document.current_version_id
    db.session.commit()

    assert seen == [TextStatus.PENDING]
    version = reload(document).current_version
    assert version.text_status == TextStatus.READ and version.text == "Read after the commit."


def test_a_pdf_gets_its_text_its_title_and_a_picture_of_its_first_page(client, library):
    document = upload(library, sample_pdf("Body camera footage.", "Footage review"), "f.pdf")
    document = reload(document)
    version = document.current_version
    assert version.text_status == TextStatus.READ and "Body camera footage." in version.text
    assert document.title == "Footage review"  # the file's own title replaced "f"
    assert version.has_picture

    page = sign_in(client, library.member).get(library.url(document.id)).text
    picture_url = library.url(document.id, "versions", 1, "picture")
    assert f'<img src="{picture_url}"' in page
    picture = client.get(picture_url)
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert picture.headers["X-Content-Type-Options"] == "nosniff"
    assert picture.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert Image.open(io.BytesIO(picture.data)).format == "PNG"


def test_a_title_the_uploader_chose_is_kept(library):
    document = services.upload_document(
        library.workspace,
        library.member,
        services.Upload(io.BytesIO(sample_pdf("Words.", "Metadata title")), "m.pdf"),
    )
    services.update_document(document, library.member, title="Chosen title")
    db.session.commit()
    assert reload(document).title == "Chosen title"


def test_text_kinds_have_a_type_icon_not_a_picture(client, library):
    document = upload(library, b"Plain notes.\n", "notes.txt")
    page = sign_in(client, library.member).get(library.url(document.id)).text
    assert "<img" not in page
    assert "No picture of the first page for this type of file (Text)." in page
    assert client.get(library.url(document.id, "versions", 1, "picture")).status_code == 404


def test_a_version_left_pending_says_so_and_is_read_by_the_command(
    app, client, runner, library, monkeypatch
):
    monkeypatch.setitem(app.config, "DOCUMENTS_READ_AFTER_COMMIT", False)  # the server stops
    document = upload(library, sample_pdf("Crowd analytics.", "Crowds"), "crowds.pdf")
    assert reload(document).current_version.text_status == TextStatus.PENDING
    page = sign_in(client, library.member).get(library.url(document.id)).text
    assert "Text pending" in page

    result = runner.invoke(args=["hub", "extract-pending"])
    assert result.exit_code == 0, result.output
    assert "Read the text of 1 version(s)." in result.output
    version = reload(document).current_version
    assert version.text_status == TextStatus.READ and "Crowd analytics." in version.text
    assert version.has_picture and storage().picture_path(version.sha256).is_file()
    assert "Crowd analytics." in client.get(library.url(document.id)).text

    again = runner.invoke(args=["hub", "extract-pending"])
    assert again.exit_code == 0 and "No version is waiting for its text." in again.output


def test_two_readers_of_one_version_write_it_once(app, library, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENTS_READ_AFTER_COMMIT", False)
    document = upload(library, b"Some words.\n", "w.txt")
    version_id = reload(document).current_version_id
    db.session.commit()  # readers run with no transaction open
    assert reading.read_versions([version_id]) == 1
    assert reading.read_versions([version_id]) == 0
    assert committed_status(version_id) == TextStatus.READ


def test_a_refused_upload_reads_nothing(client, library):
    sign_in(client, library.member)
    client.post(
        library.url("upload"),
        data={"files": [(io.BytesIO(b""), "empty.txt")], "category": "other"},
        content_type="multipart/form-data",
    )
    assert reading.pending_version_ids() == []


def test_a_reader_that_fails_after_the_commit_leaves_the_version_pending(
    client, library, monkeypatch
):
    def broken(path, kind, **limits):
        raise OSError("disk full")

    monkeypatch.setattr(reading, "extract", broken)
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={"files": [(io.BytesIO(b"Kept words.\n"), "kept.txt")], "category": "other"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302  # the upload is saved; its text waits
    assert reading.pending_version_ids() != []
