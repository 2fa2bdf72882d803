"""The wiki: pages on AI topics, the Virtual Discussion and Training Rooms, the UNICRI
cooperation and the Toolkit; with revisions, links, history and diffs."""

from flask import Blueprint

bp = Blueprint("wiki", __name__, url_prefix="/w/<slug>/wiki", template_folder="templates")

from hub.seed import register_demo_seeder  # noqa: E402
from hub.workspaces.stats import register_counter  # noqa: E402
from wiki import feed_views, moderation_views, views  # noqa: E402, F401  (routes on bp)
from wiki.demo import seed_demo_wiki  # noqa: E402
from wiki.queries import page_count  # noqa: E402

register_counter("pages", page_count)


@bp.context_processor
def wiki_context() -> dict:
    """The rule for adding pages to a section, so templates ask the views' own rule."""
    return {"may_add_pages_to": views.may_add_pages_to}


register_demo_seeder(seed_demo_wiki)
