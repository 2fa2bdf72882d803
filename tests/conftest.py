"""Fixtures: an app per database backend, a clean database for every test, factories.

The suite runs on SQLite; with TEST_DATABASE_URL set (CI sets it) every test runs again
on PostgreSQL. The schema is created once per backend; each test starts from empty tables.
"""

import email
import email.policy
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from config import TestingConfig
from hub import create_app
from hub.auth.models import AccountStatus, Sector, User
from hub.auth.services import create_account
from hub.extensions import db, limiter
from hub.workspaces.models import Membership, MembershipStatus, Role, Visibility, Workspace

PASSWORD = "correct-horse-battery-staple"
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
            return super().open(*args, **kwargs)


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


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    instance = tmp_path_factory.mktemp(f"instance-{backend}")
    if backend == "sqlite":
        url = f"sqlite:///{instance / 'test.sqlite3'}"
    else:
        url = os.environ["TEST_DATABASE_URL"]
    app = create_app(TestingConfig, instance_path=str(instance), SQLALCHEMY_DATABASE_URI=url)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


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


@contextmanager
def count_statements():
    """Collect the SQL statements issued inside the block (for query-count tests)."""
    statements: list[str] = []

    def on_execute(_connection, _cursor, statement, _parameters, _context, _executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)


# --- factories -------------------------------------------------------------------------

_counter = iter(range(1, 10**9))


def make_user(
    email: str | None = None,
    *,
    password: str | None = PASSWORD,
    display_name: str | None = None,
    status: AccountStatus = AccountStatus.ACTIVE,
    hub_admin: bool = False,
    sector: Sector = Sector.LAW_ENFORCEMENT,
    organisation: str = "Test Police",
    country: str = "FR",
) -> User:
    number = next(_counter)
    user = create_account(
        email=email or f"user{number}@example.org",
        password=password,
        display_name=display_name or f"Test User {number}",
        sector=sector,
        organisation=organisation,
        country=country,
        status=status,
        is_hub_admin=hub_admin,
    )
    db.session.commit()
    return user


def make_workspace(
    slug: str = "ai", *, name: str | None = None, visibility: Visibility = Visibility.RESTRICTED
) -> Workspace:
    workspace = Workspace(
        slug=slug,
        name=name or slug.upper(),
        description="A test workspace.",
        description_html="<p>A test workspace.</p>",
        visibility=visibility,
    )
    db.session.add(workspace)
    db.session.commit()
    return workspace


def make_membership(
    workspace: Workspace,
    user: User,
    role: Role = Role.MEMBER,
    status: MembershipStatus = MembershipStatus.ACTIVE,
) -> Membership:
    from hub.database import utcnow

    membership = Membership(
        workspace_id=workspace.id,
        user_id=user.id,
        role=role,
        status=status,
        joined_at=utcnow() if status == MembershipStatus.ACTIVE else None,
        requested_at=utcnow() if status == MembershipStatus.REQUESTED else None,
    )
    db.session.add(membership)
    db.session.commit()
    return membership


def login(client, email: str, password: str = PASSWORD, **extra):
    return client.post(
        "/auth/login", data={"email": email, "password": password, **extra}, follow_redirects=False
    )


def outbox_dir(app) -> Path:
    return Path(app.instance_path) / "outbox"


def sent_mail(app) -> list[email.message.EmailMessage]:
    """The e-mails written to the outbox, oldest first."""
    paths = sorted(outbox_dir(app).glob("*.eml")) if outbox_dir(app).exists() else []
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in paths
    ]


def link_in(message, pattern: str = r"https?://\S+") -> str:
    """The first link in an e-mail's body, as a path for the test client."""
    body = message.get_content()
    url = re.search(pattern, body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)
