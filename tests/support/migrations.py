"""Fixtures for tests that run the migrations: an empty database of their own per test, and
an app on it. Each backend gets a fresh database: a temporary SQLite file, or a separate
PostgreSQL database next to the suite's (`<suite's database>[_<worker>]_migrations`), so the
suite's tables are never touched."""

import logging
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from hub import create_app
from hub.extensions import db
from tests.support import postgresql_url


@pytest.fixture
def logging_kept() -> Iterator[None]:
    """Undo what Alembic's env.py does to logging.

    env.py calls logging.config.fileConfig, which replaces the root handlers and disables
    every logger alembic.ini does not name (hub.errors among them): later tests that read
    the log would see nothing.
    """
    loggers = [logging.root] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    saved = {
        logger: (logger.disabled, logger.level, list(logger.handlers), logger.propagate)
        for logger in loggers
    }
    yield
    for logger, (disabled, level, handlers, propagate) in saved.items():
        logger.disabled, logger.propagate = disabled, propagate
        logger.setLevel(level)
        logger.handlers[:] = handlers


@pytest.fixture
def empty_database_url(backend, tmp_path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    server = make_url(os.environ["TEST_DATABASE_URL"])
    # Named after the suite's database and the xdist worker, so parallel runs do not collide.
    database = make_url(postgresql_url("migrations", create=False)).database
    # CREATE/DROP DATABASE cannot run inside a transaction.
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield server.set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def migration_app(empty_database_url, tmp_path, logging_kept):
    migration_app = create_app(
        TestingConfig,
        instance_path=str(tmp_path / "instance"),
        SQLALCHEMY_DATABASE_URI=empty_database_url,
    )
    with migration_app.app_context():
        yield migration_app
        db.session.remove()
        db.engine.dispose()
