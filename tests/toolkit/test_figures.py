"""The administrators' figures: read from running totals the services keep, so the page costs
the same few statements at any number of assessments; charts of the averages and of the
completions per month; and the floor of five contributing members for every figure and
chart, the whole questionnaire's and each section's."""

from datetime import UTC, datetime

import flask_migrate
from sqlalchemy import select

from hub.extensions import db
from tests.support import (
    count_statements,
    counted_get,
    make_membership,
    make_user,
    make_workspace,
    parse,
    role_accounts,
    signed_in,
    text_of,
)
from tests.toolkit.conftest import Toolkit
from tests.toolkit.test_languages import reading_in
from wiki.toolkit import queries, services
from wiki.toolkit.demo import load_demo_questionnaires
from wiki.toolkit.models import (
    Contributor,
    MonthlyCompletions,
    QuestionnaireTotals,
    ScoreTotals,
)

BEFORE_TOTALS = "4d473b7660d9"
HIDDEN = "Not enough submitted assessments to show figures"


def new_author(toolkit: Toolkit, number: int):
    author = make_user(f"author{number}@example.org")
    make_membership(toolkit.workspace, author)
    return author


def submit_readiness(toolkit, author, value="partly", *, at=None, not_applicable=(), copy_of=None):
    """A readiness assessment by `author`, every answer `value`, except the questions of the
    sections in `not_applicable`."""
    assessment = services.start_assessment(toolkit.workspace, author, toolkit.readiness, "Agency")
    definition = services.definition_of(toolkit.readiness)
    answers = {}
    for section in definition.sections:
        chosen = "na" if section.id in not_applicable else value
        for question in section.questions:
            answers[question.id] = {"value": chosen, "comment": "", "evidence": ""}
    services.save_answers(
        assessment, author, questionnaire_id=toolkit.readiness.id, answers=answers
    )
    services.submit_assessment(assessment, author, at=at)
    db.session.commit()
    return assessment


def figures_page(app, toolkit, language="en"):
    client = reading_in(app, toolkit.admin, language)
    response = client.get(toolkit.url("statistics"))
    assert response.status_code == 200
    return response


def readiness_card(response):
    """The readiness questionnaire's card on the figures page."""
    return next(
        section
        for section in parse(response).iter("section")
        if (section.get("aria-labelledby") or "").startswith("figures-")
        and "readiness" in text_of(section.find("h2")).lower()
    )


SVG = "{http://www.w3.org/2000/svg}"


def charts_in(element) -> list:
    return [chart for chart in element.iter(f"{SVG}svg") if chart.get("class") == "toolkit-chart"]


def chart_labels_of(chart) -> list[str]:
    """Each text of a chart, its lines (tspans) joined by a space."""
    return [" ".join(label.itertext()) for label in chart.iter(f"{SVG}text")]


# --- the floor -------------------------------------------------------------------------------


def test_four_members_with_many_assessments_show_nothing(toolkit, app):
    for number in range(4):
        author = new_author(toolkit, number)
        for _ in range(3):
            submit_readiness(toolkit, author)
    response = figures_page(app, toolkit)
    card = readiness_card(response)
    assert HIDDEN in text_of(card)
    assert charts_in(card) == []
    page = response.get_data(as_text=True)
    assert "12 submitted" not in page and "66.7" not in page and "4 members" not in page
    figures = queries.workspace_statistics(toolkit.workspace)[0]
    assert not figures.shown and figures.submitted is None and figures.months == []


def test_five_members_show_counts_averages_and_both_charts(toolkit, app):
    for number in range(5):
        submit_readiness(toolkit, new_author(toolkit, number), at=datetime(2026, 3, 5, tzinfo=UTC))
    submit_readiness(toolkit, toolkit.member, "fully", at=datetime(2026, 5, 20, tzinfo=UTC))
    services.start_assessment(toolkit.workspace, toolkit.member, toolkit.readiness, "Draft")
    db.session.commit()
    card = readiness_card(figures_page(app, toolkit))
    text = text_of(card)
    assert "6 submitted" in text and "1 draft" in text and "6 members" in text
    assert "Average overall score: 72.2" in text  # (5 × 66.7 + 100) / 6
    averages, completions = charts_in(card)
    assert averages.find(f"{SVG}title").text == "Average score per dimension, out of 100"
    labels = chart_labels_of(averages)
    assert "Leadership and strategy" in labels and "72.2" in labels
    columns = chart_labels_of(completions)
    # Twelve months up to May 2026: five in March, none in April, one in May.
    assert columns[-6:] == ["5", "Mar 2026", "0", "Apr 2026", "1", "May 2026"]
    assert columns[1] == "Jun 2025"


def section_rows(card) -> dict[str, list[str]]:
    """The card's table: a section's average and the assessments counted, by its title."""
    return {
        text_of(row.find("th")): [text_of(cell) for cell in row.findall("td")]
        for row in card.iter("tr")
        if row.find("th") is not None and row.find("th").get("scope") == "row"
    }


def test_a_section_with_scores_from_fewer_than_five_members_is_not_averaged(toolkit, app):
    # Five members submit; two of them mark every Data question not applicable.
    for number in range(5):
        not_applicable = ("data",) if number < 2 else ()
        submit_readiness(toolkit, new_author(toolkit, number), not_applicable=not_applicable)
    card = readiness_card(figures_page(app, toolkit))
    rows = section_rows(card)
    assert rows["Data"] == ["—", "too few to show"]
    assert rows["Leadership and strategy"] == ["66.7", "5"]
    labels = chart_labels_of(charts_in(card)[0])
    assert "too few to show" in labels and "66.7" in labels
    # Two more members with scores in Data make five: its average appears.
    for number in (5, 6):
        submit_readiness(toolkit, new_author(toolkit, number), "fully")
    rows = section_rows(readiness_card(figures_page(app, toolkit)))
    assert rows["Data"] == ["80", "5"]  # (3 × 66.7 + 2 × 100) / 5


def test_one_member_submitting_twice_counts_once(toolkit, app):
    author = new_author(toolkit, 0)
    for _ in range(4):
        submit_readiness(toolkit, author)
    for number in range(1, 4):
        submit_readiness(toolkit, new_author(toolkit, number))
    totals = db.session.get(QuestionnaireTotals, (toolkit.workspace.id, "readiness"))
    assert (totals.submitted, totals.contributors) == (7, 4)
    assert HIDDEN in text_of(readiness_card(figures_page(app, toolkit)))


# --- the cost --------------------------------------------------------------------------------


def test_the_page_costs_the_same_statements_at_few_and_many_assessments(toolkit, app):
    for number in range(5):
        submit_readiness(toolkit, new_author(toolkit, number))
    client = signed_in(app, toolkit.admin)
    few = counted_get(client, toolkit.url("statistics"))
    authors = [new_author(toolkit, number) for number in range(5, 10)]
    for round_ in range(8):
        for author in authors:
            submit_readiness(
                toolkit, author, at=datetime(2024 + round_ // 4, 1 + round_ * 3 % 12, 1, tzinfo=UTC)
            )
    assert counted_get(client, toolkit.url("statistics")) == few
    workspace = db.session.merge(toolkit.workspace)
    assert workspace.slug  # loaded before counting
    with count_statements() as statements:
        figures = queries.workspace_statistics(workspace)
    assert len([each for each in statements if each.startswith("SELECT")]) == 4
    assert figures[0].submitted == 45


# --- in the reader's language ----------------------------------------------------------------


def test_an_arabic_administrator_reads_the_figures_in_arabic(toolkit, app):
    for number in range(5):
        submit_readiness(toolkit, new_author(toolkit, number), at=datetime(2026, 3, 5, tzinfo=UTC))
    response = figures_page(app, toolkit, "ar")
    tree = parse(response)
    assert "جاهزية المؤسسة للاستخدام المسؤول للذكاء الاصطناعي" in [
        text_of(h2) for h2 in tree.iter("h2")
    ]
    averages, completions = charts_in(tree)
    assert "القيادة" in " ".join(chart_labels_of(averages))
    assert "مارس" in " ".join(chart_labels_of(completions))


# --- the totals are what the assessments say ----------------------------------------------------


def totals_now() -> dict:
    db.session.expire_all()
    return {
        model.__name__: sorted(
            tuple(getattr(row, column.key) for column in model.__table__.columns)
            for row in db.session.scalars(select(model))
        )
        for model in (QuestionnaireTotals, ScoreTotals, MonthlyCompletions, Contributor)
    }


def test_the_migration_fills_the_totals_the_services_keep(migration_app):
    flask_migrate.upgrade()
    workspace = make_workspace("ai")
    accounts = role_accounts(workspace)
    questionnaires = load_demo_questionnaires()
    toolkit = Toolkit(workspace, questionnaires["readiness"], questionnaires["risk"], **accounts)
    db.session.commit()
    first = submit_readiness(toolkit, toolkit.member, at=datetime(2025, 11, 3, tzinfo=UTC))
    submit_readiness(toolkit, toolkit.member, "fully", not_applicable=("data",))
    submit_readiness(toolkit, toolkit.other_member, "planned", not_applicable=("data", "people"))
    copy = services.copy_assessment(first, toolkit.member, toolkit.readiness)
    draft = services.start_assessment(workspace, toolkit.admin, toolkit.readiness, "Gone")
    services.delete_draft(draft, toolkit.admin)
    risk = services.start_assessment(workspace, toolkit.moderator, toolkit.risk, "Triage")
    db.session.commit()
    kept = totals_now()
    assert kept["QuestionnaireTotals"] == sorted(
        [(workspace.id, "readiness", 1, 3, 2), (workspace.id, "risk", 1, 0, 0)]
    )
    assert copy.id and risk.id

    db.session.remove()  # its transaction would hold SQLite's lock
    flask_migrate.downgrade(revision=BEFORE_TOTALS)
    flask_migrate.upgrade()
    assert totals_now() == kept
