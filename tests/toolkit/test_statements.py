"""The self-assessment's pages issue as many statements with many assessments as with few."""

from hub.database import utcnow
from hub.extensions import db
from tests.support import counted_get, signed_in
from wiki.toolkit import services
from wiki.toolkit.models import Assessment, AssessmentStatus, SectionScore


def add_assessments(toolkit, count: int) -> list:
    made = []
    for number in range(count):
        mine = services.start_assessment(
            toolkit.workspace, toolkit.member, toolkit.readiness, f"Agency {number}"
        )
        theirs = services.start_assessment(
            toolkit.workspace, toolkit.other_member, toolkit.risk, f"System {number}"
        )
        services.share_assessment(theirs, toolkit.other_member, toolkit.member.email)
        made.append(mine)
    db.session.commit()
    return made


def test_the_list_is_bounded(toolkit, app):
    add_assessments(toolkit, 2)
    client = signed_in(app, toolkit.member)
    few = counted_get(client, toolkit.url(""))
    add_assessments(toolkit, 40)
    assert counted_get(client, toolkit.url("")) == few
    page = client.get(toolkit.url("")).get_data(as_text=True)
    assert page.count("Agency ") == 20 and "Next pages" in page


def add_submitted(toolkit, count: int) -> Assessment:
    """`count` submitted readiness assessments of the member, rows straight in."""
    for number in range(count):
        assessment = Assessment(
            workspace_id=toolkit.workspace.id,
            author_id=toolkit.member.id,
            questionnaire=toolkit.readiness,
            title=f"Agency {number}",
            status=AssessmentStatus.SUBMITTED,
            submitted_at=utcnow(),
            overall_score=50.0,
        )
        db.session.add(assessment)
        db.session.flush()
        db.session.add(SectionScore(assessment_id=assessment.id, section_id="data", score=50.0))
    db.session.commit()
    return assessment


def test_a_results_page_with_a_long_history_is_bounded(toolkit, app):
    client = signed_in(app, toolkit.member)
    few = counted_get(client, toolkit.url(add_submitted(toolkit, 2).id))
    latest = add_submitted(toolkit, 30)
    assert counted_get(client, toolkit.url(latest.id)) == few
    page = client.get(toolkit.url(latest.id)).get_data(as_text=True)
    assert page.count("(this one)") == 1
