"""Each account and invitation flow writes exactly one audit entry, naming who did what to whom.

The audit log is what an agency reads after an incident: an entry that stops being written,
or is written twice, or names the wrong person, must fail a test.
"""

import time
from dataclasses import dataclass, field

import pyotp
import pytest
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.auth import twofactor
from hub.auth.models import User
from hub.extensions import db
from hub.workspaces import services as workspace_services
from hub.workspaces.models import Invitation, Role
from tests.support import (
    PASSWORD,
    link_in,
    login,
    make_membership,
    make_user,
    make_workspace,
    sent_mail,
    signed_in,
)

REGISTRATION = {
    "display_name": "Alice Moreau",
    "sector": "academia",
    "organisation": "University of Lyon",
    "country": "FR",
    "password": PASSWORD,
    "password_again": PASSWORD,
}


@dataclass
class Expected:
    """The one entry a flow must leave: its action, who acted, on whom, and with what details."""

    action: str
    actor: str | None  # e-mail address, or None for an anonymous request
    target: str | None
    details: dict = field(default_factory=dict)
    workspace: str | None = None  # slug


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def register(app) -> Expected:
    response = app.test_client().post(
        "/auth/register", data={"email": "alice@example.org", **REGISTRATION}
    )
    assert response.status_code == 200
    return Expected("auth.registered", "alice@example.org", "alice@example.org")


def register_through_invitation(app) -> Expected:
    workspace = make_workspace()
    admin = make_user("admin@example.org")
    make_membership(workspace, admin, Role.ADMINISTRATOR)
    workspace_services.invite(workspace, admin, "nina@example.org", Role.MEMBER)
    db.session.commit()
    link = link_in(sent_mail(app)[-1])
    token = link.rsplit("/", 1)[1]
    response = app.test_client().post(
        f"/auth/register?invitation={token}", data={"email": "nina@example.org", **REGISTRATION}
    )
    assert response.status_code == 302
    return Expected(
        "auth.registered", "nina@example.org", "nina@example.org", {"via": "invitation"}
    )


def confirm_email(app) -> Expected:
    register(app)
    response = app.test_client().post(link_in(sent_mail(app)[-1]), data={})
    assert response.status_code == 302
    return Expected("auth.confirmed", "alice@example.org", "alice@example.org")


def sign_out(app) -> Expected:
    make_user("member@example.org")
    client = signed_in(app, "member@example.org")
    assert client.post("/auth/logout", data={}).status_code == 302
    return Expected("auth.signed_out", "member@example.org", "member@example.org")


def request_password_reset(app) -> Expected:
    make_user("member@example.org")
    response = app.test_client().post("/auth/reset", data={"email": "member@example.org"})
    assert response.status_code == 200
    return Expected("auth.reset_requested", None, "member@example.org")


def request_email_change(app) -> Expected:
    make_user("member@example.org")
    client = signed_in(app, "member@example.org")
    response = client.post(
        "/account/email", data={"email": "new.address@example.org", "current_password": PASSWORD}
    )
    assert response.status_code == 302
    return Expected(
        "auth.email_change_requested",
        "member@example.org",
        "member@example.org",
        {"new_email": "new.address@example.org"},
    )


def regenerate_recovery_codes(app) -> Expected:
    member = make_user("member@example.org")
    secret = twofactor.new_secret()
    twofactor.enable_two_factor(member, secret, pyotp.TOTP(secret).now(), PASSWORD)
    db.session.commit()
    client = app.test_client()
    assert login(client, "member@example.org").status_code == 302
    # The next step's code: accepted for clock drift, and not the one used to turn 2FA on.
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert client.post("/auth/two-factor", data={"code": code}).status_code == 302
    response = client.post(
        "/account/two-factor/recovery-codes", data={"codes-current_password": PASSWORD}
    )
    assert response.status_code == 200
    return Expected(
        "auth.2fa_recovery_codes_regenerated", "member@example.org", "member@example.org"
    )


def revoke_invitation(app) -> Expected:
    workspace = make_workspace()
    admin = make_user("admin@example.org")
    make_membership(workspace, admin, Role.ADMINISTRATOR)
    make_user("invitee@example.org")
    invitation = workspace_services.invite(workspace, admin, "invitee@example.org", Role.MEMBER)
    db.session.commit()
    client = signed_in(app, "admin@example.org")
    response = client.post(f"/w/ai/members/invitations/{invitation.id}/revoke", data={})
    assert response.status_code == 302
    assert db.session.get(Invitation, invitation.id).revoked_at is not None
    return Expected(
        "membership.invitation_revoked",
        "admin@example.org",
        "invitee@example.org",
        {"email": "invitee@example.org"},
        workspace="ai",
    )


FLOWS = [
    register,
    register_through_invitation,
    confirm_email,
    sign_out,
    request_password_reset,
    request_email_change,
    regenerate_recovery_codes,
    revoke_invitation,
]


@pytest.mark.parametrize("flow", FLOWS, ids=[flow.__name__ for flow in FLOWS])
def test_the_flow_writes_one_entry_naming_actor_target_and_details(app, flow):
    expected = flow(app)

    db.session.expire_all()
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == expected.action)
    ).all()
    assert len(entries) == 1, f"{len(entries)} {expected.action} entries"
    [entry] = entries
    assert (entry.actor.email if entry.actor else None) == expected.actor
    assert (entry.target_user.email if entry.target_user else None) == expected.target
    assert entry.details == expected.details
    assert (entry.workspace.slug if entry.workspace else None) == expected.workspace
    assert entry.ip_address == "127.0.0.1"
