"""The library list and a document's page issue as many SQL statements with many documents
(and versions) as with a few: nothing is loaded row by row."""

import html
import io
import re

from documents import services
from documents.queries import VERSIONS_PER_PAGE
from hub.extensions import db
from tests.support import counted_get, sign_in
from tests.support.documents import bulk_documents, upload


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


def test_twenty_thousand_documents_list_with_the_statements_of_twenty(client, library):
    sign_in(client, library.member)
    bulk_documents(library, 20)
    paths = [
        library.url(""),
        library.url("") + "?sort=size&tag=tool&kind=txt&language=en",
        library.url("") + "?sort=title&category=report",
    ]
    few = [counted_get(client, path) for path in paths]
    bulk_documents(library, 19_980)
    assert [counted_get(client, path) for path in paths] == few
    second = client.get(paths[0]).text
    assert "Bulk document 00000" in second and "Bulk document 00030" not in second


def test_a_document_s_versions_are_paged(client, library):
    sign_in(client, library.member)
    document = upload(library, b"version 1", "v.txt")
    for number in range(2, VERSIONS_PER_PAGE + 6):
        services.add_version(
            document, library.member, services.Upload(io.BytesIO(f"v{number}".encode()), "v.txt")
        )
    db.session.commit()
    newest = VERSIONS_PER_PAGE + 5
    page = client.get(library.url(document.id)).text
    shown = [int(number) for number in re.findall(r">Version (\d+)</a>", page)]
    assert shown == list(range(newest, newest - VERSIONS_PER_PAGE, -1))
    older = re.search(r'href="([^"]+versions_before=\d+)[^"]*">Older versions', page)
    assert older is not None
    rest = client.get(html.unescape(older.group(1))).text
    assert [int(n) for n in re.findall(r">Version (\d+)</a>", rest)] == [5, 4, 3, 2, 1]
    assert "Older versions" not in rest and "Newest versions" in rest
