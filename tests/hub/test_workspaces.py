"""The hub home, workspace homes, who sees what, and workspace settings."""

import xml.etree.ElementTree as ET  # noqa: S405 - only walks html5lib's tree of our own pages

import html5lib
import pytest
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.auth.models import AccountStatus
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.notifications.services import record_activity
from hub.workspaces import services
from hub.workspaces.models import MembershipStatus, Role, Visibility, Workspace
from hub.workspaces.stats import workspace_counts
from tests.support import (
    alerts,
    csrf_token_on,
    make_membership,
    make_user,
    make_workspace,
    parse,
    signed_in,
    text_of,
)


def workspace_card(response, name: str) -> ET.Element:
    """The hub home's card for the workspace called `name`."""
    for card in parse(response).iter("article"):
        heading = card.find("h2")
        if heading is not None and text_of(heading) == name:
            return card
    raise AssertionError(f"no card for {name}")


def card_actions(card: ET.Element) -> set[tuple[str, str]]:
    """What a user can do from a card: (kind, label) of each link button and form button."""
    actions = {("link", text_of(a)) for a in card.iter("a") if "button" in a.get("class", "")}
    for form in card.iter("form"):
        for button in form.iter("button"):
            actions.add((form.get("action"), text_of(button)))
    return actions


def counts_on(response) -> dict[str, int]:
    figures = parse(response).find(".//ul[@aria-label='Workspace figures']")
    assert figures is not None, "the workspace figures are shown"
    counts = {}
    for item in figures.iter("li"):
        number, label = text_of(item).split(" ", 1)
        counts[label] = int(number)
    return counts


# --- the hub home ------------------------------------------------------------------------


def test_the_hub_home_needs_a_sign_in(client):
    make_workspace()
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize(
    ("visibility", "status", "expected"),
    [
        (Visibility.OPEN, None, {("/w/ws/join", "Join")}),
        (Visibility.RESTRICTED, None, {("link", "Request to join")}),
        (
            Visibility.RESTRICTED,
            MembershipStatus.INVITED,
            {
                ("/w/ws/invitation/accept", "Accept invitation"),
                ("/w/ws/invitation/decline", "Decline"),
            },
        ),
        (Visibility.RESTRICTED, MembershipStatus.REQUESTED, set()),
        (Visibility.RESTRICTED, MembershipStatus.ACTIVE, {("link", "Open")}),
        (Visibility.OPEN, MembershipStatus.ACTIVE, {("link", "Open")}),
        (Visibility.RESTRICTED, MembershipStatus.REJECTED, {("link", "Request to join")}),
        (Visibility.RESTRICTED, MembershipStatus.REMOVED, {("link", "Request to join")}),
        (Visibility.OPEN, MembershipStatus.REMOVED, {("/w/ws/join", "Join")}),
    ],
    # Sets sorted: every xdist worker must give the tests the same ids, whatever its hash seed.
    ids=lambda value: str(sorted(value) if isinstance(value, set) else value) if value else "none",
)
def test_the_hub_home_offers_the_right_button_for_each_state(app, visibility, status, expected):
    workspace = make_workspace("ws", name="Work Space", visibility=visibility)
    user = make_user("user@example.org")
    if status is not None:
        make_membership(workspace, user, status=status)

    card = workspace_card(signed_in(app, user.email).get("/"), "Work Space")

    assert card_actions(card) == expected
    if status == MembershipStatus.REQUESTED:
        assert "Request waiting" in text_of(card)
    if status == MembershipStatus.INVITED:
        assert "Invited" in text_of(card)


def test_the_hub_home_lists_every_workspace_by_name(app):
    make_workspace("drones", name="Drones", visibility=Visibility.OPEN)
    make_workspace("ai", name="Artificial Intelligence")
    make_workspace("blockchain", name="Blockchain")
    user = make_user("user@example.org")

    page = parse(signed_in(app, user.email).get("/"))

    names = [text_of(card.find("h2")) for card in page.iter("article")]
    assert names == ["Artificial Intelligence", "Blockchain", "Drones"]


def test_the_hub_home_shows_a_plain_text_summary_of_the_description(app):
    workspace = make_workspace("ai", name="AI")
    workspace.description_html = "<p><strong>Policing</strong> &amp; AI</p>"
    db.session.commit()
    user = make_user("user@example.org")
    card = workspace_card(signed_in(app, user.email).get("/"), "AI")
    assert "Policing & AI" in text_of(card)
    assert card.find(".//div[@class='prose small']//strong") is None  # text, not markup


def test_the_switcher_lists_only_my_active_workspaces(app):
    mine = make_workspace("ai", name="Artificial Intelligence")
    asked = make_workspace("blockchain", name="Blockchain")
    user = make_user("user@example.org")
    make_membership(mine, user)
    make_membership(asked, user, status=MembershipStatus.REQUESTED)

    switcher = parse(signed_in(app, user.email).get("/")).find(".//ul[@class='menu__list']")

    assert [text_of(a) for a in switcher.iter("a")] == ["Artificial Intelligence", "All workspaces"]


# --- the workspace home ------------------------------------------------------------------


@pytest.fixture
def ai():
    workspace = make_workspace("ai", name="Artificial Intelligence")
    workspace.description = "The **AI** community."
    workspace.description_html = "<p>The <strong>AI</strong> community.</p>"
    db.session.commit()
    return workspace


def test_a_member_sees_description_counts_and_recent_activity(app, ai):
    member = make_user("member@example.org", display_name="Mem Ber")
    make_membership(ai, member)
    for number in range(3):
        make_membership(ai, make_user(f"other{number}@example.org"))
    make_membership(ai, make_user("asking@example.org"), status=MembershipStatus.REQUESTED)
    make_membership(ai, make_user("invited@example.org"), status=MembershipStatus.INVITED)
    make_membership(ai, make_user("gone@example.org"), status=MembershipStatus.REMOVED)
    record_activity(ai, member, "created page", "Machine learning", "/w/ai/wiki/machine-learning")
    db.session.commit()

    response = signed_in(app, member.email).get("/w/ai/")

    assert response.status_code == 200
    assert "The <strong>AI</strong> community." in response.text
    assert counts_on(response) == {
        "members": 4,
        "wiki pages": 0,
        "topics": 0,
        "documents": 0,
        "upcoming events": 0,
    }
    activity = parse(response).find(".//section[h2='Recent activity']")
    assert "Mem Ber created page Machine learning" in text_of(activity)
    assert activity.find(".//a[@href='/w/ai/wiki/machine-learning']") is not None
    assert "You are a member" in response.text


def test_the_member_count_leaves_out_suspended_accounts(app, ai):
    """The count on the home matches the directory, which hides suspended accounts."""
    admin = make_user("admin@example.org")
    make_membership(ai, admin, Role.ADMINISTRATOR)
    make_membership(ai, make_user("active@example.org"))
    make_membership(ai, make_user("suspended@example.org", status=AccountStatus.SUSPENDED))

    assert workspace_counts(ai)[0] == (2, "2 members")
    assert counts_on(signed_in(app, admin.email).get("/w/ai/"))["members"] == 2


def test_workspace_counts_list_the_members_then_each_enabled_feature(ai):
    assert [text for _number, text in workspace_counts(ai)] == [
        "0 members",
        "0 wiki pages",
        "0 topics",
        "0 documents",
        "0 upcoming events",
    ]


def test_a_count_of_one_reads_in_the_singular(app, ai):
    admin = make_user("admin@example.org")
    make_membership(ai, admin, Role.ADMINISTRATOR)
    db.session.commit()

    assert counts_on(signed_in(app, admin.email).get("/w/ai/")) == {
        "member": 1,
        "wiki pages": 0,
        "topics": 0,
        "documents": 0,
        "upcoming events": 0,
    }


def test_a_signed_in_non_member_sees_the_description_and_the_request_form_only(app, ai):
    member = make_user("member@example.org", display_name="Mem Ber")
    make_membership(ai, member)
    record_activity(ai, member, "created page", "Secret plans")
    db.session.commit()
    outsider = make_user("outsider@example.org")

    response = signed_in(app, outsider.email).get("/w/ai/")

    assert response.status_code == 200
    assert "The <strong>AI</strong> community." in response.text
    assert 'action="/w/ai/join"' in response.text
    assert "Request to join" in response.text
    assert "Secret plans" not in response.text
    assert "Recent activity" not in response.text
    assert "Workspace figures" not in response.text
    assert 'aria-label="Artificial Intelligence"' not in response.text  # no workspace tabs
    assert "Mem Ber" not in response.text


def test_an_applicant_sees_that_the_request_waits(app, ai):
    applicant = make_user("applicant@example.org")
    make_membership(ai, applicant, status=MembershipStatus.REQUESTED)
    response = signed_in(app, applicant.email).get("/w/ai/")
    assert "waiting for an administrator" in response.text
    assert "/w/ai/withdraw" in response.text
    assert "Workspace figures" not in response.text


def test_anyone_signed_in_reads_an_open_workspace_and_may_join(app):
    make_workspace("drones", name="Drones", visibility=Visibility.OPEN)
    response = signed_in(app, make_user("user@example.org").email).get("/w/drones/")
    assert response.status_code == 200
    assert "Workspace figures" in response.text
    assert 'action="/w/drones/join"' in response.text


def test_anonymous_visitors_are_sent_to_sign_in(client, ai):
    for url in ("/w/ai/", "/w/ai/members/", "/w/ai/settings", "/w/nowhere/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/auth/login"), url


def test_an_unknown_workspace_is_404(app, ai):
    client = signed_in(app, make_user("user@example.org").email)
    assert client.get("/w/nowhere/").status_code == 404
    assert client.get("/w/nowhere/members/").status_code == 404


CONTENT_URLS = [
    "/w/ai/members/",
    "/w/ai/members/requests",
    "/w/ai/members/invite",
    "/w/ai/settings",
    "/w/ai/wiki/",
    "/w/ai/wiki/sections/toolkit",
]


@pytest.mark.parametrize(
    "status", [None, MembershipStatus.REQUESTED, MembershipStatus.INVITED, MembershipStatus.REMOVED]
)
@pytest.mark.parametrize("url", CONTENT_URLS)
def test_non_members_of_a_restricted_workspace_get_403(app, ai, url, status):
    user = make_user("user@example.org")
    if status is not None:
        make_membership(ai, user, status=status)
    assert signed_in(app, user.email).get(url).status_code == 403


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MEMBER, {"/w/ai/members/"}),
        (Role.MODERATOR, {"/w/ai/members/"}),
        (Role.ADMINISTRATOR, set(CONTENT_URLS)),
    ],
)
def test_members_reach_what_their_role_allows(app, ai, role, allowed):
    user = make_user("user@example.org")
    make_membership(ai, user, role)
    client = signed_in(app, user.email)
    for url in ("/w/ai/members/", "/w/ai/members/requests", "/w/ai/members/invite",
                "/w/ai/settings"):  # fmt: skip
        assert client.get(url).status_code == (200 if url in allowed else 403), url


def test_a_hub_administrator_reaches_every_workspace(app, ai):
    admin = make_user("root@example.org", hub_admin=True)
    client = signed_in(app, admin.email)
    for url in ("/w/ai/", "/w/ai/members/", "/w/ai/members/requests", "/w/ai/settings"):
        assert client.get(url).status_code == 200, url


# --- settings ----------------------------------------------------------------------------


@pytest.fixture
def ai_admin(ai):
    admin = make_user("wsadmin@example.org", display_name="Wanda Admin")
    make_membership(ai, admin, Role.ADMINISTRATOR)
    return admin


SETTINGS = {
    "name": "Artificial Intelligence",
    "slug": "ai",
    "description": "The **AI** community.",
    "visibility": "restricted",
}


def test_a_workspace_administrator_edits_the_settings(app, ai, ai_admin):
    client = signed_in(app, ai_admin.email)
    form = client.get("/w/ai/settings")
    assert form.status_code == 200
    assert 'value="Artificial Intelligence"' in form.text

    response = client.post(
        "/w/ai/settings",
        data={
            **SETTINGS,
            "name": "AI & Policing",
            "description": "New *text*",
            "visibility": "open",
        },
        follow_redirects=True,
    )

    assert "The workspace settings are saved." in alerts(response)
    db.session.expire_all()
    workspace = db.session.get(Workspace, ai.id)
    assert workspace.name == "AI & Policing"
    assert workspace.description == "New *text*"
    assert workspace.description_html == "<p>New <em>text</em></p>\n"
    assert workspace.visibility == Visibility.OPEN
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "workspace.updated"))
    assert entry.actor_id == ai_admin.id
    assert set(entry.details["changes"]) == {"name", "description", "visibility"}


def test_only_a_hub_administrator_changes_the_address(app, ai, ai_admin):
    response = signed_in(app, ai_admin.email).post(
        "/w/ai/settings", data={**SETTINGS, "slug": "artificial-intelligence"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workspace, ai.id).slug == "ai"

    root = signed_in(app, make_user("root@example.org", hub_admin=True).email)
    response = root.post("/w/ai/settings", data={**SETTINGS, "slug": "artificial-intelligence"})
    assert response.headers["Location"] == "/w/artificial-intelligence/settings"
    db.session.expire_all()
    assert db.session.get(Workspace, ai.id).slug == "artificial-intelligence"
    assert root.get("/w/artificial-intelligence/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": ""}, "Give the workspace a name."),
        ({"name": "   "}, "Give the workspace a name."),
        ({"name": "x" * 121}, "at most 120 characters"),
        ({"name": "Bell\x07name"}, "not allowed"),
        ({"name": "Right\u202eto-left"}, "not allowed"),
        ({"description": "x" * 20001}, "20,000"),
        ({"description": "Text\x00with NUL"}, "not allowed"),
        ({"visibility": "public"}, "Not a valid choice"),
        ({"visibility": ""}, "Not a valid choice"),
        ({"slug": ""}, "Choose the workspace's address."),
        ({"slug": "Upper"}, "lower-case letters"),
        ({"slug": "with space"}, "lower-case letters"),
        ({"slug": "-dash"}, "lower-case letters"),
        ({"slug": "dash-"}, "lower-case letters"),
        ({"slug": "admin"}, "lower-case letters"),
        ({"slug": "x" * 41}, "40"),
        ({"slug": "café"}, "lower-case letters"),
        ({"slug": "drones"}, "Another workspace already uses this address."),
    ],
    ids=[
        "empty-name",
        "blank-name",
        "long-name",
        "control-name",
        "bidi-name",
        "long-description",
        "nul-description",
        "unknown-visibility",
        "no-visibility",
        "empty-slug",
        "upper-slug",
        "space-slug",
        "leading-dash",
        "trailing-dash",
        "reserved-slug",
        "long-slug",
        "accented-slug",
        "slug-clash",
    ],
)
def test_bad_settings_are_refused_with_a_message_and_nothing_saved(app, ai, changes, expected):
    make_workspace("drones", name="Drones")
    root = signed_in(app, make_user("root@example.org", hub_admin=True).email)

    response = root.post("/w/ai/settings", data={**SETTINGS, "name": "Kept name", **changes})

    assert response.status_code == 200
    assert any(expected in message for message in alerts(response)), alerts(response)
    if "name" not in changes:
        assert 'value="Kept name"' in response.text  # the rest of the input is kept
    db.session.expire_all()
    workspace = db.session.get(Workspace, ai.id)
    assert (workspace.name, workspace.slug) == ("Artificial Intelligence", "ai")
    assert workspace.description == "The **AI** community."
    changes = select(func.count()).where(AuditEntry.action.startswith("workspace."))
    assert db.session.scalar(changes) == 0


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.MEMBER])
def test_settings_need_an_administrator(app, ai, role):
    user = make_user("user@example.org")
    make_membership(ai, user, role)
    client = signed_in(app, user.email)
    assert client.get("/w/ai/settings").status_code == 403
    assert client.post("/w/ai/settings", data={**SETTINGS, "name": "Mine"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Workspace, ai.id).name == "Artificial Intelligence"


# --- the workspace services --------------------------------------------------------------


def test_hub_administrators_create_workspaces(ai):
    root = make_user("root@example.org", hub_admin=True)
    workspace = services.create_workspace(
        root, name="Drones", slug="drones", description="*Unmanned*", visibility="open"
    )
    db.session.commit()
    assert workspace.description_html == "<p><em>Unmanned</em></p>\n"
    assert workspace.visibility == Visibility.OPEN
    assert db.session.scalar(select(AuditEntry.action)) == "workspace.created"


def test_others_cannot_create_workspaces(ai, ai_admin):
    with pytest.raises(AccessDenied):
        services.create_workspace(
            ai_admin, name="Mine", slug="mine", description="", visibility="open"
        )


@pytest.mark.parametrize("slug", ["ai", "static", "Bad", "a--", ""])
def test_create_workspace_refuses_a_bad_or_taken_address(ai, slug):
    root = make_user("root@example.org", hub_admin=True)
    with pytest.raises(RuleViolation) as refused:
        services.create_workspace(root, name="X", slug=slug, description="", visibility="open")
    assert refused.value.field == "slug"


def test_a_workspace_description_is_sanitised_on_write(ai, ai_admin):
    services.update_workspace(
        ai,
        ai_admin,
        name=ai.name,
        slug=ai.slug,
        description="<script>alert(1)</script>[x](javascript:alert(1))",
        visibility="restricted",
    )
    tree = html5lib.parse(ai.description_html, namespaceHTMLElements=False)
    assert tree.find(".//script") is None
    assert all(not a.get("href", "").startswith("javascript") for a in tree.iter("a"))


def test_a_moderator_cannot_update_a_workspace_through_the_service(ai):
    moderator = make_user("moderator@example.org")
    make_membership(ai, moderator, Role.MODERATOR)
    with pytest.raises(AccessDenied):
        services.update_workspace(
            ai, moderator, name="Mine", slug="ai", description="", visibility="open"
        )


def test_the_settings_form_and_the_join_button_work_with_csrf_on(app, ai, ai_admin, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    drones = make_workspace("drones", name="Drones", visibility=Visibility.OPEN)
    admin = signed_in(app, ai_admin.email)
    token = csrf_token_on(admin.get("/w/ai/settings"))

    assert admin.post("/w/ai/settings", data={**SETTINGS, "name": "No token"}).status_code == 400
    saved = admin.post("/w/ai/settings", data={**SETTINGS, "name": "AI", "csrf_token": token})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workspace, ai.id).name == "AI"

    joined = admin.post("/w/drones/join", data={"csrf_token": csrf_token_on(admin.get("/"))})
    assert joined.status_code == 302
    assert services.memberships_by_workspace(ai_admin)[drones.id].status == MembershipStatus.ACTIVE
