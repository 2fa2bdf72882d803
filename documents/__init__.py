"""The document library: uploaded files, stored by content, with their text, versions and
downloads."""

from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

bp = Blueprint("documents", __name__, url_prefix="/w/<slug>/documents", template_folder="templates")

from documents import policies, views  # noqa: E402, F401  (routes on bp)
from documents.cli import (  # noqa: E402
    check_storage_command,
    extract_pending_command,
    import_documents_command,
)
from documents.demo import seed_demo_documents  # noqa: E402
from documents.filetypes import KINDS  # noqa: E402
from documents.forms import CATEGORY_LABELS, LENS_LABELS  # noqa: E402
from documents.queries import LINK_KIND, document_count, document_link_targets  # noqa: E402
from documents.services import format_size  # noqa: E402
from hub.features import AuditFamily, Counter, Feature, Tab  # noqa: E402
from hub.i18n import format_number  # noqa: E402

FEATURE = Feature(
    name="documents",
    blueprint=bp,
    # After the wiki (10, 11) and the forums (20).
    tabs=(Tab("documents", _l("Documents"), "documents.index", order=30),),
    counters=(
        Counter(
            lambda number: ngettext(
                "%(shown)s document", "%(shown)s documents", number, shown=format_number(number)
            ),
            document_count,
            order=30,
        ),
    ),
    audit_family=AuditFamily(
        "documents",
        _l("Documents"),
        {
            "documents.downloaded": _l("Downloaded a document"),
            "documents.document_deleted": _l("Deleted a document"),
            "documents.document_restored": _l("Restored a document"),
            "documents.document_purged": _l("Purged a document"),
            "documents.collection_created": _l("Added a collection"),
        },
    ),
    demo_seeder=seed_demo_documents,
    commands=(extract_pending_command, check_storage_command, import_documents_command),
    link_targets={LINK_KIND: document_link_targets},
    search_providers=("documents.search:DOCUMENTS",),
)


@bp.app_template_filter("filesize")
def filesize(size: int) -> str:
    return format_size(size)


@bp.context_processor
def documents_context() -> dict:
    """The library's rules and labels, so templates ask what the services enforce."""
    return {
        "policies": policies,
        "kinds": KINDS,
        "category_labels": CATEGORY_LABELS,
        "lens_labels": LENS_LABELS,
        "max_file_size": current_app.config["DOCUMENTS_MAX_FILE_SIZE"],
    }
