"""What the wiki benchmarks share: page text, a seeded wiki, timing, and real servers.

Benchmarks run with `make bench`; they print their figures and are not part of `make test`.
The servers are gunicorn processes on loopback, loaded by Debian's `wrk`.
"""

import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from hub.auth.models import User
from hub.workspaces.models import Role, Workspace
from tests.support import make_membership, make_user, make_workspace
from wiki.models import Section
from wiki.services import ensure_default_sections

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SESSION_COOKIE = "hub_session"
SERVER_START_SECONDS = 20

# Words of the kind a police reader meets on an AI topic page, for text that looks real
# enough to the renderer and the diff: varied lengths, a few very common words.
WORDS = (
    "the of and to a in is that for it as with on by be are this from or an can "
    "police investigators analysts evidence model data training images video audio speech "
    "recognition forensic court officers suspects victims network system systems algorithm "
    "learning machine vision language processing robots drones transcript accuracy bias "
    "errors review oversight human rights privacy lawful proportionate necessary accountable "
    "transparent explainable audit record chain custody seized devices intercepted calls "
    "translation languages faces plates vehicles crowds patterns anomalies fraud payments "
    "criminals threats deepfakes synthetic voices generated content detection verification "
    "provenance metadata timestamps hashes integrity prosecutors judges defence disclosure "
    "procurement vendor contract testing validation benchmark dataset labelled annotation "
    "unit team agency partners cooperation interpol unicri toolkit principles requirements"
).split()


def prose(words: int, links: list[str] = (), headings: int = 0, seed: int = 1) -> str:
    """Deterministic Markdown of about `words` words: paragraphs, `headings` level-2
    headings spread through it, and one [[link]] to each title in `links`."""
    rng = random.Random(seed)
    blocks: list[str] = []
    written = 0
    pending_links = list(links)
    heading_every = words // (headings + 1) if headings else words + 1
    next_heading = heading_every
    link_every = max(words // (len(links) + 1), 1) if links else words + 1
    next_link = link_every
    while written < words:
        if written >= next_heading:
            blocks.append("## " + " ".join(rng.choices(WORDS[20:], k=3)).capitalize())
            next_heading += heading_every
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentence = rng.choices(WORDS, k=rng.randint(8, 18))
            if pending_links and written >= next_link:
                sentence.append(f"[[{pending_links.pop(0)}]]")
                next_link += link_every
            written += len(sentence)
            sentences.append(" ".join(sentence).capitalize() + ".")
        blocks.append(" ".join(sentences))
    blocks.extend(f"See also [[{title}]]." for title in pending_links)
    return "\n\n".join(blocks)


@dataclass
class Wiki:
    workspace: Workspace
    member: User
    colleagues: list[User]
    topics: Section
    events: Section


MEMBER_EMAIL = "bench.member@example.org"


def seed_wiki() -> Wiki:
    """Workspace "ai" with its default sections, a member and two colleagues (committed)."""
    workspace = make_workspace("ai", name="Artificial Intelligence")
    member = make_user(MEMBER_EMAIL, display_name="Bench Member")
    colleagues = [make_user(display_name=f"Colleague {number}") for number in (1, 2)]
    for user in (member, *colleagues):
        make_membership(workspace, user, role=Role.MEMBER)
    sections = {section.slug: section for section in ensure_default_sections(workspace)}
    return Wiki(workspace, member, colleagues, sections["topics"], sections["events"])


@pytest.fixture
def wiki() -> Wiki:
    return seed_wiki()


def median_ms(run: Callable[[], object], times: int) -> float:
    timings = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


# --- real servers ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/")
        connection.getresponse().read()
        return True
    except OSError:
        return False


@dataclass
class Server:
    port: int
    pid: int

    def workers_cpu_seconds(self) -> float:
        """CPU time its workers used so far (Linux /proc): unlike requests per second, it
        hardly moves when other programs load the machine."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            if int(fields[1]) == self.pid:  # fields after "(name)": state, ppid, ...
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], log: Path) -> Iterator[Server]:
    """`app_spec` served by gunicorn with 2 sync workers on loopback."""
    port = free_port()
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(GUNICORN), "-w", "2", "-b", f"127.0.0.1:{port}", app_spec],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while not _answers(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn {app_spec} did not start:\n{log.read_text()}")
                time.sleep(0.1)
            yield Server(port, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=15)


def session_cookie(response: http.client.HTTPResponse) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{SESSION_COOKIE}="):
            return header.split(";", 1)[0]
    return None


def sign_in_over_http(port: int, email: str, password: str) -> str:
    """Sign in through the real form (CSRF token and all); the signed-in session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/auth/login")
    response = connection.getresponse()
    form = response.read().decode()
    anonymous = session_cookie(response)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    assert anonymous and token, "the sign-in page gave no session cookie or CSRF token"
    connection.request(
        "POST",
        "/auth/login",
        body=urlencode({"email": email, "password": password, "csrf_token": token.group(1)}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": anonymous},
    )
    response = connection.getresponse()
    response.read()
    signed_in = session_cookie(response)
    assert response.status == 302 and signed_in, f"sign-in failed: {response.status}"
    # Follow the redirect as a browser does: the first page after sign-in gives the session
    # its CSRF token. Requests with the cookie from before that would each mint a new token
    # and send a new cookie, which a browser never does.
    connection.request("GET", response.headers["Location"], headers={"Cookie": signed_in})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, f"the page after sign-in answered {response.status}"
    return session_cookie(response) or signed_in


def get_over_http(port: int, path: str, cookie: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response.status, response.read().decode()


@dataclass
class Load:
    requests_per_second: float
    #: CPU time the server's workers spent per request, in milliseconds.
    cpu_ms_per_request: float


def wrk(server: Server, path: str, seconds: int, cookie: str | None = None) -> Load:
    """Load `path` with `wrk`: 2 threads, 4 connections, for `seconds`."""
    command = ["wrk", "-t2", "-c4", f"-d{seconds}s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    cpu_before = server.workers_cpu_seconds()
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{server.port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    cpu = server.workers_cpu_seconds() - cpu_before
    # Error pages are cheap answers that say nothing about the page measured. (wrk counts
    # a redirect as a success: callers check first that `path` answers 200 with its page.)
    assert "Non-2xx or 3xx responses" not in output, output
    assert "Socket errors" not in output, output
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return Load(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        cpu_ms_per_request=cpu * 1000 / requests,
    )


def server_environment(**settings: str) -> dict[str, str]:
    """This process's environment, without test settings, plus `settings`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEST_")}
    env.update(settings)
    return env


# --- throughput against the bare Flask page ---------------------------------------------

THROUGHPUT_SECONDS = 10
WARM_UP_SECONDS = 2


def migrate_fresh_database(url: str) -> None:
    """Create the schema of a new database as production does: `flask db upgrade`."""
    migrate = server_environment(HUB_ENV="production", SECRET_KEY="migrate", DATABASE_URL=url)
    flask = [str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "db", "upgrade"]
    subprocess.run(flask, cwd=ROOT, env=migrate, check=True, capture_output=True)


def hub_server_environment(url: str) -> dict[str, str]:
    """The hub in production on the database at `url`, over plain HTTP (as wrk speaks)."""
    return server_environment(
        HUB_ENV="production",
        SECRET_KEY="benchmark-" + "x" * 32,
        DATABASE_URL=url,
        SESSION_COOKIE_SECURE="false",
    )


def throughput(server: Server, path: str, cookie: str | None = None) -> Load:
    """`path` under wrk for THROUGHPUT_SECONDS, after a warm-up in which every worker
    loads its templates."""
    wrk(server, path, WARM_UP_SECONDS, cookie)
    return wrk(server, path, THROUGHPUT_SECONDS, cookie)


@contextmanager
def bare_server(folder: Path) -> Iterator[Server]:
    """The baseline: the bare Flask page (bare_app.py) under the same gunicorn."""
    with gunicorn(
        "tests.benchmarks.bare_app:app", server_environment(), folder / "bare.log"
    ) as server:
        yield server


def bare_throughput(folder: Path) -> Load:
    """The bare Flask page under the same gunicorn and wrk."""
    with bare_server(folder) as server:
        return throughput(server, "/")


@dataclass
class AgainstBare:
    """A page's load and the bare page's, each the median of rounds that load them in turn,
    and the median of each round's ratio of the two."""

    load: Load
    bare: Load
    ratio: float


def in_turn_with_bare(
    bare: Server, server: Server, paths: dict[str, str], cookie: str, rounds: int
) -> dict[str, AgainstBare]:
    """Each of `paths` and the bare page loaded one after the other, THROUGHPUT_SECONDS each,
    `rounds` times: what other programs do to the machine falls on a page and on the bare
    page of the same round alike, where one measure of each, a minute apart, met different
    neighbours (the ratio moved from 0.07 to 0.13 between two runs)."""
    for path in paths.values():
        wrk(server, path, WARM_UP_SECONDS, cookie)
    wrk(bare, "/", WARM_UP_SECONDS)
    measured: dict[str, list[tuple[Load, Load]]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, path in paths.items():
            page = wrk(server, path, THROUGHPUT_SECONDS, cookie)
            measured[name].append((page, wrk(bare, "/", THROUGHPUT_SECONDS)))

    def median_load(loads: list[Load]) -> Load:
        return Load(
            statistics.median(load.requests_per_second for load in loads),
            statistics.median(load.cpu_ms_per_request for load in loads),
        )

    return {
        name: AgainstBare(
            load=median_load([page for page, _ in pairs]),
            bare=median_load([bare_load for _, bare_load in pairs]),
            ratio=statistics.median(
                page.requests_per_second / bare_load.requests_per_second
                for page, bare_load in pairs
            ),
        )
        for name, pairs in measured.items()
    }


def in_turn_line(against: AgainstBare) -> str:
    """What in_turn_with_bare measured of one page, as a benchmark prints it."""
    return (
        f"{against.load.requests_per_second:7.1f} requests/s against "
        f"{against.bare.requests_per_second:7.1f}: {against.ratio:.3f} of bare, "
        f"{against.load.cpu_ms_per_request:5.2f} ms CPU each "
        f"(bare {against.bare.cpu_ms_per_request:4.2f})"
    )


def against_bare(measured: Load, bare: Load) -> str:
    return (
        f"{measured.requests_per_second:7.1f} requests/s "
        f"({measured.requests_per_second / bare.requests_per_second:.3f} of bare), "
        f"{measured.cpu_ms_per_request:5.2f} ms CPU each"
    )
