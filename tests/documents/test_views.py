"""The library through HTTP: uploading (plain form and script), the list and its filters,
a document's page, downloads, versions, editing, deleting; and every bad input."""

import io
import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from documents import services
from documents.models import Category, Document, DocumentVersion
from documents.storage import storage
from hub.audit.models import AuditEntry
from hub.extensions import db
from tests.support import sign_in
from tests.support.document_files import sample_pdf
from tests.support.documents import build_library, reload, upload

JSON = {"Accept": "application/json"}


def files(*pairs):
    return [(io.BytesIO(data), name) for data, name in pairs]


def document_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Document))


def stored_files() -> list:
    root = storage().root
    return [path for path in root.rglob("*") if path.is_file() and "tmp" not in path.parts]


# --- uploading ---------------------------------------------------------------------------


def test_several_files_upload_at_once_without_script(client, library):
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={
            "files": files((sample_pdf("Text.", "Primer"), "primer.pdf"), (b"Notes", "n.txt")),
            "category": "paper",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.location.endswith(library.url(""))
    titles = db.session.scalars(select(Document.title).order_by(Document.id)).all()
    assert titles == ["Primer", "n"]
    assert {doc.category for doc in db.session.scalars(select(Document))} == {Category.PAPER}


def test_one_file_leads_to_its_details(client, library):
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={"files": files((b"Notes", "n.txt")), "category": "other"},
        content_type="multipart/form-data",
    )
    document = db.session.scalar(select(Document))
    assert response.location.endswith(library.url(document.id, "edit"))


def test_the_script_gets_json(client, library):
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={"files": files((b"Notes", "n.txt")), "category": "other"},
        content_type="multipart/form-data",
        headers=JSON,
    )
    assert response.status_code == 201
    document = db.session.scalar(select(Document))
    assert response.json == {
        "title": "n",
        "url": library.url(document.id),
        "edit_url": library.url(document.id, "edit"),
    }
    duplicate = client.post(
        library.url("upload"),
        data={"files": files((b"Notes", "again.txt")), "category": "other"},
        content_type="multipart/form-data",
        headers=JSON,
    )
    assert duplicate.status_code == 422
    assert duplicate.json["existing"] == {"title": "n", "url": library.url(document.id)}


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "empty.txt is empty."),
        (b"<!doctype html><script>x</script>", "report.pdf", "This kind of file is not accepted"),
        (b"#!/bin/sh\nrm -rf /\n", "run.sh", "does not match its contents"),
        (sample_pdf(), "report.txt", "does not match its contents (it contains PDF)"),
    ],
)
def test_refused_files_say_why_and_store_nothing(client, library, data, filename, message):
    sign_in(client, library.member)
    before = len(stored_files())
    response = client.post(
        library.url("upload"),
        data={"files": files((data, filename)), "category": "other"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert document_count() == 0
    assert len(stored_files()) == before


def test_one_refused_file_leaves_the_others_uploaded(client, library):
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={"files": files((b"Good", "good.txt"), (b"", "empty.txt")), "category": "other"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "empty.txt is empty." in response.get_data(as_text=True)
    assert db.session.scalars(select(Document.title)).all() == ["good"]


def test_a_file_over_the_limit_is_refused_with_a_clear_message(client, library, app, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENTS_MAX_FILE_SIZE", 1024)
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={"files": files((b"x" * 1025, "big.txt")), "category": "other"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "big.txt is larger than 1 kB, the most a file may be." in response.text
    assert document_count() == 0
    assert list(storage().temporary.iterdir()) == []


def test_a_request_over_the_hub_limit_is_413(client, library, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={"files": files((b"x" * 5000, "big.txt")), "category": "other"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "larger than the hub accepts" in response.text
    assert document_count() == 0


def test_no_file_chosen(client, library):
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={"category": "other"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Choose at least one file." in response.text


def test_a_category_that_is_not_offered(client, library):
    sign_in(client, library.member)
    response = client.post(
        library.url("upload"),
        data={"files": files((b"Notes", "n.txt")), "category": "secret"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Choose one of the listed options." in response.text
    assert document_count() == 0


# --- reading and downloading ---------------------------------------------------------------


def test_the_document_page_shows_facts_preview_and_versions(client, library):
    document = upload(library, sample_pdf("Speech recognition in interviews.", "Primer"), "p.pdf")
    sign_in(client, library.other_member)
    page = client.get(library.url(document.id)).text
    assert "Primer" in page
    assert "Speech recognition in interviews." in page
    assert document.current_version.sha256 in page
    assert library.url(document.id, "versions", 1, "download") in page
    assert "Edit details" not in page  # not theirs


def test_a_file_without_text_says_why(client, library):
    document = upload(library, b"%PDF-1.7 garbage", "broken.pdf")
    sign_in(client, library.member)
    assert (
        "Text not available: the file could not be read"
        in client.get(library.url(document.id)).text
    )


def test_a_download_is_an_audited_attachment(client, library):
    document = upload(library, b"Sensitive words.", "Rapport d\u2019\u00e9t\u00e9 \u062a\u0642.txt")
    sign_in(client, library.other_member)
    response = client.get(library.url(document.id, "download"))
    assert response.status_code == 200
    assert response.data == b"Sensitive words."
    assert response.mimetype == "text/plain"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert (
        "filename*=UTF-8''" + quote("Rapport d\u2019\u00e9t\u00e9 \u062a\u0642.txt") in disposition
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "documents.downloaded"))
    assert entry.actor_id == library.other_member.id
    assert entry.details["document"] == document.id


def test_a_head_request_is_not_a_download(client, library):
    document = upload(library, b"words", "w.txt")
    sign_in(client, library.member)
    assert client.head(library.url(document.id, "download")).status_code == 200
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "documents.downloaded")
        )
        == 0
    )


def test_a_download_serves_ranges(client, library):
    document = upload(library, b"0123456789abcdef", "digits.txt")
    sign_in(client, library.member)
    response = client.get(library.url(document.id, "download"), headers={"Range": "bytes=4-7"})
    assert response.status_code == 206
    assert response.data == b"4567"
    assert response.headers["Content-Range"] == "bytes 4-7/16"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    tail = client.get(library.url(document.id, "download"), headers={"Range": "bytes=-3"})
    assert tail.status_code == 206 and tail.data == b"def"
    beyond = client.get(library.url(document.id, "download"), headers={"Range": "bytes=99-"})
    assert beyond.status_code == 416
    stale = client.get(
        library.url(document.id, "download"),
        headers={"Range": "bytes=0-1", "If-Range": '"not-its-hash"'},
    )
    assert stale.status_code == 200 and stale.data == b"0123456789abcdef"
    unchanged = client.get(
        library.url(document.id, "download"),
        headers={"If-None-Match": f'"{document.current_version.sha256}"'},
    )
    assert unchanged.status_code == 304


def test_any_version_downloads(client, library):
    document = upload(library, b"first", "v.txt")
    services.add_version(document, library.member, services.Upload(io.BytesIO(b"second"), "v.txt"))
    db.session.commit()
    sign_in(client, library.member)
    assert client.get(library.url(document.id, "versions", 1, "download")).data == b"first"
    assert client.get(library.url(document.id, "versions", 2, "download")).data == b"second"
    assert client.get(library.url(document.id, "download")).data == b"second"
    assert client.get(library.url(document.id, "versions", 3, "download")).status_code == 404


def test_another_workspace_s_document_is_not_found(client, library):
    other = build_library("drones")
    theirs = upload(other, b"theirs", "t.txt")
    sign_in(client, library.admin)
    for path in (
        library.url(theirs.id),
        library.url(theirs.id, "download"),
        library.url(theirs.id, "versions", 1, "download"),
        library.url(theirs.id, "versions", 1, "picture"),
        library.url(theirs.id, "edit"),
        library.url(theirs.id, "versions", "new"),
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(library.url(theirs.id, "delete")).status_code == 404
    assert client.post(library.url(theirs.id, "purge")).status_code == 404
    assert client.get(library.url(2**70)).status_code == 404


def test_a_deleted_document_is_gone_for_members_and_not_downloadable(client, library):
    document = upload(library, sample_pdf("Gone."), "g.pdf")
    services.delete_document(document, library.admin)
    db.session.commit()
    sign_in(client, library.member)
    assert client.get(library.url(document.id)).status_code == 404
    assert client.get(library.url(document.id, "download")).status_code == 404
    assert client.get(library.url(document.id, "versions", 1, "picture")).status_code == 404
    assert "A test PDF" not in client.get(library.url("")).text  # the PDF's own title
    admin = client.application.test_client()
    sign_in(admin, library.admin)
    page = admin.get(library.url(document.id))
    assert page.status_code == 200 and "Restore the document" in page.text
    assert admin.get(library.url(document.id, "download")).status_code == 404


# --- the library list ----------------------------------------------------------------------


def listed_titles(client, library, query: str = "") -> list[str]:
    page = client.get(library.url("") + query).text
    return re.findall(r'<th scope="row"><a href="[^"]+" dir="auto">([^<]+)</a>', page)


def test_filters_and_orders(client, library):
    a = upload(library, b"aaa", "alpha.txt")
    b = upload(library, b"bbbbbbbb", "bravo.md", by=library.other_member)
    c = upload(library, sample_pdf("x"), "charlie.pdf")
    services.update_document(
        a, library.member, title="Alpha", category=Category.REPORT, language="fr", tags=["threat"]
    )
    services.update_document(b, library.other_member, title="Bravo", tags=["tool", "drones"])
    services.update_document(c, library.member, title="Charlie", category=Category.REPORT)
    db.session.commit()
    sign_in(client, library.member)
    assert listed_titles(client, library) == ["Charlie", "Bravo", "Alpha"]
    assert listed_titles(client, library, "?sort=title") == ["Alpha", "Bravo", "Charlie"]
    assert listed_titles(client, library, "?sort=size")[-1] == "Alpha"
    assert listed_titles(client, library, "?category=report") == ["Charlie", "Alpha"]
    assert listed_titles(client, library, "?kind=md") == ["Bravo"]
    assert listed_titles(client, library, "?tag=Drones") == ["Bravo"]
    assert listed_titles(client, library, "?language=fr") == ["Alpha"]
    assert listed_titles(client, library, f"?uploader={library.other_member.id}") == ["Bravo"]
    # Values the form does not offer filter nothing, and say so.
    response = client.get(library.url("") + "?category=nope&sort=evil&uploader=x")
    assert response.status_code == 200
    assert "Choose one of the listed options." in response.text


def test_the_date_range_filters_by_upload_day(client, library):
    old = upload(library, b"old", "old.txt")
    new = upload(library, b"new", "new.txt")
    old.created_at = datetime(2021, 6, 24, 23, 30, tzinfo=UTC)
    new.created_at = datetime(2021, 6, 25, 8, 0, tzinfo=UTC)
    db.session.commit()
    sign_in(client, library.member)
    assert listed_titles(client, library, "?since=2021-06-25") == ["new"]
    assert listed_titles(client, library, "?until=2021-06-24") == ["old"]
    assert listed_titles(client, library, "?since=2021-06-24&until=2021-06-25") == ["new", "old"]
    # A reversed or unreadable range filters nothing, and says why.
    reversed_range = client.get(library.url("") + "?since=2021-06-25&until=2021-06-24")
    assert "The end date is before the start date." in reversed_range.text
    assert listed_titles(client, library, "?since=2021-06-25&until=2021-06-24") == ["new", "old"]
    assert "Enter a date as year-month-day" in client.get(library.url("") + "?since=25/06").text


def test_an_empty_library_says_so(client, library):
    sign_in(client, library.member)
    assert "No documents yet." in client.get(library.url("") + "?sort=title").text
    upload(library, b"words", "a.txt")
    assert "No documents match." in client.get(library.url("") + "?category=paper").text


def test_the_list_is_paged(client, library):
    for number in range(30):
        upload(library, f"text {number}".encode(), f"doc-{number:02d}.txt")
    sign_in(client, library.member)
    first = listed_titles(client, library, "?sort=title")
    assert first[0] == "doc-00" and len(first) == 25
    last_id = db.session.scalar(select(Document.id).where(Document.title == "doc-24"))
    page = client.get(library.url("") + "?sort=title").text
    assert f"after={last_id}" in page
    rest = listed_titles(client, library, f"?sort=title&after={last_id}")
    assert rest == [f"doc-{number}" for number in range(25, 30)]


# --- versions, editing, deleting -------------------------------------------------------------


def test_a_new_version_through_the_form(client, library):
    document = upload(library, b"first", "v.txt")
    sign_in(client, library.member)
    response = client.post(
        library.url(document.id, "versions", "new"),
        data={"file": (io.BytesIO(b"second"), "v2.txt"), "change_note": "Fixed a typo."},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    document = reload(document)
    assert document.version_count == 2 and document.current_version.change_note == "Fixed a typo."


@pytest.mark.parametrize(
    ("sent", "note", "message"),
    [
        (None, "My note", "Choose a file."),
        ((b"first", "same.txt"), "My note", "already a version of this document"),
        ((b"", "empty.txt"), "My note", "empty.txt is empty."),
        ((b"new", "n.txt"), "x" * 501, "Use at most 500 characters."),
    ],
)
def test_a_refused_version_keeps_the_note(client, library, sent, note, message):
    document = upload(library, b"first", "v.txt")
    sign_in(client, library.member)
    data = {"change_note": note}
    if sent is not None:
        data["file"] = (io.BytesIO(sent[0]), sent[1])
    response = client.post(
        library.url(document.id, "versions", "new"), data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert message in response.text
    assert note[:20] in response.text
    assert reload(document).version_count == 1
    assert db.session.scalar(select(func.count()).select_from(DocumentVersion)) == 1


def test_others_may_not_add_versions_or_edit(client, library):
    document = upload(library, b"first", "v.txt")
    sign_in(client, library.other_member)
    assert client.get(library.url(document.id, "versions", "new")).status_code == 403
    assert client.get(library.url(document.id, "edit")).status_code == 403
    response = client.post(library.url(document.id, "edit"), data={"title": "Mine"})
    assert response.status_code == 403
    assert reload(document).title == "v"


def test_editing_the_details(client, library):
    document = upload(library, b"first", "v.txt")
    sign_in(client, library.moderator)
    response = client.post(
        library.url(document.id, "edit"),
        data={
            "title": "Guidance on drones",
            "description": "Line one.\r\nLine two.",
            "category": "legal",
            "language": "es",
            "source": "A working group",
            "published_on": "2021-11-17",
            "lens": ["tool", "evidence", "bogus"],
            "tags": "UAV, counter drones",
        },
    )
    assert response.status_code == 302
    document = reload(document)
    assert document.title == "Guidance on drones"
    assert document.description == "Line one.\nLine two."
    assert document.category == Category.LEGAL and document.language == "es"
    assert str(document.published_on) == "2021-11-17"
    assert document.tag_names == ["counter-drones", "evidence", "tool", "uav"]
    page = client.get(library.url(document.id, "edit")).text
    assert 'value="counter-drones, uav"' in page
    assert re.search(r'value="tool" checked', page)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Give the document a title."),
        ({"title": "x" * 201}, "Use at most 200 characters."),
        ({"published_on": "17/11/2021"}, "Enter a date as year-month-day"),
        ({"language": "klingon"}, "Choose one of the listed options."),
        ({"tags": ", ".join(f"t{number}" for number in range(21))}, "Use at most 20 tags."),
    ],
)
def test_bad_details_are_refused_and_the_text_kept(client, library, changes, message):
    document = upload(library, b"first", "v.txt")
    sign_in(client, library.member)
    data = {"title": "Kept title", "description": "Kept description", "category": "other"}
    response = client.post(library.url(document.id, "edit"), data={**data, **changes})
    assert response.status_code == 422
    assert message in response.text
    assert "Kept description" in response.text
    assert reload(document).title == "v"


def test_administrators_delete_and_restore_through_the_page(client, library):
    document = upload(library, b"first", "v.txt")
    sign_in(client, library.admin)
    client.post(library.url(document.id, "delete"))
    assert reload(document).is_deleted
    again = client.post(library.url(document.id, "delete"), follow_redirects=True)
    assert "already deleted" in again.text
    client.post(library.url(document.id, "restore"))
    assert not reload(document).is_deleted
