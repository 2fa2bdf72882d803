"""`flask hub seed-demo`: the promised accounts, a believable community, no duplicates.

The tests that only read the demo share one seeded per session (`in_demo`, `demo_client`);
those about seeding itself run it on the usual empty database.
"""

from datetime import UTC, datetime

import pycountry
import pytest
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.auth.models import AccountStatus, Sector, User
from hub.extensions import db
from hub.notifications.models import Activity, Notification
from hub.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoClock, DemoContext, invent_people
from hub.workspaces.models import (
    Invitation,
    Membership,
    MembershipStatus,
    Role,
    Visibility,
    Workspace,
)
from tests.support import login, make_membership, make_user, make_workspace
from wiki.demo import load_demo_pages, seed_demo_wiki
from wiki.models import Page
from wiki.paths import HOME_PATH

SEED = ["hub", "seed-demo"]


def seed(runner):
    result = runner.invoke(args=SEED)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def workspace(slug: str) -> Workspace:
    return db.session.scalar(select(Workspace).where(Workspace.slug == slug))


def membership(slug: str, email: str) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace(slug).id,
            Membership.user_id == user(email).id,
        )
    )


def active_members(slug: str) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.workspace_id == workspace(slug).id,
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
    )


def row_counts() -> dict[str, int]:
    models = (User, Workspace, Membership, Invitation, Notification, Activity, AuditEntry)
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in models
    }


def test_prints_the_accounts_and_where_to_sign_in(demo):
    output = demo.output
    for account in DEMO_ACCOUNTS:
        assert account.email in output
        assert account.role in output
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:5000/auth/login" in output


@pytest.mark.parametrize(
    ("email", "hub_admin", "ai_role", "ai_status"),
    [
        ("admin@example.org", True, None, None),
        ("wsadmin@example.org", False, Role.ADMINISTRATOR, MembershipStatus.ACTIVE),
        ("moderator@example.org", False, Role.MODERATOR, MembershipStatus.ACTIVE),
        ("member@example.org", False, Role.MEMBER, MembershipStatus.ACTIVE),
        ("applicant@example.org", False, Role.MEMBER, MembershipStatus.REQUESTED),
        ("outsider@example.org", False, None, None),
    ],
)
def test_demo_account_has_its_role_and_signs_in(demo_client, email, hub_admin, ai_role, ai_status):
    account = user(email)
    assert account.status == AccountStatus.ACTIVE
    assert account.confirmed_at is not None
    assert account.is_hub_admin is hub_admin
    ai = membership("ai", email)
    if ai_status is None:
        assert ai is None
    else:
        assert (ai.role, ai.status) == (ai_role, ai_status)

    response = login(demo_client, email, DEMO_PASSWORD)
    assert response.status_code == 302
    assert "/auth/" not in response.headers["Location"]
    assert demo_client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("email", "sees_members"),
    [
        ("member@example.org", True),
        ("moderator@example.org", True),
        ("applicant@example.org", False),
        ("outsider@example.org", False),
    ],
)
def test_the_ai_directory_is_for_members_only(demo_client, email, sees_members):
    login(demo_client, email, DEMO_PASSWORD)
    response = demo_client.get("/w/ai/members/")
    assert response.status_code == (200 if sees_members else 403)


def test_outsider_is_in_no_workspace_but_can_read_about_ai(demo_client):
    outsider = user("outsider@example.org")
    assert db.session.scalar(select(Membership).where(Membership.user_id == outsider.id)) is None
    login(demo_client, "outsider@example.org", DEMO_PASSWORD)
    about = demo_client.get("/w/ai/")
    assert about.status_code == 200
    assert b"Toolkit for Responsible AI Innovation in Law Enforcement" in about.data


def test_ai_is_a_restricted_community_of_about_109_across_sectors_and_countries(in_demo):
    ai = workspace("ai")
    assert ai.name == "Artificial Intelligence"
    assert ai.visibility == Visibility.RESTRICTED
    assert "<h2" in ai.description_html and "UNICRI" in ai.description_html

    members = active_members("ai")
    assert 100 <= len(members) <= 120
    sectors = {member.sector for member in members}
    assert {
        Sector.LAW_ENFORCEMENT,
        Sector.ACADEMIA,
        Sector.PRIVATE_INDUSTRY,
        Sector.INTERNATIONAL_ORGANISATION,
    } <= sectors
    police = sum(member.sector == Sector.LAW_ENFORCEMENT for member in members)
    assert police > len(members) / 3, "law enforcement should be the largest group"
    countries = {member.country for member in members}
    assert len(countries) >= 40
    assert all(pycountry.countries.get(alpha_2=code) for code in countries)
    assert len({member.display_name for member in members}) == len(members)


def test_members_joined_between_2018_and_2021(in_demo):
    joined = db.session.scalars(
        select(Membership.joined_at).where(
            Membership.workspace_id == workspace("ai").id,
            Membership.status == MembershipStatus.ACTIVE,
        )
    ).all()
    assert {moment.year for moment in joined} == {2018, 2019, 2020, 2021}


def test_invented_members_cannot_sign_in(demo_client):
    demo_emails = {demo.email for demo in DEMO_ACCOUNTS}
    invented = [member for member in active_members("ai") if member.email not in demo_emails]
    assert invented and all(member.password_hash is None for member in invented)
    response = login(demo_client, invented[0].email, DEMO_PASSWORD)
    assert response.status_code == 200  # the sign-in form again, with its error


def test_administrator_sees_the_applicants_request(demo_client):
    request = membership("ai", "applicant@example.org")
    assert request.request_message
    login(demo_client, "wsadmin@example.org", DEMO_PASSWORD)
    page = demo_client.get("/w/ai/members/requests")
    assert page.status_code == 200
    assert b"Sofie Lindqvist" in page.data
    notices = db.session.scalars(
        select(Notification.message).where(Notification.user_id == user("wsadmin@example.org").id)
    ).all()
    assert any("Sofie Lindqvist" in notice for notice in notices)


def test_admin_pages_have_something_to_show(in_demo):
    ai = workspace("ai")
    requested = db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.workspace_id == ai.id, Membership.status == MembershipStatus.REQUESTED)
    )
    assert requested >= 2
    invitations = db.session.scalars(select(Invitation).where(Invitation.workspace_id == ai.id))
    assert any(invitation.is_open for invitation in invitations)
    assert db.session.scalar(select(func.count()).where(Activity.workspace_id == ai.id)) > 0
    admin = user("admin@example.org")
    assert db.session.scalar(select(func.count()).where(Notification.user_id == admin.id)) > 0


def test_drones_and_blockchain_show_the_hub_hosts_several(in_demo):
    assert workspace("drones").visibility == Visibility.RESTRICTED
    assert 10 <= len(active_members("drones")) <= 14
    assert membership("drones", "member@example.org").status == MembershipStatus.ACTIVE
    assert workspace("blockchain").visibility == Visibility.OPEN
    assert 6 <= len(active_members("blockchain")) <= 10


def test_second_run_changes_nothing(runner):
    seed(runner)
    first = row_counts()
    members_first = sorted(member.email for member in active_members("ai"))

    output = seed(runner).output

    assert row_counts() == first
    assert sorted(member.email for member in active_members("ai")) == members_first
    assert "already seeded" in output
    assert "Created" not in output
    assert "admin@example.org" in output and DEMO_PASSWORD in output


def test_an_existing_demo_account_is_left_as_it_is(runner):
    make_user("admin@example.org", display_name="Someone Else", hub_admin=True)
    output = seed(runner).output
    assert "admin@example.org: already seeded" in output
    assert user("admin@example.org").display_name == "Someone Else"
    assert (
        db.session.scalar(
            select(func.count()).select_from(User).where(User.email == "admin@example.org")
        )
        == 1
    )


def test_the_invented_people_are_the_same_every_time():
    first, second = invent_people(), invent_people()
    assert first == second
    assert len({person.email for person in first}) == len(first)
    assert all(person.email.isascii() for person in first)


@pytest.mark.parametrize(
    ("email", "status", "hub_admin", "problem"),
    [
        ("admin@example.org", AccountStatus.ACTIVE, False, "is not a hub administrator"),
        ("wsadmin@example.org", AccountStatus.SUSPENDED, False, "is suspended"),
        ("applicant@example.org", AccountStatus.PENDING, False, "is pending"),
    ],
)
def test_an_unusable_demo_account_stops_the_seed_with_a_clear_message(
    runner, email, status, hub_admin, problem
):
    make_user(email, status=status, hub_admin=hub_admin)
    before = row_counts()
    result = runner.invoke(args=SEED)
    db.session.expire_all()
    assert result.exit_code != 0
    assert email in result.output and problem in result.output
    assert "Traceback" not in result.output
    assert row_counts() == before, "nothing is half-made"


def test_the_wiki_seeder_fills_the_workspace_it_is_given_once():
    robotics = make_workspace("robotics", name="Robotics")
    accounts = {}
    for email, role in [
        ("wsadmin@example.org", Role.ADMINISTRATOR),
        ("moderator@example.org", Role.MODERATOR),
        ("member@example.org", Role.MEMBER),
    ]:
        accounts[email] = make_user(email)
        make_membership(robotics, accounts[email], role)
    accounts["admin@example.org"] = make_user("admin@example.org", hub_admin=True)
    report: list[str] = []
    context = DemoContext(
        workspace=robotics, accounts=accounts, people={}, clock=DemoClock(), report=report
    )

    seed_demo_wiki(context)
    seed_demo_wiki(context)

    pages = db.session.scalars(select(Page).where(Page.workspace_id == robotics.id)).all()
    assert len(pages) == len(load_demo_pages())
    home = next(page for page in pages if page.path == HOME_PATH)
    assert home.created_at == datetime(2018, 9, 3, 9, 0, tzinfo=UTC)
    assert report == [
        f"Wiki of Robotics: {len(pages)} pages with their history",
        "Wiki of Robotics: already seeded",
    ]


def test_the_toolkit_section_page_says_the_demo_is_an_illustration(demo_client):
    login(demo_client, "member@example.org", DEMO_PASSWORD)
    for address in ("/w/ai/wiki/sections/toolkit", "/w/ai/wiki/"):
        page = demo_client.get(address)
        assert page.status_code == 200
        assert "illustration written for this hub" in page.text, address
