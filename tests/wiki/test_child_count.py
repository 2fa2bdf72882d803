"""Each page keeps how many live pages are right under it (Page.child_count): trees show a
control on the pages that have pages under them, and the section page says how many more
there are, from that count. It must always be the number of live children, whatever
happens to them."""

import pytest
from sqlalchemy import func, select, update

from hub.database import utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db
from tests.support import sign_in
from tests.support.wiki import add_page, move, reload
from wiki import services
from wiki.models import Page

SECTION = "/w/ai/wiki/sections/topics"


def children_of(page: Page) -> int:
    """The page's kept count, after checking that it is the number of its live children."""
    page = reload(page)
    live = db.session.scalar(
        select(func.count()).where(Page.parent_id == page.id, Page.deleted_at.is_(None))
    )
    assert page.child_count == live
    return page.child_count


def test_a_new_page_counts_under_its_parent(client, wiki):
    drones = add_page(wiki, "Drones", "About drones.")
    assert children_of(drones) == 0
    for number in range(7):
        add_page(wiki, f"Part {number}", "A part.", parent=reload(drones))

    assert children_of(drones) == 7
    html = sign_in(client, wiki.member).get(SECTION).get_data(as_text=True)
    assert "2 more…" in html  # the section page lists the first five


def test_a_moved_page_counts_under_its_new_parent_only(wiki):
    drones = add_page(wiki, "Drones", "About drones.")
    cameras = add_page(wiki, "Cameras", "About cameras.")
    battery = add_page(wiki, "Battery", "Power.", parent=drones)

    move(reload(battery), wiki.member, parent=reload(cameras))
    db.session.commit()
    assert (children_of(drones), children_of(cameras)) == (0, 1)

    move(reload(battery), wiki.member, parent=None)
    db.session.commit()
    assert (children_of(drones), children_of(cameras)) == (0, 0)

    move(reload(battery), wiki.member, parent=reload(drones), title="Batteries")
    db.session.commit()
    assert children_of(drones) == 1


def test_a_renamed_page_or_one_moved_to_another_section_keeps_its_count(wiki):
    drones = add_page(wiki, "Drones", "About drones.")
    add_page(wiki, "Battery", "Power.", parent=drones)

    move(reload(drones), wiki.member, title="Aerial drones", slug="aerial-drones")
    db.session.commit()
    move(reload(drones), wiki.member, section=wiki.sections["cooperation"])
    db.session.commit()

    assert children_of(drones) == 1


def test_a_deleted_page_leaves_its_parents_count_until_it_is_restored(client, wiki):
    drones = add_page(wiki, "Drones", "About drones.")
    battery = add_page(wiki, "Battery", "Power.", parent=drones)
    add_page(wiki, "Cell", "A cell.", parent=battery)
    sign_in(client, wiki.member)

    services.delete_page(reload(battery), wiki.moderator)
    db.session.commit()
    assert (children_of(drones), children_of(battery)) == (0, 1)
    html = client.get(SECTION).get_data(as_text=True)
    assert 'aria-label="Pages under Drones"' not in html  # no branch to open any more

    services.restore_page(reload(battery), wiki.moderator)
    db.session.commit()
    assert (children_of(drones), children_of(battery)) == (1, 1)
    assert 'aria-label="Pages under Drones"' in client.get(SECTION).get_data(as_text=True)


def test_a_page_deleted_meanwhile_is_not_deleted_again(wiki):
    """The services read the page as it is committed: a second deletion of a page another
    request deleted since it was read is refused, and counts nothing."""
    drones = add_page(wiki, "Drones", "About drones.")
    battery = add_page(wiki, "Battery", "Power.", parent=drones)
    services.delete_page(reload(battery), wiki.moderator)
    db.session.commit()
    battery = reload(battery)
    # As another request would see it: read before the deletion.
    db.session.execute(
        update(Page).where(Page.id == battery.id).values(deleted_at=None),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(battery)
    assert not battery.is_deleted  # read while it was live
    db.session.execute(
        update(Page).where(Page.id == battery.id).values(deleted_at=utcnow()),
        execution_options={"synchronize_session": False},
    )

    with pytest.raises(RuleViolation):
        services.delete_page(battery, wiki.moderator)
    db.session.rollback()
    assert children_of(drones) == 0
