"""The wiki keeps which documents (and other items) each page's current text links to with
``[[doc:ID]]``: the document's page lists the page while its current revision names it, through
edits, reverts, moves, deletion and restoration; links to items that do not exist are harmless.
`flask hub rebuild-links` records them for pages (and events) saved before the hub kept them."""

import re

from sqlalchemy import delete, select

from documents import services as documents
from events.models import EventItemLink
from hub.extensions import db
from hub.markup import render_markdown
from tests.support import sign_in
from tests.support.documents import Library, upload
from tests.support.events import Calendar, make_event
from tests.support.wiki import add_page, move, reload, save
from wiki import services
from wiki.models import PageItemLink, Revision


def library_of(wiki) -> Library:
    return Library(
        wiki.workspace, wiki.admin, wiki.moderator, wiki.member, wiki.other_member, wiki.outsider
    )


def listed_on(client, document) -> list[tuple[str, str]]:
    """The pages and events the document's page lists as linking to it: (href, text)."""
    shown = client.get(f"/w/ai/documents/{document.id}").text
    section = shown.split('id="linked-from-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', section)


def test_a_page_is_listed_while_its_current_text_links_to_the_document(client, wiki):
    document = upload(library_of(wiki), filename="notes.txt")
    page = add_page(wiki, "Interview transcripts", f"Based on [[doc:{document.id}]].")
    sign_in(client, wiki.other_member)
    entry = ("/w/ai/wiki/interview-transcripts", "Interview transcripts")
    assert listed_on(client, document) == [entry]

    save(page, wiki.member, "No link any more.")
    assert listed_on(client, document) == []

    page = reload(page)
    first = db.session.scalar(
        select(Revision).where(Revision.page_id == page.id, Revision.number == 1)
    )
    services.revert_page(page, wiki.member, first)
    db.session.commit()
    assert listed_on(client, document) == [entry]

    move(reload(page), wiki.member, title="Transcripts of interviews")
    db.session.commit()
    assert listed_on(client, document) == [
        ("/w/ai/wiki/transcripts-of-interviews", "Transcripts of interviews")
    ]


def test_a_deleted_page_leaves_the_list_and_comes_back_when_restored(client, wiki):
    document = upload(library_of(wiki), filename="notes.txt")
    page = add_page(wiki, "Field notes", f"[[doc:{document.id}|the notes]]")
    sign_in(client, wiki.member)

    services.delete_page(page, wiki.moderator)
    db.session.commit()
    assert listed_on(client, document) == []

    services.restore_page(reload(page), wiki.moderator)
    db.session.commit()
    assert listed_on(client, document) == [("/w/ai/wiki/field-notes", "Field notes")]


def test_links_to_items_that_do_not_exist_are_harmless(client, wiki):
    library = library_of(wiki)
    gone = upload(library, filename="gone.txt")
    documents.delete_document(gone, wiki.admin)
    db.session.commit()
    body = (
        f"[[doc:{gone.id}]] [[doc:999999]] [[doc:99999999999999999999999]] [[doc:0]] "
        "[[event:12]] [[topic:7]] [[forum:x]]"
    )
    page = add_page(wiki, "Odd links", body)
    save(page, wiki.member, body + " Again.")
    sign_in(client, wiki.member)

    shown = client.get("/w/ai/wiki/odd-links")
    assert shown.status_code == 200
    assert "doc:999999" in shown.text and 'class="wikilink"' not in shown.text
    # The deleted document, restored, finds the page that named it all along.
    documents.restore_document(gone, wiki.admin)
    db.session.commit()
    assert listed_on(client, gone) == [("/w/ai/wiki/odd-links", "Odd links")]


def test_rebuild_links_records_the_links_of_pages_and_events_saved_before(client, runner, wiki):
    document = upload(library_of(wiki), filename="notes.txt")
    add_page(wiki, "Older page", f"[[doc:{document.id}]]")
    calendar = Calendar(
        wiki.workspace, wiki.admin, wiki.moderator, wiki.member, wiki.other_member, wiki.outsider
    )
    event = make_event(calendar, title="Older room", description=f"See [[doc:{document.id}]].")
    # As a database from before the hub kept these links holds them: no rows, and the
    # event's description rendered with its link as text.
    db.session.execute(delete(PageItemLink))
    db.session.execute(delete(EventItemLink))
    event.description_html = render_markdown(event.description)
    db.session.commit()
    sign_in(client, wiki.member)
    assert listed_on(client, document) == []

    for _run in range(2):
        result = runner.invoke(args=["hub", "rebuild-links"])
        assert result.exit_code == 0, result.output
        assert "wiki: read the links of 1 item(s)." in result.output
        assert "events: read the links of 1 item(s)." in result.output
        assert listed_on(client, document) == [
            ("/w/ai/wiki/older-page", "Older page"),
            (f"/w/ai/events/{event.id}", "VDR 1: Older room"),
        ]
    event_page = client.get(f"/w/ai/events/{event.id}").text
    assert f'<a href="/w/ai/documents/{document.id}"' in event_page
