"""Search at the size of issue 14: 10,000 documents of about 20 KB of text, 50,000 forum posts
and 2,000 wiki pages, in one workspace, on SQLite.

The corpus is generated with a real vocabulary (the words of the demo's own wiki, forums and
documents, drawn with their frequencies there) and written straight into the tables with
bulk inserts (no services: they would take hours), then indexed by `reindex()`, through the
providers, as `flask hub reindex` does: that run gives the reindex throughput. Then:

- p50 and p95 of one-word, multi-word, phrase, prefix and faceted queries through
  hub.search.services.search (access filter, facets, highlights: what the page uses), and
  the same query strings on a bare Whoosh searcher of the same index (default parser, no
  access filter, no facet counts, no highlights or stored fields; for the faceted kind, the
  chosen facets' terms ANDed to the words) in the same run, each string run by one right
  after the other, as the baseline;
- the same queries over HTTP, the search page served by gunicorn (2 sync workers);
- the time from a commit to the change being searchable: in-process (service, commit, apply
  the queue, search) and over HTTP (a wiki page posted to gunicorn, then searched until
  found).

BENCH_SEARCH_SCALE (default 1) scales the corpus, e.g. 0.05 for a quick run.
"""

import os
import random
import re
import statistics
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from urllib.parse import urlencode

import pytest
from whoosh import qparser
from whoosh.query import And, Term

from config import Config
from documents.extract import TextStatus
from documents.filetypes import FileKind
from documents.models import Document, DocumentTag, DocumentVersion
from forums.models import Forum, Post, Topic
from hub import create_app
from hub.auth.models import AccountStatus, Sector, User
from hub.auth.passwords import hash_password
from hub.extensions import db
from hub.search import services
from hub.search.queue import apply_pending, reindex, search_backend
from hub.workspaces.models import Membership, MembershipStatus, Role, Workspace
from tests.benchmarks.conftest import (
    ROOT,
    get_over_http,
    gunicorn,
    hub_server_environment,
    sign_in_over_http,
)
from tests.search.test_views import BAD_QUERIES
from tests.support import sign_in
from wiki import services as wiki_services
from wiki.models import Page, PageTag, Revision

SCALE = float(os.environ.get("BENCH_SEARCH_SCALE", "1"))
DOCUMENTS = int(10_000 * SCALE)
DOCUMENT_WORDS = 3_000  # about 20 KB of text
POSTS = int(50_000 * SCALE)
POSTS_PER_TOPIC = 10
PAGES = int(2_000 * SCALE)
PAGE_WORDS = 600
POST_WORDS = 80
RUNS = 5  # each query this many times
TAGS = ["threat", "tool", "evidence", "ethics", "training", "forensics", "policy", "vendor"]
PASSWORD = "bench-password-1"
MEMBER = "bench.search@example.org"
#: What the issue asks: one-word and multi-word p95 below 100 ms; overhead within 1.5x bare.
TARGET_P95_MS = 100
#: The facets the faceted queries choose (and the bare search ANDs to the same words).
CHOSEN = {"type": "document", "tag": "tool"}


def vocabulary() -> tuple[list[str], list[int]]:
    """The words of the demo's text, with how often each occurs there."""
    counts: Counter[str] = Counter()
    for folder in ("wiki/demo", "forums/demo", "documents/demo"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".md", ".toml", ".txt", ".csv") and path.is_file():
                counts.update(re.findall(r"[a-z][a-z'-]{1,}", path.read_text().lower()))
    words = list(counts)
    return words, [counts[word] for word in words]


class Text:
    def __init__(self, seed: int = 14):
        self.rng = random.Random(seed)
        self.words, self.weights = vocabulary()
        self.cumulative = list(accumulate(self.weights))

    def words_of(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def prose(self, count: int) -> str:
        words = self.words_of(count)
        sentences = [" ".join(words[start : start + 15]) for start in range(0, count, 15)]
        return ". ".join(sentence.capitalize() for sentence in sentences) + "."

    def title(self) -> str:
        return " ".join(self.words_of(self.rng.randint(3, 7))).capitalize()


def insert(model, rows: list[dict]) -> None:
    # Core inserts: no ORM flush, so nothing is queued; the reindex reads it all.
    for start in range(0, len(rows), 2_000):
        db.session.execute(model.__table__.insert(), rows[start : start + 2_000])


def build_corpus(text: Text) -> tuple[Workspace, User]:
    now = datetime(2024, 6, 1, tzinfo=UTC)
    workspace = Workspace(slug="ai", name="Artificial Intelligence", description="")
    member = User(
        email=MEMBER,
        display_name="Bench Member",
        sector=Sector.LAW_ENFORCEMENT,
        organisation="Bench Police",
        country="FR",
        password_hash=hash_password(PASSWORD),
        status=AccountStatus.ACTIVE,
        confirmed_at=now,
    )
    db.session.add_all([workspace, member])
    db.session.flush()
    db.session.add(
        Membership(
            workspace_id=workspace.id,
            user_id=member.id,
            role=Role.MEMBER,
            status=MembershipStatus.ACTIVE,
            joined_at=now,
        )
    )
    authors = [
        User(
            email=f"author{n}@example.org",
            display_name=f"{text.title().split()[0]} Author{n}",
            sector=Sector.ACADEMIA,
            organisation="University",
            country="DE",
            status=AccountStatus.ACTIVE,
        )
        for n in range(50)
    ]
    db.session.add_all(authors)
    sections = wiki_services.ensure_default_sections(workspace)
    db.session.flush()
    author_ids = [author.id for author in authors]
    rng = text.rng

    def when(number: int) -> datetime:
        return now - timedelta(hours=number * 7 % 50_000)

    pages, revisions, page_tags = [], [], []
    for number in range(1, PAGES + 1):
        title = f"{text.title()} {number}"
        body = text.prose(PAGE_WORDS)
        section = sections[number % len(sections)]
        pages.append(
            dict(
                id=number,
                workspace_id=workspace.id,
                section_id=section.id,
                path=f"p{number}",
                title=title,
                title_key=title.lower(),
                language="en",
                protected=False,
                created_at=when(number),
                updated_at=when(number),
            )
        )
        revisions.append(
            dict(
                id=number,
                page_id=number,
                workspace_id=workspace.id,
                section_id=section.id,
                number=1,
                title=title,
                body=body,
                html=f"<p>{body}</p>",
                headings=[],
                author_id=rng.choice(author_ids),
                created_at=when(number),
                summary="",
                size=len(body),
                size_delta=len(body),
            )
        )
        page_tags += [dict(page_id=number, tag=tag) for tag in rng.sample(TAGS, 2)]
    insert(Page, pages)
    insert(Revision, revisions)
    db.session.execute(Page.__table__.update().values(current_revision_id=Page.__table__.c.id))
    insert(PageTag, page_tags)

    forum = Forum(workspace_id=workspace.id, title="General")
    db.session.add(forum)
    db.session.flush()
    topics, posts = [], []
    for number in range(1, POSTS // POSTS_PER_TOPIC + 1):
        topics.append(
            dict(
                id=number,
                forum_id=forum.id,
                author_id=rng.choice(author_ids),
                title=text.title(),
                pinned=False,
                locked=False,
                post_count=POSTS_PER_TOPIC,
                last_position=POSTS_PER_TOPIC,
                view_count=0,
                last_post_at=when(number),
                created_at=when(number),
            )
        )
        for position in range(1, POSTS_PER_TOPIC + 1):
            body = text.prose(POST_WORDS)
            posts.append(
                dict(
                    id=len(posts) + 1,
                    topic_id=number,
                    author_id=rng.choice(author_ids),
                    position=position,
                    body=body,
                    html=f"<p>{body}</p>",
                    created_at=when(number) + timedelta(minutes=position),
                )
            )
    insert(Topic, topics)
    insert(Post, posts)

    documents, versions, document_tags = [], [], []
    for number in range(1, DOCUMENTS + 1):
        body = text.prose(DOCUMENT_WORDS)
        documents.append(
            dict(
                id=number,
                workspace_id=workspace.id,
                title=text.title(),
                description=text.prose(30),
                category="report",
                language="en",
                source="",
                uploader_id=rng.choice(author_ids),
                created_at=when(number),
                updated_at=when(number),
                file_kind=FileKind.PDF.value,
                size=len(body),
                version_count=1,
            )
        )
        versions.append(
            dict(
                id=number,
                document_id=number,
                number=1,
                sha256="0" * 64,
                original_filename=f"d{number}.pdf",
                size=len(body),
                file_kind=FileKind.PDF.value,
                media_type="application/pdf",
                change_note="",
                uploader_id=documents[-1]["uploader_id"],
                created_at=when(number),
                text_status=TextStatus.READ.value,
                text=body,
            )
        )
        document_tags += [dict(document_id=number, tag=tag) for tag in rng.sample(TAGS, 2)]
        if len(documents) == 1_000:
            insert(Document, documents)
            insert(DocumentVersion, versions)
            documents, versions = [], []
    insert(Document, documents)
    insert(DocumentVersion, versions)
    db.session.execute(
        Document.__table__.update().values(current_version_id=Document.__table__.c.id)
    )
    insert(DocumentTag, document_tags)
    db.session.commit()
    return workspace, member


def queries(text: Text) -> dict[str, list[str]]:
    rng = random.Random(7)
    frequent = [
        word
        for word, count in sorted(
            zip(text.words, text.weights, strict=True), key=lambda pair: -pair[1]
        )
        if len(word) > 4
    ][:200]
    rare = [
        word
        for word, count in zip(text.words, text.weights, strict=True)
        if count in (2, 3, 4) and len(word) > 5
    ]
    demo_pages = sorted((ROOT / "wiki/demo/pages").rglob("*.md"))[:10]
    phrases = re.findall(
        r"\b([a-z]{4,} [a-z]{4,})\b", " ".join(path.read_text().lower() for path in demo_pages)
    )

    def sample(items: list, count: int) -> list:
        return rng.sample(items, min(count, len(items)))

    return {
        "one-word": sample(frequent, 10) + sample(rare, 10),
        "multi-word": [" ".join(rng.sample(frequent, 2)) for _ in range(10)]
        + [" ".join(rng.sample(frequent, 3)) for _ in range(10)],
        "phrase": [f'"{phrase}"' for phrase in sample(sorted(set(phrases)), 20)],
        "prefix": [word[:4] + "*" for word in sample(frequent, 20)],
        "faceted": [word for word in sample(frequent, 20)],
    }


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def timed(run, strings: list[str]) -> list[float]:
    timings = []
    for _ in range(RUNS):
        for string in strings:
            start = time.perf_counter()
            run(string)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def timed_side_by_side(first, second, strings: list[str]) -> tuple[list[float], list[float]]:
    """Each string run by `first`, then at once by `second`: on a loaded machine both meet
    about the same load, which keeps their ratio meaningful."""
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(RUNS):
        for string in strings:
            for run, found in zip((first, second), timings, strict=True):
                start = time.perf_counter()
                run(string)
                found.append((time.perf_counter() - start) * 1000)
    return timings


def corpus_app(folder, url: str, **settings):
    """The app on the corpus's database and index in `folder`."""
    return create_app(
        Config,
        instance_path=str(folder),
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY="bench",
        SEARCH_INDEX_DIR=str(folder / "index"),
        **settings,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench-search")
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = corpus_app(folder, url)
    text = Text()
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        build_corpus(text)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        counts = reindex(batch_size=500)
        seconds = time.perf_counter() - started
        items = sum(counts.values())
        size_mb = sum(path.stat().st_size for path in (folder / "index").iterdir()) / 1e6
        print(
            f"\n[search] corpus: {DOCUMENTS:,} documents of ~20 KB, {POSTS:,} posts, "
            f"{PAGES:,} wiki pages (vocabulary of {len(text.words):,} words), "
            f"generated into the database in {generated:.0f} s"
        )
        print(
            f"[search] reindex: {items:,} items in {seconds:.0f} s = {items / seconds:.0f} "
            f"items/s; index {size_mb:,.0f} MB; by type {counts}"
        )
    #: The bare searcher's p50 and p95 per kind of query, for the HTTP figures' ratios.
    baseline: dict[str, tuple[float, float]] = {}
    yield app, folder, url, text, baseline
    with app.app_context():
        search_backend().close()
        db.engine.dispose()


def test_query_times_through_the_service_against_bare_whoosh(corpus):
    app, _folder, _url, text, baseline = corpus
    kinds = queries(text)
    with app.app_context():
        member = db.session.scalar(db.select(User).filter_by(email=MEMBER))
        workspace = db.session.scalar(db.select(Workspace))
        backend = search_backend()
        bare_searcher = backend._ix().searcher()
        bare_parser = qparser.MultifieldParser(
            ["title", "body"], bare_searcher.schema, group=qparser.AndGroup
        )
        chosen_terms = [Term("type", CHOSEN["type"]), Term("tags", CHOSEN["tag"])]

        print(
            "\n[search] per kind of query, ms: service p50/p95 | bare Whoosh p50/p95 | "
            "service/bare p50 p95"
        )
        for kind, strings in kinds.items():
            faceted = kind == "faceted"
            facets = {facet: [value] for facet, value in CHOSEN.items()} if faceted else None

            def service(string: str, facets=facets) -> None:
                services.search(member, string, workspace=workspace, facets=facets)

            def bare(string: str, faceted=faceted) -> None:
                # The same question put to Whoosh directly: the words (and the chosen
                # facets' terms), the top 20, no access filter, facets, snippets or fields.
                query = bare_parser.parse(string)
                if faceted:
                    query = And([query, *chosen_terms])
                bare_searcher.search(query, limit=20)[:20]

            service_timings, bare_timings = timed_side_by_side(service, bare, strings)
            service_p50, service_p95 = percentiles(service_timings)
            bare_p50, bare_p95 = baseline[kind] = percentiles(bare_timings)
            print(
                f"[search] {kind:10} {service_p50:7.1f} {service_p95:7.1f} | "
                f"{bare_p50:7.1f} {bare_p95:7.1f} | "
                f"{service_p50 / bare_p50:5.2f}x {service_p95 / bare_p95:5.2f}x"
            )
        bare_searcher.close()


#: The issue's limit for any query, however odd: an answer within a second.
BAD_QUERY_LIMIT_MS = 1000


def test_bad_queries_answer_within_a_second_at_full_size(corpus):
    """The odd queries of tests/search/test_views.py (unbalanced, lone operators, wildcards
    that match everything, 10 KB of text...), each through the search page and its
    suggestions, all workspaces, at the corpus's size."""
    _app, folder, url, _text, _baseline = corpus
    # The corpus's app over plain HTTP, as the test client speaks.
    app = corpus_app(folder, url, SESSION_COOKIE_SECURE=False, PREFERRED_URL_SCHEME="http")
    client = sign_in(app.test_client(), MEMBER, PASSWORD)
    slowest = (0.0, "")
    for query in BAD_QUERIES:
        started = time.perf_counter()
        pages = [
            client.get("/w/ai/search", query_string={"q": query, "all": "1"}),
            client.get("/w/ai/search/suggest", query_string={"q": query}),
        ]
        took = (time.perf_counter() - started) * 1000
        assert all(page.status_code == 200 for page in pages), query
        slowest = max(slowest, (took, query))
    took, query = slowest
    print(f"\n[search] {len(BAD_QUERIES)} odd queries: the slowest {took:.0f} ms ({query[:30]!r})")
    assert slowest[0] < BAD_QUERY_LIMIT_MS, slowest


def test_query_times_over_http_and_commit_to_searchable(corpus):
    app, folder, url, text, baseline = corpus
    kinds = queries(text)
    env = hub_server_environment(url)
    env["SEARCH_INDEX_DIR"] = str(folder / "index")
    with gunicorn("wsgi:app", env, folder / "gunicorn.log") as server:
        cookie = sign_in_over_http(server.port, MEMBER, PASSWORD)
        print(
            "\n[search] over HTTP (gunicorn, 2 workers), ms: p50/p95 | "
            "against bare Whoosh in process p50 p95"
        )
        for kind, strings in kinds.items():
            extra = CHOSEN if kind == "faceted" else {}

            def get(string: str, extra=extra) -> None:
                status, _ = get_over_http(
                    server.port, "/w/ai/search?" + urlencode({"q": string, **extra}), cookie
                )
                assert status == 200

            p50, p95 = percentiles(timed(get, strings))
            bare_p50, bare_p95 = baseline.get(kind, (p50, p95))
            print(
                f"[search] {kind:10} {p50:7.1f} {p95:7.1f} | "
                f"{p50 / bare_p50:5.2f}x {p95 / bare_p95:5.2f}x"
            )

        # Commit to searchable, over HTTP: post a page, search until it is found.
        import http.client

        latencies = []
        for number in range(5):
            word = f"zephyrword{number}x"
            _, form = get_over_http(server.port, "/w/ai/wiki/new", cookie)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
            section = re.search(r'<option value="(\d+)"', form).group(1)
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            started = time.perf_counter()
            connection.request(
                "POST",
                "/w/ai/wiki/new",
                body=urlencode(
                    {
                        "csrf_token": token,
                        "title": f"Latency {number}",
                        "section": section,
                        "body": f"Text with {word}.",
                    }
                ),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            )
            response = connection.getresponse()
            response.read()
            assert response.status == 302, response.status
            while True:
                _, page = get_over_http(server.port, f"/w/ai/search?q={word}", cookie)
                if f"Latency {number}" in page:
                    break
                assert time.perf_counter() - started < 30, "never searchable"
                time.sleep(0.01)
            latencies.append((time.perf_counter() - started) * 1000)
        print(
            f"[search] commit to searchable over HTTP (post, then search until found): "
            f"median {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms"
        )

    with app.app_context():
        member = db.session.scalar(db.select(User).filter_by(email=MEMBER))
        workspace = db.session.scalar(db.select(Workspace))
        section = wiki_services.ensure_default_sections(workspace)[0]
        latencies = []
        for number in range(5):
            started = time.perf_counter()
            wiki_services.create_page(
                workspace,
                member,
                title=f"In process {number}",
                section=section,
                body=f"Text with quokkaword{number}.",
            )
            db.session.commit()
            apply_pending()
            outcome = services.search(member, f"quokkaword{number}", workspace=workspace)
            assert outcome.results.total == 1
            latencies.append((time.perf_counter() - started) * 1000)
        print(
            f"[search] commit to searchable in process (service, commit, apply, search): "
            f"median {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms"
        )
