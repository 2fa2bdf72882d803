"""The definition format: the demo's files load; a bad file is refused whole, with every
problem named; `flask hub load-questionnaire` loads a file, or says why not."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub.extensions import db
from wiki.toolkit.definitions import DefinitionError, read_definition_text
from wiki.toolkit.models import Questionnaire

DEMO = Path(__file__).resolve().parents[2] / "wiki" / "toolkit" / "demo"
GOOD = """
format = 1
key = "mini"
version = "1"
kind = "readiness"
title = "Mini"
summary = "A small one."
notice = "Ours."
[[scale]]
value = "no"
label = "No"
points = 0
[[scale]]
value = "yes"
label = "Yes"
points = 1
[[section]]
id = "one"
title = "One"
weight = 1
[[section.question]]
id = "q1"
text = "Question one?"
weight = 2
"""


def test_the_demo_files_are_valid():
    readiness, _ = read_definition_text((DEMO / "readiness.toml").read_text())
    risk, _ = read_definition_text((DEMO / "risk.toml").read_text())
    assert len(readiness.sections) == 7 and readiness.scale[-1].label == "Fully in place"
    assert risk.is_risk and len(risk.gates) == 4 and len(risk.sections) == 5
    assert "not the Toolkit's official text" in readiness.notice


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda text: text[: text.index("[[section]]")], "has no section"),
        (lambda text: text.replace('id = "q1"', 'id = "one"'), "the id 'one' is used twice"),
        (lambda text: text.replace("weight = 2", 'weight = "heavy"'), "'weight' must be a number"),
        (lambda text: text.replace("weight = 2", "weight = true"), "'weight' must be a number"),
        (lambda text: text.replace("weight = 2", "weight = -1"), "more than 0"),
        (lambda text: text.replace("points = 1", 'points = "one"'), "'points' must be a number"),
        (lambda text: text.replace('title = "One"\n', ""), "'title' is missing"),
        (lambda text: text.replace("format = 1", "format = 2"), "'format' must be 1"),
        (lambda text: text.replace('kind = "readiness"', 'kind = "quiz"'), "'kind' must be"),
        (lambda text: text + '[[section]]\nid = "two"\ntitle = "Two"\n', "it has no question"),
        (lambda text: text.replace('version = "1"', "version = 1"), "'version' must be text"),
        (lambda text: text + "\n[oops", "not valid TOML"),
    ],
)
def test_a_bad_definition_is_refused_with_its_problem(change, problem):
    with pytest.raises(DefinitionError) as refused:
        read_definition_text(change(GOOD))
    assert any(problem in each for each in refused.value.problems), refused.value.problems


def test_a_risk_questionnaire_needs_its_gate_questions():
    text = (DEMO / "risk.toml").read_text()
    without_gates = "\n".join(
        block for block in text.split("\n\n") if not block.lstrip().startswith("[[gate]]")
    )
    with pytest.raises(DefinitionError, match="gate questions"):
        read_definition_text(without_gates)


def test_the_command_loads_a_file_once(runner, tmp_path):
    path = tmp_path / "mini.toml"
    path.write_text(GOOD)
    result = runner.invoke(args=["hub", "load-questionnaire", str(path)])
    assert result.exit_code == 0, result.output
    assert "loaded" in result.output
    again = runner.invoke(args=["hub", "load-questionnaire", str(path)])
    assert again.exit_code == 0 and "already loaded" in again.output
    assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 1


def test_the_command_refuses_a_bad_file_whole(runner, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace('id = "q1"', 'id = "one"').replace("weight = 2", 'weight = "x"'))
    result = runner.invoke(args=["hub", "load-questionnaire", str(path)])
    assert result.exit_code != 0
    assert "was not loaded" in result.output
    assert "used twice" in result.output and "must be a number" in result.output
    assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 0


def test_a_changed_file_needs_a_new_version(runner, tmp_path):
    path = tmp_path / "mini.toml"
    path.write_text(GOOD)
    runner.invoke(args=["hub", "load-questionnaire", str(path)])
    path.write_text(GOOD.replace("Question one?", "Question one, changed?"))
    result = runner.invoke(args=["hub", "load-questionnaire", str(path)])
    assert result.exit_code != 0 and "new version" in result.output
    path.write_text(
        GOOD.replace("Question one?", "Changed?").replace('version = "1"', 'version = "2"')
    )
    assert runner.invoke(args=["hub", "load-questionnaire", str(path)]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 2
