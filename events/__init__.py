"""Events.

The record of meetings, Virtual Discussion Rooms and Virtual Training Rooms, with calendar feeds.
Not built yet: its tab shows what is coming.
"""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/w/<slug>/events")

from events import views  # noqa: E402, F401  (registers the routes on bp)
