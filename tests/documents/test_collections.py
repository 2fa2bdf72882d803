"""Collections: administrators make them, members file documents into them, the library
filters by them."""

import pytest
from sqlalchemy import func, select

from documents import services
from documents.models import Collection
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from tests.support import sign_in
from tests.support.documents import build_library, reload, upload


def make_collection(library, name="Training material"):
    collection = services.create_collection(library.workspace, library.admin, name=name)
    db.session.commit()
    return collection


def test_administrators_make_collections_and_others_may_not(library):
    collection = make_collection(library, "  Toolkit   drafts ")
    assert collection.name == "Toolkit drafts"
    with pytest.raises(AccessDenied):
        services.create_collection(library.workspace, library.moderator, name="Mine")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the collection a name."),
        ("x" * 121, "Use at most 120 characters."),
        ("Reports", "A collection of that name exists already."),
    ],
)
def test_bad_names_are_refused(library, name, message):
    make_collection(library, "Reports")
    with pytest.raises(RuleViolation) as refusal:
        services.create_collection(library.workspace, library.admin, name=name)
    assert refusal.value.message == message and refusal.value.field == "name"


def test_the_collections_page(client, library):
    make_collection(library, "Reports")
    sign_in(client, library.admin)
    assert "Reports" in client.get(library.url("collections")).text
    response = client.post(library.url("collections"), data={"name": "Slides"})
    assert response.status_code == 302
    refused = client.post(library.url("collections"), data={"name": "Reports"})
    assert refused.status_code == 422
    assert "A collection of that name exists already." in refused.text
    too_long = client.post(library.url("collections"), data={"name": "y" * 121})
    assert too_long.status_code == 422 and "y" * 121 in too_long.text
    assert db.session.scalar(select(func.count()).select_from(Collection)) == 2


def test_members_file_documents_into_collections_and_the_library_filters(client, library):
    reports = make_collection(library, "Reports")
    filed = upload(library, b"filed", "filed.txt")
    upload(library, b"loose", "loose.txt")
    sign_in(client, library.member)
    response = client.post(
        library.url(filed.id, "edit"),
        data={"title": "Filed", "category": "other", "collection": str(reports.id)},
    )
    assert response.status_code == 302
    assert reload(filed).collection_id == reports.id
    assert "Reports" in client.get(library.url(filed.id)).text
    page = client.get(library.url("") + f"?collection={reports.id}").text
    assert "Filed" in page and "loose" not in page


def test_another_workspace_s_collection_is_refused(client, library):
    theirs = make_collection(build_library("drones"), "Theirs")
    document = upload(library, b"words", "w.txt")
    with pytest.raises(RuleViolation):
        services.update_document(document, library.member, title="Words", collection_id=theirs.id)
    db.session.rollback()
    sign_in(client, library.member)
    response = client.post(
        library.url(document.id, "edit"),
        data={"title": "Words", "category": "other", "collection": str(theirs.id)},
    )
    assert response.status_code == 422
    assert reload(document).collection_id is None
