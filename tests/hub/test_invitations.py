"""Invitations: sending, accepting by members and by newcomers, expiry and revoking."""

import html
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hub.auth.models import AccountStatus, User
from hub.exceptions import RuleViolation
from hub.extensions import db
from hub.workspaces import services
from hub.workspaces.models import Invitation, MembershipStatus, Role
from tests.support import (
    PASSWORD,
    alerts,
    link_in,
    login,
    make_membership,
    make_user,
    make_workspace,
    sent_mail,
    signed_in,
)
from tests.support.hub import (
    alert_text,
    audit_actions,
    mail_to,
    membership_of,
    notifications_of,
)

# --- invitations -------------------------------------------------------------------------

REGISTRATION = {
    "display_name": "Nina Newcomer",
    "sector": "academia",
    "organisation": "University of Tartu",
    "country": "EE",
    "password": PASSWORD,
    "password_again": PASSWORD,
}


def invite(app, world, email: str, role: str = "member", message: str = "") -> str:
    """Invite as the workspace administrator; the link in the mail, as a path."""
    admin = signed_in(app, world.admin.email)
    response = admin.post(
        "/w/ai/members/invite",
        data={"email": email, "role": role, "message": message},
        follow_redirects=True,
    )
    assert "An invitation was sent" in alert_text(response)
    mail = mail_to(app, email.lower())[-1]
    return link_in(mail)


def test_an_invitee_without_an_account_registers_through_the_link_and_joins(app, world):
    link = invite(app, world, "Nina.Newcomer@Example.org", "moderator", "Join our toolkit work.")
    mail = mail_to(app, "nina.newcomer@example.org")[-1]
    assert "Artificial Intelligence" in mail["Subject"]
    assert "Join our toolkit work." in mail.get_content()
    assert link.startswith("/invitations/")
    token = link.rsplit("/", 1)[1]
    visitor = app.test_client()

    offer = visitor.get(link)
    assert offer.status_code == 200
    assert "Wanda Admin invited" in offer.text
    assert f"/auth/register?invitation={token}" in html.unescape(offer.text)
    form = visitor.get(f"/auth/register?invitation={token}")
    assert "You are invited to" in form.text
    registered = visitor.post(f"/auth/register?invitation={token}", data=REGISTRATION)

    assert registered.status_code == 302
    assert registered.headers["Location"] == "/w/ai/"
    user = db.session.scalar(select(User).where(User.email == "nina.newcomer@example.org"))
    assert user.status == AccountStatus.ACTIVE
    membership = membership_of(world.workspace, user)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, Role.MODERATOR)
    home = visitor.get("/w/ai/")  # signed in already
    assert home.status_code == 200
    assert "You are a moderator" in home.text
    assert visitor.get(link).status_code == 400  # the link worked once
    [notice] = notifications_of(world.admin)
    assert notice.kind == "membership.invitation_accepted"
    actions = audit_actions()
    assert "membership.invited" in actions
    assert "membership.invitation_accepted" in actions


def test_an_invited_existing_user_accepts_from_the_hub_home(app, world):
    invite(app, world, world.outsider.email, "moderator")
    client = signed_in(app, world.outsider.email)
    assert membership_of(world.workspace, world.outsider).status == MembershipStatus.INVITED
    [notice] = notifications_of(world.outsider)
    assert notice.kind == "membership.invited"

    home = client.get("/")
    assert "/w/ai/invitation/accept" in home.text
    assert "/w/ai/invitation/decline" in home.text
    response = client.post("/w/ai/invitation/accept", data={}, follow_redirects=True)

    assert "Welcome to Artificial Intelligence." in alert_text(response)
    membership = membership_of(world.workspace, world.outsider)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, Role.MODERATOR)


def test_an_invitee_who_registers_without_the_link_finds_the_invitation_waiting(app, world):
    invite(app, world, "nina.newcomer@example.org", "moderator")
    visitor = app.test_client()
    visitor.post("/auth/register", data={**REGISTRATION, "email": "nina.newcomer@example.org"})
    confirmation = mail_to(app, "nina.newcomer@example.org")[-1]
    visitor.post(link_in(confirmation))
    login(visitor, "nina.newcomer@example.org")

    home = visitor.get("/")
    assert "/w/ai/invitation/accept" in home.text
    visitor.post("/w/ai/invitation/accept", data={})
    user = db.session.scalar(select(User).where(User.email == "nina.newcomer@example.org"))
    membership = membership_of(world.workspace, user)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, Role.MODERATOR)


def test_an_invited_existing_user_accepts_through_the_link(app, world):
    link = invite(app, world, world.outsider.email)
    visitor = app.test_client()
    assert "Sign in to accept" in visitor.get(link).text
    client = signed_in(app, world.outsider.email)

    response = client.post(link, data={}, follow_redirects=True)

    assert "Welcome to Artificial Intelligence." in alert_text(response)
    assert membership_of(world.workspace, world.outsider).status == MembershipStatus.ACTIVE


def test_an_invited_user_can_decline(app, world):
    link = invite(app, world, world.outsider.email)
    client = signed_in(app, world.outsider.email)

    response = client.post("/w/ai/invitation/decline", data={}, follow_redirects=True)

    assert "You declined" in alert_text(response)
    assert membership_of(world.workspace, world.outsider) is None
    assert client.get(link).status_code == 400
    assert "membership.invitation_declined" in audit_actions()


def test_accepting_a_link_signed_in_as_someone_else_is_refused(app, world):
    invitee = make_user("invitee@example.org")
    link = invite(app, world, invitee.email, "administrator")
    intruder = signed_in(app, world.outsider.email)

    page = intruder.get(link)
    assert "You are signed in as outsider@example.org" in page.text
    response = intruder.post(link, data={})

    assert "This invitation is for invitee@example.org" in alert_text(response)
    assert membership_of(world.workspace, world.outsider) is None
    assert membership_of(world.workspace, invitee).status == MembershipStatus.INVITED
    db.session.expire_all()
    assert db.session.scalar(select(Invitation)).is_open


def test_accept_invitation_service_refuses_another_user(app, world):
    invitation = services.invite(world.workspace, world.admin, "invitee@example.org", "member")
    with pytest.raises(RuleViolation):
        services.accept_invitation(invitation, world.outsider)
    assert membership_of(world.workspace, world.outsider) is None


@pytest.mark.parametrize("spoil", ["tampered", "truncated", "garbage", "expired"])
def test_a_spoilt_invitation_link_gives_the_400_page(app, world, monkeypatch, spoil):
    link = invite(app, world, "someone@example.org")
    token = link.rsplit("/", 1)[1]
    spoilt = {
        "tampered": token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"),
        "truncated": token[: len(token) // 2],
        "garbage": "not-a-token",
        "expired": token,
    }[spoil]
    if spoil == "expired":
        monkeypatch.setitem(app.config, "INVITATION_MAX_AGE", timedelta(seconds=-1))

    response = app.test_client().get(f"/invitations/{spoilt}")

    assert response.status_code == 400
    assert "invitation link is not valid" in response.text
    assert app.test_client().post(f"/invitations/{spoilt}", data={}).status_code == 400


def test_a_withdrawn_invitation_link_stops_working(app, world):
    link = invite(app, world, world.outsider.email)
    invitation = db.session.scalar(select(Invitation))
    admin = signed_in(app, world.admin.email)

    response = admin.post(
        f"/w/ai/members/invitations/{invitation.id}/revoke", data={}, follow_redirects=True
    )

    assert "The invitation was withdrawn." in alert_text(response)
    assert app.test_client().get(link).status_code == 400
    assert membership_of(world.workspace, world.outsider) is None
    client = signed_in(app, world.outsider.email)
    assert client.post(link, data={}).status_code == 400
    refused = client.post("/w/ai/invitation/accept", data={}, follow_redirects=True)
    assert "no open invitation" in alert_text(refused)
    assert membership_of(world.workspace, world.outsider) is None
    again = admin.post(
        f"/w/ai/members/invitations/{invitation.id}/revoke", data={}, follow_redirects=True
    )
    assert "already used or withdrawn" in alert_text(again)


def test_re_inviting_replaces_the_older_open_invitation(app, world):
    first = invite(app, world, "twice@example.org", "member")
    second = invite(app, world, "twice@example.org", "moderator")

    assert app.test_client().get(first).status_code == 400
    assert app.test_client().get(second).status_code == 200
    db.session.expire_all()
    open_invitations = [i for i in db.session.scalars(select(Invitation)) if i.is_open]
    assert [(i.email, i.role) for i in open_invitations] == [("twice@example.org", Role.MODERATOR)]
    page = signed_in(app, world.admin.email).get("/w/ai/members/invite")
    assert page.text.count("twice@example.org") == 1


def test_an_administrator_cannot_withdraw_another_workspace_invitation(app, world):
    blockchain = make_workspace("blockchain", name="Blockchain")
    chain_admin = make_user("chain-admin@example.org")
    make_membership(blockchain, chain_admin, Role.ADMINISTRATOR)
    invitation = services.invite(blockchain, chain_admin, "guest@example.org", "member")
    db.session.commit()

    response = signed_in(app, world.admin.email).post(
        f"/w/ai/members/invitations/{invitation.id}/revoke", data={}, follow_redirects=True
    )

    assert "already used or withdrawn" in alert_text(response)
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).is_open


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"email": "", "role": "member"}, "Enter your e-mail address"),
        ({"email": "not-an-email", "role": "member"}, "valid e-mail address"),
        ({"email": "a@" + "b" * 250 + ".org", "role": "member"}, "at most 254"),
        ({"email": "x\x00y@example.org", "role": "member"}, ""),
        ({"email": "ok@example.org", "role": "king"}, "Not a valid choice"),
        ({"email": "ok@example.org", "role": ""}, "Not a valid choice"),
        ({"email": "ok@example.org", "role": "member", "message": "x" * 2001}, "2,000"),
        ({"email": "ok@example.org", "role": "member", "message": "hi\x1b[31m"}, "not allowed"),
        ({"email": "member@example.org", "role": "member"}, "already a member"),
        ({"email": "MEMBER@example.org", "role": "member"}, "already a member"),
    ],
    ids=[
        "empty",
        "invalid",
        "too-long",
        "nul",
        "unknown-role",
        "no-role",
        "message-too-long",
        "message-control",
        "already-member",
        "already-member-other-case",
    ],
)
def test_bad_invitation_input_gives_a_message_and_saves_nothing(app, world, data, expected):
    admin = signed_in(app, world.admin.email)

    response = admin.post("/w/ai/members/invite", data=data)

    assert response.status_code == 200
    assert expected in alert_text(response)
    assert alerts(response)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert sent_mail(app) == []
    if data.get("message"):
        assert html.escape(data["message"][:40]) in response.text  # kept on the form


def test_a_suspended_account_cannot_be_invited(app, world):
    make_user("banned@example.org", status=AccountStatus.SUSPENDED)
    response = signed_in(app, world.admin.email).post(
        "/w/ai/members/invite", data={"email": "banned@example.org", "role": "member"}
    )
    assert "suspended" in alert_text(response)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


@pytest.mark.parametrize("who", ["moderator", "member", "outsider"])
def test_only_administrators_invite(app, world, who):
    client = signed_in(app, getattr(world, who).email)
    assert client.get("/w/ai/members/invite").status_code == 403
    response = client.post(
        "/w/ai/members/invite", data={"email": "x@example.org", "role": "member"}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_invite_service_sends_a_working_link_without_a_request(app, world):
    """From a CLI command: the e-mailed link is absolute, on BASE_URL."""
    services.invite(world.workspace, world.admin, "cli@example.org", "member")
    db.session.commit()
    [mail] = mail_to(app, "cli@example.org")
    assert app.config["BASE_URL"] + "/invitations/" in mail.get_content()
    assert app.test_client().get(link_in(mail)).status_code == 200
