"""A document's page lists the wiki pages and events that link to it ("Linked from"): the
pages whose text writes ``[[doc:ID]]``, the events that list the document or name it in
their description; never one the reader may not see, nor one of another workspace; a short
list, read in the same statements however many link to it."""

import re

from events.models import LinkKind
from events.services import cancel_event
from hub.extensions import db
from hub.features import LINKING_ITEMS_SHOWN, items_linking_to
from tests.support import counted_get, sign_in
from tests.support.documents import Library, build_library, upload
from tests.support.events import Calendar, make_event
from wiki.services import create_page, delete_page, ensure_default_sections


def calendar_of(library: Library) -> Calendar:
    """The library's workspace and accounts, as the events' test world."""
    return Calendar(
        library.workspace,
        library.admin,
        library.moderator,
        library.member,
        library.other_member,
        library.outsider,
    )


def add_page(library: Library, title: str, body: str):
    topics = {section.slug: section for section in ensure_default_sections(library.workspace)}
    page = create_page(
        library.workspace, library.member, title=title, section=topics["topics"], body=body
    )
    db.session.commit()
    return page


def linked_from(page_text: str) -> list[tuple[str, str]]:
    """The links of the page's "Linked from" section: (href, text)."""
    section = page_text.split('id="linked-from-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', section)


def test_the_pages_and_events_that_link_to_a_document_are_listed_on_its_page(client, library):
    document = upload(library, filename="notes.txt")
    other = upload(library, b"Other text.\n", "other.txt")
    page = add_page(library, "Speech in interviews", f"Read [[doc:{document.id}|the notes]].")
    add_page(library, "Unrelated", f"Only [[doc:{other.id}]] here.")
    calendar = calendar_of(library)
    listing = make_event(
        calendar, days=-40, title="Listing room", links=((LinkKind.DOCUMENT, str(document.id), ""),)
    )
    naming = make_event(
        calendar, days=-20, title="Naming room", description=f"See [[doc:{document.id}]]."
    )
    make_event(calendar, title="Silent room")

    shown = sign_in(client, library.other_member).get(library.url(document.id)).text

    assert linked_from(shown) == [
        (f"/w/ai/wiki/{page.path}", "Speech in interviews"),
        (f"/w/ai/events/{naming.id}", "VDR 2: Naming room"),
        (f"/w/ai/events/{listing.id}", "VDR 1: Listing room"),
    ]
    assert "Wiki pages" in shown and "Events" in shown


def test_an_event_description_links_to_the_document_by_its_title(client, library):
    document = upload(library, filename="notes.txt")
    document.title = "Notes from the room"
    db.session.commit()
    event = make_event(calendar_of(library), description=f"Read [[doc:{document.id}]] first.")

    shown = sign_in(client, library.member).get(f"/w/ai/events/{event.id}").text

    assert f'<a href="/w/ai/documents/{document.id}"' in shown
    assert re.search(r'class="wikilink"[^>]*>Notes from the room</a>', shown)


def test_a_page_or_event_the_reader_may_not_see_or_of_another_workspace_is_never_listed(
    client, library
):
    document = upload(library, filename="notes.txt")
    deleted = add_page(library, "Deleted page", f"[[doc:{document.id}]]")
    delete_page(deleted, library.moderator)
    db.session.commit()
    # Another workspace's page and event write the same number: their own document, if any.
    elsewhere = build_library("other")
    topics = {section.slug: section for section in ensure_default_sections(elsewhere.workspace)}
    create_page(
        elsewhere.workspace,
        elsewhere.member,
        title="Their page",
        section=topics["topics"],
        body=f"[[doc:{document.id}]]",
    )
    db.session.commit()
    make_event(
        calendar_of(elsewhere),
        title="Their room",
        description=f"[[doc:{document.id}]]",
        links=((LinkKind.DOCUMENT, str(document.id), ""),),
    )

    shown = sign_in(client, library.admin).get(library.url(document.id)).text

    assert linked_from(shown) == []
    assert "Deleted page" not in shown and "Their page" not in shown and "Their room" not in shown
    assert "No wiki page or event links to this document yet." in shown
    assert f"<code>[[doc:{document.id}]]</code>" in shown
    # Someone who may not read the workspace is told of nothing, even asked directly.
    add_page(library, "Live page", f"[[doc:{document.id}]]")
    assert items_linking_to(library.workspace, library.outsider, "doc", document.id) == []
    assert items_linking_to(library.workspace, elsewhere.admin, "doc", document.id) == []


def test_a_cancelled_event_is_listed_as_cancelled(client, library):
    document = upload(library, filename="notes.txt")
    event = make_event(
        calendar_of(library),
        title="Called off",
        links=((LinkKind.DOCUMENT, str(document.id), ""),),
    )
    cancel_event(event, library.admin)
    db.session.commit()

    shown = sign_in(client, library.member).get(library.url(document.id)).text

    assert linked_from(shown) == [(f"/w/ai/events/{event.id}", "VDR 1: Called off")]
    assert re.search(r"\d{4}, cancelled</span>", shown)


def test_the_list_is_short_and_read_in_the_same_statements_however_many_link(client, library):
    document = upload(library, filename="notes.txt")
    calendar = calendar_of(library)
    path = library.url(document.id)
    sign_in(client, library.member)
    add_page(library, "Page 00", f"[[doc:{document.id}]]")
    make_event(calendar, title="Room 00", links=((LinkKind.DOCUMENT, str(document.id), ""),))
    one_each = counted_get(client, path)

    extra = LINKING_ITEMS_SHOWN + 5
    for number in range(1, extra + 1):
        add_page(library, f"Page {number:02d}", f"See [[doc:{document.id}]].")
        make_event(
            calendar,
            days=10 + number,
            title=f"Room {number:02d}",
            description=f"[[doc:{document.id}|the notes]]",
        )

    assert counted_get(client, path) == one_each
    shown = client.get(path).text
    listed = linked_from(shown)
    pages = [text for href, text in listed if "/wiki/" in href]
    events = [text for href, text in listed if "/events/" in href]
    assert pages == [f"Page {number:02d}" for number in range(LINKING_ITEMS_SHOWN)]
    # The latest events first.
    assert events[0].endswith(f"Room {extra:02d}") and len(events) == LINKING_ITEMS_SHOWN
    assert shown.count("And 6 more.") == 2
