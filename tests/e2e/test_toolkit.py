"""The Toolkit's self-assessment in a browser: a member fills a readiness assessment across
steps (the draft saves itself in the background), leaves and resumes it, submits it and sees
the radar chart; they share it with another member, who reads it without buttons to change
it, while a third member gets 403. French and Arabic readers answer, read results and (an
administrator) the workspace figures in their language. The pages are shot at 1280 and 360
px wide."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from hub.auth.models import User
from hub.workspaces.models import Role, Workspace
from tests.e2e.crawl import AXE_SCRIPT, RUN_AXE, CrawledPage, java_missing, nu_report
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace
from wiki.toolkit import services
from wiki.toolkit.demo import load_demo_questionnaires

pytestmark = pytest.mark.e2e

AUTHOR = "ana.author@example.org"
READER = "rui.reader@example.org"
THIRD = "tess.third@example.org"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world() -> dict:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        people = {}
        for email, name in ((AUTHOR, "Ana Author"), (READER, "Rui Reader"), (THIRD, "Tess Third")):
            people[email] = make_user(email, display_name=name)
            make_membership(workspace, people[email], role=Role.MEMBER)
        questionnaires = load_demo_questionnaires()
        # A risk assessment, submitted, for the matrix's screenshots.
        risk = questionnaires["risk"]
        definition = services.definition_of(risk)
        assessment = services.start_assessment(
            workspace, people[AUTHOR], risk, "Facial recognition on CCTV footage"
        )
        services.save_answers(
            assessment,
            people[AUTHOR],
            questionnaire_id=risk.id,
            answers={
                question.id: {
                    "na": False,
                    "likelihood": 1 + number % 5,
                    "impact": 1 + (number * 2) % 5,
                    "mitigation": "Reviewed by two examiners.",
                }
                for number, question in enumerate(definition.questions())
            },
            gate_answers={gate.id: {"value": "yes", "comment": ""} for gate in definition.gates},
        )
        services.submit_assessment(assessment, people[AUTHOR])
        risk_path = f"/w/ai/self-assessment/{assessment.id}"
    return {"risk_path": risk_path}


def answer_step(page: Page, choice: str) -> None:
    """Pick `choice` for every question of the step shown."""
    for fieldset in page.locator("fieldset.toolkit-question").all():
        fieldset.get_by_label(choice, exact=True).check()


def test_fill_resume_submit_share(browsing: Browsing, world: dict):
    page = browsing.new_page()
    sign_in(browsing, page, AUTHOR)
    browsing.visit(page, "/w/ai/", "workspace-home")
    page.get_by_role("navigation", name="Artificial Intelligence").get_by_role(
        "link", name="Self-assessment"
    ).first.click()
    browsing.shot(page, "index")
    page.get_by_role("link", name="Start").first.click()
    page.get_by_label("What are you assessing?").fill("Metropolitan Police")
    browsing.submit(page, page.get_by_role("button", name="Start"), "step-1")

    # Step 1 by the button; step 2 saved in the background only, then the member leaves.
    answer_step(page, "Fully in place")
    browsing.submit(page, page.get_by_role("button", name="Save and continue"), "step-2")
    expect(page.get_by_text("Step 2 of 7")).to_be_visible()
    answer_step(page, "Planned")
    expect(page.locator("[data-autosave-status]")).to_have_text("Draft saved.", timeout=10_000)
    browsing.shot(page, "step-2-autosaved")
    browsing.visit(page, "/w/ai/self-assessment/", "index-with-draft")

    # Resume: the draft keeps both steps.
    page.get_by_role("link", name="Metropolitan Police").click()
    expect(page.get_by_text("6 of 18 questions answered").first).to_be_visible()
    browsing.shot(page, "draft-results")
    page.get_by_role("link", name="Continue answering").click()
    page.get_by_role("link", name="2. Governance and accountability").click()
    expect(page.locator("fieldset.toolkit-question").first.get_by_label("Planned")).to_be_checked()
    browsing.submit(page, page.get_by_role("button", name="Save and continue"), "step-3")
    for step in range(3, 8):
        expect(page.get_by_text(f"Step {step} of 7")).to_be_visible()
        answer_step(page, "Partly in place")
        last = step == 7
        button = "Save and review" if last else "Save and continue"
        browsing.submit(page, page.get_by_role("button", name=button), f"after-step-{step}")

    # Submit, then the results: the radar and the gaps.
    page.once("dialog", lambda dialog: dialog.accept())
    browsing.submit(page, page.get_by_role("button", name="Submit"), "submitted")
    expect(page.locator(".tag", has_text="Submitted")).to_be_visible()
    radar = page.locator("svg.toolkit-chart").first
    expect(radar).to_be_visible()
    expect(radar.locator("title")).to_have_text("Readiness by dimension, out of 100")
    radar.screenshot(path=str(browsing.screens / "radar.png"))
    expect(page.get_by_role("heading", name="Gaps to close")).to_be_visible()
    results_path = urlsplit(page.url).path
    page.set_viewport_size(PHONE)
    browsing.shot(page, "results-360")
    page.screenshot(path=str(browsing.screens / "results-360-top.png"))
    page.locator("figure.toolkit-figure").first.screenshot(
        path=str(browsing.screens / "radar-360.png")
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.emulate_media(media="print")
    browsing.shot(page, "results-print")
    page.emulate_media(media="screen")

    # Share with the reader.
    page.get_by_role("link", name="Share").click()
    page.get_by_label("E-mail address of a member of this workspace").fill(READER)
    browsing.submit(page, page.get_by_role("button", name="Share to read"), "shared")
    expect(page.locator("li", has_text="Rui Reader")).to_be_visible()

    reader = browsing.new_page()
    sign_in(browsing, reader, READER)
    browsing.visit(reader, results_path, "reader-sees-it")
    expect(reader.get_by_text("shared with you to read")).to_be_visible()
    expect(reader.locator("svg.toolkit-chart").first).to_be_visible()
    expect(reader.get_by_role("link", name="Continue answering")).to_have_count(0)
    expect(reader.get_by_role("link", name="Share")).to_have_count(0)

    third = browsing.new_page()
    sign_in(browsing, third, THIRD)
    browsing.visit(third, results_path, "third-refused", status=403)


def test_risk_results_at_both_widths(browsing: Browsing, world: dict):
    for name, viewport in (("1280", {"width": 1280, "height": 800}), ("360", PHONE)):
        page = browsing.new_page(viewport=viewport)
        sign_in(browsing, page, AUTHOR)
        browsing.visit(page, world["risk_path"], f"risk-results-{name}")
        expect(page.locator("svg.toolkit-chart title")).to_have_text(
            "Risks by likelihood and impact"
        )
        page.locator("figure.toolkit-figure").screenshot(
            path=str(browsing.screens / f"matrix-{name}.png")
        )
        browsing.visit(page, world["risk_path"].rsplit("/", 1)[0] + "/", f"index-{name}")
        page.get_by_role("link", name="Start").nth(1).click()
        browsing.shot(page, f"start-risk-{name}")
        page.get_by_label("What are you assessing?").fill("Triage of emergency calls")
        browsing.submit(page, page.get_by_role("button", name="Start"), f"risk-gates-{name}")
        answer_step(page, "Yes")
        browsing.submit(
            page, page.get_by_role("button", name="Save and continue"), f"risk-step-2-{name}"
        )
        page.get_by_label("Likelihood").first.select_option("4")
        page.get_by_label("Impact").first.select_option("5")
        browsing.submit(page, page.get_by_role("button", name="Save draft"), f"risk-saved-{name}")
        expect(page.get_by_label("Impact").first).to_have_value("5")


ADMIN = "ada.admin@example.org"


@pytest.fixture
def readers(world: dict) -> dict:
    """The author's submitted readiness assessment and a draft, five colleagues' submitted
    ones (enough for the figures), and a workspace administrator."""
    with seeding():
        workspace = Workspace.query.filter_by(slug="ai").one()
        author = User.query.filter_by(email=AUTHOR).one()
        admin = make_user(ADMIN, display_name="Ada Admin")
        make_membership(workspace, admin, role=Role.ADMINISTRATOR)
        readiness = load_demo_questionnaires()["readiness"]
        values = ["not_started", "planned", "partly", "fully"]
        made = {}
        for number, who in enumerate([author, *(make_user() for _ in range(5))]):
            if who is not author:
                make_membership(workspace, who, role=Role.MEMBER)
            assessment = services.start_assessment(workspace, who, readiness, "Regional Police")
            services.save_answers(
                assessment,
                who,
                questionnaire_id=readiness.id,
                answers={
                    question.id: {
                        "value": values[(number + index) % 4],
                        "comment": "",
                        "evidence": "",
                    }
                    for index, question in enumerate(services.definition_of(readiness).questions())
                },
            )
            services.submit_assessment(
                assessment, who, at=datetime(2026, 1 + number % 3, 10, tzinfo=UTC)
            )
            made.setdefault("results", assessment.id)
        draft = services.start_assessment(workspace, author, readiness, "Regional Police, 2027")
        made["draft"] = draft.id
    return made


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_questionnaire_results_and_figures_in_french_and_arabic(
    browsing: Browsing, readers: dict, language: str
):
    """A step, the results and the administrators' figures in the reader's language, at 1280
    and 360 px, each checked by axe and, with Java, the Nu HTML checker."""
    with seeding():
        for email in (AUTHOR, ADMIN):
            User.query.filter_by(email=email).one().language = language
    pages = []
    for email, paths in (
        (
            AUTHOR,
            {
                "step": f"/w/ai/self-assessment/{readers['draft']}/steps/1",
                "results": f"/w/ai/self-assessment/{readers['results']}",
            },
        ),
        (ADMIN, {"figures": "/w/ai/self-assessment/statistics"}),
    ):
        page = browsing.new_page()
        page.context.add_init_script(path=AXE_SCRIPT)
        sign_in(browsing, page, email)
        for name, path in paths.items():
            for width, viewport in (("1280", {"width": 1280, "height": 800}), ("360", PHONE)):
                page.set_viewport_size(viewport)
                response = page.goto(path)
                assert response is not None and response.status == 200, path
                expect(page.locator("html")).to_have_attribute("lang", language)
                browsing.shot(page, f"{language}-{name}-{width}")
                violations = page.evaluate(RUN_AXE)
                assert violations == [], (path, width, violations)
            pages.append(
                CrawledPage(
                    account=email, path=path, endpoint=name, status=200, html=response.text()
                )
            )
    first_question = {
        "fr": "Le service dispose d’une stratégie écrite",
        "ar": "لدى الجهاز استراتيجية مكتوبة",
    }[language]
    assert first_question in pages[0].html
    assert 'lang="en"' not in pages[0].html.split("<main", 1)[1].split("</main>", 1)[0]
    assert pages[2].html.count('class="toolkit-chart"') == 2  # averages, completions
    if not java_missing():
        folder = browsing.screens / "nu"
        folder.mkdir()
        assert nu_report(pages, folder) == []
