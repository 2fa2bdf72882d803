"""Every stored time comes back as an aware UTC datetime, equal to what was stored, whichever
way it was written: by the ORM, or as text by a migration or SQLite itself."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text, update

from hub.audit.models import AuditEntry
from hub.extensions import db
from tests.support import make_user

PARIS_WINTER = timezone(timedelta(hours=1))


def stored_entry(created_at: datetime) -> AuditEntry:
    entry = AuditEntry(action="test.time", actor_id=make_user().id, created_at=created_at)
    db.session.add(entry)
    db.session.commit()
    return entry


def created_at_read_back(entry_id: int) -> datetime:
    db.session.expire_all()
    return db.session.scalar(select(AuditEntry.created_at).where(AuditEntry.id == entry_id))


@pytest.mark.parametrize(
    "written",
    [
        datetime(2026, 12, 6, 7, 2, 53, 123456, tzinfo=UTC),
        datetime(2026, 12, 6, 7, 2, 53, tzinfo=UTC),  # no fraction of a second
        datetime(2026, 12, 6, 8, 2, 53, 500, tzinfo=PARIS_WINTER),  # another zone: kept as UTC
        datetime(1970, 1, 1, tzinfo=UTC),
    ],
)
def test_a_time_written_by_the_orm_reads_back_equal_and_in_utc(app, written):
    entry = stored_entry(written)
    read = created_at_read_back(entry.id)
    assert read == written
    assert read.utcoffset() == timedelta(0)


def test_a_naive_time_is_refused_rather_than_guessed(app):
    with pytest.raises(Exception, match="naive datetime"):
        stored_entry(datetime(2026, 12, 6, 7, 2, 53))
    db.session.rollback()


def test_an_empty_time_reads_back_as_none(app):
    user = make_user()  # never signed in
    db.session.commit()
    db.session.expire_all()
    assert user.last_sign_in_at is None


@pytest.mark.parametrize(
    "stored_text, meant",
    [
        # As SQLite's CURRENT_TIMESTAMP and hand-written migrations store them.
        ("2026-12-06 07:02:53", datetime(2026, 12, 6, 7, 2, 53, tzinfo=UTC)),
        ("2026-12-06 07:02:53.250000", datetime(2026, 12, 6, 7, 2, 53, 250000, tzinfo=UTC)),
        ("2026-12-06T07:02:53", datetime(2026, 12, 6, 7, 2, 53, tzinfo=UTC)),
        ("2026-12-06", datetime(2026, 12, 6, tzinfo=UTC)),
    ],
)
def test_sqlite_text_written_outside_the_orm_reads_as_utc(app, backend, stored_text, meant):
    if backend != "sqlite":
        pytest.skip("SQLite keeps times as text; PostgreSQL has a type for them")
    entry = stored_entry(datetime(2000, 1, 1, tzinfo=UTC))
    db.session.execute(
        update(AuditEntry.__table__)
        .where(AuditEntry.id == entry.id)
        .values(created_at=text(":stored").bindparams(stored=stored_text))
    )
    db.session.commit()
    assert created_at_read_back(entry.id) == meant
