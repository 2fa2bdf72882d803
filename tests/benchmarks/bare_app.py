"""The throughput baseline: a bare Flask page returning a 6 KB string, nothing else.

Served by gunicorn in bench_wiki_pages.py (`gunicorn tests.benchmarks.bare_app:app`).
"""

from flask import Flask

PAGE = (("<p>" + "Knowledge Hub baseline text. " * 20 + "</p>\n") * 10).ljust(6 * 1024)

app = Flask(__name__)


@app.get("/")
def page() -> str:
    return PAGE
