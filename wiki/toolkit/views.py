"""The self-assessment pages: the list, starting, answering in steps, submitting, copying,
deleting and sharing; and what every page of the package uses (loading an assessment with
its reader's rights, scores and texts in the reader's language). The results, exports and
figures are in results_views.

Every route is for members (Action.POST: assessments are written); which assessment a
member may read or change is decided by wiki.toolkit.policies: its author, and for reading
the members it is shared with. Administrators get the aggregate figures only.
"""

from flask import (
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from werkzeug.routing import BuildError

from hub.access import Action, enforce, workspace_view
from hub.database import MAX_ROW_ID
from hub.exceptions import Refusal
from hub.forms import carry_out, require_button_form, show_refusal
from hub.http import found_or_404, row_id_argument
from hub.i18n import current_language
from hub.workspaces.models import Workspace
from wiki.toolkit import bp, policies, queries, scoring, services
from wiki.toolkit.definitions import NOT_APPLICABLE, Definition, Text
from wiki.toolkit.forms import (
    ShareForm,
    StartForm,
    StepForm,
    raw_answers,
    raw_gates,
    read_step,
    step_done,
    steps_of,
)
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
    return found_or_404(queries.assessment_in, workspace, assessment_id)


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


# --- the list and starting -----------------------------------------------------------------


@bp.route("/")
@workspace_view(Action.POST, MEMBERS_ONLY)
def index(workspace: Workspace):
    after = row_id_argument("after")
    return render_template(
        "toolkit/index.html",
        questionnaires=queries.current_questionnaires(),
        batch=queries.own_assessments(workspace, current_user, after=after),
        shared=queries.shared_with(workspace, current_user),
        continued=after is not None,
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
