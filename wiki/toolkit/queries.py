"""Reads for the self-assessment pages: bounded statements, one per list."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

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
    OVERALL,
    Assessment,
    AssessmentShare,
    AssessmentStatus,
    MonthlyCompletions,
    Questionnaire,
    QuestionnaireTotals,
    ScoreTotals,
    SectionScore,
)

#: Assessments on one page of a list.
PER_PAGE = 20
#: Earlier assessments compared on a results page.
HISTORY_LENGTH = 12
#: The fewest authors whose submitted assessments the aggregate figures need: fewer, and
#: one agency could be picked out.
MIN_CONTRIBUTORS = 5
#: The months the completions chart shows, up to the latest with a submission.
COMPLETION_MONTHS = 12


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
class Average:
    value: float
    #: Submitted assessments with a score here.
    counted: int


@dataclass(frozen=True)
class QuestionnaireFigures:
    """A questionnaire's figures in a workspace. Below MIN_CONTRIBUTORS members nothing is
    given but that: no count, no average, no month; an average is given only where at least
    MIN_CONTRIBUTORS members have a score."""

    questionnaire: Questionnaire
    shown: bool
    drafts: int | None = None
    submitted: int | None = None
    contributors: int | None = None
    #: By section id.
    averages: dict[str, Average] = field(default_factory=dict)
    overall: Average | None = None
    #: The COMPLETION_MONTHS months up to the latest with a submission, oldest first:
    #: (the month's first day, assessments submitted in it).
    months: list[tuple[date, int]] = field(default_factory=list)


def months_before(month: date, count: int) -> date:
    """The first day of the month `count` months before `month`."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def workspace_statistics(workspace: Workspace) -> list[QuestionnaireFigures]:
    """Per current questionnaire, the workspace's figures, read from the running totals the
    services keep (wiki.toolkit.models): four statements, whatever the number of
    assessments."""
    totals = {
        row.questionnaire_key: row
        for row in db.session.scalars(
            select(QuestionnaireTotals).where(QuestionnaireTotals.workspace_id == workspace.id)
        )
    }
    scores: dict[str, dict[str, ScoreTotals]] = defaultdict(dict)
    for row in db.session.scalars(
        select(ScoreTotals).where(ScoreTotals.workspace_id == workspace.id)
    ):
        scores[row.questionnaire_key][row.part] = row
    # The latest months with a submission, COMPLETION_MONTHS per questionnaire at most.
    ranked = (
        select(
            MonthlyCompletions.questionnaire_key,
            MonthlyCompletions.month,
            MonthlyCompletions.submitted,
            func.row_number()
            .over(
                partition_by=MonthlyCompletions.questionnaire_key,
                order_by=MonthlyCompletions.month.desc(),
            )
            .label("rank"),
        )
        .where(MonthlyCompletions.workspace_id == workspace.id)
        .subquery()
    )
    completions: dict[str, dict[date, int]] = defaultdict(dict)
    for key, month, submitted in db.session.execute(
        select(ranked.c.questionnaire_key, ranked.c.month, ranked.c.submitted).where(
            ranked.c.rank <= COMPLETION_MONTHS
        )
    ):
        completions[key][month] = submitted
    figures = []
    for questionnaire in current_questionnaires():
        total = totals.get(questionnaire.key)
        if total is None or total.contributors < MIN_CONTRIBUTORS:
            figures.append(QuestionnaireFigures(questionnaire, shown=False))
            continue
        averages = {
            part: Average(row.score_sum / row.counted, row.counted)
            for part, row in scores[questionnaire.key].items()
            if row.counted and row.contributors >= MIN_CONTRIBUTORS
        }
        overall = averages.pop(OVERALL, None)
        by_month = completions[questionnaire.key]
        latest = max(by_month, default=None)
        months = (
            [
                (month, by_month.get(month, 0))
                for month in (
                    months_before(latest, back) for back in range(COMPLETION_MONTHS - 1, -1, -1)
                )
            ]
            if latest
            else []
        )
        figures.append(
            QuestionnaireFigures(
                questionnaire,
                shown=True,
                drafts=total.drafts,
                submitted=total.submitted,
                contributors=total.contributors,
                averages=averages,
                overall=overall,
                months=months,
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
