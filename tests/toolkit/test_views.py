"""Answering, submitting, copying, sharing, exporting: through HTTP, as members do; and
every route's privacy: an assessment is read by its author and the members it is shared
with only, administrators included; the figures need five authors."""

import csv
import io
import json

import pytest

from hub.extensions import db
from tests.support import alerts, make_user, signed_in
from wiki.toolkit import services
from wiki.toolkit.models import Assessment, AssessmentShare, AssessmentStatus, SectionScore


def start(toolkit, questionnaire=None, author=None, title="Test Police"):
    assessment = services.start_assessment(
        toolkit.workspace, author or toolkit.member, questionnaire or toolkit.readiness, title
    )
    db.session.commit()
    return assessment


def fill_readiness(assessment, value="partly"):
    definition = services.definition_of(assessment.questionnaire)
    services.save_answers(
        assessment,
        assessment.author,
        questionnaire_id=assessment.questionnaire_id,
        answers={
            q.id: {"value": value, "comment": "", "evidence": ""} for q in definition.questions()
        },
    )
    db.session.commit()


def step_form(assessment, step, **answers):
    return {"questionnaire_id": str(assessment.questionnaire_id), "step": str(step), **answers}


def reload(assessment):
    db.session.expire_all()
    return db.session.get(Assessment, assessment.id)


# --- answering -------------------------------------------------------------------------


def test_a_member_starts_answers_in_steps_and_resumes(toolkit, app):
    client = signed_in(app, toolkit.member)
    response = client.post(toolkit.url("new", "readiness"), data={"title": "Test Police"})
    assessment = db.session.query(Assessment).one()
    assert response.location.endswith(toolkit.url(assessment.id, "steps", 1))
    page = client.get(toolkit.url(assessment.id, "steps", 1)).get_data(as_text=True)
    assert "Step 1 of 7" in page and "0 of 18 questions answered" in page
    response = client.post(
        toolkit.url(assessment.id, "steps", 1),
        data=step_form(
            assessment,
            1,
            **{
                "answer-leadership-strategy": "fully",
                "comment-leadership-strategy": "Adopted in 2021.",
                "go": "next",
            },
        ),
    )
    assert response.location.endswith(toolkit.url(assessment.id, "steps", 2))
    assessment = reload(assessment)
    assert assessment.answers["leadership-strategy"]["comment"] == "Adopted in 2021."
    page = client.get(toolkit.url(assessment.id, "steps", 1)).get_data(as_text=True)
    assert "1 of 18 questions answered" in page
    assert 'value="fully" checked' in page


def test_autosave_answers_in_json_and_keeps_the_draft(toolkit, app):
    assessment = start(toolkit)
    client = signed_in(app, toolkit.member)
    response = client.post(
        toolkit.url(assessment.id, "steps", 2),
        data=step_form(assessment, 2, **{"answer-governance-register": "planned"}),
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 200 and response.json["saved"] is True
    assert reload(assessment).answers["governance-register"]["value"] == "planned"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"answer-leadership-strategy": "brilliant"}, "Choose one of the answers shown."),
        ({"evidence-leadership-strategy": "javascript:alert(1)"}, "Give a web address"),
        ({"comment-leadership-strategy": "x" * 2001}, "Use at most 2000 characters."),
    ],
)
def test_bad_answers_are_refused_next_to_the_question_and_nothing_is_saved(
    toolkit, app, fields, message
):
    assessment = start(toolkit)
    client = signed_in(app, toolkit.member)
    response = client.post(
        toolkit.url(assessment.id, "steps", 1),
        data=step_form(assessment, 1, **{"answer-leadership-sponsor": "fully", **fields}),
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert reload(assessment).answers == {}


def test_a_question_of_another_step_or_version_is_refused(toolkit, app):
    assessment = start(toolkit)
    client = signed_in(app, toolkit.member)
    response = client.post(
        toolkit.url(assessment.id, "steps", 1),
        data=step_form(assessment, 1, **{"answer-question-of-v2": "fully"}),
        follow_redirects=True,
    )
    assert any("another version of the questionnaire" in alert for alert in alerts(response))
    assert reload(assessment).answers == {}


@pytest.mark.parametrize("tamper", [{"questionnaire_id": "999"}, {"step": "3"}])
def test_tampered_hidden_fields_are_refused(toolkit, app, tamper):
    assessment = start(toolkit)
    client = signed_in(app, toolkit.member)
    data = {**step_form(assessment, 1, **{"answer-leadership-sponsor": "fully"}), **tamper}
    response = client.post(toolkit.url(assessment.id, "steps", 1), data=data)
    assert response.status_code == 200
    assert "another version of the questionnaire or another step" in response.get_data(as_text=True)
    assert reload(assessment).answers == {}


def test_risk_ratings_outside_the_scale_are_refused(toolkit, app):
    assessment = start(toolkit, toolkit.risk, title="Facial recognition")
    client = signed_in(app, toolkit.member)
    response = client.post(
        toolkit.url(assessment.id, "steps", 2),
        data=step_form(
            assessment,
            2,
            **{"likelihood-risk-purpose-creep": "7", "impact-risk-purpose-creep": "3"},
        ),
    )
    assert response.status_code == 422
    assert "Choose a number from 1 to 5." in response.get_data(as_text=True)
    assert reload(assessment).answers == {}


def test_the_service_refuses_answers_off_the_scale_too(toolkit):
    from hub.exceptions import RuleViolation

    assessment = start(toolkit, toolkit.risk)
    with pytest.raises(RuleViolation):
        services.save_answers(
            assessment,
            toolkit.member,
            questionnaire_id=toolkit.risk.id,
            answers={"risk-bias": {"likelihood": 9, "impact": 9}},
        )


# --- submitting, copying, versions ---------------------------------------------------------


def test_submit_needs_every_answer_then_locks_the_assessment(toolkit, app):
    assessment = start(toolkit)
    client = signed_in(app, toolkit.member)
    response = client.post(toolkit.url(assessment.id, "submit"), follow_redirects=True)
    assert any("18 questions have no answer yet" in alert for alert in alerts(response))
    fill_readiness(assessment)
    response = client.post(toolkit.url(assessment.id, "submit"), follow_redirects=True)
    assessment = reload(assessment)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.overall_score == pytest.approx(66.7)
    assert db.session.query(SectionScore).filter_by(assessment_id=assessment.id).count() == 7
    page = response.get_data(as_text=True)
    assert "<svg" in page and "Readiness by dimension" in page
    # Read-only from now on: the steps send back to the results, a save is refused.
    response = client.post(
        toolkit.url(assessment.id, "steps", 1),
        data=step_form(assessment, 1, **{"answer-leadership-sponsor": "not_started"}),
        follow_redirects=True,
    )
    assert any("can no longer be changed" in alert for alert in alerts(response))
    assert reload(assessment).answers["leadership-sponsor"]["value"] == "partly"


def test_a_copy_starts_from_the_answers_and_the_results_compare_over_time(toolkit, app):
    first = start(toolkit)
    fill_readiness(first, "planned")
    services.submit_assessment(reload(first), toolkit.member)
    db.session.commit()
    client = signed_in(app, toolkit.member)
    response = client.post(toolkit.url(first.id, "copy"))
    copy = db.session.query(Assessment).filter(Assessment.id != first.id).one()
    assert response.location.endswith(toolkit.url(copy.id, "steps", 1))
    assert copy.answers == reload(first).answers and copy.copied_from_id == first.id
    fill_readiness(copy, "fully")
    services.submit_assessment(reload(copy), toolkit.member)
    db.session.commit()
    page = client.get(toolkit.url(copy.id)).get_data(as_text=True)
    assert "Overall readiness over time" in page, page[page.find("Over time") :][:1500]
    assert "your previous assessment" in page
    assert "stroke-dasharray" in page  # the earlier one's dashed outline on the radar


def test_an_old_assessment_keeps_its_version_after_a_new_one_is_loaded(toolkit, app):
    assessment = start(toolkit)
    text = services.__file__.replace("services.py", "demo/readiness.toml")
    new_text = (
        open(text)
        .read()
        .replace('version = "2026.2"', 'version = "2027.1"')
        .replace("The agency has a written strategy", "The agency has a published strategy")
    )
    newer, created = services.load_questionnaire(new_text)
    db.session.commit()
    assert created
    client = signed_in(app, toolkit.member)
    page = client.get(toolkit.url(assessment.id, "steps", 1)).get_data(as_text=True)
    assert "Version 2026.2" in page and "The agency has a written strategy" in page
    page = client.get(toolkit.url("new", "readiness")).get_data(as_text=True)
    assert "published strategy" not in page  # the start page shows the summary only
    fresh = client.post(toolkit.url("new", "readiness"), data={"title": "New"})
    assert (
        db.session.query(Assessment).order_by(Assessment.id.desc()).first().questionnaire_id
        == newer.id
    )
    assert fresh.status_code == 302


def test_a_risk_assessment_shows_its_matrix_and_highest_risks_first(toolkit, app):
    assessment = start(toolkit, toolkit.risk, title="Facial recognition on CCTV")
    definition = services.definition_of(toolkit.risk)
    answers = {
        q.id: {"na": False, "likelihood": 2, "impact": 2, "mitigation": ""}
        for q in definition.questions()
    }
    answers["risk-bias"] = {"na": False, "likelihood": 4, "impact": 5, "mitigation": "Tested."}
    services.save_answers(
        assessment,
        toolkit.member,
        questionnaire_id=toolkit.risk.id,
        answers=answers,
        gate_answers={g.id: {"value": "yes", "comment": ""} for g in definition.gates},
    )
    services.submit_assessment(assessment, toolkit.member)
    db.session.commit()
    page = signed_in(app, toolkit.member).get(toolkit.url(assessment.id)).get_data(as_text=True)
    assert "Risks by likelihood and impact" in page
    assert "Overall risk level:" in page and "Very high" in page
    first = page.index("Risks, highest first")
    assert page.index("The system works less well for some groups", first) < page.index(
        "The system is used beyond the purpose", first
    )


# --- exports -------------------------------------------------------------------------------


def test_exports_carry_answers_and_scores(toolkit, app):
    assessment = start(toolkit, title='=HYPERLINK("x")')
    fill_readiness(assessment, "fully")
    client = signed_in(app, toolkit.member)
    response = client.get(toolkit.url(assessment.id, "export.json"))
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.data)
    assert data["questionnaire"]["version"] == "2026.2" and data["scores"]["overall"] == 100.0
    assert len(data["answers"]) == 18
    response = client.get(toolkit.url(assessment.id, "export.csv"))
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["answer"] == "fully" and rows[-1]["question_id"] == "score"
    assert rows[-1]["score"] == "100.0"


# --- privacy -------------------------------------------------------------------------------

READ_ROUTES = ["", "/export.json", "/export.csv"]
OWN_ROUTES = [
    ("GET", "/steps/1"),
    ("POST", "/steps/1"),
    ("POST", "/submit"),
    ("POST", "/copy"),
    ("POST", "/delete"),
    ("GET", "/sharing"),
    ("POST", "/sharing"),
    ("POST", "/sharing/1/remove"),
]


@pytest.mark.parametrize("who", ["other_member", "moderator", "admin"])
@pytest.mark.parametrize("path", READ_ROUTES)
def test_nobody_else_reads_an_assessment_administrators_included(toolkit, app, who, path):
    assessment = start(toolkit)
    client = signed_in(app, getattr(toolkit, who))
    assert client.get(toolkit.url(assessment.id) + path).status_code == 403


@pytest.mark.parametrize(("method", "path"), OWN_ROUTES)
def test_only_the_author_acts_on_an_assessment(toolkit, app, method, path):
    assessment = start(toolkit)
    services.share_assessment(assessment, toolkit.member, toolkit.other_member.email)
    db.session.commit()
    for reader in (toolkit.other_member, toolkit.admin):
        client = signed_in(app, reader)
        response = client.open(toolkit.url(assessment.id) + path, method=method)
        assert response.status_code == 403, (reader.email, path)
    assert reload(assessment).status == AssessmentStatus.DRAFT


def test_a_hub_administrator_does_not_read_members_assessments(toolkit, app):
    assessment = start(toolkit)
    hub_admin = make_user(hub_admin=True)
    assert signed_in(app, hub_admin).get(toolkit.url(assessment.id)).status_code == 403


@pytest.mark.parametrize("path", READ_ROUTES)
def test_a_member_it_is_shared_with_reads_it_without_buttons(toolkit, app, path):
    assessment = start(toolkit)
    fill_readiness(assessment)
    client = signed_in(app, toolkit.member)
    response = client.post(
        toolkit.url(assessment.id, "sharing"), data={"email": toolkit.other_member.email}
    )
    assert response.status_code == 302
    reader = signed_in(app, toolkit.other_member)
    response = reader.get(toolkit.url(assessment.id) + path)
    assert response.status_code == 200
    if path == "":
        page = response.get_data(as_text=True)
        assert "shared with you to read" in page
        assert "Continue answering" not in page and "/sharing" not in page
        assert "Test Police" in reader.get(toolkit.url("")).get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("outsider@ai.example.org", "No member of this workspace has that e-mail address."),
        ("nobody@example.org", "No member of this workspace has that e-mail address."),
        ("member@ai.example.org", "This assessment is already yours."),
        ("", "Give the e-mail address of a member of this workspace."),
    ],
)
def test_sharing_with_anyone_but_another_member_is_refused(toolkit, app, email, message):
    assessment = start(toolkit)
    client = signed_in(app, toolkit.member)
    response = client.post(toolkit.url(assessment.id, "sharing"), data={"email": email})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(AssessmentShare).count() == 0


def test_stopping_a_share_ends_the_readers_access(toolkit, app):
    assessment = start(toolkit)
    services.share_assessment(assessment, toolkit.member, toolkit.other_member.email)
    db.session.commit()
    client = signed_in(app, toolkit.member)
    client.post(toolkit.url(assessment.id, "sharing", toolkit.other_member.id, "remove"))
    assert signed_in(app, toolkit.other_member).get(toolkit.url(assessment.id)).status_code == 403


def test_the_outsider_and_the_statistics_for_members(toolkit, app):
    assert signed_in(app, toolkit.outsider).get(toolkit.url("")).status_code == 403
    assert signed_in(app, toolkit.member).get(toolkit.url("statistics")).status_code == 403


def submitted_by(toolkit, count, value="partly"):
    for number in range(count):
        author = make_user(f"author{number}@example.org")
        from tests.support import make_membership

        make_membership(toolkit.workspace, author)
        assessment = start(toolkit, author=author, title=f"Agency {number}")
        fill_readiness(assessment, value)
        services.submit_assessment(reload(assessment), author)
        db.session.commit()


def test_figures_stay_hidden_below_five_authors(toolkit, app):
    submitted_by(toolkit, 4)
    page = signed_in(app, toolkit.admin).get(toolkit.url("statistics")).get_data(as_text=True)
    assert "Not enough submitted assessments" in page
    assert "66.7" not in page and "4 submitted" not in page


def test_figures_show_averages_from_five_authors(toolkit, app):
    submitted_by(toolkit, 5)
    page = signed_in(app, toolkit.admin).get(toolkit.url("statistics")).get_data(as_text=True)
    assert "5 submitted" in page and "66.7" in page
    assert "Agency 1" not in page  # never one assessment


@pytest.mark.parametrize(
    "path",
    [
        "/w/nowhere/self-assessment/",
        "/w/ai/self-assessment/999",
        f"/w/ai/self-assessment/{2**70}",
        "/w/ai/self-assessment/new/no-such-questionnaire",
    ],
)
def test_what_does_not_exist_is_a_plain_404(toolkit, app, path):
    assert signed_in(app, toolkit.member).get(path).status_code == 404


def test_a_step_that_does_not_exist_is_a_404(toolkit, app):
    assessment = start(toolkit)
    client = signed_in(app, toolkit.member)
    assert client.get(toolkit.url(assessment.id, "steps", 8)).status_code == 404
    assert client.get(toolkit.url(assessment.id, "steps", 0)).status_code == 404


def test_risk_assessments_of_the_author_are_compared_over_time(toolkit, app):
    definition = services.definition_of(toolkit.risk)
    for likelihood in (5, 2):
        assessment = start(toolkit, toolkit.risk, title="Call triage")
        services.save_answers(
            assessment,
            toolkit.member,
            questionnaire_id=toolkit.risk.id,
            answers={
                q.id: {"na": False, "likelihood": likelihood, "impact": 4, "mitigation": ""}
                for q in definition.questions()
            },
            gate_answers={g.id: {"value": "yes", "comment": ""} for g in definition.gates},
        )
        services.submit_assessment(assessment, toolkit.member)
        db.session.commit()
    page = signed_in(app, toolkit.member).get(toolkit.url(assessment.id)).get_data(as_text=True)
    assert "Highest risk rating over time" in page
    assert "20" in page and "8" in page
    services.share_assessment(assessment, toolkit.member, toolkit.other_member.email)
    db.session.commit()
    shared = (
        signed_in(app, toolkit.other_member).get(toolkit.url(assessment.id)).get_data(as_text=True)
    )
    assert "Highest risk rating over time" not in shared  # the author's history is theirs
