"""The self-assessment at scale (issue 15): a member's list of assessments, a results page
with its history, and the administrators' figures, at 100, 1,000 and 10,000 submitted
assessments in the workspace (the member's own and five colleagues'), through the test
client: the statements each page issues (the same at every size) and the median time of
RUNS views. The list and the results page must not slow down with the rows; the figures
are aggregates over every submitted assessment, so their time is reported, not bounded.

Run with `make bench`. Rows are grown with bulk inserts of what wiki.toolkit.services writes.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from hub.extensions import db
from hub.workspaces.models import Role
from tests.benchmarks.conftest import MEMBER_EMAIL, median_ms
from tests.support import count_statements, login, make_membership, make_user
from wiki.toolkit.demo import load_demo_questionnaires
from wiki.toolkit.models import Assessment, AssessmentStatus, SectionScore
from wiki.toolkit.services import definition_of

SIZES = (100, 1_000, 10_000)
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
            "created_at": start + timedelta(minutes=number),
            "updated_at": start + timedelta(minutes=number),
            "submitted_at": start + timedelta(minutes=number),
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
    db.session.commit()


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
    smallest, largest = figures[SIZES[0]], figures[SIZES[-1]]
    for place, (statements, ms) in largest.items():
        assert {figures[size][place][0] for size in SIZES} == {statements}, figures
        if place != "figures":
            assert ms <= smallest[place][1] * MAX_GROWTH, f"{place}: {figures}"
