"""The wiki: pages on AI topics, the Virtual Discussion and Training Rooms, the UNICRI
cooperation and the Toolkit; with revisions, links, history and diffs."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

bp = Blueprint("wiki", __name__, url_prefix="/w/<slug>/wiki", template_folder="templates")

from hub.features import AuditFamily, Counter, Feature, Tab  # noqa: E402
from hub.i18n import format_number  # noqa: E402
from wiki import feed_views, moderation_views, policies, views  # noqa: E402, F401  (routes on bp)
from wiki.demo import seed_demo_wiki  # noqa: E402
from wiki.links import rebuild_item_links  # noqa: E402
from wiki.queries import page_count, pages_linking_to_item  # noqa: E402
from wiki.services import TOOLKIT_SECTION  # noqa: E402

FEATURE = Feature(
    name="wiki",
    blueprint=bp,
    tabs=(
        Tab("wiki", _l("Wiki"), "wiki.index", order=10),
        # The Toolkit is a wiki section with a tab of its own (views of its pages name it).
        Tab(
            "toolkit",
            _l("Toolkit"),
            "wiki.section",
            order=11,
            values={"section_slug": TOOLKIT_SECTION},
        ),
    ),
    counters=(
        Counter(
            lambda number: ngettext(
                "%(shown)s wiki page", "%(shown)s wiki pages", number, shown=format_number(number)
            ),
            page_count,
            order=10,
        ),
    ),
    audit_family=AuditFamily(
        "wiki",
        _l("Wiki pages"),
        {
            "wiki.section_created": _l("Added a section"),
            "wiki.page_moved": _l("Moved a page"),
            "wiki.page_protected": _l("Protected a page"),
            "wiki.page_unprotected": _l("Unprotected a page"),
            "wiki.page_deleted": _l("Deleted a page"),
            "wiki.page_restored": _l("Restored a page"),
        },
    ),
    demo_seeder=seed_demo_wiki,
    # After the forums and the library: its pages link to their demo items.
    demo_order=10,
    search_providers=("wiki.search:PAGES",),
    linking_items=pages_linking_to_item,
    rebuild_links=rebuild_item_links,
)


@bp.context_processor
def wiki_context() -> dict:
    """The wiki's rules, so templates ask the same rules the services enforce."""
    return {"policies": policies}
