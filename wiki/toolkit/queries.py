"""Reads for the self-assessment pages: bounded statements, one per list."""

from dataclasses import dataclass

from flask import g
from flask_babel import gettext as _
from sqlalchemy import func, select

from hub.access import Action
from hub.auth.models import User
from hub.extensions import db
from hub.features import PageNote
from hub.links import hub_path
from hub.workspaces.models import Workspace
from wiki.toolkit.models import (
    Assessment,
    AssessmentShare,
    AssessmentStatus,
    Questionnaire,
    SectionScore,
)

#: Assessments on one page of a list.
PER_PAGE = 20
#: Earlier assessments compared on a results page.
HISTORY_LENGTH = 12
#: The fewest authors whose submitted assessments the aggregate figures need: fewer, and
#: one agency could be picked out.
MIN_CONTRIBUTORS = 5


def current_questionnaires() -> list[Questionnaire]:
    """The newest loaded version of each questionnaire, by key."""
    newest = (
        select(Questionnaire.key, func.max(Questionnaire.id).label("id"))
        .group_by(Questionnaire.key)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Questionnaire)
            .join(newest, newest.c.id == Questionnaire.id)
            .order_by(Questionnaire.kind, Questionnaire.key)
        )
    )


def current_questionnaire(key: str) -> Questionnaire | None:
    return db.session.scalar(
        select(Questionnaire)
        .where(Questionnaire.key == key)
        .order_by(Questionnaire.id.desc())
        .limit(1)
    )


def assessment_in(workspace: Workspace, assessment_id: int) -> Assessment | None:
    return db.session.scalar(
        select(Assessment).where(
            Assessment.id == assessment_id, Assessment.workspace_id == workspace.id
        )
    )


def is_shared_with(assessment: Assessment, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return (
        db.session.scalar(
            select(AssessmentShare.id).where(
                AssessmentShare.assessment_id == assessment.id,
                AssessmentShare.user_id == user.id,
            )
        )
        is not None
    )


@dataclass
class Batch:
    rows: list
    next_after: int | None


def own_assessments(workspace: Workspace, user: User, after: int | None = None) -> Batch:
    """The user's assessments in the workspace, newest first, a page at a time (keyset)."""
    statement = (
        select(Assessment)
        .where(Assessment.workspace_id == workspace.id, Assessment.author_id == user.id)
        .order_by(Assessment.id.desc())
        .limit(PER_PAGE + 1)
    )
    if after is not None:
        statement = statement.where(Assessment.id < after)
    rows = list(db.session.scalars(statement))
    more = len(rows) > PER_PAGE
    rows = rows[:PER_PAGE]
    return Batch(rows, rows[-1].id if more else None)


def shared_with(workspace: Workspace, user: User) -> list[tuple[Assessment, User]]:
    """The newest assessments others shared with the user (at most a page)."""
    return list(
        db.session.execute(
            select(Assessment, User)
            .join(AssessmentShare, AssessmentShare.assessment_id == Assessment.id)
            .join(User, User.id == Assessment.author_id)
            .where(Assessment.workspace_id == workspace.id, AssessmentShare.user_id == user.id)
            .order_by(Assessment.id.desc())
            .limit(PER_PAGE)
        ).all()
    )


def shares_of(assessment: Assessment) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(AssessmentShare, AssessmentShare.user_id == User.id)
            .where(AssessmentShare.assessment_id == assessment.id)
            .order_by(User.display_name, User.id)
        )
    )


@dataclass(frozen=True)
class HistoryPoint:
    assessment_id: int
    submitted_at: object
    overall: float | None
    sections: dict[str, float | None]


def history(assessment: Assessment) -> list[HistoryPoint]:
    """The author's submitted assessments of the same questionnaire in the workspace, up to
    and including this one, oldest first (at most HISTORY_LENGTH): two statements."""
    until = assessment.submitted_at
    statement = (
        select(Assessment.id, Assessment.submitted_at, Assessment.overall_score)
        .join(Questionnaire, Questionnaire.id == Assessment.questionnaire_id)
        .where(
            Assessment.workspace_id == assessment.workspace_id,
            Assessment.author_id == assessment.author_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
            Questionnaire.key == assessment.questionnaire.key,
        )
        .order_by(Assessment.submitted_at.desc(), Assessment.id.desc())
        .limit(HISTORY_LENGTH)
    )
    if until is not None:
        statement = statement.where(Assessment.submitted_at <= until)
    rows = list(db.session.execute(statement))[::-1]
    scores: dict[int, dict[str, float | None]] = {row.id: {} for row in rows}
    if rows:
        for score in db.session.scalars(
            select(SectionScore).where(SectionScore.assessment_id.in_(scores))
        ):
            scores[score.assessment_id][score.section_id] = score.score
    return [
        HistoryPoint(row.id, row.submitted_at, row.overall_score, scores[row.id]) for row in rows
    ]


@dataclass(frozen=True)
class QuestionnaireFigures:
    questionnaire: Questionnaire
    drafts: int
    submitted: int
    contributors: int
    #: By section id: (average score, assessments counted); empty below MIN_CONTRIBUTORS.
    averages: dict[str, tuple[float, int]]
    overall: float | None

    @property
    def shown(self) -> bool:
        return self.contributors >= MIN_CONTRIBUTORS


def workspace_statistics(workspace: Workspace) -> list[QuestionnaireFigures]:
    """Per questionnaire: how many assessments are drafts and submitted, and the average
    score per section of the submitted ones; nothing but counts of authors below
    MIN_CONTRIBUTORS (and no count then either: see the template)."""
    figures = []
    for questionnaire in current_questionnaires():
        same_key = select(Questionnaire.id).where(Questionnaire.key == questionnaire.key)
        in_scope = (
            Assessment.workspace_id == workspace.id,
            Assessment.questionnaire_id.in_(same_key),
        )
        counts = dict(
            db.session.execute(
                select(Assessment.status, func.count()).where(*in_scope).group_by(Assessment.status)
            ).all()
        )
        contributors = db.session.scalar(
            select(func.count(func.distinct(Assessment.author_id))).where(
                *in_scope, Assessment.status == AssessmentStatus.SUBMITTED
            )
        )
        averages: dict[str, tuple[float, int]] = {}
        overall = None
        if contributors >= MIN_CONTRIBUTORS:
            for section_id, average, counted, authors in db.session.execute(
                select(
                    SectionScore.section_id,
                    func.avg(SectionScore.score),
                    func.count(SectionScore.score),
                    func.count(func.distinct(Assessment.author_id)),
                )
                .join(Assessment, Assessment.id == SectionScore.assessment_id)
                .where(
                    *in_scope,
                    Assessment.status == AssessmentStatus.SUBMITTED,
                    SectionScore.score.is_not(None),
                )
                .group_by(SectionScore.section_id)
            ):
                if authors >= MIN_CONTRIBUTORS:
                    averages[section_id] = (float(average), counted)
            overall = db.session.scalar(
                select(func.avg(Assessment.overall_score)).where(
                    *in_scope, Assessment.status == AssessmentStatus.SUBMITTED
                )
            )
        figures.append(
            QuestionnaireFigures(
                questionnaire=questionnaire,
                drafts=counts.get(AssessmentStatus.DRAFT, 0),
                submitted=counts.get(AssessmentStatus.SUBMITTED, 0),
                contributors=contributors,
                averages=averages,
                overall=float(overall) if overall is not None else None,
            )
        )
    return figures


#: The wiki pages under this path are the Toolkit's (wiki/demo/pages.toml).
TOOLKIT_PATH = "toolkit"


def toolkit_page_notes(workspace: Workspace, path: str) -> list[PageNote]:
    """On every Toolkit page of the wiki, for members (who may answer): a pointer to the
    questionnaires. No query: the path and the reader's permissions decide."""
    if path != TOOLKIT_PATH and not path.startswith(TOOLKIT_PATH + "/"):
        return []
    if Action.POST not in g.get("permissions", frozenset()):
        return []
    return [
        PageNote(
            text=_("Readiness and risk questionnaires built on the Toolkit's principles."),
            href=hub_path("toolkit.index", slug=workspace.slug),
            label=_("Self-assessment"),
        )
    ]
