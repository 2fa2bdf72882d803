"""The member page where a workspace administrator changes a role or removes someone, and the
directory's privacy: only members (and hub administrators) see who the members are."""

import pytest

from hub.workspaces.models import MembershipStatus, Role, Visibility
from tests.support import make_membership, make_user, make_workspace, parse, signed_in, text_of
from tests.support.hub import alert_text, membership_of


def test_an_administrator_manages_a_member_from_their_page(app, world):
    admin = signed_in(app, world.admin.email)
    member = membership_of(world.workspace, world.member)

    page = admin.get(f"/w/ai/members/{member.id}")

    assert page.status_code == 200
    assert text_of(parse(page).find(".//h1")) == "Mem Ber"
    changed = admin.post(
        f"/w/ai/members/{member.id}/role", data={"role": "moderator"}, follow_redirects=True
    )
    # Back on the member's page, which shows the new role.
    assert changed.request.path == f"/w/ai/members/{member.id}"
    assert "Mem Ber is now moderator." in alert_text(changed)
    chosen = parse(changed).find(".//select[@id='role']/option[@selected]")
    assert chosen.get("value") == "moderator"
    removed = admin.post(f"/w/ai/members/{member.id}/remove", data={}, follow_redirects=True)
    assert removed.request.path == "/w/ai/members/"
    assert "The member was removed." in alert_text(removed)
    assert membership_of(world.workspace, world.member).status == MembershipStatus.REMOVED


def test_a_refused_change_shows_why_on_the_members_page(app, world):
    admin = signed_in(app, world.admin.email)
    own = membership_of(world.workspace, world.admin)

    response = admin.post(
        f"/w/ai/members/{own.id}/role", data={"role": "member"}, follow_redirects=True
    )

    assert response.request.path == f"/w/ai/members/{own.id}"
    assert "last administrator" in alert_text(response)
    assert membership_of(world.workspace, world.admin).role == Role.ADMINISTRATOR


@pytest.mark.parametrize("membership", ["outsider", "removed", "other workspace", "99999"])
def test_only_active_members_of_this_workspace_have_a_page(app, world, membership):
    drones = make_workspace("drones", name="Drones")
    gone = make_user("gone@example.org")
    ids = {
        "outsider": None,
        "removed": make_membership(world.workspace, gone, status=MembershipStatus.REMOVED).id,
        "other workspace": make_membership(drones, world.outsider).id,
        "99999": 99999,
    }
    path = f"/w/ai/members/{ids[membership] or 0}"
    assert signed_in(app, world.admin.email).get(path).status_code == 404


def test_members_do_not_get_the_member_page(app, world):
    member = membership_of(world.workspace, world.member)
    assert signed_in(app, world.member.email).get(f"/w/ai/members/{member.id}").status_code == 403


# --- privacy in open workspaces ---------------------------------------------------------


@pytest.fixture
def open_workspace():
    workspace = make_workspace("chain", name="Blockchain", visibility=Visibility.OPEN)
    make_membership(workspace, make_user("chain.member@example.org"), Role.MEMBER)
    return workspace


def tab_labels(response) -> list[str]:
    tabs = parse(response).find(".//nav[@id='workspace-tabs']")
    return [text_of(link) for link in tabs.iter("a")]


def test_a_visitor_of_an_open_workspace_reads_it_but_not_its_members(app, world, open_workspace):
    visitor = signed_in(app, world.outsider.email)

    home = visitor.get("/w/chain/")
    directory = visitor.get("/w/chain/members/")

    assert home.status_code == 200
    assert "Members" not in tab_labels(home)
    assert directory.status_code == 403
    assert "Only the members of this workspace see who its members are." in directory.text
    assert "chain.member@example.org" not in directory.text


def test_a_member_of_an_open_workspace_sees_its_members(app, open_workspace):
    member = signed_in(app, "chain.member@example.org")

    assert "Members" in tab_labels(member.get("/w/chain/"))
    assert member.get("/w/chain/members/").status_code == 200


def test_a_hub_administrator_sees_any_workspaces_members(app, open_workspace):
    make_user("root@example.org", hub_admin=True)
    assert signed_in(app, "root@example.org").get("/w/chain/members/").status_code == 200
