"""Hub administration: the dashboard, workspaces, accounts, suspension and reactivation."""

import re

import pytest
from sqlalchemy import func, select

from hub.admin.services import ACCOUNTS_PER_PAGE, account_counts
from hub.audit.models import AuditEntry
from hub.auth.models import AccountStatus
from hub.extensions import db
from hub.workspaces.models import Invitation, MembershipStatus, Role, Visibility, Workspace
from tests.support import (
    PASSWORD,
    counted_get,
    login,
    make_membership,
    make_user,
    make_workspace,
    sent_mail,
)


@pytest.fixture
def people():
    """A hub administrator, an administrator and a member of the `ai` workspace."""
    workspace = make_workspace("ai")
    people = {
        "hub_admin": make_user("admin@example.org", display_name="Hub Admin", hub_admin=True),
        "workspace_admin": make_user("wsadmin@example.org", display_name="Wanda Admin"),
        "member": make_user("member@example.org", display_name="Mel Member"),
    }
    make_membership(workspace, people["workspace_admin"], Role.ADMINISTRATOR)
    make_membership(workspace, people["member"])
    return people


@pytest.fixture
def admin_client(client, people):
    login(client, "admin@example.org")
    return client


def row_cells(text: str, marker: str) -> list[str]:
    """The text of each cell (the row's heading first) in the table row that contains `marker`."""
    row = next(row for row in text.split("<tr>") if marker in row)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    ]


def page_text(response) -> str:
    return response.get_data(as_text=True)


# --- access ------------------------------------------------------------------------------

GET_ROUTES = [
    "/admin/",
    "/admin/workspaces",
    "/admin/workspaces/new",
    "/admin/users",
    "/admin/users/{member}",
]
POST_ROUTES = [
    "/admin/workspaces/new",
    "/admin/users/{member}/suspend",
    "/admin/users/{member}/reactivate",
]


def route(path: str, people) -> str:
    return path.format(member=people["member"].id)


@pytest.mark.parametrize("path", GET_ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, people, path):
    response = client.get(route(path, people))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize("path", POST_ROUTES)
def test_anonymous_posts_are_sent_to_sign_in(client, people, path):
    response = client.post(route(path, people), data={"name": "X", "slug": "x"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert db.session.scalar(select(func.count()).select_from(Workspace)) == 1


@pytest.mark.parametrize("who", ["member", "workspace_admin"])
@pytest.mark.parametrize("path", GET_ROUTES)
def test_only_hub_administrators_see_the_administration(client, people, who, path):
    login(client, people[who].email)
    assert client.get(route(path, people)).status_code == 403


@pytest.mark.parametrize("who", ["member", "workspace_admin"])
@pytest.mark.parametrize("path", POST_ROUTES)
def test_only_hub_administrators_change_anything(client, people, who, path):
    login(client, people[who].email)
    response = client.post(
        route(path, people), data={"name": "X", "slug": "x", "visibility": "open"}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert people["member"].status == AccountStatus.ACTIVE
    assert db.session.scalar(select(func.count()).select_from(Workspace)) == 1


@pytest.mark.parametrize("path", GET_ROUTES)
def test_hub_administrators_see_every_page(admin_client, people, path):
    assert admin_client.get(route(path, people)).status_code == 200


def test_an_unknown_account_is_not_found(admin_client):
    assert admin_client.get("/admin/users/999999").status_code == 404
    assert admin_client.post("/admin/users/999999/suspend").status_code == 404


# --- dashboard ---------------------------------------------------------------------------


def test_dashboard_counts_accounts_by_status_and_workspaces(admin_client, people):
    make_user(status=AccountStatus.SUSPENDED)
    make_user(status=AccountStatus.PENDING)
    make_user(status=AccountStatus.PENDING)
    make_workspace("drones")
    assert account_counts() == {
        AccountStatus.PENDING: 2,
        AccountStatus.ACTIVE: 3,
        AccountStatus.SUSPENDED: 1,
    }
    text = page_text(admin_client.get("/admin/"))
    assert '<strong>2</strong> <a href="/admin/users?status=pending">' in text
    assert '<strong>3</strong> <a href="/admin/users?status=active">' in text
    assert '<strong>1</strong> <a href="/admin/users?status=suspended">' in text
    assert '<strong>2</strong> <a href="/admin/workspaces">workspaces' in text
    assert 'href="/admin/workspaces/new"' in text
    assert 'href="/admin/audit"' in text


# --- workspaces --------------------------------------------------------------------------


def test_workspace_list_shows_membership_figures(admin_client, people):
    ai = db.session.scalar(select(Workspace).where(Workspace.slug == "ai"))
    make_membership(ai, make_user(), status=MembershipStatus.REQUESTED)
    make_membership(ai, make_user(), status=MembershipStatus.REMOVED)
    make_workspace("drones", name="Drones")
    text = page_text(admin_client.get("/admin/workspaces"))
    # Two active members (one administrator), one request; the removed member does not count.
    assert row_cells(text, ">AI</a>")[3:6] == ["2", "1", "1"]
    assert row_cells(text, ">Drones</a>")[3:6] == ["0", "None yet", "0"]
    assert 'href="/w/drones/settings"' in text


def test_workspace_list_takes_one_query_however_many_workspaces(admin_client, people):
    for number in range(2):
        make_workspace(f"small-{number}")
    few = counted_get(admin_client, "/admin/workspaces")
    users = [make_user(password=None) for _ in range(5)]
    for number in range(2, 15):
        workspace = make_workspace(f"small-{number}")
        for user in users:
            make_membership(workspace, user)
    assert counted_get(admin_client, "/admin/workspaces") == few


def test_create_a_workspace(admin_client, people):
    response = admin_client.post(
        "/admin/workspaces/new",
        data={
            "name": "Drones",
            "slug": "drones",
            "description": "Unmanned *aircraft*.<script>alert(1)</script>",
            "visibility": "open",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/workspaces"
    db.session.expire_all()
    workspace = db.session.scalar(select(Workspace).where(Workspace.slug == "drones"))
    assert workspace.name == "Drones"
    assert workspace.visibility == Visibility.OPEN
    assert "<em>aircraft</em>" in workspace.description_html
    assert "<script" not in workspace.description_html
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "workspace.created"))
    assert entry.actor_id == people["hub_admin"].id
    assert entry.workspace_id == workspace.id
    assert "Drones" in page_text(admin_client.get("/admin/workspaces"))


def test_create_a_workspace_with_its_first_administrator(app, admin_client, people):
    response = admin_client.post(
        "/admin/workspaces/new",
        data={
            "name": "Drones",
            "slug": "drones",
            "visibility": "restricted",
            "first_administrator": "Pilot@Example.org",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    invitation = db.session.scalar(select(Invitation))
    assert invitation.email == "pilot@example.org"
    assert invitation.role == Role.ADMINISTRATOR
    assert invitation.workspace.slug == "drones"
    [mail] = sent_mail(app)
    assert mail["To"] == "pilot@example.org"
    assert "Drones" in mail["Subject"]


def test_an_existing_account_is_invited_as_first_administrator(admin_client, people):
    admin_client.post(
        "/admin/workspaces/new",
        data={
            "name": "Drones",
            "slug": "drones",
            "visibility": "restricted",
            "first_administrator": "member@example.org",
        },
    )
    db.session.expire_all()
    invitation = db.session.scalar(select(Invitation))
    assert invitation.email == "member@example.org"
    assert invitation.role == Role.ADMINISTRATOR


VALID_WORKSPACE = {
    "name": "Drones",
    "slug": "drones",
    "description": "About drones.",
    "visibility": "restricted",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Give the workspace a name."),
        ({"name": "   "}, "Give the workspace a name."),
        ({"name": "x" * 121}, "Use at most 120 characters."),
        ({"name": "Dro\x00nes"}, "characters that are not allowed"),
        ({"slug": ""}, "Choose the workspace&#39;s address."),
        ({"slug": "Drones Unit"}, "Use 1 to 40 lower-case letters"),
        ({"slug": "-drones"}, "Use 1 to 40 lower-case letters"),
        ({"slug": "admin"}, "Use 1 to 40 lower-case letters"),
        ({"slug": "ai"}, "Another workspace already uses this address."),
        ({"slug": "d" * 41}, "40"),
        ({"description": "x" * 20001}, "Use at most 20,000 characters."),
        ({"visibility": "public"}, "Not a valid choice"),
        ({"first_administrator": "not-an-address"}, "Enter a valid e-mail address."),
        ({"first_administrator": "gone@example.org"}, "This account is suspended"),
    ],
)
def test_bad_workspace_input_creates_nothing(app, admin_client, people, changes, message):
    make_user("gone@example.org", status=AccountStatus.SUSPENDED)
    entries_before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    response = admin_client.post("/admin/workspaces/new", data={**VALID_WORKSPACE, **changes})
    assert response.status_code == 200
    text = page_text(response)
    [field] = changes
    errors = re.findall(rf'<p class="error" id="{field}-error">([^<]*)</p>', text)
    assert errors and message in errors[0]  # the message sits next to its field
    kept = changes.get("name", VALID_WORKSPACE["name"]).strip()
    if kept and "\x00" not in kept:
        assert f'value="{kept}"' in text  # what the administrator typed is kept
    db.session.expire_all()
    assert db.session.scalars(select(Workspace.slug)).all() == ["ai"]
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries_before
    assert sent_mail(app) == []


# --- accounts ----------------------------------------------------------------------------


def listed_emails(response) -> set[str]:
    """The e-mail addresses in the account table, each under its account's name."""
    under_a_name = r"<span class=\"muted small\">([^<@\s]+@[^<\s]+)</span></th>"
    return set(re.findall(under_a_name, page_text(response)))


def test_account_list_filters_by_text_and_status(admin_client, people):
    make_user("ana@police.example", display_name="Ana Costa", organisation="Policia")
    make_user("bo@uni.example", display_name="Bo Lind", organisation="Uppsala University")
    make_user("cy@corp.example", display_name="Cy", status=AccountStatus.SUSPENDED)

    assert listed_emails(admin_client.get("/admin/users?q=costa")) == {"ana@police.example"}
    assert listed_emails(admin_client.get("/admin/users?q=UNI.example")) == {"bo@uni.example"}
    assert listed_emails(admin_client.get("/admin/users?q=uppsala")) == {"bo@uni.example"}
    assert listed_emails(admin_client.get("/admin/users?status=suspended")) == {"cy@corp.example"}
    assert listed_emails(admin_client.get("/admin/users?q=%25")) == set()  # % is not a wildcard
    assert len(listed_emails(admin_client.get("/admin/users"))) == 6


@pytest.mark.parametrize(
    ("query", "message"),
    [("status=gone", "Not a valid choice"), ("q=" + "x" * 101, "Use at most 100 characters.")],
)
def test_bad_account_filters_give_a_message(admin_client, people, query, message):
    response = admin_client.get(f"/admin/users?{query}")
    assert response.status_code == 200
    assert message in page_text(response)
    assert "Correct the filters" in page_text(response)


def test_account_list_is_paged_and_keeps_filters(admin_client, people):
    for number in range(ACCOUNTS_PER_PAGE + 5):
        make_user(f"officer{number:03}@example.org", password=None, organisation="Europol")
    first = admin_client.get("/admin/users?q=europol")
    assert len(listed_emails(first)) == ACCOUNTS_PER_PAGE
    assert "/admin/users?page=2&amp;q=europol" in page_text(first)
    second = admin_client.get("/admin/users?q=europol&page=2")
    assert len(listed_emails(second)) == 5
    assert admin_client.get("/admin/users?page=999999999999999999999999").status_code == 200


def test_account_list_queries_do_not_grow_with_the_accounts(admin_client, people):
    for _ in range(2):
        make_user(password=None)
    few = counted_get(admin_client, "/admin/users")
    for _ in range(55):
        make_user(password=None)
    assert counted_get(admin_client, "/admin/users") == few


def test_account_page_shows_profile_memberships_and_audit(admin_client, people):
    member = people["member"]
    drones = make_workspace("drones", name="Drones")
    make_membership(drones, member, status=MembershipStatus.REQUESTED)
    admin_client.post(f"/admin/users/{member.id}/suspend", data={"reason": "Left the agency"})
    text = page_text(admin_client.get(f"/admin/users/{member.id}"))
    assert "member@example.org" in text
    assert "Test Police" in text
    assert ">AI</a>" in text and ">Drones</a>" in text
    assert "Requested" in text
    assert "account.suspended" in text
    assert "Left the agency" in text
    assert "Reactivate" in text


# --- suspension --------------------------------------------------------------------------


def test_suspension_ends_the_session_at_once_and_blocks_sign_in(app, admin_client, people):
    member = people["member"]
    member_client = app.test_client()
    login(member_client, "member@example.org")
    assert member_client.get("/w/ai/").status_code == 200

    response = admin_client.post(
        f"/admin/users/{member.id}/suspend", data={"reason": "Account compromised"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{member.id}"

    after = member_client.get("/w/ai/")
    assert after.status_code == 302
    assert after.headers["Location"].startswith("/auth/login")
    refused = login(member_client, "member@example.org")
    assert refused.status_code == 200  # the sign-in form again, with a message
    assert 'class="alert alert--error"' in page_text(refused)
    assert member_client.get("/w/ai/").status_code == 302

    db.session.expire_all()
    assert member.status == AccountStatus.SUSPENDED
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.suspended"))
    assert entry.actor_id == people["hub_admin"].id
    assert entry.target_user_id == member.id
    assert entry.details == {"reason": "Account compromised"}


def test_reactivation_lets_them_sign_in_again(app, admin_client, people):
    member = people["member"]
    admin_client.post(f"/admin/users/{member.id}/suspend")
    response = admin_client.post(f"/admin/users/{member.id}/reactivate")
    assert response.status_code == 302
    db.session.expire_all()
    assert member.status == AccountStatus.ACTIVE
    member_client = app.test_client()
    assert login(member_client, "member@example.org", PASSWORD).status_code == 302
    assert member_client.get("/w/ai/").status_code == 200
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.target_user_id == member.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions[:2] == ["account.suspended", "account.reactivated"]


def test_an_unconfirmed_account_is_reactivated_as_unconfirmed(admin_client, people):
    pending = make_user(status=AccountStatus.PENDING)
    admin_client.post(f"/admin/users/{pending.id}/suspend")
    admin_client.post(f"/admin/users/{pending.id}/reactivate")
    db.session.expire_all()
    assert pending.status == AccountStatus.PENDING


def test_hub_administrators_cannot_suspend_themselves(admin_client, people):
    admin = people["hub_admin"]
    response = admin_client.post(f"/admin/users/{admin.id}/suspend", follow_redirects=True)
    assert "You cannot suspend your own account." in page_text(response)
    db.session.expire_all()
    assert admin.status == AccountStatus.ACTIVE
    assert admin_client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("path", "data", "message", "status"),
    [
        ("suspend", {"reason": "x" * 501}, "Use at most 500 characters.", AccountStatus.ACTIVE),
        ("suspend", {"reason": "bad\x07"}, "not allowed", AccountStatus.ACTIVE),
        ("reactivate", {}, "This account is not suspended.", AccountStatus.ACTIVE),
    ],
)
def test_refused_account_changes_say_why(admin_client, people, path, data, message, status):
    member = people["member"]
    response = admin_client.post(
        f"/admin/users/{member.id}/{path}", data=data, follow_redirects=True
    )
    assert response.status_code == 200
    assert message in page_text(response)
    db.session.expire_all()
    assert member.status == status
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action.like("account.%"))
        )
        == 0
    )


def test_suspending_twice_says_it_is_already_suspended(admin_client, people):
    member = people["member"]
    admin_client.post(f"/admin/users/{member.id}/suspend")
    response = admin_client.post(f"/admin/users/{member.id}/suspend", follow_redirects=True)
    assert "This account is already suspended." in page_text(response)
    count = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "account.suspended")
    )
    assert count == 1
