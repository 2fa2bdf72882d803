"""The document library.

Uploaded documents, searchable by their text.
Not built yet: its tab shows what is coming.
"""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/w/<slug>/documents")

from documents import views  # noqa: E402, F401  (registers the routes on bp)
