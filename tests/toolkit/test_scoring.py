"""Scoring: pure functions, no database."""

import pytest

from wiki.toolkit.definitions import definition_from_data
from wiki.toolkit.scoring import (
    progress,
    risk_level,
    rounded,
    score_readiness,
    score_risk,
)

pytestmark = pytest.mark.backend_independent


def scale():
    return [
        {"value": "none", "label": "None", "points": 0},
        {"value": "some", "label": "Some", "points": 1},
        {"value": "half", "label": "Half", "points": 2},
        {"value": "full", "label": "Full", "points": 4},
    ]


def readiness(*sections):
    return definition_from_data(
        {
            "format": 1,
            "key": "r",
            "version": "1",
            "kind": "readiness",
            "title": "R",
            "summary": "S",
            "notice": "N",
            "scale": scale(),
            "section": list(sections),
        }
    )


def section(section_id, questions, weight=1):
    return {
        "id": section_id,
        "title": section_id.title(),
        "weight": weight,
        "question": [{"id": qid, "text": qid, "weight": w} for qid, w in questions],
    }


def answer(value):
    return {"value": value}


def test_weights_count_a_question_as_many_times():
    definition = readiness(section("a", [("a1", 1), ("a2", 3)]))
    result = score_readiness(definition, {"a1": answer("full"), "a2": answer("none")})
    assert result.sections[0].score == 25.0  # (100 × 1 + 0 × 3) / 4
    assert result.overall == 25.0


def test_section_weights_weigh_the_overall_score():
    definition = readiness(section("a", [("a1", 1)], weight=3), section("b", [("b1", 1)]))
    result = score_readiness(definition, {"a1": answer("full"), "b1": answer("none")})
    assert result.overall == 75.0


def test_not_applicable_is_left_out_not_counted_as_zero():
    definition = readiness(section("a", [("a1", 1), ("a2", 1)]))
    result = score_readiness(definition, {"a1": answer("half"), "a2": answer("na")})
    assert result.sections[0].score == 50.0
    assert result.sections[0].counted == 1 and result.sections[0].not_applicable == 1


def test_an_empty_section_has_no_score_and_does_not_pull_the_overall_down():
    definition = readiness(section("a", [("a1", 1)]), section("b", [("b1", 1)]))
    result = score_readiness(definition, {"a1": answer("full"), "b1": answer("na")})
    assert result.sections[1].score is None
    assert result.overall == 100.0
    nothing = score_readiness(definition, {})
    assert nothing.overall is None and nothing.band is None


def test_rounding_happens_once_halves_up():
    assert rounded(62.25) == 62.3
    assert rounded(0.05) == 0.1
    assert rounded(2.675, 2) == 2.68  # binary floats would give 2.67
    # 1/3 and 2/3 of a section: the overall uses the exact section scores, not rounded ones.
    definition = readiness(
        section("a", [("a1", 1), ("a2", 1), ("a3", 1)]), section("b", [("b1", 1)])
    )
    result = score_readiness(
        definition,
        {"a1": answer("full"), "a2": answer("none"), "a3": answer("none"), "b1": answer("some")},
    )
    assert result.sections[0].score == 33.3
    assert result.overall == 29.2  # (33.333… + 25) / 2 = 29.1666…


def test_gaps_are_what_is_not_fully_in_place_biggest_first():
    definition = readiness(section("a", [("a1", 1), ("a2", 2), ("a3", 1)]))
    result = score_readiness(
        definition, {"a1": answer("half"), "a2": answer("none"), "a3": answer("full")}
    )
    assert [gap.question.id for gap in result.gaps] == ["a2", "a1"]


def test_an_answer_off_the_scale_counts_for_nothing():
    definition = readiness(section("a", [("a1", 1), ("a2", 1)]))
    result = score_readiness(definition, {"a1": answer("full"), "a2": answer("excellent")})
    assert result.sections[0].score == 100.0
    assert progress(definition, {"a1": answer("full"), "a2": answer("excellent")}, {}) == (1, 2)


def risk():
    return definition_from_data(
        {
            "format": 1,
            "key": "k",
            "version": "1",
            "kind": "risk",
            "title": "R",
            "summary": "S",
            "notice": "N",
            "gate": [{"id": "g1", "text": "Lawful?"}],
            "section": [section("p1", [("r1", 1), ("r2", 3)]), section("p2", [("r3", 1)])],
        }
    )


def rating(likelihood, impact):
    return {"likelihood": likelihood, "impact": impact, "mitigation": ""}


def test_risk_levels_by_rating():
    assert [risk_level(n) for n in (1, 4, 5, 9, 10, 16, 20, 25)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "very_high",
        "very_high",
    ]


def test_the_highest_risk_sets_the_level_and_comes_first():
    result = score_risk(
        risk(),
        {"r1": rating(1, 2), "r2": rating(2, 2), "r3": rating(5, 4)},
        {"g1": {"value": "yes"}},
    )
    assert result.overall_level == "very_high" and result.highest_rating == 20
    assert [each.question.id for each in result.risks] == ["r3", "r2", "r1"]
    assert result.principles[0].score == 3.5  # (2 × 1 + 4 × 3) / 4
    assert result.principles[0].level == "low"
    assert not result.stop


def test_a_gate_answered_no_stops_whatever_the_ratings():
    result = score_risk(risk(), {"r1": rating(1, 1)}, {"g1": {"value": "no"}})
    assert result.stop and result.gates_failed == ("g1",)


def test_not_applicable_risks_are_left_out():
    result = score_risk(risk(), {"r1": {"na": True}, "r2": rating(3, 3)}, {})
    assert result.principles[0].rated == 1 and result.principles[0].not_applicable == 1
    assert result.principles[1].score is None and result.principles[1].level is None
    assert progress(risk(), {"r1": {"na": True}, "r2": rating(3, 3)}, {}) == (2, 4)


def test_ratings_off_the_scale_are_not_rated():
    result = score_risk(risk(), {"r1": rating(0, 3), "r2": rating(6, 1)}, {})
    assert result.risks == () and result.overall_level is None
