"""The self-assessment pages: the list, starting, answering in steps, results, sharing,
exports and the administrators' aggregate figures.

Every route is for members (Action.POST: assessments are written); which assessment a
member may read or change is decided by wiki.toolkit.policies: its author, and for reading
the members it is shared with. Administrators get the aggregate figures only.
"""

import csv
import io
import json

from babel import dates
from flask import (
    Response,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from werkzeug.routing import BuildError

from hub.access import Action, enforce, workspace_view
from hub.database import MAX_ROW_ID
from hub.exceptions import Refusal
from hub.forms import ConfirmForm, carry_out, require_button_form, show_refusal
from hub.i18n import current_language, format_date
from hub.workspaces.models import Workspace
from wiki.toolkit import bp, charts, policies, queries, scoring, services
from wiki.toolkit.definitions import NOT_APPLICABLE, Definition, Text
from wiki.toolkit.forms import ShareForm, StartForm, StepForm, read_step, steps_of
from wiki.toolkit.models import Assessment, Questionnaire

MEMBERS_ONLY = _l("Self-assessments are for the workspace's members.")


def number(value: float | None) -> str:
    """A score in the reader's language: one decimal at most (62.5, 70)."""
    return "—" if value is None else format_decimal(value, format="#,##0.#")


def shown_definition(questionnaire: Questionnaire) -> Definition:
    """The questionnaire's definition with its texts in the reader's language."""
    return services.definition_of(questionnaire, current_language())


def language_attributes(text: str) -> Markup:
    """` lang="en" dir="ltr"` on a questionnaire's text that stands in, in English, for a
    translation its file does not give; nothing on a text in the reader's language."""
    if isinstance(text, Text) and text.fallback:
        return Markup(' lang="en" dir="ltr"')
    return Markup("")


def load_assessment(workspace: Workspace, assessment_id: int) -> Assessment:
    assessment = (
        queries.assessment_in(workspace, assessment_id) if assessment_id <= MAX_ROW_ID else None
    )
    if assessment is None:
        abort(404)
    return assessment


def load_readable(workspace: Workspace, assessment_id: int) -> tuple[Assessment, bool]:
    """The assessment if the reader may read it (403 otherwise), and whether it is theirs."""
    assessment = load_assessment(workspace, assessment_id)
    mine = policies.is_author(current_user, assessment)
    shared = not mine and queries.is_shared_with(assessment, current_user)
    enforce(policies.read_refusal(current_user, g.permissions, assessment, shared))
    return assessment, mine


def load_own(workspace: Workspace, assessment_id: int) -> Assessment:
    assessment = load_assessment(workspace, assessment_id)
    enforce(policies.own_refusal(current_user, g.permissions, assessment))
    return assessment


def page_url(path: str) -> str | None:
    """The address of a Toolkit page of the wiki, by its path (None without the wiki)."""
    workspace = g.get("workspace")
    if not path or workspace is None:  # an error page before the workspace was found
        return None
    try:
        return url_for("wiki.page", slug=workspace.slug, path=path)
    except BuildError:
        return None


def after_key() -> int | None:
    value = request.args.get("after", type=int)
    return value if value is not None and 0 < value <= MAX_ROW_ID else None


# --- the list and starting -----------------------------------------------------------------


@bp.route("/")
@workspace_view(Action.POST, MEMBERS_ONLY)
def index(workspace: Workspace):
    return render_template(
        "toolkit/index.html",
        questionnaires=queries.current_questionnaires(),
        batch=queries.own_assessments(workspace, current_user, after=after_key()),
        shared=queries.shared_with(workspace, current_user),
        continued=after_key() is not None,
        may_see_statistics=policies.statistics_refusal(current_user, g.permissions) is None,
    )


@bp.route("/new/<key>", methods=["GET", "POST"])
@workspace_view(Action.POST, MEMBERS_ONLY)
def start(workspace: Workspace, key: str):
    questionnaire = queries.current_questionnaire(key) if len(key) <= 63 else None
    if questionnaire is None:
        abort(404)
    definition = shown_definition(questionnaire)
    form = StartForm()
    if form.validate_on_submit():
        try:
            assessment = services.start_assessment(
                workspace, current_user, questionnaire, form.title.data
            )
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            return redirect(
                url_for("toolkit.step", slug=workspace.slug, assessment_id=assessment.id, step=1)
            )
    return render_template(
        "toolkit/start.html", form=form, questionnaire=questionnaire, definition=definition
    )


# --- answering -----------------------------------------------------------------------------


def wants_autosave() -> bool:
    return request.headers.get("X-Autosave") == "1"


def step_refused(message: str, status: int = 400):
    if wants_autosave():
        return jsonify({"saved": False, "message": message}), status
    flash(message, "error")
    return None


@bp.route("/<int:assessment_id>/steps/<int:step>", methods=["GET", "POST"])
@workspace_view(Action.POST, MEMBERS_ONLY)
def step(workspace: Workspace, assessment_id: int, step: int):
    assessment = load_own(workspace, assessment_id)
    if assessment.is_submitted:
        if request.method == "POST":
            message = policies.edit_refusal(current_user, g.permissions, assessment).message
            if wants_autosave():
                return step_refused(message, 409)
            flash(message, "error")
        return redirect(
            url_for("toolkit.assessment", slug=workspace.slug, assessment_id=assessment.id)
        )
    definition = shown_definition(assessment.questionnaire)
    steps = steps_of(definition)
    if not 1 <= step <= len(steps):
        abort(404)
    current = steps[step - 1]
    form = StepForm(questionnaire_id=assessment.questionnaire_id, step=step)
    errors: dict[str, str] = {}
    shown_answers, shown_gates = assessment.answers, assessment.gate_answers
    if request.method == "POST":
        if not form.validate_on_submit():
            if wants_autosave():
                return step_refused(_("This form has expired. Please try again."))
        elif (
            form.questionnaire_id.data != str(assessment.questionnaire_id) or form.step.data != step
        ):
            message = _(
                "This page was made for another version of the questionnaire or another step. "
                "Your answers on it were not saved: answer again below."
            )
            if wants_autosave():
                return step_refused(message, 409)
            flash(message, "error")
        else:
            parsed = read_step(definition, current, request.form)
            if parsed.refusal:
                if wants_autosave():
                    return step_refused(parsed.refusal)
                flash(parsed.refusal, "error")
            elif parsed.errors:
                errors = parsed.errors
                if wants_autosave():
                    return jsonify(
                        {
                            "saved": False,
                            "message": _("Some answers need correcting."),
                            "errors": errors,
                        }
                    ), 422
                # Show what was typed, not what is stored.
                shown_answers = {
                    **assessment.answers,
                    **raw_answers(definition, current, request.form),
                }
                shown_gates = {**assessment.gate_answers, **raw_gates(current, request.form)}
            else:
                try:
                    services.save_answers(
                        assessment,
                        current_user,
                        questionnaire_id=assessment.questionnaire_id,
                        answers=parsed.answers,
                        gate_answers=parsed.gate_answers,
                        cleared=parsed.cleared,
                    )
                except Refusal as refusal:
                    if wants_autosave():
                        return step_refused(refusal.message, 409)
                    show_refusal(None, refusal)
                else:
                    if wants_autosave():
                        return jsonify({"saved": True, "message": _("Draft saved.")})
                    return redirect(next_address(workspace, assessment, step, len(steps)))
    answered, total = scoring.progress(definition, assessment.answers, assessment.gate_answers)
    status = 422 if errors else 200
    return (
        render_template(
            "toolkit/step.html",
            assessment=assessment,
            definition=definition,
            steps=steps,
            current=current,
            form=form,
            answers=shown_answers,
            gate_answers=shown_gates,
            errors=errors,
            answered=answered,
            total=total,
            page_url=page_url,
            step_done=lambda each: step_done(definition, each, assessment),
            NOT_APPLICABLE=NOT_APPLICABLE,
        ),
        status,
    )


def step_done(definition: Definition, each, assessment: Assessment) -> bool:
    if each.section is None:
        return all(assessment.gate_answers.get(gate.id) for gate in each.gates)
    return all(
        scoring.is_answered(definition, assessment.answers.get(question.id))
        for question in each.section.questions
    )


def raw_answers(definition: Definition, current, form) -> dict:
    """What the form carried for the step's questions, as typed (to show it back)."""
    if current.section is None:
        return {}
    shown = {}
    for question in current.section.questions:
        if definition.is_risk:
            shown[question.id] = {
                "na": form.get(f"na-{question.id}") == "1",
                "likelihood": form.get(f"likelihood-{question.id}", type=int),
                "impact": form.get(f"impact-{question.id}", type=int),
                "mitigation": form.get(f"mitigation-{question.id}", ""),
            }
        else:
            shown[question.id] = {
                "value": form.get(f"answer-{question.id}", ""),
                "comment": form.get(f"comment-{question.id}", ""),
                "evidence": form.get(f"evidence-{question.id}", ""),
            }
    return shown


def raw_gates(current, form) -> dict:
    return {
        gate.id: {
            "value": form.get(f"gate-{gate.id}", ""),
            "comment": form.get(f"gate-comment-{gate.id}", ""),
        }
        for gate in current.gates
    }


def next_address(workspace: Workspace, assessment: Assessment, step: int, last: int) -> str:
    go = request.form.get("go", "save")
    if go == "next" and step < last:
        return url_for(
            "toolkit.step", slug=workspace.slug, assessment_id=assessment.id, step=step + 1
        )
    if go == "back" and step > 1:
        return url_for(
            "toolkit.step", slug=workspace.slug, assessment_id=assessment.id, step=step - 1
        )
    if go in ("results", "next"):
        return url_for("toolkit.assessment", slug=workspace.slug, assessment_id=assessment.id)
    flash(_("Draft saved. You can come back to it at any time."), "success")
    return url_for("toolkit.step", slug=workspace.slug, assessment_id=assessment.id, step=step)


@bp.route("/<int:assessment_id>/submit", methods=["POST"])
@workspace_view(Action.POST, MEMBERS_ONLY)
def submit(workspace: Workspace, assessment_id: int):
    require_button_form()
    assessment = load_own(workspace, assessment_id)
    carry_out(
        lambda: services.submit_assessment(assessment, current_user),
        _("Assessment submitted. It can no longer be changed; copy it to start the next one."),
    )
    return redirect(url_for("toolkit.assessment", slug=workspace.slug, assessment_id=assessment_id))


@bp.route("/<int:assessment_id>/copy", methods=["POST"])
@workspace_view(Action.POST, MEMBERS_ONLY)
def copy(workspace: Workspace, assessment_id: int):
    require_button_form()
    assessment = load_own(workspace, assessment_id)
    questionnaire = queries.current_questionnaire(assessment.questionnaire.key)
    try:
        new = services.copy_assessment(assessment, current_user, questionnaire)
    except Refusal as refusal:
        show_refusal(None, refusal)
        return redirect(
            url_for("toolkit.assessment", slug=workspace.slug, assessment_id=assessment_id)
        )
    flash(
        _("A new draft starts from the answers of the one you copied. Update what has changed."),
        "success",
    )
    return redirect(url_for("toolkit.step", slug=workspace.slug, assessment_id=new.id, step=1))


@bp.route("/<int:assessment_id>/delete", methods=["POST"])
@workspace_view(Action.POST, MEMBERS_ONLY)
def delete(workspace: Workspace, assessment_id: int):
    require_button_form()
    assessment = load_own(workspace, assessment_id)
    if carry_out(lambda: services.delete_draft(assessment, current_user), _("Draft deleted.")):
        return redirect(url_for("toolkit.index", slug=workspace.slug))
    return redirect(url_for("toolkit.assessment", slug=workspace.slug, assessment_id=assessment_id))


# --- results -------------------------------------------------------------------------------


def results_of(assessment: Assessment, definition: Definition, mine: bool) -> dict:
    """What the results page and the exports show of an assessment."""
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


def text_lang(definition: Definition, text: Text) -> str:
    """The language a questionnaire's text is written in, for the exports."""
    return "en" if text.fallback else definition.language


def export_rows(assessment: Assessment, definition: Definition) -> list[dict]:
    """A row per question: its text in the reader's language (`question_lang` says which:
    English where the file has no translation), the answer and its score."""
    rows = []
    for gate in definition.gates:
        answer = assessment.gate_answers.get(gate.id, {})
        rows.append(
            {
                "section": "gate",
                "question_id": gate.id,
                "question": gate.text,
                "question_lang": text_lang(definition, gate.text),
                "answer": answer.get("value", ""),
                "comment": answer.get("comment", ""),
            }
        )
    for section in definition.sections:
        for question in section.questions:
            answer = assessment.answers.get(question.id, {})
            row = {
                "section": section.id,
                "question_id": question.id,
                "question": question.text,
                "question_lang": text_lang(definition, question.text),
                "weight": question.weight,
            }
            if definition.is_risk:
                row |= {
                    "not_applicable": bool(answer.get("na")),
                    "likelihood": answer.get("likelihood"),
                    "impact": answer.get("impact"),
                    "rating": scoring.risk_rating(answer),
                    "mitigation": answer.get("mitigation", ""),
                }
            else:
                row |= {
                    "answer": answer.get("value", ""),
                    "score": scoring.rounded(scoring.answer_percentage(definition, answer)),
                    "comment": answer.get("comment", ""),
                    "evidence": answer.get("evidence", ""),
                }
            rows.append(row)
    return rows


def export_scores(assessment: Assessment, definition: Definition) -> dict:
    if definition.is_risk:
        result = scoring.score_risk(definition, assessment.answers, assessment.gate_answers)
        return {
            "overall_level": "stop" if result.stop else result.overall_level,
            "highest_rating": result.highest_rating,
            "mean_rating": result.mean_rating,
            "principles": {
                p.section_id: {"mean_rating": p.score, "level": p.level} for p in result.principles
            },
        }
    result = scoring.score_readiness(definition, assessment.answers)
    return {
        "overall": result.overall,
        "band": result.band,
        "dimensions": {s.section_id: s.score for s in result.sections},
    }


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
    data = {
        "assessment": {
            "id": assessment.id,
            "title": assessment.title,
            "status": str(assessment.status),
            "author": assessment.author.display_name,
            "created_at": assessment.created_at.isoformat(),
            "submitted_at": assessment.submitted_at.isoformat()
            if assessment.submitted_at
            else None,
        },
        "questionnaire": {
            "key": definition.key,
            "version": definition.version,
            "kind": definition.kind,
            "language": definition.language,
            "title": definition.title,
            "title_lang": text_lang(definition, definition.title),
            "notice": definition.notice,
            "notice_lang": text_lang(definition, definition.notice),
        },
        "scores": export_scores(assessment, definition),
        "answers": export_rows(assessment, definition),
    }
    return attachment(
        json.dumps(data, ensure_ascii=False, indent=2),
        "application/json",
        f"assessment-{assessment.id}.json",
    )


def spreadsheet_safe(value) -> object:
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@bp.route("/<int:assessment_id>/export.csv")
@workspace_view(Action.POST, MEMBERS_ONLY)
def export_csv(workspace: Workspace, assessment_id: int):
    assessment, _mine = load_readable(workspace, assessment_id)
    definition = shown_definition(assessment.questionnaire)
    rows = export_rows(assessment, definition)
    columns = [
        "section",
        "question_id",
        "question",
        "question_lang",
        "weight",
        "answer",
        "comment",
    ] + (
        ["not_applicable", "likelihood", "impact", "rating", "mitigation"]
        if definition.is_risk
        else ["score", "evidence"]
    )
    score_column = "rating" if definition.is_risk else "score"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    scores = export_scores(assessment, definition)
    for section_id, value in (scores.get("dimensions") or scores.get("principles") or {}).items():
        shown = value if not isinstance(value, dict) else value.get("mean_rating")
        writer.writerow(
            {
                "section": section_id,
                "question_id": "score",
                "question": "section score",
                score_column: shown,
            }
        )
    overall = scores.get("overall", scores.get("highest_rating"))
    writer.writerow(
        {
            "section": "overall",
            "question_id": "score",
            "question": "overall score",
            score_column: overall,
        }
    )
    return attachment(out.getvalue(), "text/csv", f"assessment-{assessment.id}.csv")


# --- sharing -------------------------------------------------------------------------------


@bp.route("/<int:assessment_id>/sharing", methods=["GET", "POST"])
@workspace_view(Action.POST, MEMBERS_ONLY)
def sharing(workspace: Workspace, assessment_id: int):
    assessment = load_own(workspace, assessment_id)
    form = ShareForm()
    if form.validate_on_submit():
        try:
            share = services.share_assessment(assessment, current_user, form.email.data)
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(
                _(
                    "Shared with %(name)s, who can read it but not change it.",
                    name=share.user.display_name,
                ),
                "success",
            )
            return redirect(
                url_for("toolkit.sharing", slug=workspace.slug, assessment_id=assessment_id)
            )
    return render_template(
        "toolkit/sharing.html",
        assessment=assessment,
        form=form,
        readers=queries.shares_of(assessment),
    ), (422 if form.errors else 200)


@bp.route("/<int:assessment_id>/sharing/<int:user_id>/remove", methods=["POST"])
@workspace_view(Action.POST, MEMBERS_ONLY)
def unshare(workspace: Workspace, assessment_id: int, user_id: int):
    require_button_form()
    assessment = load_own(workspace, assessment_id)
    carry_out(
        lambda: services.unshare_assessment(assessment, current_user, min(user_id, MAX_ROW_ID)),
        _("That member can no longer read this assessment."),
    )
    return redirect(url_for("toolkit.sharing", slug=workspace.slug, assessment_id=assessment_id))


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
