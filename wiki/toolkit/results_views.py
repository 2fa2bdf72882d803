"""An assessment's results page and its exports, and the administrators' aggregate figures."""

from babel import dates
from flask import Response, g, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from hub.access import Action, enforce, workspace_view
from hub.forms import ConfirmForm
from hub.i18n import format_date
from hub.workspaces.models import Workspace
from wiki.toolkit import bp, charts, exports, policies, queries, scoring
from wiki.toolkit.definitions import Definition
from wiki.toolkit.forms import steps_of
from wiki.toolkit.models import Assessment
from wiki.toolkit.views import MEMBERS_ONLY, load_readable, number, page_url, shown_definition

# --- results -------------------------------------------------------------------------------


def results_of(assessment: Assessment, definition: Definition, mine: bool) -> dict:
    """What the results page shows of an assessment: its scores, charts and history."""
    if definition.is_risk:
        result = scoring.score_risk(definition, assessment.answers, assessment.gate_answers)
        matrix = charts.risk_matrix(
            f"matrix-{assessment.id}",
            [(risk.number, risk.likelihood, risk.impact) for risk in result.risks],
            title=_("Risks by likelihood and impact"),
            description=_(
                "Each numbered disc is a risk, placed by its likelihood (up) and impact "
                "(across); the number in each cell's corner is likelihood times impact."
            ),
            likelihood_label=_("Likelihood"),
            impact_label=_("Impact"),
            number=number,
        )
        points = queries.history(assessment) if mine and assessment.is_submitted else []
        return {
            "risk": result,
            "matrix": matrix,
            "history": points,
            "timeline": history_timeline(
                assessment,
                points,
                maximum=25,
                title=_("Highest risk rating over time"),
            ),
        }
    result = scoring.score_readiness(definition, assessment.answers)
    points = queries.history(assessment) if mine and assessment.is_submitted else []
    earlier = points[-2] if len(points) > 1 else None
    series = [
        charts.RadarSeries(_("This assessment"), [section.score for section in result.sections])
    ]
    if earlier is not None:
        series.append(
            charts.RadarSeries(
                _("Previous assessment"),
                [earlier.sections.get(section.id) for section in definition.sections],
                dashed=True,
            )
        )
    radar = charts.radar_chart(
        f"radar-{assessment.id}",
        [section.title for section in definition.sections],
        series,
        title=_("Readiness by dimension, out of 100"),
        description=", ".join(
            f"{section.title}: {number(section.score)}" for section in result.sections
        ),
        number=number,
    )
    timeline = history_timeline(
        assessment, points, maximum=100, title=_("Overall readiness over time")
    )
    return {
        "readiness": result,
        "radar": radar,
        "earlier": earlier,
        "history": points,
        "timeline": timeline,
    }


def history_timeline(assessment: Assessment, points: list, *, maximum: int, title: str):
    """The chart of the author's submitted assessments over time (two or more), or None."""
    if len(points) < 2:
        return None
    return charts.history_chart(
        f"history-{assessment.id}",
        [(format_date(point.submitted_at), point.overall) for point in points],
        maximum=maximum,
        title=title,
        description=", ".join(
            f"{format_date(point.submitted_at)}: {number(point.overall)}" for point in points
        ),
        number=number,
    )


@bp.route("/<int:assessment_id>")
@workspace_view(Action.POST, MEMBERS_ONLY)
def assessment(workspace: Workspace, assessment_id: int):
    assessment, mine = load_readable(workspace, assessment_id)
    definition = shown_definition(assessment.questionnaire)
    answered, total = scoring.progress(definition, assessment.answers, assessment.gate_answers)
    return render_template(
        "toolkit/results.html",
        assessment=assessment,
        definition=definition,
        mine=mine,
        steps=steps_of(definition),
        answered=answered,
        total=total,
        page_url=page_url,
        number=number,
        swatch=charts.level_swatch,
        button_form=ConfirmForm(),
        newer=(
            queries.current_questionnaire(assessment.questionnaire.key)
            if mine and assessment.is_submitted
            else None
        ),
        **results_of(assessment, definition, mine),
    )


# --- exports -------------------------------------------------------------------------------


def attachment(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:assessment_id>/export.json")
@workspace_view(Action.POST, MEMBERS_ONLY)
def export_json(workspace: Workspace, assessment_id: int):
    assessment, _mine = load_readable(workspace, assessment_id)
    definition = shown_definition(assessment.questionnaire)
    return attachment(
        exports.assessment_json(assessment, definition),
        "application/json",
        f"assessment-{assessment.id}.json",
    )


@bp.route("/<int:assessment_id>/export.csv")
@workspace_view(Action.POST, MEMBERS_ONLY)
def export_csv(workspace: Workspace, assessment_id: int):
    assessment, _mine = load_readable(workspace, assessment_id)
    definition = shown_definition(assessment.questionnaire)
    return attachment(
        exports.assessment_csv(assessment, definition),
        "text/csv",
        f"assessment-{assessment.id}.csv",
    )


# --- the administrators' figures -----------------------------------------------------------


def month_label(month) -> tuple[str, str]:
    """A month as a column's label in the reader's language: its short name, its year."""
    locale = get_locale()
    return dates.format_date(month, "LLL", locale=locale), dates.format_date(
        month, "y", locale=locale
    )


def figures_charts(figures: queries.QuestionnaireFigures, definition: Definition) -> dict:
    """The charts of a questionnaire's workspace figures (given only from the floor of
    contributors): the average per section, and the submissions per month."""
    too_few = _("too few to show")
    key = figures.questionnaire.key
    bars = []
    for section in definition.sections:
        average = figures.averages.get(section.id)
        bars.append((section.title, average.value if average else None))
    averages = charts.bar_chart(
        f"averages-{key}",
        bars,
        maximum=25 if definition.is_risk else 100,
        title=(
            _("Average rating per principle, out of 25")
            if definition.is_risk
            else _("Average score per dimension, out of 100")
        ),
        description=", ".join(
            f"{title}: {too_few if value is None else number(value)}" for title, value in bars
        ),
        missing=too_few,
        number=number,
    )
    completions = charts.column_chart(
        f"completions-{key}",
        [(month_label(month), count) for month, count in figures.months],
        title=_("Assessments submitted per month"),
        description=", ".join(
            f"{dates.format_skeleton('yMMMM', month, locale=get_locale())}: {number(count)}"
            for month, count in figures.months
        ),
        number=number,
    )
    return {"averages": averages, "completions": completions if figures.months else None}


@bp.route("/statistics")
@workspace_view(Action.ADMINISTER)
def statistics(workspace: Workspace):
    enforce(policies.statistics_refusal(current_user, g.permissions))
    shown = []
    for figures in queries.workspace_statistics(workspace):
        definition = shown_definition(figures.questionnaire)
        drawn = figures_charts(figures, definition) if figures.shown else {}
        shown.append((figures, definition, drawn))
    return render_template(
        "toolkit/statistics.html",
        shown=shown,
        minimum=queries.MIN_CONTRIBUTORS,
        months=queries.COMPLETION_MONTHS,
        number=number,
    )
