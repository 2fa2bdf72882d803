"""``[[event:ID]]`` in the wiki links to the event by its title; the wiki page an event links
to shows when it was held and links back (through the hub's page notes)."""

import re

import pytest

from events.models import LinkKind
from hub.extensions import db
from tests.support import sign_in
from tests.support.events import build_calendar, make_event
from wiki.links import render_body
from wiki.services import create_page, ensure_default_sections


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', html)


def test_an_event_link_shows_the_title_and_opens_the_event(client, calendar):
    event = make_event(calendar, title="Principles for responsible use")
    sections = {section.slug: section for section in ensure_default_sections(calendar.workspace)}
    page = create_page(
        calendar.workspace,
        calendar.member,
        title="Notes",
        section=sections["topics"],
        body=f"See [[event:{event.id}]].",
    )
    db.session.commit()
    shown = sign_in(client, calendar.other_member).get(f"/w/ai/wiki/{page.path}").text
    assert (f"/w/ai/events/{event.id}", "Principles for responsible use") in links(shown)


@pytest.mark.parametrize("written", ["event:{elsewhere}", "event:room", "event:0"])
def test_a_link_to_no_event_here_stays_text(calendar, written):
    elsewhere = make_event(build_calendar("other"))
    target = written.format(elsewhere=elsewhere.id)
    html = render_body(calendar.workspace, f"[[{target}]]").html
    assert "<a " not in html and target in html


def test_the_wiki_page_of_an_event_shows_its_date_and_links_back(client, calendar):
    sections = {section.slug: section for section in ensure_default_sections(calendar.workspace)}
    page = create_page(
        calendar.workspace,
        calendar.admin,
        title="VDR 1",
        section=sections["topics"],
        body="The record of the room.",
    )
    event = make_event(calendar, days=-30, links=((LinkKind.PAGE, page.path, "The record"),))
    db.session.commit()
    sign_in(client, calendar.member)

    shown = client.get(f"/w/ai/wiki/{page.path}").text
    assert "Took place on" in shown
    assert (f"/w/ai/events/{event.id}", "VDR 1: A discussion room") in links(shown)
    event_page = client.get(f"/w/ai/events/{event.id}").text
    assert (f"/w/ai/wiki/{page.path}", "The record") in links(event_page)
