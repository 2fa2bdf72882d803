"""The library list and a document's page issue as many SQL statements with many documents
(and versions) as with a few: nothing is loaded row by row."""

import io

from documents import services
from hub.extensions import db
from tests.support import counted_get, sign_in
from tests.support.documents import upload


def add_documents(library, start: int, count: int) -> None:
    uploaders = [library.member, library.other_member, library.moderator]
    for number in range(start, start + count):
        document = upload(
            library, f"text {number}".encode(), f"doc-{number}.txt", by=uploaders[number % 3]
        )
        services.update_document(
            document, document.uploader, title=f"Document {number}", tags=["tool", f"t{number}"]
        )
    db.session.commit()


def test_the_library_reads_the_same_whatever_the_number_of_documents(client, library):
    sign_in(client, library.member)
    add_documents(library, 0, 10)
    paths = [library.url(""), library.url("") + "?sort=title&tag=tool&category=other"]
    few = [counted_get(client, path) for path in paths]
    add_documents(library, 10, 90)
    assert [counted_get(client, path) for path in paths] == few


def test_a_document_page_reads_the_same_whatever_the_number_of_versions(client, library):
    sign_in(client, library.member)
    document = upload(library, b"version 1", "v.txt")
    path = library.url(document.id)
    few = counted_get(client, path)
    for number in range(2, 30):
        services.add_version(
            document, library.member, services.Upload(io.BytesIO(f"v{number}".encode()), "v.txt")
        )
    db.session.commit()
    assert counted_get(client, path) == few
