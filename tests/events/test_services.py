"""The events' rules, through the services: numbering, capacity and the waiting list,
cancelling, duplicating, attendance, reminders and feed keys."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from events import services
from events.models import AgendaItem, Event, EventStatus, Registration, RegistrationStatus
from hub.audit.models import AuditEntry
from hub.database import utcnow
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.notifications.models import Notification
from hub.workspaces.services import leave_workspace
from tests.support import make_membership, make_user, sent_mail
from tests.support.events import event_data, make_event, reload


def members(calendar, count: int) -> list:
    people = [make_user() for _ in range(count)]
    for person in people:
        make_membership(calendar.workspace, person)
    return people


def statuses(event) -> list[RegistrationStatus]:
    return list(
        db.session.scalars(
            select(Registration.status)
            .where(Registration.event_id == event.id)
            .order_by(Registration.listed_at, Registration.id)
        )
    )


def test_events_of_a_numbered_kind_number_themselves(calendar):
    first = make_event(calendar, title="Use cases")
    second = make_event(calendar, days=20, title="Principles")
    meeting = make_event(calendar, kind="global-meeting", title="Global meeting")
    assert (first.label, second.label) == ("VDR 1", "VDR 2")
    assert meeting.number is None and meeting.label == "Global meeting"


def test_times_are_stored_in_utc_with_the_events_zone(calendar):
    data = event_data(calendar, timezone="Asia/Singapore")
    event = make_event(calendar, timezone="Asia/Singapore")
    assert event.timezone == "Asia/Singapore"
    assert event.starts_at.utcoffset() == timedelta(0)
    # 8 hours ahead of UTC: the wall-clock time given is the zone's.
    assert (data.starts - event.starts_at.replace(tzinfo=None)) == timedelta(hours=8)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"hours": -1}, "end_date", "ends before it starts"),
        ({"timezone": "Mars/Olympus"}, "timezone", "time zone"),
        ({"title": "   "}, "title", "title"),
        ({"capacity": 0}, "capacity", "number of places"),
    ],
)
def test_bad_events_are_refused_with_the_field_and_nothing_saved(calendar, change, field, message):
    with pytest.raises(RuleViolation) as refused:
        services.create_event(calendar.workspace, calendar.admin, event_data(calendar, **change))
    assert refused.value.field == field
    assert message in refused.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_only_administrators_create_events(calendar):
    with pytest.raises(AccessDenied):
        services.create_event(calendar.workspace, calendar.moderator, event_data(calendar))


def test_registration_fills_the_places_then_the_waiting_list(calendar):
    event = make_event(calendar, capacity=2)
    people = members(calendar, 4)
    for person in people:
        services.register(event, person)
    db.session.commit()
    event = reload(event)
    assert (event.registered_count, event.waitlisted_count) == (2, 2)
    assert (
        statuses(event) == [RegistrationStatus.REGISTERED] * 2 + [RegistrationStatus.WAITLISTED] * 2
    )


def test_a_cancelled_place_goes_to_the_first_waiting_who_is_told(app, calendar):
    event = make_event(calendar, capacity=1)
    first, second, third = members(calendar, 3)
    for person in (first, second, third):
        services.register(event, person)
    db.session.commit()

    services.cancel_registration(event, first)
    db.session.commit()

    assert services.registration_of(event, second).status == RegistrationStatus.REGISTERED
    assert services.registration_of(event, third).status == RegistrationStatus.WAITLISTED
    assert (reload(event).registered_count, reload(event).waitlisted_count) == (1, 1)
    told = db.session.scalar(
        select(Notification.message).where(
            Notification.user_id == second.id, Notification.kind == "events.moved_up"
        )
    )
    assert "A place freed up" in told
    assert any("A place freed up" in str(mail["Subject"]) for mail in sent_mail(app))


def test_registering_twice_is_refused(calendar):
    event = make_event(calendar)
    services.register(event, calendar.member)
    db.session.commit()
    with pytest.raises(RuleViolation, match="already registered"):
        services.register(event, calendar.member)


def test_a_member_who_cancelled_may_register_again(calendar):
    event = make_event(calendar)
    services.register(event, calendar.member)
    services.cancel_registration(event, calendar.member)
    services.register(event, calendar.member)
    db.session.commit()
    assert reload(event).registered_count == 1


def test_no_registration_once_the_event_has_started(calendar):
    event = make_event(calendar, days=-0.01, hours=3)
    with pytest.raises(RuleViolation, match="already started"):
        services.register(event, calendar.member)


def test_no_registration_for_a_cancelled_event(calendar):
    event = make_event(calendar)
    services.cancel_event(event, calendar.admin)
    db.session.commit()
    with pytest.raises(RuleViolation, match="cancelled"):
        services.register(event, calendar.member)


def test_outsiders_do_not_register(calendar):
    event = make_event(calendar)
    with pytest.raises(AccessDenied):
        services.register(event, calendar.outsider)


def test_capacity_cannot_drop_below_those_registered(calendar):
    event = make_event(calendar, capacity=5)
    for person in members(calendar, 3):
        services.register(event, person)
    db.session.commit()
    with pytest.raises(RuleViolation) as refused:
        services.update_event(event, calendar.admin, event_data(calendar, capacity=2))
    assert refused.value.field == "capacity"
    assert "3 members are already registered" in refused.value.message


def test_more_places_move_the_waiting_list_up(calendar):
    event = make_event(calendar, capacity=1)
    people = members(calendar, 3)
    for person in people:
        services.register(event, person)
    db.session.commit()
    services.update_event(event, calendar.admin, event_data(calendar, capacity=2))
    db.session.commit()
    assert statuses(event) == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ]


def test_cancelling_an_event_tells_everyone_registered_or_waiting(app, calendar):
    event = make_event(calendar, capacity=1, title="Room on ethics")
    first, second = members(calendar, 2)
    services.register(event, first)
    services.register(event, second)
    db.session.commit()
    told = services.cancel_event(event, calendar.admin)
    db.session.commit()
    assert told == 2
    assert reload(event).status == EventStatus.CANCELLED
    cancelled = [m for m in sent_mail(app) if "is cancelled" in str(m["Subject"])]
    assert {m["To"] for m in cancelled} == {first.email, second.email}
    assert db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.action == "events.event_cancelled")
    )


def test_the_next_in_series_takes_the_next_number_and_a_later_date(calendar):
    first = make_event(calendar, days=-30, capacity=20, title="Training", kind="vtr")
    first.agenda.append(AgendaItem(position=0, time="14:00", title="Opening"))
    db.session.commit()
    copy = services.duplicate_event(first, calendar.admin)
    db.session.commit()
    assert copy.label == "VTR 2"
    assert copy.starts_at > utcnow()
    assert (copy.title, copy.capacity) == ("Training", 20)
    assert [item.title for item in copy.agenda] == ["Opening"]
    assert copy.ends_at - copy.starts_at == first.ends_at - first.starts_at


def test_attendance_is_recorded_after_the_event(calendar):
    event = make_event(calendar, days=2)
    came, missed = members(calendar, 2)
    services.register(event, came)
    services.register(event, missed)
    db.session.commit()
    with pytest.raises(RuleViolation, match="once the event has started"):
        services.record_attendance(event, calendar.admin, {came.id})
    event.starts_at = utcnow() - timedelta(days=1)
    event.ends_at = event.starts_at + timedelta(hours=2)
    db.session.commit()
    assert services.record_attendance(event, calendar.admin, {came.id}) == 1
    db.session.commit()
    assert services.registration_of(event, came).status == RegistrationStatus.ATTENDED
    assert services.registration_of(event, missed).status == RegistrationStatus.REGISTERED


def test_reminders_go_once_to_those_registered_for_the_next_day(app, calendar):
    tomorrow = make_event(calendar, days=0.5, title="Soon")
    later = make_event(calendar, days=3, title="Later")
    waiting_room = make_event(calendar, days=0.5, capacity=1, title="Full")
    first, second = members(calendar, 2)
    for event in (tomorrow, later):
        services.register(event, first)
    services.register(waiting_room, first)
    services.register(waiting_room, second)  # waiting: no reminder
    db.session.commit()
    before = len(sent_mail(app))

    assert services.send_reminders() == 2
    db.session.commit()
    assert services.send_reminders() == 0  # idempotent
    db.session.commit()

    reminders = sent_mail(app)[before:]
    assert len(reminders) == 2
    assert all(m["To"] == first.email for m in reminders)
    assert all("Reminder" in str(m["Subject"]) for m in reminders)


def test_the_reminder_command_is_idempotent(app, calendar):
    event = make_event(calendar, days=0.5)
    services.register(event, calendar.member)
    db.session.commit()
    runner = app.test_cli_runner()
    assert "Sent 1 reminder(s)." in runner.invoke(args=["hub", "send-reminders"]).output
    assert "Sent 0 reminder(s)." in runner.invoke(args=["hub", "send-reminders"]).output


def test_a_regenerated_feed_key_revokes_the_old_one(calendar):
    old = services.regenerate_feed_key(calendar.workspace, calendar.member)
    assert services.user_of_feed(calendar.workspace, old).id == calendar.member.id
    new = services.regenerate_feed_key(calendar.workspace, calendar.member)
    db.session.commit()
    assert services.user_of_feed(calendar.workspace, old) is None
    assert services.user_of_feed(calendar.workspace, new).id == calendar.member.id


def test_a_feed_key_stops_when_its_owner_leaves(calendar):
    secret = services.regenerate_feed_key(calendar.workspace, calendar.member)
    db.session.commit()
    leave_workspace(calendar.workspace, calendar.member)
    db.session.commit()
    assert services.user_of_feed(calendar.workspace, secret) is None


def test_feed_keys_are_for_members(calendar):
    with pytest.raises(AccessDenied):
        services.regenerate_feed_key(calendar.workspace, calendar.outsider)


def test_reminders_are_written_in_the_members_language(app, calendar):
    event = make_event(calendar, days=0.5)
    calendar.member.language = "fr"
    services.register(event, calendar.member)
    db.session.commit()
    before = len(sent_mail(app))
    services.send_reminders()
    db.session.commit()
    (reminder,) = sent_mail(app)[before:]
    assert "Rappel" in str(reminder["Subject"])
