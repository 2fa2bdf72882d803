"""The self-assessment at scale (issue 15): a member's list of assessments, a results page
with its history, and the administrators' figures, at 10, 100, 1,000 and 10,000 submitted
assessments in the workspace (the member's own and five colleagues'), through the test
client: the statements each page issues (the same at every size) and the median time of
RUNS views. None may slow down with the rows: the list and the results page at 10,000
stay within MAX_GROWTH of 100 (the list's first nearly full page), the figures, read from
the running totals, within MAX_GROWTH of 10.

Run with `make bench`. Rows are grown with bulk inserts of what wiki.toolkit.services writes,
running totals included.
"""

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from hub.extensions import db
from hub.workspaces.models import Role
from tests.benchmarks.conftest import MEMBER_EMAIL, median_ms
from tests.support import count_statements, login, make_membership, make_user
from wiki.toolkit.demo import load_demo_questionnaires
from wiki.toolkit.models import (
    ANY_SUBMISSION,
    OVERALL,
    Assessment,
    AssessmentStatus,
    Contributor,
    MonthlyCompletions,
    QuestionnaireTotals,
    ScoreTotals,
    SectionScore,
)
from wiki.toolkit.services import definition_of

SIZES = (10, 100, 1_000, 10_000)
#: The sizes the times at 10,000 are compared with: the list's and the results page's
#: first size with a (nearly) full page, and the figures' smallest.
BASELINES = {"list": 100, "results": 100, "figures": 10}
RUNS = 15
MAX_GROWTH = 2.0
ADMIN_EMAIL = "bench.admin@example.org"


def report(label: str, figure: str) -> None:
    print(f"\n  toolkit {label:<56} {figure}")


def grow(questionnaire, authors: list, up_to: int) -> None:
    """Submitted readiness assessments, shared round the authors, until there are `up_to`."""
    have = db.session.scalar(select(db.func.count()).select_from(Assessment))
    sections = [section.id for section in definition_of(questionnaire).sections]
    start = datetime(2021, 1, 1, tzinfo=UTC)
    rows = [
        {
            "workspace_id": authors[0][1],
            "author_id": authors[number % len(authors)][0],
            "questionnaire_id": questionnaire.id,
            "title": f"Agency {number}",
            "status": AssessmentStatus.SUBMITTED,
            "answers": {},
            "gate_answers": {},
            "overall_score": float(number % 100),
            "level": "developing",
            # An hour apart: 10,000 span fourteen months of the figures' chart.
            "created_at": start + timedelta(hours=number),
            "updated_at": start + timedelta(hours=number),
            "submitted_at": start + timedelta(hours=number),
        }
        for number in range(have, up_to)
    ]
    ids = db.session.scalars(insert(Assessment).returning(Assessment.id), rows).all()
    db.session.execute(
        insert(SectionScore),
        [
            {"assessment_id": assessment_id, "section_id": section, "score": 50.0}
            for assessment_id in ids
            for section in sections
        ],
    )
    add_to_totals(questionnaire.key, rows, sections)
    db.session.commit()


def add_to_totals(key: str, rows: list[dict], sections: list[str]) -> None:
    """What the services add to the workspace's running totals for `rows`, submitted."""
    workspace_id = rows[0]["workspace_id"]

    def contributors(part: str) -> int:
        for author_id in {row["author_id"] for row in rows}:
            if db.session.get(Contributor, (workspace_id, key, part, author_id)) is None:
                db.session.add(
                    Contributor(
                        workspace_id=workspace_id,
                        questionnaire_key=key,
                        part=part,
                        author_id=author_id,
                    )
                )
        db.session.flush()
        return db.session.scalar(
            select(db.func.count())
            .select_from(Contributor)
            .where(
                Contributor.workspace_id == workspace_id,
                Contributor.questionnaire_key == key,
                Contributor.part == part,
            )
        )

    totals = db.session.get(QuestionnaireTotals, (workspace_id, key)) or QuestionnaireTotals(
        workspace_id=workspace_id, questionnaire_key=key, drafts=0, submitted=0
    )
    totals.submitted += len(rows)
    totals.contributors = contributors(ANY_SUBMISSION)
    db.session.add(totals)
    sums = {section: 50.0 * len(rows) for section in sections}
    sums[OVERALL] = sum(row["overall_score"] for row in rows)
    for part, added in sums.items():
        score = db.session.get(ScoreTotals, (workspace_id, key, part)) or ScoreTotals(
            workspace_id=workspace_id, questionnaire_key=key, part=part, counted=0, score_sum=0
        )
        score.counted += len(rows)
        score.score_sum += added
        score.contributors = contributors(part)
        db.session.add(score)
    months = Counter(row["submitted_at"].date().replace(day=1) for row in rows)
    for month, count in months.items():
        completions = db.session.get(
            MonthlyCompletions, (workspace_id, key, month)
        ) or MonthlyCompletions(
            workspace_id=workspace_id, questionnaire_key=key, month=month, submitted=0
        )
        completions.submitted += count
        db.session.add(completions)


def measure(client, path: str, expected: str) -> tuple[int, float]:
    db.session.commit()
    with count_statements() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    assert expected in response.get_data(as_text=True), f"{path} lacks {expected!r}"
    return len(statements), median_ms(lambda: client.get(path), RUNS)


def test_self_assessment_pages_keep_their_cost_from_100_to_10000_assessments(wiki, app):
    questionnaire = load_demo_questionnaires()["readiness"]
    admin = make_user(ADMIN_EMAIL, display_name="Bench Admin")
    make_membership(wiki.workspace, admin, role=Role.ADMINISTRATOR)
    colleagues = []
    for number in range(5):
        colleague = make_user(display_name=f"Assessor {number}")
        make_membership(wiki.workspace, colleague)
        colleagues.append(colleague)
    authors = [(user.id, wiki.workspace.id) for user in (wiki.member, *colleagues)]
    member, administrator = app.test_client(), app.test_client()
    login(member, MEMBER_EMAIL)
    login(administrator, ADMIN_EMAIL)
    figures = {}
    for size in SIZES:
        grow(questionnaire, authors, size)
        latest = db.session.scalar(
            select(Assessment.id)
            .where(Assessment.author_id == wiki.member.id)
            .order_by(Assessment.id.desc())
            .limit(1)
        )
        figures[size] = {
            "list": measure(member, "/w/ai/self-assessment/", "Your assessments"),
            "results": measure(member, f"/w/ai/self-assessment/{latest}", "Over time"),
            "figures": measure(administrator, "/w/ai/self-assessment/statistics", "submitted"),
        }
    for size, places in figures.items():
        report(
            f"{size:>6,} assessments",
            "  ".join(f"{place} {st} st {ms:6.1f} ms" for place, (st, ms) in places.items()),
        )
    largest = figures[SIZES[-1]]
    for place, (statements, ms) in largest.items():
        assert {figures[size][place][0] for size in SIZES} == {statements}, figures
        assert ms <= figures[BASELINES[place]][place][1] * MAX_GROWTH, f"{place}: {figures}"
