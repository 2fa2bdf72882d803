"""The access rules on their own: what each kind of account may do in a workspace."""

import pytest
from flask_login import AnonymousUserMixin

from hub.access import Action, can, permissions_for, require
from hub.auth.models import AccountStatus, User
from hub.exceptions import AccessDenied
from hub.extensions import db
from hub.workspaces.models import Membership, MembershipStatus, Role, Visibility, Workspace
from tests.support import count_statements, login, make_membership, make_user, make_workspace

EVERYTHING = frozenset(Action)
NOTHING: frozenset[Action] = frozenset()
# Visitors of an open workspace read its content, but not its members directory.
READ_ONLY = frozenset({Action.VIEW})
# Written out, not read from hub.access, so a change there has to change this too.
ROLE_CAN = {
    Role.MEMBER: frozenset({Action.VIEW, Action.SEE_MEMBERS, Action.POST, Action.EDIT}),
    Role.MODERATOR: frozenset(
        {Action.VIEW, Action.SEE_MEMBERS, Action.POST, Action.EDIT, Action.MODERATE}
    ),
    Role.ADMINISTRATOR: EVERYTHING,
}
NOT_ACTIVE = [status for status in MembershipStatus if status != MembershipStatus.ACTIVE]


def account(status: AccountStatus = AccountStatus.ACTIVE, hub_admin: bool = False) -> User:
    return User(email="someone@example.org", status=status, is_hub_admin=hub_admin)


def workspace(visibility: Visibility) -> Workspace:
    return Workspace(slug="ai", name="AI", visibility=visibility)


def membership(role: Role = Role.MEMBER, status=MembershipStatus.ACTIVE) -> Membership:
    return Membership(role=role, status=status)


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("role", list(Role))
def test_an_active_member_may_do_what_their_role_allows(role, visibility):
    assert permissions_for(account(), workspace(visibility), membership(role)) == ROLE_CAN[role]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("status", NOT_ACTIVE)
def test_a_membership_that_is_not_active_gives_nothing_in_a_restricted_workspace(status, role):
    # Applicants, invitees, the rejected and the removed: not members, whatever role the row says.
    assert (
        permissions_for(account(), workspace(Visibility.RESTRICTED), membership(role, status))
        == NOTHING
    )


@pytest.mark.parametrize("status", NOT_ACTIVE)
def test_a_membership_that_is_not_active_may_only_read_an_open_workspace(status):
    given = membership(Role.ADMINISTRATOR, status)
    assert permissions_for(account(), workspace(Visibility.OPEN), given) == READ_ONLY


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [(Visibility.RESTRICTED, NOTHING), (Visibility.OPEN, READ_ONLY)],
)
def test_a_non_member_may_read_an_open_workspace_only(visibility, expected):
    assert permissions_for(account(), workspace(visibility), None) == expected


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize(
    "given",
    [None, membership(Role.MEMBER), membership(Role.MEMBER, MembershipStatus.REMOVED)],
    ids=["no_membership", "member", "removed"],
)
def test_a_hub_administrator_may_do_everything_member_or_not(given, visibility):
    assert permissions_for(account(hub_admin=True), workspace(visibility), given) == EVERYTHING


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("status", [AccountStatus.PENDING, AccountStatus.SUSPENDED])
@pytest.mark.parametrize("hub_admin", [False, True])
def test_an_account_that_is_not_active_may_do_nothing(status, hub_admin, visibility):
    user = account(status, hub_admin=hub_admin)
    given = membership(Role.ADMINISTRATOR)
    assert permissions_for(user, workspace(visibility), given) == NOTHING


@pytest.mark.parametrize("visibility", list(Visibility))
def test_an_anonymous_visitor_may_do_nothing(visibility):
    assert permissions_for(AnonymousUserMixin(), workspace(visibility), None) == NOTHING


# --- can() and require() read the membership from the database -------------------------


def test_can_reads_the_users_own_membership():
    ai = make_workspace("ai")
    member, moderator, outsider = make_user(), make_user(), make_user()
    make_membership(ai, member)
    make_membership(ai, moderator, Role.MODERATOR)
    other = make_workspace("drones")
    make_membership(other, outsider, Role.ADMINISTRATOR)  # an administrator elsewhere

    assert can(member, Action.POST, ai) and not can(member, Action.MODERATE, ai)
    assert can(moderator, Action.MODERATE, ai) and not can(moderator, Action.ADMINISTER, ai)
    assert not can(outsider, Action.VIEW, ai)
    assert can(outsider, Action.ADMINISTER, other)


def test_require_refuses_with_access_denied():
    ai = make_workspace("ai")
    member = make_user()
    make_membership(ai, member)

    require(member, Action.EDIT, ai)  # allowed: no exception
    with pytest.raises(AccessDenied):
        require(member, Action.ADMINISTER, ai)
    with pytest.raises(AccessDenied):
        require(make_user(), Action.VIEW, ai)


def test_require_follows_a_suspension_at_once():
    ai = make_workspace("ai")
    member = make_user()
    make_membership(ai, member, Role.ADMINISTRATOR)
    require(member, Action.ADMINISTER, ai)

    member.status = AccountStatus.SUSPENDED
    db.session.commit()

    with pytest.raises(AccessDenied):
        require(member, Action.VIEW, ai)


# --- the decorators, through requests --------------------------------------------------


def test_an_unknown_workspace_is_not_found(client):
    make_user("someone@example.org")
    login(client, "someone@example.org")

    assert client.get("/w/no-such-place/members/").status_code == 404
    assert client.get("/w/no-such-place/settings").status_code == 404
    assert client.get("/w/no-such-place/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_before_the_workspace_is_looked_up(client):
    # Whether a workspace exists is not told to someone who is not signed in.
    make_workspace("ai")
    for path in ("/w/ai/members/", "/w/no-such-place/members/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.location.startswith("/auth/login?next=")


def test_a_non_member_sees_a_restricted_workspaces_description_but_not_its_content(client):
    ai = make_workspace("ai")
    make_user("outsider@example.org")
    member = make_user("member@example.org")
    make_membership(ai, member)

    login(client, "outsider@example.org")
    page = client.get("/w/ai/")
    assert page.status_code == 200
    assert b"A test workspace." in page.data  # the description
    assert b"Request to join" in page.data
    assert b"Recent activity" not in page.data
    assert client.get("/w/ai/members/").status_code == 403

    client.post("/auth/logout")
    login(client, "member@example.org")
    assert b"Recent activity" in client.get("/w/ai/").data


def test_an_applicant_sees_their_request_is_waiting_and_nothing_more(client):
    ai = make_workspace("ai")
    applicant = make_user("applicant@example.org")
    make_membership(ai, applicant, status=MembershipStatus.REQUESTED)

    login(client, "applicant@example.org")
    page = client.get("/w/ai/")
    assert b"waiting for an administrator" in page.data
    assert b"Recent activity" not in page.data
    assert client.get("/w/ai/members/").status_code == 403


# --- the reader, the workspace and the membership come in one statement -------------------


def test_a_workspace_page_loads_its_reader_workspace_and_membership_in_one_statement(client):
    ai = make_workspace("ai")
    make_membership(ai, make_user("member@example.org"))
    login(client, "member@example.org")
    db.session.commit()
    with count_statements() as statements:
        assert client.get("/w/ai/members/").status_code == 200
    reading_the_session = [sql for sql in statements if "auth_sessions" in sql]
    assert len(reading_the_session) == 1
    assert "workspaces" in reading_the_session[0] and "memberships" in reading_the_session[0]
    assert not any("FROM workspaces LEFT OUTER JOIN memberships" in sql for sql in statements)


def test_the_membership_loaded_with_the_reader_is_the_readers_own_in_that_workspace(client):
    ai, other = make_workspace("ai"), make_workspace("other")
    moderator, outsider = make_user("moderator@example.org"), make_user("outsider@example.org")
    make_membership(ai, moderator, role=Role.MODERATOR)
    make_membership(other, outsider, role=Role.ADMINISTRATOR)
    make_membership(ai, outsider, status=MembershipStatus.REMOVED)

    login(client, "outsider@example.org")
    # An administrator elsewhere, removed here: nothing in ai's members-only pages.
    assert client.get("/w/ai/members/").status_code == 403
    assert client.get("/w/other/settings").status_code == 200
    client.post("/auth/logout")

    login(client, "moderator@example.org")
    assert client.get("/w/ai/members/").status_code == 200
    assert client.get("/w/ai/settings").status_code == 403  # a moderator, not an administrator
    assert client.get("/w/other/members/").status_code == 403
    assert client.get("/w/no-such-place/members/").status_code == 404
