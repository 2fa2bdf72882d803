"""A 403 or 404 under /w/<slug>/ keeps the workspace's navigation and leads back to it, for
those who may read the workspace; for anyone else it shows nothing of the workspace."""

import pytest

from hub.workspaces.models import Role, Visibility
from tests.support import make_membership, make_user, make_workspace, parse, signed_in, text_of


@pytest.fixture
def workspaces():
    ai = make_workspace("ai", name="Artificial Intelligence")
    chain = make_workspace("chain", name="Blockchain", visibility=Visibility.OPEN)
    make_membership(ai, make_user("member@example.org"), Role.MEMBER)
    make_user("outsider@example.org")
    return ai, chain


def links_of(response) -> dict[str, str]:
    main = parse(response).find(".//main")
    return {text_of(link): link.get("href") for link in main.iter("a")}


def workspace_tabs(response):
    return parse(response).find(".//nav[@id='workspace-tabs']")


@pytest.mark.parametrize(
    ("path", "status"),
    [("/w/ai/no-such-page", 404), ("/w/ai/members/999999", 403), ("/w/ai/audit", 403)],
    ids=["unknown-address", "member-page-for-administrators", "audit-log-for-administrators"],
)
def test_a_member_keeps_the_workspace_navigation_and_a_way_back(app, workspaces, path, status):
    response = signed_in(app, "member@example.org").get(path)

    assert response.status_code == status
    tabs = workspace_tabs(response)
    assert tabs is not None and tabs.get("aria-label") == "Artificial Intelligence"
    assert links_of(response)["Go to Artificial Intelligence"] == "/w/ai/"
    assert links_of(response)["Go to the hub home"] == "/"


def test_a_visitor_refused_an_open_workspaces_directory_keeps_its_navigation(app, workspaces):
    response = signed_in(app, "outsider@example.org").get("/w/chain/members/")

    assert response.status_code == 403
    assert workspace_tabs(response) is not None
    assert links_of(response)["Go to Blockchain"] == "/w/chain/"


@pytest.mark.parametrize("path", ["/w/ai/members/", "/w/ai/no-such-page", "/w/ai/wiki/"])
def test_someone_who_may_not_read_the_workspace_sees_nothing_of_it(app, workspaces, path):
    response = signed_in(app, "outsider@example.org").get(path)

    assert response.status_code in (403, 404)
    assert workspace_tabs(response) is None
    assert "Artificial Intelligence" not in response.text
    assert list(links_of(response)) == ["Go to the hub home"]


def test_an_unknown_workspace_offers_the_hub_home_only(app, workspaces):
    response = signed_in(app, "member@example.org").get("/w/nope/members/")

    assert response.status_code == 404
    assert workspace_tabs(response) is None
    assert list(links_of(response)) == ["Go to the hub home"]
