"""The wiki.

Pages on AI topics, the Virtual Discussion and Training Rooms, the UNICRI cooperation
and the Toolkit.
Not built yet: its tab shows what is coming.
"""

from flask import Blueprint

bp = Blueprint("wiki", __name__, url_prefix="/w/<slug>/wiki")

from wiki import views  # noqa: E402, F401  (registers the routes on bp)
