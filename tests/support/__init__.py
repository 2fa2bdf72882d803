"""What the tests of every package share: factories, signing in, mail, statement counting.

Loaded as a plugin by tests/conftest.py (`pytest_plugins`), so its fixtures reach every
package; its helpers are imported from here (`from tests.support import make_user`).
The wiki's test world is in tests/support/wiki.py, the markup readers in
tests/support/markup.py.
"""

import email
import email.policy
import html
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import html5lib
import pyotp
import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from hub.auth import twofactor
from hub.auth.models import AccountStatus, Sector, User
from hub.auth.services import create_account
from hub.database import utcnow
from hub.extensions import db
from hub.workspaces.models import Membership, MembershipStatus, Role, Visibility, Workspace

PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "violet-anchor-ledger-window"
# The account the sign-in, two-factor and session tests act as.
MEMBER_EMAIL = "member@example.org"

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


#: The accounts of every package's test world, by name, with their roles in its workspace.
ROLE_ACCOUNTS = (
    ("admin", Role.ADMINISTRATOR),
    ("moderator", Role.MODERATOR),
    ("member", Role.MEMBER),
    ("other_member", Role.MEMBER),
)


def role_accounts(workspace: Workspace, *, with_organisations: bool = False) -> dict[str, User]:
    """One account per role of ROLE_ACCOUNTS in `workspace`, and an outsider, by name, each
    <name>@<slug>.example.org ("Other Member"; of "Member Police", `with_organisations`)."""
    accounts = {}
    for name, role in ROLE_ACCOUNTS:
        profile = {"organisation": f"{name.title()} Police"} if with_organisations else {}
        accounts[name] = make_user(
            f"{name}@{workspace.slug}.example.org",
            display_name=name.replace("_", " ").title(),
            **profile,
        )
        make_membership(workspace, accounts[name], role)
    accounts["outsider"] = make_user(f"outsider@{workspace.slug}.example.org")
    return accounts


# --- signing in ------------------------------------------------------------------------


def login(client, email: str, password: str = PASSWORD, **extra):
    """Post the sign-in form as it is; the response says how it went."""
    return client.post(
        "/auth/login", data={"email": email, "password": password, **extra}, follow_redirects=False
    )


def csrf_token_on(page) -> str:
    """The CSRF token of the form on a page (a response or its bytes)."""
    text = page.decode() if isinstance(page, bytes) else page.text
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text)
    assert match is not None, "no CSRF token in the form"
    return match.group(1)


def sign_in(client, who: User | str, password: str = PASSWORD):
    """Sign `client` in as `who` (an account or its e-mail address) and return it.

    With CSRF protection on, the token comes from the sign-in page, as in a browser.
    """
    address = who.email if isinstance(who, User) else who
    extra = {}
    if client.application.config["WTF_CSRF_ENABLED"]:
        extra["csrf_token"] = csrf_token_on(client.get("/auth/login"))
    assert login(client, address, password, **extra).status_code == 302
    return client


def signed_in(app, who: User | str):
    """A new client of `app`, signed in as `who`."""
    return sign_in(app.test_client(), who)


def is_signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


@pytest.fixture
def csrf_on(app, monkeypatch):
    """CSRF protection switched on, as in production (the suite runs with it off)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


# --- two-factor sign-in ----------------------------------------------------------------


@dataclass
class TwoFactorSetup:
    secret: str
    recovery_codes: list[str]


def code_ahead(secret: str) -> str:
    """The code of the next time step: accepted (clock drift) and never used before."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def enable_two_factor_directly(user: User) -> TwoFactorSetup:
    """Turn 2FA on through the service, as the settings page does."""
    secret = twofactor.new_secret()
    codes = twofactor.enable_two_factor(user, secret, pyotp.TOTP(secret).now(), PASSWORD)
    db.session.commit()
    return TwoFactorSetup(secret, codes)


def sign_in_with_code(client, code: str, email: str = MEMBER_EMAIL, **extra):
    first = login(client, email, **extra)
    assert first.status_code == 302
    assert first.headers["Location"].startswith("/auth/two-factor")
    return client.post("/auth/two-factor", data={"code": code})


# --- reading pages ---------------------------------------------------------------------


def parse(response):
    """The page as a browser's tree of elements (html5lib, without namespaces)."""
    return html5lib.parse(response.get_data(as_text=True), namespaceHTMLElements=False)


def text_of(element) -> str:
    """The text of an element, white space squashed ("" for no element)."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def alerts(response) -> list[str]:
    """The flashed messages and field errors a user reads on the page."""
    found = re.findall(
        r'<p class="(?:alert alert--\w+|error)"[^>]*>(.*?)</p>', response.text, re.DOTALL
    )
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in found]


def field_errors(page: bytes, field_id: str) -> list[str]:
    """The messages shown next to a form field."""
    pattern = rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>'
    return [html.unescape(message) for message in re.findall(pattern, page.decode())]


def input_value(page: bytes, field_id: str) -> str | None:
    """The value a text input is rendered with (None when it has none)."""
    tag = re.search(rf'<input[^>]*\bid="{re.escape(field_id)}"[^>]*>', page.decode())
    assert tag is not None, f"no input {field_id}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None


# --- SQL statements --------------------------------------------------------------------


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


def counted_get(client, path: str) -> int:
    """The statements one GET issues (on its own session, as in production)."""
    db.session.commit()
    with count_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


# --- mail ------------------------------------------------------------------------------


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


# --- databases -------------------------------------------------------------------------


def postgresql_url(purpose: str = "", *, create: bool = True) -> str:
    """TEST_DATABASE_URL, or a database of its own next to it for an xdist worker and purpose.

    Worker gw1's database for the seeded demo is `<the given name>_gw1_demo`. Created when
    missing (the server trusts local connections), through the given database.
    """
    given = make_url(os.environ["TEST_DATABASE_URL"])
    name = "_".join(filter(None, [given.database, os.environ.get("PYTEST_XDIST_WORKER"), purpose]))
    if create and name != given.database:
        # CREATE DATABASE cannot run inside a transaction.
        server = create_engine(given, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        server.dispose()
    return given.set(database=name).render_as_string(hide_password=False)
