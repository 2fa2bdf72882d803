"""Hub search: one index of everything members may read, from the features' providers.

providers.py   what a package gives (SearchProvider, Watch, SearchDocument)
backend.py     the interface of a backend; whoosh_backend.py the one we run
queue.py       the index queue: written with each change, applied after commit; reindex
services.py    search and suggestions for a reader, filtered by hub.access
views.py       the search page, the suggestions' JSON, the administrators' status page
"""

from flask import Flask


def configure_search(app: Flask) -> None:
    from hub.features import search_providers
    from hub.search import models  # noqa: F401  (the queue's table)
    from hub.search.queue import configure_queue

    configure_queue(app, search_providers(app.extensions["hub_features"]))
