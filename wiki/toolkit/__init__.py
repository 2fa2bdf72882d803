"""The Toolkit's self-assessment: readiness and risk questionnaires, answered by members for
their agency or for one AI system, scored, charted, shared read-only and compared over time.

The questionnaires are data (wiki/toolkit/demo/*.toml, loaded by `flask hub
load-questionnaire FILE`); an assessment is private to its author and those they share it
with; administrators see aggregate figures only.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint(
    "toolkit", __name__, url_prefix="/w/<slug>/self-assessment", template_folder="templates"
)

from hub.access import Action  # noqa: E402
from hub.features import AuditFamily, Feature, Tab  # noqa: E402
from wiki.toolkit import forms, policies, results_views, views  # noqa: E402, F401  (routes on bp)
from wiki.toolkit.cli import load_questionnaire_command  # noqa: E402
from wiki.toolkit.demo import seed_demo_assessments  # noqa: E402
from wiki.toolkit.queries import toolkit_page_notes  # noqa: E402

FEATURE = Feature(
    name="toolkit",
    blueprint=bp,
    # Next to the wiki's Toolkit tab (11); members only: assessments are theirs.
    tabs=(
        Tab(
            "self_assessment",
            _l("Self-assessment"),
            "toolkit.index",
            order=12,
            requires=Action.POST,
        ),
    ),
    audit_family=AuditFamily(
        "toolkit",
        _l("Self-assessment"),
        {"toolkit.questionnaire_loaded": _l("Loaded a questionnaire")},
    ),
    demo_seeder=seed_demo_assessments,
    commands=(load_questionnaire_command,),
    # Every Toolkit page of the wiki points members to the questionnaires.
    page_notes=toolkit_page_notes,
    # After the wiki (10): the questionnaires point to its Toolkit pages.
    demo_order=20,
)


@bp.context_processor
def toolkit_context() -> dict:
    # The blueprint's pages are the Self-assessment tab's, not the wiki's Toolkit tab's.
    return {
        "policies": policies,
        "current_tab": "self_assessment",
        "band_labels": forms.BAND_LABELS,
        "level_labels": forms.LEVEL_LABELS,
        "gate_labels": forms.GATE_LABELS,
        "likelihood_labels": forms.LIKELIHOOD_LABELS,
        "impact_labels": forms.IMPACT_LABELS,
        "format_score": views.number,
        "language_attributes": views.language_attributes,
        "toolkit_page": views.page_url("toolkit/self-assessment"),
    }
