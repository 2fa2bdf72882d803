"""Fixtures: an app per database backend, a clean database for every test, a seeded demo.

The suite runs on SQLite; with TEST_DATABASE_URL set (CI sets it) every test runs again
on PostgreSQL. The schema is created once per backend; each test starts from empty tables.
`make test` runs the suite in two pytest-xdist workers: each has its own SQLite files and,
on PostgreSQL, its own database named after the worker.

The helpers every package's tests share are in tests/support, loaded here as a plugin;
each package's own fixtures are in its conftest.py (tests/hub/, tests/wiki/).
"""

import os
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config import TestingConfig
from hub import create_app
from hub.extensions import db, limiter

# Before the import below, so that the support modules' asserts explain their failures too.
pytest.register_assert_rewrite("tests.support")
pytest_plugins = ["tests.support", "tests.support.migrations"]

from tests.support import outbox_dir, postgresql_url  # noqa: E402

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Tests run inside an app context of their own; without this, Flask would reuse it for
    requests, so `g` (Flask-Login's cached user, g.workspace) and the database session
    would carry over from the test, or one request, into the next.
    """

    def open(self, *args, **kwargs):
        # End the test's transaction first: the request then sees what the test wrote, and
        # on SQLite the test no longer holds the write lock the request may need.
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # A server closes each response once it has sent it, which runs what waits for that
        # (the search index catching up with a change); the test client does not by itself.
        response.make_sequence()
        response.close()
        return response


def pytest_collection_modifyitems(config, items):
    """Tests marked backend_independent (no database in play) run once, on SQLite."""
    items[:] = [
        item
        for item in items
        if not (
            item.get_closest_marker("backend_independent")
            and getattr(item, "callspec", None)
            and item.callspec.params.get("backend") != "sqlite"
        )
    ]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


def empty_app(backend: str, tmp_path_factory, purpose: str = "") -> Flask:
    """An app with its own instance folder, on a database of `backend` holding empty tables."""
    instance = tmp_path_factory.mktemp("-".join(filter(None, ["instance", backend, purpose])))
    if backend == "sqlite":
        url = f"sqlite:///{instance / 'test.sqlite3'}"
    else:
        url = postgresql_url(purpose)
    app = create_app(TestingConfig, instance_path=str(instance), SQLALCHEMY_DATABASE_URI=url)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def drop_tables(app: Flask) -> None:
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    app = empty_app(backend, tmp_path_factory)
    yield app
    drop_tables(app)


@dataclass
class Demo:
    app: Flask
    output: str  # what `flask hub seed-demo` printed


@pytest.fixture(scope="session")
def demo(backend, tmp_path_factory):
    """The demo, seeded once per backend, for the tests that only read it (see demo_client)."""
    app = empty_app(backend, tmp_path_factory, "demo")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["hub", "seed-demo"])
        assert result.exit_code == 0, result.output
        db.session.remove()
    yield Demo(app, result.output)
    drop_tables(app)


@pytest.fixture
def in_demo(demo):
    """The test runs in the seeded demo app's context, so db.session reads the demo.

    Nothing is wiped afterwards: tests using it only read (signing in is fine).
    """
    with demo.app.app_context():
        yield demo
        db.session.rollback()
        db.session.remove()
        limiter.reset()


@pytest.fixture
def demo_client(in_demo):
    """A client of the seeded demo."""
    return in_demo.app.test_client()


@pytest.fixture(autouse=True)
def app_context(request, app):
    """Every test runs inside an app context and leaves empty tables and an empty outbox."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        # Row deletes, children first: on PostgreSQL far quicker than TRUNCATE for small tables.
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        limiter.reset()
        for message in outbox_dir(app).glob("*.eml"):
            message.unlink()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
