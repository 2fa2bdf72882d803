"""The self-assessment's demo: the two questionnaires (readiness.toml, risk.toml), then the
assessments of assessments.toml: submitted ones by demo members (enough authors for the
administrators' aggregate figures), the demo member's draft, and a risk assessment of a
facial-recognition use case. Answers go through the services, as a member's would."""

import random
from datetime import UTC, datetime, time
from pathlib import Path

from sqlalchemy import select

from hub.demo_files import read_toml
from hub.extensions import db
from hub.seed import DemoContext
from hub.workspaces.models import Membership, MembershipStatus
from wiki.toolkit import services
from wiki.toolkit.definitions import NOT_APPLICABLE
from wiki.toolkit.models import Assessment

DEMO_FOLDER = Path(__file__).parent
QUESTIONNAIRE_FILES = ("readiness.toml", "risk.toml")


def load_demo_questionnaires() -> dict:
    """The demo's questionnaires, loaded if they are not yet, by key."""
    loaded = {}
    for name in QUESTIONNAIRE_FILES:
        questionnaire, _new = services.load_questionnaire(
            (DEMO_FOLDER / name).read_text(encoding="utf-8")
        )
        loaded[questionnaire.key] = questionnaire
    return loaded


def _moment(day) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def _readiness_answers(definition, seed: str, level: float) -> dict:
    generator = random.Random(seed)
    values = [choice.value for choice in definition.scale]
    answers = {}
    for question in definition.questions():
        if generator.random() < 0.06:
            answers[question.id] = {"value": NOT_APPLICABLE, "comment": "", "evidence": ""}
            continue
        index = round(level + generator.uniform(-1.2, 1.2))
        index = max(0, min(len(values) - 1, index))
        answers[question.id] = {"value": values[index], "comment": "", "evidence": ""}
    return answers


def _dated(assessment: Assessment, day) -> None:
    assessment.created_at = assessment.updated_at = _moment(day)


def seed_demo_assessments(context: DemoContext) -> None:
    workspace = context.workspace
    questionnaires = load_demo_questionnaires()
    if db.session.scalar(
        select(Assessment.id).where(Assessment.workspace_id == workspace.id).limit(1)
    ):
        context.report.append(f"Self-assessments of {workspace.name}: already seeded")
        return
    plan = read_toml(DEMO_FOLDER / "assessments.toml")
    invented = sorted(
        (
            user
            for user in context.people.values()
            if db.session.scalar(
                select(Membership.id).where(
                    Membership.workspace_id == workspace.id,
                    Membership.user_id == user.id,
                    Membership.status == MembershipStatus.ACTIVE,
                )
            )
        ),
        key=lambda user: user.email,
    )[:3]
    users = dict(context.accounts)

    def author_of(name: str):
        if name.startswith("invented:"):
            return invented[int(name.split(":")[1]) - 1]
        return users[name]

    readiness = questionnaires["readiness"]
    definition = services.definition_of(readiness)
    made = {}
    for entry in plan["readiness"]:
        author = author_of(entry["author"])
        assessment = services.start_assessment(workspace, author, readiness, entry["title"])
        services.save_answers(
            assessment,
            author,
            questionnaire_id=readiness.id,
            answers=_readiness_answers(
                definition, f"{author.email}:{entry['day']}", entry["level"]
            ),
        )
        services.submit_assessment(assessment, author, at=_moment(entry["day"]))
        _dated(assessment, entry["day"])
        for email in entry.get("shared_with", []):
            services.share_assessment(assessment, author, email)
        made[(author.email, entry["title"])] = assessment

    draft_plan = plan["draft"]
    author = author_of(draft_plan["author"])
    original = made[(author.email, draft_plan["copy_of"])]
    draft = services.copy_assessment(original, author, readiness)
    services.save_answers(
        draft,
        author,
        questionnaire_id=readiness.id,
        answers={
            key: {"value": value, "comment": "", "evidence": ""}
            for key, value in draft_plan["answers"].items()
        },
    )
    _dated(draft, draft_plan["day"])

    risk_plan = plan["risk"]
    risk = questionnaires["risk"]
    author = author_of(risk_plan["author"])
    assessment = services.start_assessment(workspace, author, risk, risk_plan["title"])
    services.save_answers(
        assessment,
        author,
        questionnaire_id=risk.id,
        answers={
            key: {
                "na": False,
                "likelihood": rating[0],
                "impact": rating[1],
                "mitigation": rating[2],
            }
            for key, rating in risk_plan["ratings"].items()
        },
        gate_answers={
            key: {"value": value, "comment": risk_plan["gate_comments"].get(key, "")}
            for key, value in risk_plan["gates"].items()
        },
    )
    services.submit_assessment(assessment, author, at=_moment(risk_plan["day"]))
    _dated(assessment, risk_plan["day"])
    db.session.flush()
    context.report.append(
        f"Self-assessments of {workspace.name}: {len(made)} readiness assessments submitted, "
        "a draft, a risk assessment"
    )
