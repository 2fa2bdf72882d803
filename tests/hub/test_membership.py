"""Membership: joining, requests and decisions, roles, removal and leaving.

Each rule is checked through HTTP (what a user sees) and, where it matters, on the service
directly (what a CLI command or another package gets).
"""

import html

import html5lib
import pytest
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.auth.models import AccountStatus, EmailPreference
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.notifications.models import Activity
from hub.workspaces import services
from hub.workspaces.models import Invitation, Membership, MembershipStatus, Role, Visibility
from tests.support import (
    alerts,
    link_in,
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
    set_preference,
)


def request_to_join(app, workspace, user, message: str = "I work on AI.") -> Membership:
    response = signed_in(app, user.email).post(
        f"/w/{workspace.slug}/join", data={"message": message}
    )
    assert response.status_code == 302
    membership = membership_of(workspace, user)
    assert membership.status == MembershipStatus.REQUESTED
    return membership


# --- joining -----------------------------------------------------------------------------


def test_joining_an_open_workspace_makes_an_active_member_at_once(app):
    drones = make_workspace("drones", name="Drones", visibility=Visibility.OPEN)
    user = make_user("pilot@example.org", display_name="Pia Pilot")
    client = signed_in(app, user.email)

    response = client.post("/w/drones/join", data={}, follow_redirects=True)

    assert "Welcome to Drones." in alert_text(response)
    membership = membership_of(drones, user)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.role == Role.MEMBER
    assert membership.joined_at is not None
    assert "membership.joined" in audit_actions()
    assert client.get("/w/drones/members/").status_code == 200
    assert "Pia Pilot" in client.get("/w/drones/").text  # "Pia Pilot joined the workspace"


def test_request_to_join_a_restricted_workspace_waits_and_tells_its_administrators(app, world):
    second_admin = make_user("quiet-admin@example.org", display_name="Quiet Admin")
    set_preference(second_admin, EmailPreference.OFF)
    make_membership(world.workspace, second_admin, Role.ADMINISTRATOR)
    suspended_admin = make_user("gone@example.org", status=AccountStatus.SUSPENDED)
    make_membership(world.workspace, suspended_admin, Role.ADMINISTRATOR)
    client = signed_in(app, world.outsider.email)

    response = client.post(
        "/w/ai/join", data={"message": "I lead the BKA's AI unit."}, follow_redirects=True
    )

    assert "sent to its administrators" in alert_text(response)
    assert "waiting for an administrator" in response.text
    membership = membership_of(world.workspace, world.outsider)
    assert membership.status == MembershipStatus.REQUESTED
    assert membership.request_message == "I lead the BKA's AI unit."
    assert membership.requested_at is not None
    assert client.get("/w/ai/members/").status_code == 403
    # Every active administrator is told in the app; the moderator and member are not.
    for administrator in (world.admin, second_admin):
        [notice] = notifications_of(administrator)
        assert notice.kind == "membership.requested"
        assert "Otto Outsider (Bundeskriminalamt)" in notice.message
        assert notice.link == "/w/ai/members/requests"
    assert notifications_of(suspended_admin) == []
    assert notifications_of(world.moderator) == []
    # ...and by e-mail according to their preference (immediate by default, off for one).
    [mail] = mail_to(app, world.admin.email)
    assert "Otto Outsider" in mail.get_content()
    assert "/w/ai/members/requests" in mail.get_content()
    assert mail_to(app, second_admin.email) == []
    assert "membership.requested" in audit_actions()


def test_administrators_see_the_request_and_a_count_in_the_navigation(app, world):
    request_to_join(app, world.workspace, world.outsider, "Please let me in.")
    admin = signed_in(app, world.admin.email)

    page = admin.get("/w/ai/members/requests")

    assert page.status_code == 200
    assert "Otto Outsider" in page.text
    assert "Please let me in." in page.text
    assert 'aria-label="1 request waiting"' in admin.get("/w/ai/").text
    member_page = signed_in(app, world.member.email).get("/w/ai/")
    assert "request waiting" not in member_page.text


def test_a_second_request_is_refused_with_a_message(app, world):
    request_to_join(app, world.workspace, world.outsider)
    client = signed_in(app, world.outsider.email)

    response = client.post("/w/ai/join", data={"message": "again"}, follow_redirects=True)

    assert "already waiting for an administrator" in alert_text(response)
    assert membership_of(world.workspace, world.outsider).request_message == "I work on AI."
    assert len(notifications_of(world.admin)) == 1


def test_a_request_waiting_when_the_workspace_opens_does_not_block_joining(app, world):
    request_to_join(app, world.workspace, world.outsider)
    world.workspace.visibility = Visibility.OPEN
    db.session.commit()
    client = signed_in(app, world.outsider.email)
    assert 'action="/w/ai/join"' in client.get("/w/ai/").text

    response = client.post("/w/ai/join", data={}, follow_redirects=True)

    assert "Welcome to Artificial Intelligence." in alert_text(response)
    assert membership_of(world.workspace, world.outsider).status == MembershipStatus.ACTIVE


def test_an_active_member_cannot_ask_to_join_again(app, world):
    response = signed_in(app, world.member.email).post("/w/ai/join", data={}, follow_redirects=True)
    assert "already a member" in alert_text(response)
    assert membership_of(world.workspace, world.member).status == MembershipStatus.ACTIVE


def test_an_applicant_can_withdraw_the_request(app, world):
    request_to_join(app, world.workspace, world.outsider)
    client = signed_in(app, world.outsider.email)

    response = client.post("/w/ai/withdraw", data={}, follow_redirects=True)

    assert "withdrawn" in alert_text(response)
    assert membership_of(world.workspace, world.outsider) is None
    assert "membership.request_withdrawn" in audit_actions()
    again = client.post("/w/ai/withdraw", data={}, follow_redirects=True)
    assert "no request waiting" in alert_text(again)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("x" * 2001, "at most 2,000 characters"),
        ("Hello\x07there", "not allowed"),
        ("Zero\u200bwidth", "not allowed"),
    ],
    ids=["too-long", "control-character", "format-character"],
)
def test_a_bad_join_message_is_refused_and_kept_on_the_form(app, world, message, expected):
    client = signed_in(app, world.outsider.email)

    response = client.post("/w/ai/join", data={"message": message})

    assert response.status_code == 200
    assert expected in alert_text(response)
    assert html.escape(message[:50]) in response.text  # what they typed is still there
    assert membership_of(world.workspace, world.outsider) is None
    assert notifications_of(world.admin) == []


@pytest.mark.parametrize("body", [b"message=caf%C3%A9%FF%FE", b"message=caf\xc3\xa9\xff\xfe"])
def test_invalid_utf8_in_a_join_message_never_stores_broken_text(app, world, body):
    client = signed_in(app, world.outsider.email)
    response = client.post(
        "/w/ai/join", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {200, 302}
    membership = membership_of(world.workspace, world.outsider)
    if membership is not None:  # Werkzeug keeps undecodable escapes as literal text
        assert "\ufffd" not in membership.request_message
        membership.request_message.encode("utf-8")


def test_joining_an_unknown_workspace_is_404(app, world):
    client = signed_in(app, world.outsider.email)
    assert client.post("/w/nowhere/join", data={}).status_code == 404
    assert client.post("/w/nowhere/join", data={"message": "x" * 3000}).status_code == 404


def test_join_service_refuses_an_inactive_account(world):
    pending = make_user("pending@example.org", status=AccountStatus.PENDING)
    with pytest.raises(AccessDenied):
        services.join_workspace(world.workspace, pending, "hello")


def test_join_service_works_without_a_request(world):
    """Services are called by CLI commands too (the demo seed): no request, no url_for crash."""
    membership = services.join_workspace(world.workspace, world.outsider, "from the CLI")
    db.session.commit()
    assert membership.status == MembershipStatus.REQUESTED
    [notice] = notifications_of(world.admin)
    assert notice.link == "/w/ai/members/requests"


# --- approving and rejecting -------------------------------------------------------------


def test_an_administrator_approves_a_request(app, world):
    membership = request_to_join(app, world.workspace, world.outsider)
    admin = signed_in(app, world.admin.email)

    response = admin.post(
        "/w/ai/members/requests/approve",
        data={"membership_id": str(membership.id)},
        follow_redirects=True,
    )

    assert "Otto Outsider is now a member." in alert_text(response)
    membership = membership_of(world.workspace, world.outsider)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.role == Role.MEMBER
    assert membership.joined_at is not None
    [notice] = notifications_of(world.outsider)
    assert notice.kind == "membership.approved"
    [mail] = mail_to(app, world.outsider.email)
    assert "approved" in mail.get_content()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.approved"))
    assert (entry.actor_id, entry.target_user_id) == (world.admin.id, world.outsider.id)
    assert entry.workspace_id == world.workspace.id
    assert signed_in(app, world.outsider.email).get("/w/ai/members/").status_code == 200
    assert "Otto Outsider" in admin.get("/w/ai/").text  # the activity list


@pytest.mark.parametrize("preference", list(EmailPreference))
def test_a_rejection_is_emailed_once_with_its_reason_whatever_the_preference(
    app, world, runner, preference
):
    set_preference(world.outsider, preference)
    membership = request_to_join(app, world.workspace, world.outsider)
    admin = signed_in(app, world.admin.email)

    response = admin.post(
        "/w/ai/members/requests/reject",
        data={"membership_id": str(membership.id), "reason": "Members must work in policing."},
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "The request of Otto Outsider was declined." in alert_text(response)
    membership = membership_of(world.workspace, world.outsider)
    assert membership.status == MembershipStatus.REJECTED
    assert membership.decision_reason == "Members must work in policing."
    [mail] = mail_to(app, world.outsider.email)
    assert "Members must work in policing." in mail.get_content()
    [notice] = notifications_of(world.outsider)
    assert "Members must work in policing." in notice.message
    # A daily digest does not send it a second time.
    runner.invoke(args=["hub", "send-digests"])
    assert len(mail_to(app, world.outsider.email)) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.rejected"))
    assert entry.details == {"reason": "Members must work in policing."}
    # The applicant reads the reason on the workspace page and may ask again.
    about = signed_in(app, world.outsider.email).get("/w/ai/")
    assert "Members must work in policing." in about.text
    assert "Request to join" in about.text


def test_a_rejection_without_reason_still_emails_the_applicant(app, world):
    membership = request_to_join(app, world.workspace, world.outsider)
    with app.test_request_context():
        services.reject_request(world.workspace, membership.id, world.admin)
        db.session.commit()
    [mail] = mail_to(app, world.outsider.email)
    assert "was not approved" in mail.get_content()
    assert "Reason" not in mail.get_content()


@pytest.mark.parametrize(
    ("first", "second"),
    [("approve", "approve"), ("approve", "reject"), ("reject", "approve"), ("reject", "reject")],
)
def test_deciding_twice_is_refused_with_a_message(app, world, first, second):
    membership = request_to_join(app, world.workspace, world.outsider)
    admin = signed_in(app, world.admin.email)
    data = {"membership_id": str(membership.id)}
    admin.post(f"/w/ai/members/requests/{first}", data=data)
    status_after_first = membership_of(world.workspace, world.outsider).status
    mails_after_first = len(sent_mail(app))

    response = admin.post(f"/w/ai/members/requests/{second}", data=data, follow_redirects=True)

    assert "already decided or withdrawn" in alert_text(response)
    assert membership_of(world.workspace, world.outsider).status == status_after_first
    assert len(sent_mail(app)) == mails_after_first


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize("who", ["moderator", "member", "outsider"])
def test_only_a_workspace_administrator_may_decide(app, world, decision, who):
    membership = request_to_join(app, world.workspace, make_user("applicant@example.org"))
    client = signed_in(app, getattr(world, who).email)

    response = client.post(
        f"/w/ai/members/requests/{decision}", data={"membership_id": str(membership.id)}
    )

    assert response.status_code == 403
    assert membership_of(world.workspace, membership.user).status == MembershipStatus.REQUESTED


def test_the_decision_services_check_the_role_too(app, world):
    membership = request_to_join(app, world.workspace, world.outsider)
    with pytest.raises(AccessDenied):
        services.approve_request(world.workspace, membership.id, world.moderator)
    with pytest.raises(AccessDenied):
        services.reject_request(world.workspace, membership.id, world.member, "no")
    assert membership_of(world.workspace, world.outsider).status == MembershipStatus.REQUESTED


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_an_administrator_cannot_decide_on_another_workspace_requests(app, world, decision):
    blockchain = make_workspace("blockchain", name="Blockchain")
    other_admin = make_user("chain-admin@example.org")
    make_membership(blockchain, other_admin, Role.ADMINISTRATOR)
    in_ai = request_to_join(app, world.workspace, make_user("ai-applicant@example.org"))
    in_blockchain = request_to_join(app, blockchain, make_user("chain-applicant@example.org"))

    # The admin of Blockchain, on the AI workspace's URL, with an AI request: no access at all.
    chain_admin = signed_in(app, other_admin.email)
    response = chain_admin.post(
        f"/w/ai/members/requests/{decision}", data={"membership_id": str(in_ai.id)}
    )
    assert response.status_code == 403
    # The admin of AI, on their own URL, with Blockchain's request: refused, nothing changes.
    ai_admin = signed_in(app, world.admin.email)
    response = ai_admin.post(
        f"/w/ai/members/requests/{decision}",
        data={"membership_id": str(in_blockchain.id)},
        follow_redirects=True,
    )
    assert "already decided or withdrawn" in alert_text(response)
    # The admin of Blockchain, on Blockchain's URL, with an AI request: refused too.
    response = chain_admin.post(
        f"/w/blockchain/members/requests/{decision}",
        data={"membership_id": str(in_ai.id)},
        follow_redirects=True,
    )
    assert "already decided or withdrawn" in alert_text(response)

    assert membership_of(world.workspace, in_ai.user).status == MembershipStatus.REQUESTED
    assert membership_of(blockchain, in_blockchain.user).status == MembershipStatus.REQUESTED
    assert not {"membership.approved", "membership.rejected"} & set(audit_actions())


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"membership_id": ""},
        {"membership_id": "abc"},
        {"membership_id": "1.5"},
        {"membership_id": "-1"},
        {"membership_id": "²"},
        {"membership_id": "٣"},
        {"membership_id": "9" * 30},
        {"membership_id": "MEMBERSHIP", "reason": "x" * 501},
        {"membership_id": "MEMBERSHIP", "reason": "bad\x00reason"},
    ],
    ids=[
        "missing",
        "empty",
        "letters",
        "decimal",
        "negative",
        "superscript-digit",
        "arabic-digit",
        "huge",
        "reason-too-long",
        "reason-control-character",
    ],
)
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_bad_decision_input_gives_a_message_and_changes_nothing(app, world, decision, data):
    membership = request_to_join(app, world.workspace, world.outsider)
    if data.get("membership_id") == "MEMBERSHIP":
        data = {**data, "membership_id": str(membership.id)}
    admin = signed_in(app, world.admin.email)

    response = admin.post(f"/w/ai/members/requests/{decision}", data=data, follow_redirects=True)

    assert response.status_code == 200
    assert alerts(response), "the administrator is told what went wrong"
    assert membership_of(world.workspace, world.outsider).status == MembershipStatus.REQUESTED
    assert notifications_of(world.outsider) == []


# --- roles, removal and leaving ----------------------------------------------------------


def test_an_administrator_changes_a_role(app, world):
    membership = membership_of(world.workspace, world.member)
    admin = signed_in(app, world.admin.email)

    response = admin.post(
        f"/w/ai/members/{membership.id}/role", data={"role": "moderator"}, follow_redirects=True
    )

    assert "Mem Ber is now moderator." in alert_text(response)
    assert membership_of(world.workspace, world.member).role == Role.MODERATOR
    [notice] = notifications_of(world.member)
    assert notice.kind == "membership.role_changed"
    assert "now moderator" in notice.message
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "membership.role_changed")
    )
    assert entry.details == {"old_role": "member", "new_role": "moderator"}


def test_a_second_administrator_can_be_demoted(app, world):
    moderator_membership = membership_of(world.workspace, world.moderator)
    admin = signed_in(app, world.admin.email)
    admin.post(f"/w/ai/members/{moderator_membership.id}/role", data={"role": "administrator"})
    own = membership_of(world.workspace, world.admin)

    response = admin.post(
        f"/w/ai/members/{own.id}/role", data={"role": "member"}, follow_redirects=True
    )

    assert "Wanda Admin is now member." in alert_text(response)
    assert membership_of(world.workspace, world.admin).role == Role.MEMBER


@pytest.mark.parametrize("action", ["demote", "remove", "leave"])
def test_the_last_administrator_stays(app, world, action):
    own = membership_of(world.workspace, world.admin)
    admin = signed_in(app, world.admin.email)
    url, data = {
        "demote": (f"/w/ai/members/{own.id}/role", {"role": "moderator"}),
        "remove": (f"/w/ai/members/{own.id}/remove", {"reason": ""}),
        "leave": ("/w/ai/leave", {}),
    }[action]
    actions_before = audit_actions()

    response = admin.post(url, data=data, follow_redirects=True)

    assert response.status_code == 200
    assert "last administrator" in alert_text(response)
    membership = membership_of(world.workspace, world.admin)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, Role.ADMINISTRATOR)
    assert audit_actions() == actions_before


def test_a_suspended_administrator_does_not_count_as_another_administrator(app, world):
    absent = make_user("absent-admin@example.org")
    make_membership(world.workspace, absent, Role.ADMINISTRATOR)
    absent.status = AccountStatus.SUSPENDED
    db.session.commit()
    own = membership_of(world.workspace, world.admin)
    with pytest.raises(RuleViolation, match="last administrator"):
        services.change_role(world.workspace, own.id, world.admin, Role.MEMBER)


def test_an_administrator_removes_a_member(app, world):
    membership = membership_of(world.workspace, world.member)
    member = signed_in(app, world.member.email)
    assert member.get("/w/ai/members/").status_code == 200
    admin = signed_in(app, world.admin.email)

    response = admin.post(
        f"/w/ai/members/{membership.id}/remove",
        data={"reason": "Left the police service."},
        follow_redirects=True,
    )

    assert "The member was removed." in alert_text(response)
    membership = membership_of(world.workspace, world.member)
    assert membership.status == MembershipStatus.REMOVED
    [notice] = notifications_of(world.member)
    assert notice.kind == "membership.removed"
    assert "Left the police service." in notice.message
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.removed"))
    assert entry.target_user_id == world.member.id
    for url in ("/w/ai/members/", "/w/ai/wiki/", "/w/ai/wiki/sections/toolkit"):
        assert member.get(url).status_code == 403, url
    about = member.get("/w/ai/")
    assert "no longer a member" in about.text
    assert "Mem Ber" not in admin.get("/w/ai/members/").text


def test_a_member_can_leave(app, world):
    member = signed_in(app, world.member.email)

    response = member.post("/w/ai/leave", data={}, follow_redirects=True)

    assert "You left Artificial Intelligence." in alert_text(response)
    assert membership_of(world.workspace, world.member).status == MembershipStatus.REMOVED
    assert member.get("/w/ai/members/").status_code == 403
    assert "membership.left" in audit_actions()
    again = member.post("/w/ai/leave", data={}, follow_redirects=True)
    assert "not a member" in alert_text(again)


@pytest.mark.parametrize("role", ["", "king", "Administrator", "administrator\x00"])
def test_the_role_form_refuses_an_unknown_role(app, world, role):
    membership = membership_of(world.workspace, world.member)
    response = signed_in(app, world.admin.email).post(
        f"/w/ai/members/{membership.id}/role", data={"role": role}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Choose one of the roles." in alert_text(response)
    assert membership_of(world.workspace, world.member).role == Role.MEMBER


@pytest.mark.parametrize("reason", ["x" * 501, "tab\tis fine but bell\x07 is not"])
def test_the_remove_form_refuses_a_bad_reason(app, world, reason):
    membership = membership_of(world.workspace, world.member)
    response = signed_in(app, world.admin.email).post(
        f"/w/ai/members/{membership.id}/remove", data={"reason": reason}, follow_redirects=True
    )
    assert response.status_code == 200
    assert alerts(response)
    assert membership_of(world.workspace, world.member).status == MembershipStatus.ACTIVE


@pytest.mark.parametrize("action", ["role", "remove"])
@pytest.mark.parametrize("who", ["moderator", "member", "outsider"])
def test_only_administrators_change_roles_or_remove(app, world, action, who):
    target = membership_of(world.workspace, world.member)
    client = signed_in(app, getattr(world, who).email)
    response = client.post(f"/w/ai/members/{target.id}/{action}", data={"role": "administrator"})
    assert response.status_code == 403
    membership = membership_of(world.workspace, world.member)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, Role.MEMBER)


@pytest.mark.parametrize("action", ["role", "remove"])
def test_a_membership_of_another_workspace_is_out_of_reach(app, world, action):
    blockchain = make_workspace("blockchain", name="Blockchain")
    stranger = make_user("chain-member@example.org")
    theirs = make_membership(blockchain, stranger, Role.MEMBER)

    response = signed_in(app, world.admin.email).post(
        f"/w/ai/members/{theirs.id}/{action}",
        data={"role": "administrator"},
        follow_redirects=True,
    )

    assert "not a member of the workspace" in alert_text(response)
    membership = membership_of(blockchain, stranger)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, Role.MEMBER)


@pytest.mark.parametrize("action", ["role", "remove"])
def test_a_huge_membership_id_is_not_an_error_page(app, world, action):
    response = signed_in(app, world.admin.email).post(
        f"/w/ai/members/{'9' * 30}/{action}", data={"role": "member"}, follow_redirects=True
    )
    assert response.status_code in {200, 404}


def test_a_huge_invitation_id_is_not_an_error_page(app, world):
    response = signed_in(app, world.admin.email).post(
        f"/w/ai/members/invitations/{'9' * 30}/revoke", data={}, follow_redirects=True
    )
    assert response.status_code in {200, 404}


def test_membership_changes_are_recorded_as_activity(app, world):
    membership = request_to_join(app, world.workspace, world.outsider)
    with app.test_request_context():
        services.approve_request(world.workspace, membership.id, world.admin)
    db.session.commit()
    verbs = db.session.execute(select(Activity.actor_id, Activity.verb)).all()
    assert (world.outsider.id, "joined the workspace") in verbs


# --- the forms as rendered, with CSRF protection on --------------------------------------


def form_fields(page, action: str, index: int = 0) -> dict[str, str]:
    """What a browser would send from the `index`-th form posting to `action` on `page`."""
    tree = html5lib.parse(page.text, namespaceHTMLElements=False)
    forms = [form for form in tree.iter("form") if form.get("action", "") == action]
    assert len(forms) > index, f"no form posting to {action}"
    fields = {}
    for element in forms[index].iter():
        name = element.get("name")
        if not name or element.tag == "button" or element.get("type") in {"submit", "radio"}:
            continue
        if element.tag == "select":
            options = element.findall("option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            fields[name] = chosen[0].get("value", "") if chosen else ""
        elif element.tag == "textarea":
            fields[name] = element.text or ""
        else:
            fields[name] = element.get("value", "")
    return fields


def test_every_membership_form_works_as_rendered_with_csrf_on(app, world, csrf_on):
    applicant = make_user("applicant@example.org", display_name="Ann Applicant")
    other = make_user("other-applicant@example.org", display_name="Olaf Other")
    outsider = signed_in(app, applicant.email)
    join = form_fields(outsider.get("/w/ai/"), "/w/ai/join")
    assert "csrf_token" in join
    assert outsider.post("/w/ai/join", data={**join, "message": "Hello"}).status_code == 302
    second = signed_in(app, other.email)
    second.post("/w/ai/join", data=form_fields(second.get("/w/ai/"), "/w/ai/join"))
    admin = signed_in(app, world.admin.email)

    requests_page = admin.get("/w/ai/members/requests")
    approve = form_fields(requests_page, "/w/ai/members/requests/approve")
    response = admin.post("/w/ai/members/requests/approve", data=approve, follow_redirects=True)
    assert response.status_code == 200, "the approve button works"
    reject = form_fields(admin.get("/w/ai/members/requests"), "/w/ai/members/requests/reject")
    response = admin.post(
        "/w/ai/members/requests/reject", data={**reject, "reason": "Full"}, follow_redirects=True
    )
    assert response.status_code == 200, "the decline button works"
    statuses = {
        membership_of(world.workspace, applicant).status,
        membership_of(world.workspace, other).status,
    }
    assert statuses == {MembershipStatus.ACTIVE, MembershipStatus.REJECTED}

    member = membership_of(world.workspace, world.member)
    role_url = f"/w/ai/members/{member.id}/role"
    role = form_fields(admin.get(f"/w/ai/members/{member.id}"), role_url)
    assert admin.post(role_url, data={**role, "role": "moderator"}).status_code == 302
    assert membership_of(world.workspace, world.member).role == Role.MODERATOR
    remove_url = f"/w/ai/members/{member.id}/remove"
    remove = form_fields(admin.get(f"/w/ai/members/{member.id}"), remove_url)
    assert admin.post(remove_url, data=remove).status_code == 302
    assert membership_of(world.workspace, world.member).status == MembershipStatus.REMOVED

    invite_form = form_fields(admin.get("/w/ai/members/invite"), "")
    response = admin.post(
        "/w/ai/members/invite", data={**invite_form, "email": "guest@example.org"}
    )
    assert response.status_code == 302
    invitation = db.session.scalar(select(Invitation))
    revoke_url = f"/w/ai/members/invitations/{invitation.id}/revoke"
    revoke = form_fields(admin.get("/w/ai/members/invite"), revoke_url)
    assert admin.post(revoke_url, data=revoke).status_code == 302
    db.session.expire_all()
    assert not db.session.get(Invitation, invitation.id).is_open


def test_membership_forms_without_a_csrf_token_are_refused(app, world, csrf_on):
    membership = request_to_join_with_csrf(app, world)
    admin = signed_in(app, world.admin.email)
    member = membership_of(world.workspace, world.member)
    for url, data in [
        ("/w/ai/members/requests/approve", {"membership_id": str(membership.id)}),
        (f"/w/ai/members/{member.id}/role", {"role": "administrator"}),
        (f"/w/ai/members/{member.id}/remove", {}),
        ("/w/ai/members/invite", {"email": "x@example.org", "role": "member"}),
        ("/w/ai/leave", {}),
    ]:
        assert admin.post(url, data=data).status_code == 400, url
    assert membership_of(world.workspace, world.outsider).status == MembershipStatus.REQUESTED
    assert membership_of(world.workspace, world.member).role == Role.MEMBER
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def request_to_join_with_csrf(app, world) -> Membership:
    client = signed_in(app, world.outsider.email)
    client.post("/w/ai/join", data=form_fields(client.get("/w/ai/"), "/w/ai/join"))
    return membership_of(world.workspace, world.outsider)


def test_the_self_service_buttons_work_as_rendered_with_csrf_on(app, world, csrf_on):
    services.invite(world.workspace, world.admin, world.outsider.email, "member")
    db.session.commit()
    client = signed_in(app, world.outsider.email)
    decline = form_fields(client.get("/"), "/w/ai/invitation/decline")
    assert client.post("/w/ai/invitation/decline", data=decline).status_code == 302
    assert membership_of(world.workspace, world.outsider) is None

    client.post("/w/ai/join", data=form_fields(client.get("/w/ai/"), "/w/ai/join"))
    withdraw = form_fields(client.get("/w/ai/"), "/w/ai/withdraw")
    assert client.post("/w/ai/withdraw", data=withdraw).status_code == 302
    assert membership_of(world.workspace, world.outsider) is None

    services.invite(world.workspace, world.admin, world.outsider.email, "member")
    db.session.commit()
    link = link_in(mail_to(app, world.outsider.email)[-1])
    accept = form_fields(client.get(link), "")
    assert client.post(link, data=accept).status_code == 302
    assert membership_of(world.workspace, world.outsider).status == MembershipStatus.ACTIVE

    leave = form_fields(client.get("/w/ai/"), "/w/ai/leave")
    assert client.post("/w/ai/leave", data=leave).status_code == 302
    assert membership_of(world.workspace, world.outsider).status == MembershipStatus.REMOVED
