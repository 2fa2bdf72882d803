"""The document library under load and at scale (issue 12).

- Upload memory: a signed-in upload of a 100 MB file to the hub under gunicorn (2 sync
  workers) raises the peak memory (VmHWM) of the worker that takes it by less than 30 MB.
- Extraction: pages per second read from PDFs of 20 and 200 pages (text and first-page
  picture, in the limited child process, as an upload's version is read).
- Listing: the library with 20 and with 20,000 documents: the statements one page issues
  (the same) and the median time of RUNS views, through the test client.
- Download: a signed-in download of a 100 MB file, and a range request of its second half,
  against a bare Flask `send_file` of the same file in the same run (both under gunicorn,
  2 sync workers); the hub streams at least half as fast.

Run with `make bench`.
"""

import http.client
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from flask import Flask, send_file

from config import TestingConfig
from documents.demo.files import pdf_bytes
from documents.extract import TextStatus, extract
from documents.filetypes import FileKind
from hub import create_app
from hub.extensions import db
from tests.benchmarks.conftest import (
    MEMBER_EMAIL,
    gunicorn,
    hub_server_environment,
    median_ms,
    migrate_fresh_database,
    seed_wiki,
    server_environment,
    sign_in_over_http,
)
from tests.support import PASSWORD, count_statements, login
from tests.support.documents import Library, bulk_documents

MB = 1024 * 1024
FILE_SIZE = 100 * MB
#: The worker's peak memory grows by less than this during a 100 MB upload.
UPLOAD_MEMORY_TARGET = 30 * MB
#: Downloads stream at least this fraction of a bare send_file's speed.
DOWNLOAD_TARGET = 0.5
DOWNLOAD_RUNS = 5
RUNS = 15
CHUNK = 1024 * 1024


def report(label: str, figure: str) -> None:
    print(f"\n  documents {label:<62} {figure}")


# --- a bare Flask send_file, the download's baseline ---------------------------------------

bare_file_app = Flask(__name__)


@bare_file_app.get("/file")
def bare_file():
    return send_file(
        os.environ["BENCH_DOCUMENT"],
        mimetype="text/plain",
        as_attachment=True,
        download_name="file.txt",
        conditional=True,
    )


# --- helpers --------------------------------------------------------------------------------


def write_big_text(path: Path, size: int) -> None:
    """`size` bytes of plain words (a text file: accepted, and read by the server itself)."""
    line = b"Evidence review notes: model output checked against the original recording.\n"
    block = line * (CHUNK // len(line) + 1)
    with path.open("wb") as out:
        written = 0
        while written < size:
            piece = block[: min(CHUNK, size - written)]
            out.write(piece)
            written += len(piece)


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def peak_memory(pid: int) -> int:
    """The process's peak resident set size (VmHWM), in bytes."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024


def upload_over_http(port: int, cookie: str, path: Path) -> tuple[int, str]:
    """Post `path` to the upload form as the browser's script does, streamed from disk."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", "/w/ai/documents/upload", headers={"Cookie": cookie})
    form = connection.getresponse().read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    boundary = "----bench-documents-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nreport\r\n'
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
        f'filename="{path.name}"\r\nContent-Type: text/plain\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body():
        yield head
        with path.open("rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk
        yield tail

    connection.request(
        "POST",
        "/w/ai/documents/upload",
        body=body(),
        headers={
            "Cookie": cookie,
            "Accept": "application/json",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + path.stat().st_size + len(tail)),
        },
    )
    response = connection.getresponse()
    return response.status, response.read().decode()


def download_seconds(port: int, path: str, cookie: str | None, byte_range: str | None) -> float:
    """The time to receive the whole body of `path` (read in 1 MB pieces)."""
    headers = {"Cookie": cookie} if cookie else {}
    if byte_range:
        headers["Range"] = byte_range
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    assert response.status == (206 if byte_range else 200), response.status
    received = 0
    while chunk := response.read(CHUNK):
        received += len(chunk)
    elapsed = time.perf_counter() - started
    expected = FILE_SIZE // 2 if byte_range else FILE_SIZE
    assert received == expected, received
    connection.close()
    return elapsed


def best_speed(port, path, cookie, byte_range=None) -> float:
    """MB/s of the fastest of DOWNLOAD_RUNS downloads (the least disturbed by the machine's
    other work)."""
    size = FILE_SIZE // 2 if byte_range else FILE_SIZE
    download_seconds(port, path, cookie, byte_range)  # warm: the file is in the page cache
    fastest = min(download_seconds(port, path, cookie, byte_range) for _ in range(DOWNLOAD_RUNS))
    return size / MB / fastest


# --- upload memory and download speed, under gunicorn ---------------------------------------


@pytest.mark.backend_independent
def test_a_100_mb_upload_keeps_memory_flat_and_downloads_stream_near_send_file(tmp_path):
    if shutil.which("gunicorn") is None and not (Path(".venv") / "bin" / "gunicorn").exists():
        pytest.skip("gunicorn is not installed")
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    storage_root = tmp_path / "files"
    migrate_fresh_database(url)
    seeder = create_app(
        TestingConfig,
        instance_path=str(tmp_path),
        SQLALCHEMY_DATABASE_URI=url,
        DOCUMENTS_STORAGE=str(storage_root),
    )
    with seeder.app_context():
        seed_wiki()
        db.engine.dispose()
    big = tmp_path / "evidence-notes.txt"
    write_big_text(big, FILE_SIZE)

    environment = hub_server_environment(url) | {"DOCUMENTS_STORAGE": str(storage_root)}
    bare_environment = server_environment(BENCH_DOCUMENT=str(big))
    with (
        gunicorn("wsgi:app", environment, tmp_path / "hub.log") as server,
        gunicorn(
            "tests.benchmarks.bench_documents:bare_file_app",
            bare_environment,
            tmp_path / "bare.log",
        ) as bare,
    ):
        cookie = sign_in_over_http(server.port, MEMBER_EMAIL, PASSWORD)
        # Warm both workers on the whole upload path (small files), so that what the big
        # upload adds is what it costs, not a first request's imports and templates.
        for number in range(12):
            small = tmp_path / f"warm-up-{number}.txt"
            small.write_text(f"Warm-up upload {number}.\n")
            assert upload_over_http(server.port, cookie, small)[0] == 201
        workers = worker_pids(server.pid)
        before = {pid: peak_memory(pid) for pid in workers}
        status, answer = upload_over_http(server.port, cookie, big)
        after = {pid: peak_memory(pid) for pid in workers}
        assert status == 201, answer
        document_path = re.search(r'"url":\s*"([^"]+)"', answer).group(1)
        rise = max(after[pid] - before[pid] for pid in workers)

        # Hub and bare in turns, so that both meet the same load from the rest of the
        # machine; the best run of each counts.
        download = f"{document_path}/download"
        second_half = f"bytes={FILE_SIZE // 2}-"
        hub_full = best_speed(server.port, download, cookie)
        bare_full = best_speed(bare.port, "/file", None)
        hub_range = best_speed(server.port, download, cookie, second_half)
        bare_range = best_speed(bare.port, "/file", None, second_half)
        hub_full = max(hub_full, best_speed(server.port, download, cookie))
        bare_full = max(bare_full, best_speed(bare.port, "/file", None))
        hub_range = max(hub_range, best_speed(server.port, download, cookie, second_half))
        bare_range = max(bare_range, best_speed(bare.port, "/file", None, second_half))

    report("upload of a 100 MB file: rise of the worker's peak memory", f"{rise / MB:6.1f} MB")
    report("bare send_file of 100 MB (gunicorn -w 2)", f"{bare_full:7.0f} MB/s")
    report(
        "signed-in download of 100 MB",
        f"{hub_full:7.0f} MB/s ({hub_full / bare_full:.2f} of bare)",
    )
    report("bare send_file, range request of the second 50 MB", f"{bare_range:7.0f} MB/s")
    report(
        "signed-in range request of the second 50 MB",
        f"{hub_range:7.0f} MB/s ({hub_range / bare_range:.2f} of bare)",
    )
    assert rise < UPLOAD_MEMORY_TARGET, f"peak memory rose by {rise / MB:.1f} MB"
    assert hub_full >= DOWNLOAD_TARGET * bare_full
    assert hub_range >= DOWNLOAD_TARGET * bare_range


# --- extraction ------------------------------------------------------------------------------


@pytest.mark.backend_independent
@pytest.mark.parametrize("pages", [20, 200])
def test_pdf_extraction_pages_per_second(tmp_path, pages):
    text = "\n".join(
        f"Paragraph {number}: the examiner compared the output of the tool with the original "
        "recording and noted every correction made to the automatic transcript."
        for number in range(pages * 22)
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes("Extraction benchmark", text))
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        extraction = extract(path, FileKind.PDF, seconds=120)
        runs.append(time.perf_counter() - started)
    assert extraction.status == TextStatus.READ and extraction.picture is not None
    assert extraction.pages >= pages
    seconds = min(runs)
    report(
        f"PDF of {extraction.pages} pages: text and first-page picture",
        f"{extraction.pages / seconds:7.0f} pages/s ({seconds * 1000:.0f} ms)",
    )


# --- the library list at 20 and 20,000 documents ---------------------------------------------


def test_the_library_list_costs_the_same_at_20_and_20000_documents(client):
    wiki = seed_wiki()
    member, (first, second) = wiki.member, wiki.colleagues
    library = Library(wiki.workspace, member, member, member, first, second)
    login(client, MEMBER_EMAIL)
    paths = {
        "newest first": "/w/ai/documents/",
        "by size, tag and type": "/w/ai/documents/?sort=size&tag=tool&kind=txt",
    }
    figures = {}
    for total, grow in ((20, 20), (20_000, 19_980)):
        # The second round adds 19,980 to the first 20.
        bulk_documents(library, grow)
        for name, path in paths.items():
            db.session.commit()
            with count_statements() as statements:
                assert client.get(path).status_code == 200
            time_ms = median_ms(lambda path=path: client.get(path), RUNS)
            figures[(name, total)] = (len(statements), time_ms)
    for name in paths:
        few, many = figures[(name, 20)], figures[(name, 20_000)]
        report(
            f"library, {name}: 20 / 20,000 documents",
            f"{few[0]} / {many[0]} statements, {few[1]:.1f} / {many[1]:.1f} ms",
        )
        assert few[0] == many[0]
