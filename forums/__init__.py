"""The forums: discussion among a workspace's members, in forums of topics of posts."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

bp = Blueprint("forums", __name__, url_prefix="/w/<slug>/forums", template_folder="templates")

from forums import moderation_views, policies, views  # noqa: E402, F401  (routes on bp)
from forums.demo import seed_demo_forums  # noqa: E402
from forums.queries import (  # noqa: E402
    forum_link_targets,
    open_report_count,
    topic_count,
    topic_link_targets,
)
from hub.access import Action  # noqa: E402
from hub.features import AuditFamily, Counter, Feature, Tab, TabBadge  # noqa: E402
from hub.i18n import format_number  # noqa: E402

FEATURE = Feature(
    name="forums",
    blueprint=bp,
    # After the wiki (10) and its Toolkit (11).
    tabs=(
        Tab(
            "forums",
            _l("Forums"),
            "forums.index",
            order=20,
            # Reports waiting in the moderation queue, for those who handle them.
            badge=TabBadge(
                open_report_count,
                lambda number: ngettext(
                    "%(shown)s report waiting",
                    "%(shown)s reports waiting",
                    number,
                    shown=format_number(number),
                ),
                requires=Action.MODERATE,
            ),
        ),
    ),
    counters=(
        Counter(
            lambda number: ngettext(
                "%(shown)s topic", "%(shown)s topics", number, shown=format_number(number)
            ),
            topic_count,
            order=20,
        ),
    ),
    audit_family=AuditFamily(
        "forums",
        _l("Forums"),
        {
            "forums.forum_created": _l("Added a forum"),
            "forums.forum_edited": _l("Changed a forum"),
            "forums.forum_archived": _l("Archived a forum"),
            "forums.forum_unarchived": _l("Reopened a forum"),
            "forums.topic_pinned": _l("Pinned a topic"),
            "forums.topic_unpinned": _l("Unpinned a topic"),
            "forums.topic_locked": _l("Locked a topic"),
            "forums.topic_unlocked": _l("Unlocked a topic"),
            "forums.post_removed": _l("Removed a member's post"),
            "forums.post_restored": _l("Restored a post"),
            "forums.topic_moved": _l("Moved a topic"),
            "forums.topic_removed": _l("Removed a topic"),
            "forums.topic_restored": _l("Restored a topic"),
            "forums.report_dismissed": _l("Dismissed a report"),
            "forums.report_upheld": _l("Removed a reported post"),
        },
    ),
    demo_seeder=seed_demo_forums,
    link_targets={"forum": forum_link_targets, "topic": topic_link_targets},
    search_providers=("forums.search:TOPICS", "forums.search:REPLIES"),
)


@bp.context_processor
def forums_context() -> dict:
    """The forums' rules, so templates ask the same rules the services enforce."""
    return {"policies": policies}
