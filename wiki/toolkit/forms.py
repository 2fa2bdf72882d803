"""The self-assessment's forms. A step's questions come from the questionnaire, so the step
form is read here by hand (`read_step`) after its hidden fields and CSRF token are checked
by StepForm."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length

from hub.forms import HubForm, NoControlCharacters, has_control_characters
from wiki.toolkit import scoring
from wiki.toolkit.definitions import GATE_ANSWERS, NOT_APPLICABLE, Definition, Gate, Section
from wiki.toolkit.models import (
    MAX_ASSESSMENT_TITLE_LENGTH,
    MAX_COMMENT_LENGTH,
    MAX_EVIDENCE_LENGTH,
    Assessment,
)


class StartForm(HubForm):
    title = StringField(
        _l("What are you assessing?"),
        validators=[
            DataRequired(_l("Name what you are assessing.")),
            Length(max=MAX_ASSESSMENT_TITLE_LENGTH),
            NoControlCharacters(),
        ],
    )


class StepForm(HubForm):
    """The fields every step carries besides its answers: which questionnaire version and
    which step the page was made for (checked against the assessment: a page left open
    while a copy moved to a newer version, or a tampered form, is refused)."""

    questionnaire_id = HiddenField()
    step = IntegerField(widget=HiddenField.widget)


class ShareForm(HubForm):
    email = StringField(
        _l("E-mail address of a member of this workspace"),
        validators=[DataRequired(_l("Give the e-mail address of a member of this workspace."))],
    )


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    gates: tuple[Gate, ...] = ()
    section: Section | None = None

    @property
    def question_ids(self) -> list[str]:
        if self.section is not None:
            return [question.id for question in self.section.questions]
        return [gate.id for gate in self.gates]


def steps_of(definition: Definition) -> list[Step]:
    """The gate questions first (risk), then a step per section."""
    steps = []
    if definition.gates:
        steps.append(
            Step(1, _("Is AI needed, lawful, necessary and proportionate?"), definition.gates)
        )
    for section in definition.sections:
        steps.append(Step(len(steps) + 1, section.title, section=section))
    return steps


@dataclass
class StepAnswers:
    answers: dict = field(default_factory=dict)
    gate_answers: dict = field(default_factory=dict)
    #: Questions left blank on this step: an earlier answer to them is taken back.
    cleared: set = field(default_factory=set)
    #: By form field name: what is wrong with it.
    errors: dict = field(default_factory=dict)
    #: A problem with the whole form (a field for a question this step does not have).
    refusal: str | None = None


FIELD_PREFIXES = (
    "answer-",
    "comment-",
    "evidence-",
    "likelihood-",
    "impact-",
    "mitigation-",
    "na-",
    "gate-",
    "gate-comment-",
)


def _text(form: MultiDict, name: str, limit: int, result: StepAnswers) -> str:
    value = (form.get(name) or "").replace("\r\n", "\n").strip()
    if len(value) > limit:
        result.errors[name] = _("Use at most %(max)d characters.", max=limit)
    elif has_control_characters(value, allow_newlines=True):
        result.errors[name] = _("This field contains characters that are not allowed.")
    return value


def _evidence(form: MultiDict, name: str, result: StepAnswers) -> str:
    value = _text(form, name, MAX_EVIDENCE_LENGTH, result)
    if value and name not in result.errors:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            result.errors[name] = _("Give a web address starting with https:// or http://.")
    return value


def _rating(form: MultiDict, name: str, result: StepAnswers) -> int | None:
    value = (form.get(name) or "").strip()
    if not value:
        return None
    if value not in {"1", "2", "3", "4", "5"}:
        result.errors[name] = _("Choose a number from 1 to 5.")
        return None
    return int(value)


def read_step(definition: Definition, step: Step, form: MultiDict) -> StepAnswers:
    """The answers a step's form carries, checked against the questionnaire."""
    result = StepAnswers()
    own = set(step.question_ids)
    for name in form:
        for prefix in sorted(FIELD_PREFIXES, key=len, reverse=True):
            if name.startswith(prefix):
                if name[len(prefix) :] not in own:
                    result.refusal = _(
                        "These answers are for another version of the questionnaire or another "
                        "step. Reload the page and answer again."
                    )
                break
    if result.refusal:
        return result
    for gate in step.gates:
        value = (form.get(f"gate-{gate.id}") or "").strip()
        comment = _text(form, f"gate-comment-{gate.id}", MAX_COMMENT_LENGTH, result)
        if not value:
            result.cleared.add(gate.id)
        elif value not in GATE_ANSWERS:
            result.errors[f"gate-{gate.id}"] = _("Answer yes, no or unsure.")
        else:
            result.gate_answers[gate.id] = {"value": value, "comment": comment}
    if step.section is None:
        return result
    for question in step.section.questions:
        if definition.is_risk:
            not_applicable = form.get(f"na-{question.id}") == "1"
            likelihood = _rating(form, f"likelihood-{question.id}", result)
            impact = _rating(form, f"impact-{question.id}", result)
            mitigation = _text(form, f"mitigation-{question.id}", MAX_COMMENT_LENGTH, result)
            if not_applicable:
                result.answers[question.id] = {"na": True, "mitigation": mitigation}
            elif likelihood and impact:
                result.answers[question.id] = {
                    "na": False,
                    "likelihood": likelihood,
                    "impact": impact,
                    "mitigation": mitigation,
                }
            elif likelihood or impact:
                missing = f"impact-{question.id}" if likelihood else f"likelihood-{question.id}"
                result.errors.setdefault(missing, _("Rate both likelihood and impact, or neither."))
            else:
                result.cleared.add(question.id)
        else:
            value = (form.get(f"answer-{question.id}") or "").strip()
            comment = _text(form, f"comment-{question.id}", MAX_COMMENT_LENGTH, result)
            evidence = _evidence(form, f"evidence-{question.id}", result)
            if not value:
                result.cleared.add(question.id)
            elif value != NOT_APPLICABLE and definition.choice(value) is None:
                result.errors[f"answer-{question.id}"] = _("Choose one of the answers shown.")
            else:
                result.answers[question.id] = {
                    "value": value,
                    "comment": comment,
                    "evidence": evidence,
                }
    return result


def raw_answers(definition: Definition, step: Step, form: MultiDict) -> dict:
    """What the form carried for the step's questions, as typed (to show it back)."""
    if step.section is None:
        return {}
    shown = {}
    for question in step.section.questions:
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


def raw_gates(step: Step, form: MultiDict) -> dict:
    return {
        gate.id: {
            "value": form.get(f"gate-{gate.id}", ""),
            "comment": form.get(f"gate-comment-{gate.id}", ""),
        }
        for gate in step.gates
    }


def step_done(definition: Definition, step: Step, assessment: Assessment) -> bool:
    """Whether every question of the step has an answer (for the list of steps)."""
    if step.section is None:
        return all(assessment.gate_answers.get(gate.id) for gate in step.gates)
    return all(
        scoring.is_answered(definition, assessment.answers.get(question.id))
        for question in step.section.questions
    )


#: What the pages call the readiness bands, risk levels and gate answers.
BAND_LABELS = {
    "beginning": _l("Beginning"),
    "developing": _l("Developing"),
    "established": _l("Established"),
    "advanced": _l("Advanced"),
}
LEVEL_LABELS = {
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High"),
    "very_high": _l("Very high"),
    "stop": _l("Do not proceed as planned"),
}
GATE_LABELS = {"yes": _l("Yes"), "no": _l("No"), "unsure": _l("Unsure")}
LIKELIHOOD_LABELS = {
    1: _l("1 – rare"),
    2: _l("2 – unlikely"),
    3: _l("3 – possible"),
    4: _l("4 – likely"),
    5: _l("5 – almost certain"),
}
IMPACT_LABELS = {
    1: _l("1 – minimal"),
    2: _l("2 – minor"),
    3: _l("3 – moderate"),
    4: _l("4 – major"),
    5: _l("5 – severe"),
}
