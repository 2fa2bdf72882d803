"""Notifications (the bell, the page, e-mail at once or in a daily digest) and activity."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from hub.auth.models import AccountStatus, EmailPreference, User
from hub.database import utcnow
from hub.extensions import db
from hub.notifications.models import Activity, Notification
from hub.notifications.services import (
    mark_all_read,
    mark_read,
    notify,
    recent_activity,
    record_activity,
    send_digests,
    unread_count,
)
from tests.support import (
    csrf_token_on,
    link_in,
    make_membership,
    make_user,
    make_workspace,
    parse,
    sent_mail,
    signed_in,
    text_of,
)

PER_PAGE = 30  # hub.notifications.views.PER_PAGE


def bell_count(response) -> int:
    """The unread count on the bell in the page header (0 when there is no badge)."""
    match = re.search(r'aria-label="(\d+) unread"', response.text)
    return int(match.group(1)) if match else 0


def listed_messages(response) -> list[str]:
    items = parse(response).findall(".//main//ul[@class='list card']/li")
    return [text_of(item.find(".//span[@class='notification-text']")) for item in items]


def user_with(preference: EmailPreference, email: str = "reader@example.org", **fields) -> User:
    user = make_user(email, **fields)
    user.email_preference = preference
    db.session.commit()
    return user


def fresh(model, row_id: int):
    db.session.expire_all()
    return db.session.get(model, row_id)


@pytest.fixture
def ai():
    return make_workspace("ai", name="Artificial Intelligence")


# --- notify ------------------------------------------------------------------------------


def test_notify_creates_an_unread_notification(ai):
    user = user_with(EmailPreference.OFF)

    notification = notify(
        user, "membership.approved", "Welcome to AI.", link="/w/ai/", workspace=ai
    )
    db.session.commit()

    stored = fresh(Notification, notification.id)
    assert (stored.user_id, stored.workspace_id) == (user.id, ai.id)
    assert (stored.kind, stored.message, stored.link) == (
        "membership.approved",
        "Welcome to AI.",
        "/w/ai/",
    )
    assert stored.read_at is None
    assert stored.emailed_at is None
    assert unread_count(user) == 1


def test_a_long_message_is_cut_to_fit(ai):
    user = user_with(EmailPreference.OFF)
    notification = notify(user, "test", "x" * 600)
    db.session.commit()
    assert len(fresh(Notification, notification.id).message) == 500


@pytest.mark.parametrize(
    "link",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "w/ai/", "/\\evil"],
)
def test_a_link_outside_the_hub_is_a_programming_error(ai, link):
    user = user_with(EmailPreference.OFF)
    with pytest.raises(ValueError, match="not a path inside the hub"):
        notify(user, "test", "Hello", link=link)
    with pytest.raises(ValueError, match="not a path inside the hub"):
        record_activity(ai, user, "posted", "Hello", link=link)


def test_an_immediate_preference_sends_an_email_at_once(app, ai):
    user = user_with(EmailPreference.IMMEDIATE)

    with app.test_request_context():
        notification = notify(user, "membership.approved", "Welcome to AI.", link="/w/ai/")
    db.session.commit()

    [mail] = sent_mail(app)
    assert mail["To"] == "reader@example.org"
    assert "Welcome to AI." in mail["Subject"]
    assert "Welcome to AI." in mail.get_content()
    assert link_in(mail) == "/w/ai/"
    assert fresh(Notification, notification.id).emailed_at is not None


def test_the_email_subject_is_one_line(app, ai):
    user = user_with(EmailPreference.IMMEDIATE)
    notify(user, "forum.reply", "Line one\nLine two\r\nthree")
    db.session.commit()
    [mail] = sent_mail(app)
    assert mail["Subject"].endswith("Line one Line two three")


@pytest.mark.parametrize("preference", [EmailPreference.OFF, EmailPreference.DAILY])
def test_no_email_at_once_unless_chosen(app, ai, preference):
    user = user_with(preference)
    notification = notify(user, "membership.approved", "Welcome to AI.")
    db.session.commit()
    assert sent_mail(app) == []
    assert fresh(Notification, notification.id).emailed_at is None


@pytest.mark.parametrize("status", [AccountStatus.SUSPENDED, AccountStatus.PENDING])
def test_inactive_accounts_get_no_email(app, ai, status):
    user = user_with(EmailPreference.IMMEDIATE, status=status)
    notify(user, "test", "Hello")
    db.session.commit()
    assert sent_mail(app) == []


def test_a_notice_the_caller_emails_itself_is_not_sent_again(app, runner, ai):
    immediate = user_with(EmailPreference.IMMEDIATE, "now@example.org")
    daily = user_with(EmailPreference.DAILY, "daily@example.org")
    for user in (immediate, daily):
        notify(user, "membership.invited", "You are invited.", already_emailed=True)
    db.session.commit()

    runner.invoke(args=["hub", "send-digests"])

    assert sent_mail(app) == []


def test_a_rolled_back_notice_sends_no_email(app, ai):
    user = user_with(EmailPreference.IMMEDIATE)
    notify(user, "test", "Never happened")
    db.session.rollback()
    db.session.commit()
    assert sent_mail(app) == []
    assert unread_count(user) == 0


# --- the bell and the notifications page -------------------------------------------------


def test_the_bell_shows_the_unread_count(app, ai):
    user = user_with(EmailPreference.OFF)
    client = signed_in(app, user.email)
    assert bell_count(client.get("/")) == 0
    assert 'aria-label="0 unread"' not in client.get("/").text

    for number in range(3):
        notify(user, "test", f"Notice {number}")
    other = user_with(EmailPreference.OFF, "other@example.org")
    notify(other, "test", "Not yours")
    db.session.commit()

    assert bell_count(client.get("/")) == 3
    assert bell_count(client.get("/notifications/")) == 3


def test_the_notifications_page_lists_mine_newest_first(app, ai):
    user = user_with(EmailPreference.OFF)
    other = user_with(EmailPreference.OFF, "other@example.org")
    notify(user, "test", "Older", link="/w/ai/", workspace=ai)
    notify(user, "test", "Newer")
    notify(other, "test", "Someone else's")
    db.session.commit()

    response = signed_in(app, user.email).get("/notifications/")

    assert listed_messages(response) == ["Newer", "Older"]
    older = parse(response).find(".//main//a[@href='/w/ai/']")
    assert text_of(older) == "Older"
    assert "Artificial Intelligence" in response.text  # where it happened
    assert "Someone else's" not in response.text


def test_the_notifications_page_is_empty_at_first(app):
    response = signed_in(app, make_user("new@example.org").email).get("/notifications/")
    assert "You have no notifications." in response.text
    assert "Mark all as read" not in response.text


def test_the_notifications_page_paginates(app):
    user = user_with(EmailPreference.OFF)
    start = utcnow() - timedelta(hours=1)
    for number in range(PER_PAGE + 5):
        notification = notify(user, "test", f"Notice {number:02}")
        notification.created_at = start + timedelta(minutes=number)
    db.session.commit()
    client = signed_in(app, user.email)

    first = client.get("/notifications/")
    second = client.get("/notifications/?page=2")

    newest_first = [f"Notice {n:02}" for n in reversed(range(PER_PAGE + 5))]
    assert listed_messages(first) == newest_first[:PER_PAGE]
    assert "Page 1 of 2" in first.text
    assert listed_messages(second) == newest_first[PER_PAGE:]
    assert "Page 2 of 2" in second.text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "9" * 40])
def test_odd_page_numbers_are_not_an_error(app, page):
    user = user_with(EmailPreference.OFF)
    notify(user, "test", "Hello")
    db.session.commit()
    response = signed_in(app, user.email).get(f"/notifications/?page={page}")
    assert response.status_code == 200


def test_the_notifications_page_needs_a_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


# --- marking read ------------------------------------------------------------------------


def test_mark_one_read(app):
    user = user_with(EmailPreference.OFF)
    first = notify(user, "test", "First")
    second = notify(user, "test", "Second")
    db.session.commit()
    client = signed_in(app, user.email)

    response = client.post(f"/notifications/{first.id}/read", data={})

    assert response.status_code == 302
    assert response.headers["Location"] == "/notifications/"
    assert fresh(Notification, first.id).read_at is not None
    assert fresh(Notification, second.id).read_at is None
    assert bell_count(client.get("/")) == 1


def test_mark_read_goes_back_to_a_safe_next_page_only(app):
    user = user_with(EmailPreference.OFF)
    notification = notify(user, "test", "First")
    db.session.commit()
    client = signed_in(app, user.email)

    back = client.post(f"/notifications/{notification.id}/read", data={"next": "/w/ai/"})
    away = client.post(
        f"/notifications/{notification.id}/read", data={"next": "https://evil.example/"}
    )

    assert back.headers["Location"] == "/w/ai/"
    assert away.headers["Location"] == "/notifications/"


def test_mark_all_read(app):
    user = user_with(EmailPreference.OFF)
    other = user_with(EmailPreference.OFF, "other@example.org")
    for number in range(3):
        notify(user, "test", f"Notice {number}")
    theirs = notify(other, "test", "Theirs")
    db.session.commit()
    client = signed_in(app, user.email)
    assert "Mark all as read" in client.get("/notifications/").text

    response = client.post("/notifications/read-all", data={}, follow_redirects=True)

    assert bell_count(response) == 0
    assert "Mark all as read" not in response.text
    assert unread_count(user) == 0
    assert fresh(Notification, theirs.id).read_at is None


def test_a_user_cannot_mark_another_users_notification(app):
    owner = user_with(EmailPreference.OFF, "owner@example.org")
    intruder = user_with(EmailPreference.OFF, "intruder@example.org")
    theirs = notify(owner, "test", "Private")
    db.session.commit()

    response = signed_in(app, intruder.email).post(f"/notifications/{theirs.id}/read", data={})

    assert response.status_code == 302
    assert fresh(Notification, theirs.id).read_at is None
    mark_read(intruder, theirs.id)
    mark_all_read(intruder)
    db.session.commit()
    assert fresh(Notification, theirs.id).read_at is None


def test_marking_read_twice_keeps_the_first_time(app):
    user = user_with(EmailPreference.OFF)
    notification = notify(user, "test", "Hello")
    db.session.commit()
    mark_read(user, notification.id)
    db.session.commit()
    first_time = fresh(Notification, notification.id).read_at
    mark_read(user, notification.id)
    mark_all_read(user)
    db.session.commit()
    assert fresh(Notification, notification.id).read_at == first_time


@pytest.mark.parametrize("notification_id", ["0", "9" * 30])
def test_marking_a_notification_that_does_not_exist_is_harmless(app, notification_id):
    user = user_with(EmailPreference.OFF)
    response = signed_in(app, user.email).post(f"/notifications/{notification_id}/read", data={})
    assert response.status_code in {302, 404}


def test_marking_read_needs_a_post(app):
    user = user_with(EmailPreference.OFF)
    notification = notify(user, "test", "Hello")
    db.session.commit()
    client = signed_in(app, user.email)
    assert client.get(f"/notifications/{notification.id}/read").status_code == 405
    assert fresh(Notification, notification.id).read_at is None


def test_the_mark_read_buttons_work_with_csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = user_with(EmailPreference.OFF)
    first, second = notify(user, "test", "First"), notify(user, "test", "Second")
    db.session.commit()
    client = signed_in(app, user.email)

    assert client.post(f"/notifications/{first.id}/read", data={}).status_code == 400
    assert client.post("/notifications/read-all", data={}).status_code == 400
    assert unread_count(user) == 2
    token = csrf_token_on(client.get("/notifications/"))
    client.post(f"/notifications/{first.id}/read", data={"csrf_token": token})
    assert fresh(Notification, first.id).read_at is not None
    client.post("/notifications/read-all", data={"csrf_token": token})
    assert fresh(Notification, second.id).read_at is not None


# --- the daily digest --------------------------------------------------------------------


def test_the_daily_digest_sends_one_mail_per_user_once(app, runner):
    alice = user_with(EmailPreference.DAILY, "alice@example.org")
    bruno = user_with(EmailPreference.DAILY, "bruno@example.org")
    immediate = user_with(EmailPreference.OFF, "off@example.org")
    suspended = user_with(EmailPreference.DAILY, "gone@example.org", status=AccountStatus.SUSPENDED)
    for number in range(3):
        notify(alice, "test", f"Alice notice {number}", link=f"/w/ai/{number}")
    notify(bruno, "test", "Bruno notice")
    notify(immediate, "test", "Never mailed")
    notify(suspended, "test", "Not while suspended")
    db.session.commit()

    result = runner.invoke(args=["hub", "send-digests"])

    assert result.exit_code == 0, result.output
    assert "Sent 2 digest(s)." in result.output
    mails = {mail["To"]: mail for mail in sent_mail(app)}
    assert set(mails) == {"alice@example.org", "bruno@example.org"}
    body = mails["alice@example.org"].get_content()
    assert [line for line in body.splitlines() if line.startswith("- ")] == [
        f"- Alice notice {number}" for number in range(3)
    ]
    assert app.config["BASE_URL"] + "/w/ai/0" in body
    assert "3 new" in mails["alice@example.org"]["Subject"]
    assert "Bruno notice" in mails["bruno@example.org"].get_content()

    again = runner.invoke(args=["hub", "send-digests"])

    assert "Sent 0 digest(s)." in again.output
    assert len(sent_mail(app)) == 2


def test_the_next_digest_carries_only_what_is_new(app, runner):
    user = user_with(EmailPreference.DAILY)
    notify(user, "test", "Monday's news")
    db.session.commit()
    runner.invoke(args=["hub", "send-digests"])
    notify(user, "test", "Tuesday's news")
    db.session.commit()

    runner.invoke(args=["hub", "send-digests"])

    first, second = sent_mail(app)
    assert "Monday's news" in first.get_content()
    assert "Tuesday's news" in second.get_content()
    assert "Monday's news" not in second.get_content()


def test_digest_service_returns_the_number_sent(app):
    user = user_with(EmailPreference.DAILY)
    notify(user, "test", "Hello")
    assert send_digests() == 1
    assert send_digests() == 0
    db.session.commit()
    assert len(sent_mail(app)) == 1


# --- activity ----------------------------------------------------------------------------


def test_recorded_activity_appears_on_the_workspace_home_newest_first(app, ai):
    member = make_user("member@example.org", display_name="Mem Ber")
    make_membership(ai, member)
    start = utcnow() - timedelta(hours=1)
    for number, verb in enumerate(["created page", "replied to", "uploaded"]):
        activity = record_activity(ai, member, verb, f"Thing {number}", f"/w/ai/thing/{number}")
        activity.created_at = start + timedelta(minutes=number)
    gone = record_activity(ai, None, "left a note")
    gone.created_at = start - timedelta(minutes=1)
    elsewhere = make_workspace("drones", name="Drones")
    record_activity(elsewhere, member, "flew", "Elsewhere")
    db.session.commit()

    response = signed_in(app, member.email).get("/w/ai/")

    section = parse(response).find(".//section[h2='Recent activity']")
    items = [text_of(item) for item in section.iter("li")]
    assert [item.split(" UTC")[0].rsplit(" ", 4)[0] for item in items] == [
        "Mem Ber uploaded Thing 2",
        "Mem Ber replied to Thing 1",
        "Mem Ber created page Thing 0",
        "Someone left a note",
    ]
    assert section.find(".//a[@href='/w/ai/thing/2']") is not None
    assert "Elsewhere" not in text_of(section)


def test_recent_activity_is_limited_and_newest_first(ai):
    member = make_user("member@example.org")
    start = utcnow() - timedelta(days=1)
    for number in range(20):
        activity = record_activity(ai, member, "posted", f"Post {number}")
        activity.created_at = start + timedelta(minutes=number)
    db.session.commit()

    latest = recent_activity(ai, limit=5)

    assert [activity.subject for activity in latest] == [f"Post {n}" for n in range(19, 14, -1)]
    assert len(recent_activity(ai)) == 15


def test_activity_keeps_its_text_short(ai):
    activity = record_activity(ai, None, "posted", "x" * 400)
    db.session.commit()
    assert len(db.session.scalar(select(Activity.subject).where(Activity.id == activity.id))) == 300
