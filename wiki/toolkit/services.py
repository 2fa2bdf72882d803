"""Every change to questionnaires and assessments, with its rules.

Functions flush and never commit (one commit per request or CLI command). Answers arrive
already read and checked against the questionnaire (wiki.toolkit.forms.read_step); the
services check again what a tampered request could change: the version, the questions'
ids, the values on the scale, the author and the status.

Starting, deleting and submitting an assessment also add to the workspace's running totals
(wiki.toolkit.models), with statements that add to the rows as they are in the database,
so that two members submitting at once are both counted.
"""

import json
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from hub.access import enforce, permissions_of
from hub.audit.services import record_audit
from hub.auth.models import User
from hub.database import upsert, utcnow
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.i18n import DEFAULT_LANGUAGE
from hub.workspaces.models import Membership, MembershipStatus, Workspace
from wiki.toolkit import policies, scoring
from wiki.toolkit.definitions import (
    NOT_APPLICABLE,
    RISK_SCALE,
    Definition,
    definition_from_data,
    read_definition_text,
)
from wiki.toolkit.models import (
    ANY_SUBMISSION,
    MAX_ASSESSMENT_TITLE_LENGTH,
    MAX_COMMENT_LENGTH,
    MAX_EVIDENCE_LENGTH,
    OVERALL,
    Assessment,
    AssessmentShare,
    AssessmentStatus,
    Contributor,
    MonthlyCompletions,
    Questionnaire,
    QuestionnaireTotals,
    ScoreTotals,
    SectionScore,
)


def definition_of(questionnaire: Questionnaire, language: str = DEFAULT_LANGUAGE) -> Definition:
    """The definition an assessment was answered against (checked when it was loaded), its
    texts in `language` where the file translates them."""
    return definition_from_data(questionnaire.definition, language)


# --- questionnaires ------------------------------------------------------------------------


def load_questionnaire(text: str) -> tuple[Questionnaire, bool]:
    """Load a definition file's text: (the questionnaire, whether it is new).

    A file with any mistake raises DefinitionError and loads nothing. Loading the same
    version again changes nothing; the same version with different content is refused: an
    assessment answered against it must keep its questions.
    """
    definition, data = read_definition_text(text)
    existing = db.session.scalar(
        select(Questionnaire).where(
            Questionnaire.key == definition.key, Questionnaire.version == definition.version
        )
    )
    if existing is not None:
        if _same(existing.definition, data):
            return existing, False
        raise RuleViolation(
            f"Version {definition.version} of the questionnaire '{definition.key}' is already "
            "loaded with other content. Give the changed file a new version."
        )
    questionnaire = Questionnaire(
        key=definition.key,
        version=definition.version,
        kind=definition.kind,
        title=definition.title,
        definition=data,
    )
    db.session.add(questionnaire)
    db.session.flush()
    record_audit("toolkit.questionnaire_loaded", key=definition.key, version=definition.version)
    return questionnaire, True


def _same(stored: dict, data: dict) -> bool:
    return json.dumps(stored, sort_keys=True, default=str) == json.dumps(
        data, sort_keys=True, default=str
    )


# --- the workspace's running totals ---------------------------------------------------------


def _add_to_totals(workspace_id: int, questionnaire_key: str, **changes: int) -> None:
    """Add `changes` (drafts=1, submitted=1...) to the questionnaire's counts in the
    workspace, creating its row the first time: one statement."""
    statement = upsert(QuestionnaireTotals.__table__).values(
        workspace_id=workspace_id,
        questionnaire_key=questionnaire_key,
        **{"drafts": 0, "submitted": 0, "contributors": 0, **changes},
    )
    table = QuestionnaireTotals.__table__.c
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["workspace_id", "questionnaire_key"],
            set_={name: table[name] + change for name, change in changes.items()},
        )
    )


def _count_submission(assessment: Assessment, section_scores: dict[str, float | None]) -> None:
    """Add a submitted assessment to the totals: counts, the sums of its scores, its month,
    and its author to each part's contributors unless they were one already."""
    where = {
        "workspace_id": assessment.workspace_id,
        "questionnaire_key": assessment.questionnaire.key,
    }
    scores = {
        part: score
        for part, score in {**section_scores, OVERALL: assessment.overall_score}.items()
        if score is not None
    }
    contributor = Contributor.__table__
    # The rows the insert creates are the parts the author had not contributed to yet.
    first_time = set(
        db.session.scalars(
            upsert(contributor)
            .values(
                [
                    {**where, "part": part, "author_id": assessment.author_id}
                    for part in (ANY_SUBMISSION, *scores)
                ]
            )
            .on_conflict_do_nothing()
            .returning(contributor.c.part)
        )
    )
    _add_to_totals(**where, drafts=-1, submitted=1, contributors=int(ANY_SUBMISSION in first_time))
    if scores:
        statement = upsert(ScoreTotals.__table__).values(
            [
                {
                    **where,
                    "part": part,
                    "counted": 1,
                    "score_sum": score,
                    "contributors": int(part in first_time),
                }
                for part, score in scores.items()
            ]
        )
        totals = ScoreTotals.__table__.c
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["workspace_id", "questionnaire_key", "part"],
                set_={
                    name: totals[name] + statement.excluded[name]
                    for name in ("counted", "score_sum", "contributors")
                },
            )
        )
    month = assessment.submitted_at.date().replace(day=1)
    statement = upsert(MonthlyCompletions.__table__).values(**where, month=month, submitted=1)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["workspace_id", "questionnaire_key", "month"],
            set_={"submitted": MonthlyCompletions.__table__.c.submitted + 1},
        )
    )


# --- assessments ---------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise RuleViolation(_("Name what you are assessing."), field="title")
    if len(title) > MAX_ASSESSMENT_TITLE_LENGTH:
        raise RuleViolation(
            _("Use at most %(max)d characters.", max=MAX_ASSESSMENT_TITLE_LENGTH), field="title"
        )
    return title


def start_assessment(
    workspace: Workspace, author: User, questionnaire: Questionnaire, title: str
) -> Assessment:
    enforce(policies.start_refusal(author, permissions_of(author, workspace)))
    assessment = Assessment(
        workspace_id=workspace.id,
        author_id=author.id,
        questionnaire=questionnaire,
        title=_clean_title(title),
        answers={},
        gate_answers={},
    )
    db.session.add(assessment)
    db.session.flush()
    _add_to_totals(workspace.id, questionnaire.key, drafts=1)
    return assessment


def _permissions(user: User, assessment: Assessment) -> frozenset:
    return permissions_of(user, assessment.workspace)


def check_answers(definition: Definition, answers: dict, gate_answers: dict) -> None:
    """Refuse answers to questions the definition does not have, or off its scale."""
    question_ids = definition.question_ids()
    gate_ids = {gate.id for gate in definition.gates}
    wrong_version = _(
        "These answers are for another version of the questionnaire. Reload the page."
    )
    if not set(answers) <= question_ids or not set(gate_answers) <= gate_ids:
        raise RuleViolation(wrong_version)
    for answer in answers.values():
        if definition.is_risk:
            if not answer.get("na") and not (
                answer.get("likelihood") in RISK_SCALE and answer.get("impact") in RISK_SCALE
            ):
                raise RuleViolation(_("Rate likelihood and impact from 1 to 5."))
            texts = [answer.get("mitigation", "")]
        else:
            value = answer.get("value")
            if value != NOT_APPLICABLE and definition.choice(value or "") is None:
                raise RuleViolation(_("Choose one of the answers shown."))
            texts = [answer.get("comment", ""), answer.get("evidence", "")]
        if any(len(text) > MAX_COMMENT_LENGTH for text in texts):
            raise RuleViolation(_("Use at most %(max)d characters.", max=MAX_COMMENT_LENGTH))
        if len(answer.get("evidence", "")) > MAX_EVIDENCE_LENGTH:
            raise RuleViolation(_("Use at most %(max)d characters.", max=MAX_EVIDENCE_LENGTH))
    for answer in gate_answers.values():
        if answer.get("value") not in ("yes", "no", "unsure"):
            raise RuleViolation(_("Answer yes, no or unsure."))
        if len(answer.get("comment", "")) > MAX_COMMENT_LENGTH:
            raise RuleViolation(_("Use at most %(max)d characters.", max=MAX_COMMENT_LENGTH))


def save_answers(
    assessment: Assessment,
    by: User,
    *,
    questionnaire_id: int,
    answers: dict,
    gate_answers: dict | None = None,
    cleared: set[str] = frozenset(),
) -> Assessment:
    """Keep the answers of one step of a draft (others are left as they are); `cleared`
    names questions whose answer was taken back."""
    enforce(policies.edit_refusal(by, _permissions(by, assessment), assessment))
    if questionnaire_id != assessment.questionnaire_id:
        raise RuleViolation(
            _("These answers are for another version of the questionnaire. Reload the page.")
        )
    definition = definition_of(assessment.questionnaire)
    gate_answers = gate_answers or {}
    check_answers(definition, answers, gate_answers)
    if not set(cleared) <= definition.question_ids() | {gate.id for gate in definition.gates}:
        raise RuleViolation(
            _("These answers are for another version of the questionnaire. Reload the page.")
        )
    # New dicts: the JSON columns see a change only when they are given a new value.
    kept = {key: value for key, value in assessment.answers.items() if key not in cleared}
    kept_gates = {
        key: value for key, value in assessment.gate_answers.items() if key not in cleared
    }
    assessment.answers = {**kept, **answers}
    assessment.gate_answers = {**kept_gates, **gate_answers}
    assessment.updated_at = utcnow()
    db.session.flush()
    return assessment


def missing_answers(assessment: Assessment) -> int:
    definition = definition_of(assessment.questionnaire)
    answered, total = scoring.progress(definition, assessment.answers, assessment.gate_answers)
    return total - answered


def submit_assessment(assessment: Assessment, by: User, at: datetime | None = None) -> Assessment:
    """Make the assessment final: complete, scored, read-only from now on, and counted in
    the workspace's totals. `at`: when (now; the demo dates its assessments in the past)."""
    enforce(policies.edit_refusal(by, _permissions(by, assessment), assessment))
    definition = definition_of(assessment.questionnaire)
    check_answers(definition, assessment.answers, assessment.gate_answers)
    missing = missing_answers(assessment)
    if missing:
        raise RuleViolation(
            _(
                "%(count)d questions have no answer yet. Answer each one, or mark it not "
                "applicable, before you submit.",
                count=missing,
            )
        )
    if definition.is_risk:
        result = scoring.score_risk(definition, assessment.answers, assessment.gate_answers)
        assessment.overall_score = result.highest_rating
        assessment.level = "stop" if result.stop else result.overall_level
        section_scores = {p.section_id: p.score for p in result.principles}
    else:
        result = scoring.score_readiness(definition, assessment.answers)
        assessment.overall_score = result.overall
        assessment.level = result.band
        section_scores = {s.section_id: s.score for s in result.sections}
    db.session.add_all(
        SectionScore(assessment_id=assessment.id, section_id=section_id, score=score)
        for section_id, score in section_scores.items()
    )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = assessment.updated_at = at or utcnow()
    db.session.flush()
    _count_submission(assessment, section_scores)
    return assessment


def copy_assessment(assessment: Assessment, by: User, questionnaire: Questionnaire) -> Assessment:
    """A new draft that starts from `assessment`'s answers, against `questionnaire` (the
    newest version of the same questionnaire): answers to questions it no longer has are
    left behind."""
    enforce(policies.own_refusal(by, _permissions(by, assessment), assessment))
    if questionnaire.key != assessment.questionnaire.key:
        raise RuleViolation(_("An assessment is copied into the same questionnaire."))
    definition = definition_of(questionnaire)
    question_ids = definition.question_ids()
    gate_ids = {gate.id for gate in definition.gates}
    copy = Assessment(
        workspace_id=assessment.workspace_id,
        author_id=by.id,
        questionnaire=questionnaire,
        title=assessment.title,
        answers={
            key: value
            for key, value in assessment.answers.items()
            if key in question_ids and scoring.is_answered(definition, value)
        },
        gate_answers={
            key: value for key, value in assessment.gate_answers.items() if key in gate_ids
        },
        copied_from_id=assessment.id,
    )
    db.session.add(copy)
    db.session.flush()
    _add_to_totals(copy.workspace_id, questionnaire.key, drafts=1)
    return copy


def delete_draft(assessment: Assessment, by: User) -> None:
    enforce(policies.edit_refusal(by, _permissions(by, assessment), assessment))
    _add_to_totals(assessment.workspace_id, assessment.questionnaire.key, drafts=-1)
    db.session.delete(assessment)
    db.session.flush()


# --- sharing -------------------------------------------------------------------------------


def share_assessment(assessment: Assessment, by: User, email: str) -> AssessmentShare:
    """Let a member of the assessment's workspace, named by e-mail, read it."""
    enforce(policies.own_refusal(by, _permissions(by, assessment), assessment))
    email = (email or "").strip().lower()
    if not email:
        raise RuleViolation(_("Give the e-mail address of a member of this workspace."), "email")
    member = db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.workspace_id == assessment.workspace_id,
            Membership.status == MembershipStatus.ACTIVE,
            User.email == email,
        )
    )
    if member is None:
        raise RuleViolation(
            _("No member of this workspace has that e-mail address. Share with members only."),
            "email",
        )
    if member.id == by.id:
        raise RuleViolation(_("This assessment is already yours."), "email")
    existing = db.session.scalar(
        select(AssessmentShare).where(
            AssessmentShare.assessment_id == assessment.id, AssessmentShare.user_id == member.id
        )
    )
    if existing is not None:
        raise RuleViolation(_("It is already shared with that member."), "email")
    share = AssessmentShare(assessment_id=assessment.id, user_id=member.id)
    db.session.add(share)
    db.session.flush()
    return share


def unshare_assessment(assessment: Assessment, by: User, user_id: int) -> None:
    enforce(policies.own_refusal(by, _permissions(by, assessment), assessment))
    removed = db.session.execute(
        delete(AssessmentShare).where(
            AssessmentShare.assessment_id == assessment.id, AssessmentShare.user_id == user_id
        )
    ).rowcount
    if not removed:
        raise RuleViolation(_("It was not shared with that member."))


def require_reader(assessment: Assessment, user: User, shared: bool) -> None:
    if policies.read_refusal(user, _permissions(user, assessment), assessment, shared):
        raise AccessDenied(policies.PRIVATE)
