"""The wiki: pages on AI topics, the Virtual Discussion and Training Rooms, the UNICRI
cooperation and the Toolkit; with revisions, links, history and diffs."""

from flask import Blueprint

bp = Blueprint("wiki", __name__, url_prefix="/w/<slug>/wiki", template_folder="templates")

from hub.features import AuditFamily, Counter, Feature, Tab  # noqa: E402
from wiki import feed_views, moderation_views, policies, views  # noqa: E402, F401  (routes on bp)
from wiki.demo import seed_demo_wiki  # noqa: E402
from wiki.queries import page_count  # noqa: E402
from wiki.services import TOOLKIT_SECTION  # noqa: E402

FEATURE = Feature(
    name="wiki",
    blueprint=bp,
    tabs=(
        Tab("wiki", "Wiki", "wiki.index", order=10),
        # The Toolkit is a wiki section with a tab of its own (views of its pages name it).
        Tab(
            "toolkit", "Toolkit", "wiki.section", order=11, values={"section_slug": TOOLKIT_SECTION}
        ),
    ),
    counters=(Counter("wiki pages", page_count, order=10, label_one="wiki page"),),
    audit_family=AuditFamily(
        "wiki",
        "Wiki pages",
        {
            "wiki.section_created": "Added a section",
            "wiki.page_moved": "Moved a page",
            "wiki.page_protected": "Protected a page",
            "wiki.page_unprotected": "Unprotected a page",
            "wiki.page_deleted": "Deleted a page",
            "wiki.page_restored": "Restored a page",
        },
    ),
    demo_seeder=seed_demo_wiki,
)


@bp.context_processor
def wiki_context() -> dict:
    """The wiki's rules, so templates ask the same rules the services enforce."""
    return {"policies": policies}
