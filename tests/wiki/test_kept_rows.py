"""The rows of the wiki's lists are rendered once and kept for every reader who sees them the
same way (wiki/rendering.py): a kept row must never outlive what it shows. Each test reads
the lists once (so their rows are kept), changes what a row shows or who reads it, and reads
them again."""

from hub.extensions import db
from tests.support import sign_in
from tests.support.wiki import Wiki, add_page, build_wiki, move, reload, save, wiki_url
from wiki import rendering

SECTION = "/w/ai/wiki/sections/topics"
A_TO_Z = "/w/ai/wiki/a-z"


def text(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.get_data(as_text=True)


def lists_of(wiki: Wiki):
    """A parent with two children ("Batteries" among them), a page linking to the parent."""
    drones = add_page(wiki, "Drones", "About drones.")
    batteries = add_page(wiki, "Batteries", "Power for drones.", parent=drones)
    add_page(wiki, "Cameras", "What drones see.", parent=drones)
    add_page(wiki, "Evidence", "More on [[Drones]].")
    return drones, batteries


def every_list(drones) -> list[str]:
    """Where "Batteries" is listed: the section page (under Drones), A–Z, the parent's page
    (its sidebar and the pages under it), a sibling's sidebar, and what links here."""
    return [
        SECTION,
        A_TO_Z,
        wiki_url(drones),
        f"{SECTION}?under=drones",
        f"{SECTION}/branch?under=drones",
        wiki_url("drones/cameras"),
    ]


def test_a_renamed_page_is_listed_under_its_new_title_and_address(client, wiki):
    drones, batteries = lists_of(wiki)
    sign_in(client, wiki.member)
    for address in every_list(drones):
        assert "Batteries" in text(client, address), address
    move(batteries, wiki.member, title="Power cells", slug="power-cells")
    db.session.commit()
    for address in every_list(drones):
        html = text(client, address)
        assert "Power cells" in html and "drones/power-cells" in html, address
        assert "Batteries" not in html and "drones/batteries" not in html, address


def test_an_edited_page_shows_its_new_summary_last_change_and_history(client, wiki):
    drones, _batteries = lists_of(wiki)
    sign_in(client, wiki.member)
    assert "About drones." in text(client, SECTION)
    history = text(client, wiki_url(drones, "history"))
    assert 'value="2"' not in history
    save(reload(drones), wiki.other_member, "Flying cameras, and the rules on them.", "New start")
    section = text(client, SECTION)
    assert "Flying cameras, and the rules on them." in section
    assert "About drones." not in section
    assert wiki.other_member.display_name in section
    history = text(client, wiki_url(drones, "history"))
    assert 'value="2"' in history and "New start" in history


def test_a_protected_page_is_marked_so_in_the_section_page(client, wiki):
    drones, _batteries = lists_of(wiki)
    sign_in(client, wiki.member)
    assert "(protected)" not in text(client, SECTION)
    drones = reload(drones)
    drones.protected = True
    db.session.commit()
    assert "(protected)" in text(client, SECTION)


def test_rows_are_in_each_readers_language(client, wiki):
    drones, _batteries = lists_of(wiki)
    sign_in(client, wiki.member)
    english = {address: text(client, address) for address in (SECTION, A_TO_Z)}
    english_history = text(client, wiki_url(drones, "history"))
    assert "Last changed on" in english[SECTION] and "Pages under Drones" in english[SECTION]
    assert "in Topics" in english[A_TO_Z]
    assert "Compare from revision 1" in english_history
    wiki.member.language = "fr"
    db.session.commit()
    french = text(client, SECTION)
    assert "Modifiée le" in french and "Pages sous Drones" in french
    assert "Last changed on" not in french and "Pages under" not in french
    assert "dans Topics" in text(client, A_TO_Z)
    assert "Comparer à partir de la version 1" in text(client, wiki_url(drones, "history"))
    # And back: the English rows were kept apart from the French ones.
    wiki.member.language = "en"
    db.session.commit()
    assert "Last changed on" in text(client, SECTION)
    assert "Modifiée le" not in text(client, SECTION)


def test_rows_show_times_in_each_readers_time_zone(client, wiki):
    drones, _batteries = lists_of(wiki)
    sign_in(client, wiki.member)
    wiki.member.timezone = "UTC"
    db.session.commit()
    in_utc = text(client, wiki_url(drones, "history"))
    wiki.member.timezone = "Asia/Tokyo"
    db.session.commit()
    in_tokyo = text(client, wiki_url(drones, "history"))
    assert "UTC" in in_utc and "UTC" not in in_tokyo.split("<tbody>")[1].split("</tbody>")[0]


def test_the_same_page_in_two_workspaces_links_to_its_own(client, wiki):
    add_page(wiki, "Drones", "About drones.")
    other = build_wiki("ml")
    add_page(other, "Drones", "About drones.")
    sign_in(client, wiki.member)
    assert 'href="/w/ai/wiki/drones"' in text(client, A_TO_Z)
    other_client = sign_in(client.application.test_client(), other.member)
    html = text(other_client, "/w/ml/wiki/a-z")
    assert 'href="/w/ml/wiki/drones"' in html and "/w/ai/" not in html


def test_rows_are_kept_once_for_all_readers(client, wiki):
    """The point of it: a second reader's rows come from what the first one's rendered."""
    lists_of(wiki)
    sign_in(client, wiki.member)
    text(client, A_TO_Z)
    before = rendering._index_entry.cache_info()
    text(sign_in(client.application.test_client(), wiki.other_member), A_TO_Z)
    after = rendering._index_entry.cache_info()
    assert after.hits - before.hits >= 4 and after.misses == before.misses
