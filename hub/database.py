"""Database set-up: SQLite pragmas and transaction mode, time helpers, the unit of work.

SQLite: WAL, a busy timeout and foreign keys on every connection. Transactions that
may write start with BEGIN IMMEDIATE (SQLAlchemy's documented pysqlite recipe): a
deferred transaction that reads and then writes fails at once with "database is
locked" when another worker wrote in between, whatever the busy timeout. Requests
that cannot write (GET, HEAD, OPTIONS) keep a deferred BEGIN so readers never wait.
"""

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps

from flask import Flask, g, has_request_context, request
from sqlalchemy import ColumnElement, DateTime, Engine, Enum, event, func, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from hub.exceptions import RuleViolation
from hub.extensions import db

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The largest id any table can hold: ids from URLs and forms beyond it match nothing.
MAX_ROW_ID = 2**63 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use hub.database.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def result_processor(self, dialect, coltype):
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite":
            return general

        def from_sqlite_text(value, parse=datetime.fromisoformat):
            # SQLite keeps UTC as naive text. Read as UTC in one parse, it costs a fifth of
            # the general path (parse, then replace()), paid for every date a page shows.
            if value is None:
                return None
            try:
                parsed = parse(value + "+00:00")
            except (TypeError, ValueError):
                return general(value)
            # A date alone parses, but without its zone.
            return parsed if parsed.tzinfo is not None else general(value)

        return from_sqlite_text


def enum_column(enum_class: type[enum.Enum], length: int = 32) -> Enum:
    """Enums stored as their values in a VARCHAR with a CHECK: no native PG types to migrate."""
    return Enum(
        enum_class,
        values_callable=lambda members: [member.value for member in members],
        native_enum=False,
        length=length,
        create_constraint=True,
        name=enum_class.__name__.lower(),
        validate_strings=True,
    )


@contextmanager
def refusing_duplicates(message: str, field: str | None = None) -> Iterator[None]:
    """Write inside a savepoint. If a concurrent request got there first (a unique constraint
    says so), refuse with `message`; the rest of the transaction stays usable."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        raise RuleViolation(message, field=field) from None


def writes_on_read(view):
    """Mark a GET view that may write (set-up done on first use): on SQLite its transaction then
    starts with BEGIN IMMEDIATE. Put it above the access decorator, which runs the first query."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        g.writes_on_read = True
        return view(*args, **kwargs)

    return wrapped


def write_after_reading() -> None:
    """A GET that read in a deferred transaction and now has something to write (a reader's
    place in a topic): end the read, so that the next transaction starts with BEGIN
    IMMEDIATE and the request's commit keeps the write. Call it once the page is rendered:
    the session's objects are expired."""
    db.session.rollback()
    g.writes_on_read = True


def containing(text: str, *columns) -> ColumnElement[bool]:
    """Any of `columns` contains `text`, whatever the case; % and _ in `text` are literal."""
    needle = text.lower()
    return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))


def upsert(table):
    """INSERT ... ON CONFLICT for the session's database (SQLite or PostgreSQL): both
    dialects' inserts offer on_conflict_do_nothing and on_conflict_do_update."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def request_may_write() -> bool:
    """Whether the current unit of work may write: any CLI/service call, or a non-GET request."""
    if not has_request_context():
        return True
    return request.method not in READ_ONLY_METHODS or g.get("writes_on_read", False)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Take BEGIN away from pysqlite so the "begin" hook below decides the mode.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if request_may_write() else "BEGIN")


def configure_database(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @app.after_request
    def commit_unit_of_work(response):
        """The one place a request's changes are committed; failed responses keep nothing.
        A read that changed nothing has nothing to commit: closing the session ends it."""
        if response.status_code >= 400:
            db.session.rollback()
        elif request_may_write() or session_wrote(db.session):
            db.session.commit()
        return response


WROTE_KEY = "hub_wrote"


def session_wrote(session: Session) -> bool:
    """Whether this session changed anything: flushed, pending, or a bulk write."""
    return bool(session.info.get(WROTE_KEY) or session.new or session.dirty or session.deleted)


@event.listens_for(Session, "after_flush")
def _note_flush(session, _flush_context) -> None:
    session.info[WROTE_KEY] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_write(orm_execute_state) -> None:
    if not orm_execute_state.is_select:
        orm_execute_state.session.info[WROTE_KEY] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed or rolled back
        session.info.pop(WROTE_KEY, None)
