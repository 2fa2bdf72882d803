"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

Each backend gets its own fresh database: a temporary SQLite file, or a separate
PostgreSQL database next to the suite's (`<suite's database>[_<worker>]_migrations`), so the
suite's tables are never touched.
"""

import logging
import os
import re
from collections.abc import Iterator

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Enum, create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from hub import create_app
from hub.extensions import db
from tests.support import postgresql_url

QUOTED = re.compile(r"'([^']*)'")


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


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, db.metadata)


def enum_check_values_expected() -> dict[str, set[str]]:
    """The CHECK constraint each enum column should have, by name, with its allowed values."""
    return {
        f"ck_{table.name}_{column.type.name}": set(column.type.enums)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Enum) and column.type.create_constraint
    }


def check_values_in_database() -> dict[str, set[str]]:
    inspector = inspect(db.engine)
    return {
        constraint["name"]: set(QUOTED.findall(constraint["sqltext"]))
        for table in inspector.get_table_names()
        for constraint in inspector.get_check_constraints(table)
    }


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_the_migrations_build_the_models_schema(migration_app):
    flask_migrate.upgrade()

    assert schema_differences() == []
    assert table_names() == {*db.metadata.tables, "alembic_version"}


def test_the_migrations_allow_exactly_the_enum_values_of_the_models(migration_app):
    # Autogenerate does not compare CHECK constraints: a value added to an enum without a
    # migration would pass the test above and then fail on insert.
    flask_migrate.upgrade()

    expected = enum_check_values_expected()
    assert expected
    in_database = check_values_in_database()
    assert {name: in_database.get(name) for name in expected} == expected


def test_the_migrations_go_down_to_nothing_and_up_again(migration_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")

    assert table_names() <= {"alembic_version"}

    flask_migrate.upgrade()
    assert schema_differences() == []
