"""The questionnaires as loaded, members' assessments, their shares and their scores.

A questionnaire row keeps the whole definition it was loaded from (JSON), so an assessment,
which points at the row it was answered against, keeps showing its own questions after a
newer version of the questionnaire is loaded. Answers are kept on the assessment as JSON,
keyed by question id; scores are worked out from them (wiki.toolkit.scoring) and, when the
assessment is submitted, stored per section, so that history is read without scoring again.

The administrators' figures read running totals per workspace and questionnaire (all its
versions: a questionnaire is its key), which wiki.toolkit.services adds to as assessments
are started, deleted and submitted: counts, sums of scores, completions per month and how
many members contributed to each. A view reads a few rows, however many assessments there
are. Submitted assessments are never deleted, so the totals only grow.
"""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.auth.models import User
from hub.database import UTCDateTime, enum_column, utcnow
from hub.extensions import db
from hub.workspaces.models import Workspace
from wiki.toolkit.definitions import Text, text_in

MAX_ASSESSMENT_TITLE_LENGTH = 200
MAX_COMMENT_LENGTH = 2000
MAX_EVIDENCE_LENGTH = 500


class AssessmentStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Questionnaire(db.Model):
    __tablename__ = "toolkit_questionnaires"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Which questionnaire ("readiness", "risk"); each loaded version is a row.
    key: Mapped[str] = mapped_column(String(63))
    version: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    #: The definition file's data, as checked by wiki.toolkit.definitions.
    definition: Mapped[dict] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def title_in(self, language: str) -> Text:
        """The title in `language`, if the file translates it (lists show it without
        reading the whole definition)."""
        return text_in(self.definition, "title", language)


class Assessment(db.Model):
    __tablename__ = "toolkit_assessments"
    __table_args__ = (
        # A member's own assessments, newest first, keyset-paged.
        Index("ix_toolkit_assessments_author", "workspace_id", "author_id", "id"),
        # A results page's history: the author's submitted ones, newest first.
        Index(
            "ix_toolkit_assessments_history", "workspace_id", "author_id", "status", "submitted_at"
        ),
        # The workspace's aggregate figures: submitted assessments of a questionnaire.
        Index("ix_toolkit_assessments_status", "workspace_id", "questionnaire_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("toolkit_questionnaires.id"))
    #: The organisation (readiness) or the AI system or use case (risk) assessed.
    title: Mapped[str] = mapped_column(String(MAX_ASSESSMENT_TITLE_LENGTH))
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_column(AssessmentStatus), default=AssessmentStatus.DRAFT
    )
    #: By question id: {"value", "comment", "evidence"} (readiness) or
    #: {"na", "likelihood", "impact", "mitigation"} (risk).
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Risk only, by gate id: {"value": "yes" | "no" | "unsure", "comment"}.
    gate_answers: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Set on submission: the overall score (readiness, 0-100) or highest rating (risk, 1-25).
    overall_score: Mapped[float | None] = mapped_column(Float)
    #: Set on submission: the readiness band or the overall risk level.
    level: Mapped[str | None] = mapped_column(String(16))
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("toolkit_assessments.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workspace: Mapped[Workspace] = relationship()
    author: Mapped[User] = relationship()
    questionnaire: Mapped[Questionnaire] = relationship(lazy="joined")

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class AssessmentShare(db.Model):
    """A member the author let read the assessment (never change it)."""

    __tablename__ = "toolkit_shares"
    __table_args__ = (UniqueConstraint("assessment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("toolkit_assessments.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class SectionScore(db.Model):
    """A submitted assessment's score for one section (dimension or principle)."""

    __tablename__ = "toolkit_section_scores"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("toolkit_assessments.id", ondelete="CASCADE"), primary_key=True
    )
    section_id: Mapped[str] = mapped_column(String(63), primary_key=True)
    #: Readiness: 0-100; risk: the mean rating, 1-25. None: nothing counted.
    score: Mapped[float | None] = mapped_column(Float)


# --- the workspace's running totals (the administrators' figures) ---------------------------

#: The parts of the score totals and contributors that are not a section (no section's id
#: starts with "*"): any submitted assessment, and the overall score.
ANY_SUBMISSION = "*"
OVERALL = "*overall"


class QuestionnaireTotals(db.Model):
    """How many of a workspace's assessments of one questionnaire are drafts and submitted,
    and how many members submitted them."""

    __tablename__ = "toolkit_totals"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    questionnaire_key: Mapped[str] = mapped_column(String(63), primary_key=True)
    drafts: Mapped[int] = mapped_column(default=0)
    submitted: Mapped[int] = mapped_column(default=0)
    #: Members with a submitted assessment (Contributor rows of part ANY_SUBMISSION).
    contributors: Mapped[int] = mapped_column(default=0)


class ScoreTotals(db.Model):
    """The sum of the submitted assessments' scores for one section (or OVERALL): their
    average is score_sum / counted."""

    __tablename__ = "toolkit_score_totals"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    questionnaire_key: Mapped[str] = mapped_column(String(63), primary_key=True)
    #: A section's id, or OVERALL.
    part: Mapped[str] = mapped_column(String(63), primary_key=True)
    #: Submitted assessments with a score here (one whose questions were all "not
    #: applicable" has none).
    counted: Mapped[int] = mapped_column(default=0)
    score_sum: Mapped[float] = mapped_column(Float, default=0.0)
    #: Members among their authors: an average shows only from MIN_CONTRIBUTORS.
    contributors: Mapped[int] = mapped_column(default=0)


class MonthlyCompletions(db.Model):
    """How many assessments of a questionnaire were submitted in a workspace in one month."""

    __tablename__ = "toolkit_completions"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    questionnaire_key: Mapped[str] = mapped_column(String(63), primary_key=True)
    #: The month's first day (UTC).
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    submitted: Mapped[int] = mapped_column(default=0)


class Contributor(db.Model):
    """A member whose submitted assessments count in a part of the totals. Inserted once,
    whatever the number they submit; the insert that creates the row is the one that adds 1
    to the part's `contributors`, so two submissions at once cannot both count the member."""

    __tablename__ = "toolkit_contributors"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    questionnaire_key: Mapped[str] = mapped_column(String(63), primary_key=True)
    #: A section's id, OVERALL, or ANY_SUBMISSION.
    part: Mapped[str] = mapped_column(String(63), primary_key=True)
    author_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
