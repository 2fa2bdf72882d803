"""A plain install runs: the project installed without extras migrates, seeds and serves.

This is what a deployment does (README, "Running in production"): install the checkout with
`pip install .`, then run `flask --app wsgi` and gunicorn from it. A module that the app imports
but only an extra installs makes it fail at once. The checkout is copied to a temporary folder
first, so that neither the build nor the app (instance folder, database) writes into this one.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What a working tree may hold that is no part of the project: environments, the instance
# folder with its database, build output and caches.
NOT_PROJECT = shutil.ignore_patterns(
    ".git", ".venv", "instance", "build", "dist", "*.egg-info", "__pycache__",
    ".pytest_cache", ".ruff_cache", "test-results", "tests",
)  # fmt: skip
SERVER_START_SECONDS = 60


def run(command: list[str], **options) -> str:
    """Run `command` to the end; its output, or a test failure that shows it."""
    result = subprocess.run(command, capture_output=True, text=True, **options)  # noqa: S603
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited with {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def listening_port(process: subprocess.Popen, log: Path) -> int:
    """The port gunicorn bound (it was given port 0, so no other program can take it first)."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            return int(found.group(1))
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """End gunicorn and its workers (its own process group), by force if they linger."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.backend_independent
def test_plain_install_migrates_seeds_and_serves_the_sign_in_page(tmp_path):
    checkout = tmp_path / "knowledge-hub"
    shutil.copytree(ROOT, checkout, ignore=NOT_PROJECT)
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    # This suite's pip installs into the new environment: quicker than giving it a pip of its
    # own, and it uses pip's cache. Not editable, and no extras: what a deployment gets.
    run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
         "install", "--quiet", str(checkout)],
        timeout=600,
    )  # fmt: skip

    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MAIL_SERVER"}
    }
    environment.update(
        HUB_ENV="production",
        SECRET_KEY="plain-install-test-key",
        DATABASE_URL=f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        RATELIMIT_STORAGE_URI="memory://",
    )
    flask = [str(venv / "bin" / "flask"), "--app", "wsgi"]
    run([*flask, "db", "upgrade"], cwd=checkout, env=environment, timeout=300)
    seeded = run([*flask, "hub", "seed-demo"], cwd=checkout, env=environment, timeout=300)
    assert "admin@example.org" in seeded

    log = tmp_path / "gunicorn.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(  # noqa: S603
            [str(venv / "bin" / "gunicorn"), "--workers", "1", "--bind", "127.0.0.1:0",
             "wsgi:app"],
            cwd=checkout,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        port = listening_port(server, log)
        # The socket queues the request until the worker has loaded the app.
        with urllib.request.urlopen(  # noqa: S310
            f"http://127.0.0.1:{port}/auth/login", timeout=SERVER_START_SECONDS
        ) as response:
            status, page = response.status, response.read().decode()
    finally:
        stop(server)

    assert status == 200
    assert "<h1>Sign in</h1>" in page
    form = re.search(r'<form method="post".*?</form>', page, re.DOTALL)
    assert form, "the sign-in page has no form"
    for field in ("csrf_token", "email", "password"):
        assert f'name="{field}"' in form.group(0)
