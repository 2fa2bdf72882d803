"""Fifty members register at once for ten places: exactly ten get one, forty wait, nobody is
registered twice (SQLite admits one writer at a time; PostgreSQL holds the event's row)."""

import threading

from sqlalchemy import func, select

from events import services
from events.models import Event, Registration, RegistrationStatus
from hub.auth.models import User
from hub.extensions import db
from tests.support.events import make_event, many_members, reload


def test_fifty_at_once_for_ten_places(app, calendar):
    event = make_event(calendar, capacity=10)
    member_ids = [user.id for user in many_members(calendar.workspace, 50)]
    event_id = event.id
    db.session.commit()  # the test's own transaction lets the writers in
    start = threading.Barrier(len(member_ids), timeout=30)
    failures: list[BaseException] = []

    def register(user_id: int) -> None:
        with app.app_context():
            try:
                # On SQLite a unit of work outside a request takes the write lock with its
                # first statement: all of them start together, then queue there.
                start.wait()
                user = db.session.get(User, user_id)
                shown = db.session.get(Event, event_id)
                services.register(shown, user)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001  (reported below)
                db.session.rollback()
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(user_id,)) for user_id in member_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    counts = dict(
        db.session.execute(
            select(Registration.status, func.count())
            .where(Registration.event_id == event_id)
            .group_by(Registration.status)
        ).all()
    )
    assert counts == {RegistrationStatus.REGISTERED: 10, RegistrationStatus.WAITLISTED: 40}
    assert (
        db.session.scalar(
            select(func.count(func.distinct(Registration.user_id))).where(
                Registration.event_id == event_id
            )
        )
        == 50
    )
    event = reload(event)
    assert (event.registered_count, event.waitlisted_count) == (10, 40)
