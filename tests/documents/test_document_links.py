"""``[[doc:ID]]`` in the wiki links to a document of the same workspace, named by its title;
a deleted document, one of another workspace or an id that is not a number stays text."""

import re

import pytest

from documents import services
from hub.extensions import db
from tests.support import sign_in
from tests.support.documents import build_library, upload
from wiki.links import render_body
from wiki.services import create_page, ensure_default_sections


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', html)


def test_a_document_link_shows_the_title_and_opens_the_document(client, library):
    document = upload(library, filename="report.txt")
    document.title = "Deepfake detection report"
    sections = {section.slug: section for section in ensure_default_sections(library.workspace)}
    page = create_page(
        library.workspace,
        library.member,
        title="Audio evidence",
        section=sections["topics"],
        body=f"Read [[doc:{document.id}]] and [[doc:{document.id}|the report]].",
    )
    db.session.commit()

    shown = sign_in(client, library.other_member).get(f"/w/ai/wiki/{page.path}").text
    href = f"/w/ai/documents/{document.id}"
    assert (href, "Deepfake detection report") in links(shown)
    assert (href, "the report") in links(shown)
    assert client.get(href).status_code == 200


@pytest.mark.parametrize("written", ["doc:{deleted}", "doc:{elsewhere}", "doc:report", "doc:0"])
def test_a_link_to_no_live_document_here_stays_text(library, written):
    deleted = upload(library, filename="old.txt", data=b"Old text.\n")
    services.delete_document(deleted, library.admin)
    elsewhere = upload(build_library("other"), filename="theirs.txt", data=b"Theirs.\n")
    db.session.commit()
    target = written.format(deleted=deleted.id, elsewhere=elsewhere.id)

    html = render_body(library.workspace, f"[[{target}]]").html

    assert "<a " not in html
    assert target in html
