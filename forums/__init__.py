"""The forums.

Discussion threads among members.
Not built yet: its tab shows what is coming.
"""

from flask import Blueprint

bp = Blueprint("forums", __name__, url_prefix="/w/<slug>/forums")

from forums import views  # noqa: E402, F401  (registers the routes on bp)
