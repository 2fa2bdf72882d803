"""The demo's self-assessments: enough submitted readiness assessments by different members
for the administrators' figures, the demo member's draft, a facial-recognition risk
assessment; and the wiki's self-assessment page points to them."""

from sqlalchemy import func, select

from hub.extensions import db
from tests.support import sign_in
from wiki.toolkit.models import Assessment, AssessmentStatus, Questionnaire
from wiki.toolkit.queries import MIN_CONTRIBUTORS

PASSWORD = "demo-password-1"
NOTE = "Readiness and risk questionnaires built on the Toolkit&#39;s principles."


def test_the_demo_has_what_the_figures_need(in_demo):
    authors = db.session.scalar(
        select(func.count(func.distinct(Assessment.author_id)))
        .join(Questionnaire)
        .where(Questionnaire.key == "readiness", Assessment.status == AssessmentStatus.SUBMITTED)
    )
    assert authors >= MIN_CONTRIBUTORS


def test_the_demo_member_has_a_draft_history_and_a_risk_assessment(demo_client):
    sign_in(demo_client, "member@example.org", PASSWORD)
    page = demo_client.get("/w/ai/self-assessment/").text
    assert "Draft" in page
    assert "Facial recognition on CCTV footage after a serious crime" in page
    risk = db.session.scalar(select(Assessment).where(Assessment.title.like("Facial%")))
    results = demo_client.get(f"/w/ai/self-assessment/{risk.id}").text
    assert "Risks by likelihood and impact" in results and "Very high" in results
    latest = db.session.scalar(
        select(Assessment)
        .join(Questionnaire)
        .where(
            Questionnaire.key == "readiness",
            Assessment.status == AssessmentStatus.SUBMITTED,
            Assessment.title == "Metropolitan Police Digital Forensics Service",
        )
        .order_by(Assessment.submitted_at.desc())
    )
    results = demo_client.get(f"/w/ai/self-assessment/{latest.id}").text
    assert "Overall readiness over time" in results


def test_administrators_see_the_figures_not_the_assessments(demo_client):
    sign_in(demo_client, "wsadmin@example.org", PASSWORD)
    page = demo_client.get("/w/ai/self-assessment/statistics").text
    assert "Average score per dimension" in page
    assert "Metropolitan Police" not in page
    risk = db.session.scalar(select(Assessment).where(Assessment.title.like("Facial%")))
    assert demo_client.get(f"/w/ai/self-assessment/{risk.id}").status_code == 403


def test_the_wiki_page_links_to_the_questionnaires(demo_client):
    sign_in(demo_client, "member@example.org", PASSWORD)
    page = demo_client.get("/w/ai/wiki/toolkit/self-assessment").text
    assert 'href="/w/ai/self-assessment/"' in page


def test_seeding_again_changes_nothing(in_demo):
    before = db.session.scalar(select(func.count()).select_from(Assessment))
    result = in_demo.app.test_cli_runner().invoke(args=["hub", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Self-assessments of Artificial Intelligence: already seeded" in result.output
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == before


def test_every_toolkit_page_points_members_to_the_questionnaires(demo_client):
    sign_in(demo_client, "member@example.org", PASSWORD)
    for path in ("toolkit", "toolkit/principles/fairness", "toolkit/audience"):
        page = demo_client.get(f"/w/ai/wiki/{path}").text
        assert NOTE in page and 'href="/w/ai/self-assessment/">Self-assessment' in page, path
    assert NOTE not in demo_client.get("/w/ai/wiki/home").text
