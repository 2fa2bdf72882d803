"""Browser tests: the app served on a real port, driven by Debian's Chromium through Playwright.

These fixtures replace the root `app` and `app_context` fixtures inside tests/e2e only: one
live server on SQLite for the whole session (CSRF on, as in production; under xdist one per
worker, on a port of its own), tables emptied after each test. The browser talks to the
server over HTTP from other threads, so the test thread must never hold a database
transaction open while the browser acts: SQLite would make the server wait for it. Seed
data inside `steps.seeding()`, which commits and lets go.
"""

import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import TestingConfig
from hub import create_app
from hub.extensions import db, limiter
from tests.e2e.steps import Browsing
from tests.support import outbox_dir

CHROMIUM = Path("/usr/bin/chromium")
#: Screenshots of the pages the browser tests visit, kept for people (and CI) to look at.
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The live server's app: SQLite in a temporary instance folder, CSRF switched on."""
    instance = tmp_path_factory.mktemp("e2e-instance")
    app = create_app(
        TestingConfig,
        instance_path=str(instance),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'e2e.sqlite3'}",
        WTF_CSRF_ENABLED=True,
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The app served on a free local port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test runs in an app context and leaves empty tables, limits and outbox behind."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        limiter.reset()
        for message in outbox_dir(app).glob("*.eml"):
            message.unlink()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium is not installed (/usr/bin/chromium); "
            "apt-get install chromium to run browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def screens(request) -> Path:
    """tests/e2e/screenshots/<module>/<test>/, emptied: this run's screenshots of this test."""
    test = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    folder = SCREENSHOTS / request.node.path.stem / test
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def browsing(browser, live_server, screens) -> Iterator[Browsing]:
    """Screenshots go to tests/e2e/screenshots/<module>/<test>/NN-name.png."""
    session = Browsing(browser=browser, base_url=live_server, screens=screens)
    yield session
    session.close()
    session.assert_clean()
