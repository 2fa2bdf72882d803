"""E-mailed links state the lifetime the configuration gives them, not a fixed number."""

from datetime import timedelta

import pytest

from hub.auth.models import Sector
from hub.extensions import db
from hub.mail import duration_text
from hub.workspaces import services as workspace_services
from hub.workspaces.models import Role
from tests.support import PASSWORD, login, make_membership, make_user, make_workspace, sent_mail

ONE_OR_MORE_HOURS = pytest.mark.parametrize(("hours", "stated"), [(1, "1 hour"), (3, "3 hours")])


@ONE_OR_MORE_HOURS
def test_the_reset_e_mail_and_page_state_the_configured_lifetime(
    app, client, monkeypatch, hours, stated
):
    monkeypatch.setitem(app.config, "RESET_TOKEN_MAX_AGE", timedelta(hours=hours))
    make_user("member@example.org")

    page = client.post("/auth/reset", data={"email": "member@example.org"})

    assert f"The link works once, for {stated}." in page.text
    [message] = sent_mail(app)
    assert f"the link works once, for {stated}):" in message.get_content()


@ONE_OR_MORE_HOURS
def test_the_confirmation_e_mail_and_page_state_the_configured_lifetime(
    app, client, monkeypatch, hours, stated
):
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", timedelta(hours=hours))

    page = client.post(
        "/auth/register",
        data={
            "email": "alice@example.org",
            "display_name": "Alice Moreau",
            "sector": Sector.ACADEMIA.value,
            "organisation": "University of Lyon",
            "country": "FR",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )

    assert f"The link works for {stated}." in page.text
    [message] = sent_mail(app)
    assert f"The link works for {stated}." in message.get_content()


@ONE_OR_MORE_HOURS
def test_the_e_mail_change_e_mail_states_the_configured_lifetime(
    app, client, monkeypatch, hours, stated
):
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", timedelta(hours=hours))
    make_user("member@example.org")
    assert login(client, "member@example.org").status_code == 302

    client.post("/account/email", data={"email": "new@example.org", "current_password": PASSWORD})

    [message] = sent_mail(app)
    assert message["To"] == "new@example.org"
    assert f"The link works for {stated}." in message.get_content()


@pytest.mark.parametrize(("days", "stated"), [(1, "1 day"), (30, "30 days")])
def test_the_invitation_e_mail_states_the_configured_lifetime(app, monkeypatch, days, stated):
    monkeypatch.setitem(app.config, "INVITATION_MAX_AGE", timedelta(days=days))
    workspace = make_workspace("ai")
    admin = make_user("wsadmin@example.org")
    make_membership(workspace, admin, Role.ADMINISTRATOR)

    workspace_services.invite(workspace, admin, "guest@example.org", "member")
    db.session.commit()

    [message] = sent_mail(app)
    assert f"the link works for {stated}):" in message.get_content()


@pytest.mark.backend_independent
def test_a_lifetime_is_stated_in_whole_units_rounded_down():
    # Rounding up would promise a link for longer than it works.
    assert duration_text(timedelta(minutes=150), "hour") == "2 hours"
    assert duration_text(timedelta(hours=47), "day") == "1 day"
