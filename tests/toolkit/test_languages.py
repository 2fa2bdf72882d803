"""The questionnaires in the reader's language: French and Arabic readers see the demo's
questionnaires and results translated (charts and exports included); a text the file does
not translate is shown in English, marked lang="en" dir="ltr"; an old assessment keeps its
own version's questions in the reader's language; a file with a bad translation is refused
whole."""

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from hub.extensions import db
from tests.support import parse, signed_in, text_of
from tests.toolkit.test_definitions import DEMO, GOOD
from wiki.toolkit import services
from wiki.toolkit.definitions import DefinitionError, definition_from_data, read_definition_text
from wiki.toolkit.models import Questionnaire

#: GOOD with French for its title and scale, none for its section and question.
PARTLY_FRENCH = GOOD.replace(
    'notice = "Ours."', 'notice = "Ours."\nfr.title = "Mini en français"'
).replace('label = "Yes"', 'label = "Yes"\nfr.label = "Oui"')


def reading_in(app, user, language: str):
    user.language = language
    db.session.commit()
    return signed_in(app, user)


def submitted(toolkit, questionnaire, value: str):
    assessment = services.start_assessment(
        toolkit.workspace, toolkit.member, questionnaire, "Test Police"
    )
    definition = services.definition_of(questionnaire)
    services.save_answers(
        assessment,
        toolkit.member,
        questionnaire_id=questionnaire.id,
        answers={
            q.id: {"value": value, "comment": "", "evidence": ""} for q in definition.questions()
        },
    )
    services.submit_assessment(assessment, toolkit.member)
    db.session.commit()
    return assessment


SVG = "{http://www.w3.org/2000/svg}"


def chart_labels(tree) -> list:
    """The text elements of the page's first chart (html5lib keeps SVG's namespace)."""
    chart = next(svg for svg in tree.iter(f"{SVG}svg") if svg.get("class") == "toolkit-chart")
    return list(chart.iter(f"{SVG}text"))


def marked_english(tree) -> list[str]:
    """The texts of the page's main content marked as English."""
    main = tree.find(".//main")
    return [text_of(element) for element in main.iter() if element.get("lang") == "en"]


def test_a_french_reader_answers_the_questionnaire_in_french(toolkit, app):
    assessment = services.start_assessment(
        toolkit.workspace, toolkit.member, toolkit.readiness, "Police nationale"
    )
    client = reading_in(app, toolkit.member, "fr")
    response = client.get(toolkit.url(assessment.id, "steps", 1))
    tree = parse(response)
    legends = [text_of(legend) for legend in tree.iter("legend")]
    assert legends[0] == (
        "Le service dispose d’une stratégie écrite qui précise à quoi sert l’IA et où elle "
        "ne sera pas utilisée."
    )
    page = response.get_data(as_text=True)
    assert "Direction et stratégie" in page and "Entièrement en place" in page
    assert "Préparation de l’organisation à une IA responsable" in page
    assert marked_english(tree) == []
    listing = parse(client.get(toolkit.url("")))
    assert "Évaluation des risques d’un système d’IA ou d’un cas d’usage" in [
        text_of(heading) for heading in listing.iter("h3")
    ]
    assert marked_english(listing) == []


def test_an_arabic_reader_sees_translated_results_and_chart(toolkit, app):
    assessment = submitted(toolkit, toolkit.readiness, "partly")
    client = reading_in(app, toolkit.member, "ar")
    response = client.get(toolkit.url(assessment.id))
    tree = parse(response)
    assert (tree.get("lang"), tree.get("dir")) == ("ar", "rtl")
    rows = [text_of(th) for th in tree.iter("th") if th.get("scope") == "row"]
    assert "القيادة والاستراتيجية" in rows and "الرصد والتقييم" in rows
    labels = [text_of(label) for label in chart_labels(tree)]
    assert "القيادة" in " ".join(labels)
    gaps = text_of(tree.find(".//ol[@class='toolkit-gaps']"))
    assert "لدى الجهاز استراتيجية مكتوبة" in gaps
    assert "صياغة استراتيجية موجزة" in gaps  # its recommendation
    assert marked_english(tree) == []


def test_exports_are_in_the_readers_language(toolkit, app):
    assessment = submitted(toolkit, toolkit.readiness, "fully")
    client = reading_in(app, toolkit.member, "es")
    data = json.loads(client.get(toolkit.url(assessment.id, "export.json")).data)
    assert data["questionnaire"]["language"] == "es"
    assert (
        data["questionnaire"]["title"] == "Preparación de la organización para una IA responsable"
    )
    first = data["answers"][0]
    assert first["question"].startswith("El organismo tiene una estrategia escrita")
    assert first["question_lang"] == "es"
    rows = list(
        csv.DictReader(io.StringIO(client.get(toolkit.url(assessment.id, "export.csv")).text))
    )
    assert rows[0]["question_lang"] == "es" and rows[0]["question"].startswith("El organismo")


def test_a_missing_translation_falls_back_to_english_marked_as_such(toolkit, app):
    partly, _ = services.load_questionnaire(PARTLY_FRENCH)
    assessment = services.start_assessment(toolkit.workspace, toolkit.member, partly, "Unité")
    services.save_answers(
        assessment,
        toolkit.member,
        questionnaire_id=partly.id,
        answers={"q1": {"value": "no", "comment": "", "evidence": ""}},
    )
    db.session.commit()
    client = reading_in(app, toolkit.member, "fr")
    tree = parse(client.get(toolkit.url(assessment.id, "steps", 1)))
    legend = next(tree.iter("legend"))
    assert text_of(legend) == "Question one?"
    assert (legend.get("lang"), legend.get("dir")) == ("en", "ltr")
    page_title = tree.find(".//main//p[@class='small muted']/span")
    assert text_of(page_title) == "Mini en français" and page_title.get("lang") is None
    choices = {text_of(label): label for label in tree.iter("label")}
    assert "Oui" in choices and "Sans objet" in choices
    assert next(choices["No"].iter("span")).get("lang") == "en"

    results = parse(client.get(toolkit.url(assessment.id)))
    axis = [label for label in chart_labels(results) if text_of(label) == "One"]
    assert axis and axis[0].get("lang") == "en"
    assert "Question one?" in marked_english(results) and "One" in marked_english(results)
    data = json.loads(client.get(toolkit.url(assessment.id, "export.json")).data)
    assert data["questionnaire"]["title_lang"] == "fr"
    assert data["answers"][0]["question_lang"] == "en"


def test_an_old_assessment_keeps_its_versions_translation(toolkit, app):
    first_text = PARTLY_FRENCH.replace(
        'text = "Question one?"', 'text = "Question one?"\nfr.text = "Première question ?"'
    )
    first, _ = services.load_questionnaire(first_text)
    assessment = services.start_assessment(toolkit.workspace, toolkit.member, first, "Unité")
    services.load_questionnaire(
        first_text.replace('version = "1"', 'version = "2"').replace(
            "Première question ?", "Question reformulée ?"
        )
    )
    db.session.commit()
    client = reading_in(app, toolkit.member, "fr")
    page = client.get(toolkit.url(assessment.id, "steps", 1)).get_data(as_text=True)
    assert "Première question ?" in page and "reformulée" not in page


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda text: text.replace('title = "One"', 'title = "One"\nde.title = "Eins"'),
            "section 'one': 'de' is not a language a text can be translated into (fr, es, ar)",
        ),
        (
            lambda text: text.replace('title = "One"', 'title = "One"\nen.title = "One"'),
            "English is the text itself",
        ),
        (
            lambda text: text.replace('text = "Question one?"', 'text = "Q?"\nfr.guidance = "x"'),
            "translation 'fr.guidance': there is no English 'guidance' here to translate",
        ),
        (
            lambda text: text.replace('id = "q1"', 'id = "q1"\nfr.page = "toolkit"'),
            "translation 'fr.page': there is no English 'page' here to translate",
        ),
        (
            lambda text: text.replace('label = "No"', 'label = "No"\nfr.label = 0'),
            "translation 'fr.label': 'label' must be text",
        ),
        (
            lambda text: text.replace(
                'label = "No"', 'label = "No"\nfr.label = "' + "n" * 81 + '"'
            ),
            "'label' is longer than 80 characters",
        ),
        (
            lambda text: text.replace('title = "One"', 'title = "One"\nfr = "Un"'),
            "section 'one': 'fr' must hold translations by name",
        ),
    ],
)
def test_a_bad_translation_refuses_the_file_whole(runner, tmp_path, change, problem):
    text = change(PARTLY_FRENCH)
    with pytest.raises(DefinitionError) as refused:
        read_definition_text(text)
    assert any(problem in each for each in refused.value.problems), refused.value.problems
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["hub", "load-questionnaire", str(path)])
    assert result.exit_code != 0 and "was not loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 0


def test_the_demo_files_are_translated_whole():
    for name in ("readiness.toml", "risk.toml"):
        _, data = read_definition_text((DEMO / name).read_text(encoding="utf-8"))
        for language in ("fr", "es", "ar"):
            definition = definition_from_data(data, language)
            texts = [definition.title, definition.summary, definition.notice]
            texts += [choice.label for choice in definition.scale]
            texts += [text for gate in definition.gates for text in (gate.text, gate.guidance)]
            for section in definition.sections:
                texts += [section.title, section.guidance]
                for question in section.questions:
                    texts += [question.text, question.guidance, question.recommendation]
            assert not [text for text in texts if text.fallback], (name, language)
