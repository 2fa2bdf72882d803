"""A mail server that fails after the commit loses the e-mail, never the change it announces."""

import logging

import pytest
from sqlalchemy import select

from hub import mail
from hub.extensions import db
from hub.workspaces.models import Invitation, Membership, MembershipStatus, Role, Workspace
from tests.support import login, make_membership, make_user, make_workspace


class RefusingSMTP:
    """Stands for a mail server that cannot be reached."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def failing_mail_server(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    monkeypatch.setattr(mail.smtplib, "SMTP", RefusingSMTP)


@pytest.fixture
def workspace() -> Workspace:
    workspace = make_workspace()
    make_membership(workspace, make_user("admin@example.org"), Role.ADMINISTRATOR)
    return workspace


def invite(client, workspace: Workspace) -> tuple[str, str, str]:
    """Invite a newcomer; the page shown, the result it must state, the address mailed."""
    response = client.post(
        "/w/ai/members/invite",
        data={"email": "newcomer@example.org", "role": "member", "message": ""},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert db.session.scalar(select(Invitation.email)) == "newcomer@example.org"
    return response.text, "An invitation was sent to newcomer@example.org.", "newcomer@example.org"


def approve_request(client, workspace: Workspace) -> tuple[str, str, str]:
    """Approve a join request (the applicant is told by e-mail); as `invite`."""
    applicant = make_user("applicant@example.org", display_name="Ana Applicant")
    request = make_membership(workspace, applicant, status=MembershipStatus.REQUESTED)
    response = client.post(
        "/w/ai/members/requests/approve", data={"membership_id": request.id}, follow_redirects=True
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Membership, request.id).status == MembershipStatus.ACTIVE
    return response.text, "Ana Applicant is now a member.", "applicant@example.org"


@pytest.mark.parametrize("decision", [invite, approve_request], ids=["invite", "approve"])
def test_the_change_stays_and_is_shown_when_the_mail_server_fails(
    app, workspace, failing_mail_server, caplog, decision
):
    client = app.test_client()
    assert login(client, "admin@example.org").status_code == 302

    with caplog.at_level(logging.ERROR, logger=mail.log.name):
        page, result, mailed_to = decision(client, workspace)

    assert result in page
    assert [record.getMessage() for record in caplog.records] == [
        f"could not deliver mail to {mailed_to}"
    ]
