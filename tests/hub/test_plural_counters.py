"""Counts are written through ngettext, so that each language has its own plural forms, and
what the hub e-mails about membership is composed in the recipient's language."""

from datetime import timedelta

import pytest
from flask_babel import get_locale

from hub.auth.models import EmailPreference
from hub.extensions import db
from hub.features import workspace_counters
from hub.mail import duration_text
from hub.notifications.services import notify, send_digests
from hub.workspaces import services as workspace_services
from hub.workspaces.models import MembershipStatus, Role
from hub.workspaces.stats import MEMBERS, Figure
from tests.support import make_membership, make_user, make_workspace


@pytest.mark.parametrize(("number", "text"), [(1, "1 member"), (5, "5 members")])
def test_the_member_counter_reads_in_the_singular_and_the_plural(number, text):
    assert MEMBERS.text(number) == text


@pytest.mark.parametrize(("number", "text"), [(1, "1 wiki page"), (5, "5 wiki pages")])
def test_the_wiki_counter_reads_in_the_singular_and_the_plural(number, text):
    wiki_pages = workspace_counters()[0]  # the wiki's, first of the enabled features'
    assert wiki_pages.text(number) == text


def test_a_counter_writes_large_numbers_as_the_language_does():
    assert MEMBERS.text(1234) == "1,234 members"


def test_a_figure_stresses_its_number_wherever_the_language_puts_it():
    assert Figure(12, "12 wiki pages").html == "<strong>12</strong> wiki pages"
    assert Figure(3, "pages : 3").html == "pages : <strong>3</strong>"
    # A language may write a count without its number; the words are still escaped.
    assert Figure(1, "une <seule> page").html == "une &lt;seule&gt; page"


@pytest.mark.parametrize(
    ("duration", "unit", "text"),
    [
        (timedelta(hours=1), "hour", "1 hour"),
        (timedelta(hours=2), "hour", "2 hours"),
        (timedelta(days=1), "day", "1 day"),
        (timedelta(days=14), "day", "14 days"),
    ],
)
def test_a_duration_reads_in_the_singular_and_the_plural(duration, unit, text):
    assert duration_text(duration, unit) == text


def test_a_duration_in_an_unknown_unit_is_a_programming_error():
    with pytest.raises(ValueError, match="week"):
        duration_text(timedelta(days=7), "week")


# --- e-mails in the recipient's language -----------------------------------------------


@pytest.fixture
def mail_languages(monkeypatch) -> list[tuple[str, str]]:
    """(recipient, language the message was composed in), for each e-mail sent."""
    composed = []

    def record(to: str, subject: str, body: str) -> None:
        composed.append((to, get_locale().language))

    monkeypatch.setattr("hub.workspaces.services.send_mail", record)
    monkeypatch.setattr("hub.notifications.services.send_mail", record)
    return composed


def french(email: str):
    user = make_user(email)
    user.language = "fr"
    db.session.commit()
    return user


def test_a_declined_request_is_e_mailed_in_the_applicants_language(app, mail_languages):
    workspace = make_workspace("ai")
    admin = make_user("wsadmin@example.org")
    make_membership(workspace, admin, Role.ADMINISTRATOR)
    applicant = french("applicant@example.org")
    request = make_membership(workspace, applicant, status=MembershipStatus.REQUESTED)

    workspace_services.reject_request(workspace, request.id, admin, "Not yet.")

    assert mail_languages == [("applicant@example.org", "fr")]


def test_an_invitation_to_an_account_is_e_mailed_in_its_language(app, mail_languages):
    workspace = make_workspace("ai")
    admin = make_user("wsadmin@example.org")
    make_membership(workspace, admin, Role.ADMINISTRATOR)
    french("guest@example.org")

    workspace_services.invite(workspace, admin, "guest@example.org", "member")

    assert mail_languages == [("guest@example.org", "fr")]


def test_a_daily_digest_is_composed_in_each_recipients_language(app, mail_languages):
    english = make_user("english@example.org")
    other = french("french@example.org")
    for user in (english, other):
        user.email_preference = EmailPreference.DAILY
        notify(user, "test.kind", "Something happened.")
    db.session.commit()

    send_digests()

    assert sorted(mail_languages) == [("english@example.org", "en"), ("french@example.org", "fr")]
