"""Notifications and e-mails arrive in their recipient's language, whoever caused them.

A French member's notification is written from the French catalogue even when an English
administrator's request causes it, and so is the e-mail that carries it. The tests compare
with the real catalogue: what `force_locale("fr")` makes of the English message, which
must differ from the English.
"""

from datetime import UTC, datetime

import pytest
from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l

from hub.auth.models import EmailPreference, User
from hub.extensions import db
from hub.i18n import format_date, language_of
from hub.notifications.services import notify, send_digests
from hub.workspaces import services as workspace_services
from hub.workspaces.models import Role
from tests.support import make_user, sent_mail, signed_in
from tests.support.hub import World, mail_to, notifications_of

#: A message the hub sends when a request to join is approved (hub/workspaces/services.py).
APPROVED = "Your request to join %(workspace)s was approved. Welcome!"


def in_french(message: str, **values) -> str:
    with force_locale("fr"):
        return gettext(message, **values)


def in_english(message: str, **values) -> str:
    with force_locale("en"):
        return gettext(message, **values)


def subject(text: str) -> str:
    """A notification's e-mail subject: the hub's name, then the message on one line."""
    return f"[{current_app.config['HUB_NAME']}] {' '.join(text.split())[:120]}"


def speaking(user: User, language: str, preference=EmailPreference.IMMEDIATE) -> User:
    user.language = language
    user.email_preference = preference
    db.session.commit()
    return user


@pytest.fixture
def french_member() -> User:
    return speaking(make_user("francoise@example.org", display_name="Françoise Martin"), "fr")


@pytest.fixture
def english_member() -> User:
    return speaking(make_user("edward@example.org", display_name="Edward Hall"), "en")


# --- notify() --------------------------------------------------------------------------


def notify_while_someone_reads_in_english(app, user: User, message) -> None:
    """notify() as a request of an English reader calls it: the sender's language is English."""
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        notify(user, "test.approved", message, link="/w/ai/")
        db.session.commit()


def test_notify_writes_a_french_members_notification_and_email_from_the_french_catalogue(
    app, french_member
):
    notify_while_someone_reads_in_english(app, french_member, _l(APPROVED, workspace="AI"))

    expected = in_french(APPROVED, workspace="AI")
    [notification] = notifications_of(french_member)
    assert notification.message == expected
    [mail] = sent_mail(app)
    assert mail["Subject"] == subject(expected)
    assert f"- {expected}" in mail.get_content()


def test_a_french_members_notification_is_not_english(app, french_member, english_member):
    for member in (french_member, english_member):
        notify_while_someone_reads_in_english(app, member, _l(APPROVED, workspace="AI"))

    [french] = notifications_of(french_member)
    [english] = notifications_of(english_member)
    assert english.message == in_english(APPROVED, workspace="AI")
    assert french.message == in_french(APPROVED, workspace="AI")
    assert french.message != english.message


def test_the_words_around_a_notification_in_its_email_are_french_too(
    app, french_member, english_member
):
    for member in (french_member, english_member):
        notify_while_someone_reads_in_english(app, member, _l(APPROVED, workspace="AI"))

    french = mail_to(app, french_member.email)[0].get_content().splitlines()
    english = mail_to(app, english_member.email)[0].get_content().splitlines()
    # The message, its link, then the hub's own words (where to change the settings).
    assert len(french) == len(english)
    assert french[1] == english[1]  # the link
    assert french[0] != english[0]
    assert french[2:] != english[2:]


def test_dates_written_for_a_recipient_leave_the_readers_own_dates_alone(app, english_member):
    """A French reader's request writes an English member's notification; the page it then
    shows keeps writing dates in French."""
    day = datetime(2026, 12, 4, 21, 5, tzinfo=UTC)
    # A context of its own, as each request has (the test's own holds the fixtures').
    with app.app_context(), app.test_request_context("/", headers={"Accept-Language": "fr"}):
        before = format_date(day, True)
        with language_of(english_member):
            for_the_recipient = format_date(day, True)
        after = format_date(day, True)
    assert before == after == "4 déc. 2026, 21:05 UTC"
    assert for_the_recipient == "4 Dec 2026, 21:05 UTC"


# --- the hub's own e-mails, caused by an English administrator ---------------------------


def join_and_decide(app, world: World, applicant: User, decision: str) -> None:
    """`applicant` asks to join; the administrator, who reads English, decides through HTTP."""
    membership = workspace_services.join_workspace(world.workspace, applicant, "Hello.")
    db.session.commit()
    admin = signed_in(app, world.admin.email)
    response = admin.post(
        f"/w/ai/members/requests/{decision}",
        data={"membership_id": str(membership.id)},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 302, response.status_code


def test_an_approval_by_an_english_administrator_reaches_a_french_member_in_french(
    app, world, french_member
):
    join_and_decide(app, world, french_member, "approve")

    expected = in_french(APPROVED, workspace=world.workspace.name)
    [notification] = notifications_of(french_member)
    assert notification.message == expected
    [mail] = mail_to(app, french_member.email)
    assert mail["Subject"] == subject(expected)


def test_an_approval_reaches_a_french_member_in_french_and_an_english_one_in_english(
    app, world, french_member, english_member
):
    join_and_decide(app, world, french_member, "approve")
    join_and_decide(app, world, english_member, "approve")

    [french] = mail_to(app, french_member.email)
    [english] = mail_to(app, english_member.email)
    assert english["Subject"] == subject(in_english(APPROVED, workspace=world.workspace.name))
    assert french["Subject"] == subject(in_french(APPROVED, workspace=world.workspace.name))
    assert french["Subject"] != english["Subject"]


def test_a_rejection_reaches_a_french_applicant_in_french(
    app, world, french_member, english_member
):
    join_and_decide(app, world, french_member, "reject")
    join_and_decide(app, world, english_member, "reject")

    [french] = mail_to(app, french_member.email)
    [english] = mail_to(app, english_member.email)
    assert french["Subject"] != english["Subject"]
    assert french.get_content() != english.get_content()


def test_an_invitation_reaches_an_existing_french_account_in_french(
    app, world, french_member, english_member
):
    for member in (french_member, english_member):
        workspace_services.invite(world.workspace, world.admin, member.email, Role.MEMBER)
        db.session.commit()

    [french] = mail_to(app, french_member.email)
    [english] = mail_to(app, english_member.email)
    assert french["Subject"] != english["Subject"]
    # Apart from the names and the link, the French e-mail shares no line with the English.
    shared = set(french.get_content().splitlines()) & set(english.get_content().splitlines())
    assert not {line for line in shared if line.strip() and "http" not in line}


def test_a_french_members_daily_digest_is_in_french(app, french_member, english_member):
    for member in (french_member, english_member):
        speaking(member, member.language, EmailPreference.DAILY)
        notify(member, "test.approved", _l(APPROVED, workspace="AI"), link="/w/ai/")
    db.session.commit()

    assert send_digests() == 2  # run as the command line runs it: no request, no reader
    db.session.commit()

    [french] = mail_to(app, french_member.email)
    [english] = mail_to(app, english_member.email)
    assert french["Subject"] != english["Subject"]
    assert f"- {in_french(APPROVED, workspace='AI')}" in french.get_content()
    assert french.get_content().splitlines()[2:] != english.get_content().splitlines()[2:]
