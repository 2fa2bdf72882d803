"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

Each backend gets its own fresh database: a temporary SQLite file, or a separate
PostgreSQL database next to the suite's (`<suite's database>[_<worker>]_migrations`), so the
suite's tables are never touched.
"""

import re

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Enum, inspect

from hub.extensions import db

QUOTED = re.compile(r"'([^']*)'")


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
