"""Fixtures of the search tests: each starts from an empty index (the app, and its index, are
shared by the whole session; other packages' tests leave their items in it)."""

import pytest

from hub.extensions import db
from hub.search.queue import apply_pending, search_backend


@pytest.fixture(autouse=True)
def empty_index(app):
    search_backend().clear()
    yield


def indexed() -> None:
    """Commit, then apply the queue as a request's end would."""
    db.session.commit()
    apply_pending()
