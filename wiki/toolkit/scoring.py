"""How answers become scores: pure functions of a definition and its answers, no database.

Readiness (the method, as the results page states it):

- each answer is worth its points on the scale divided by the best answer's points, so
  "Fully in place" is 100 % and "Not started" 0 %; "Not applicable" and unanswered questions
  are left out of the sums, as if the question had not been asked;
- a dimension's score is the weighted mean of its questions' percentages (a question of
  weight 2 counts twice); a dimension with no question counted has no score ("—"), which is
  not the same as 0;
- the overall score is the weighted mean of the dimensions' scores, using the dimensions'
  weights, over the dimensions that have a score;
- scores are rounded once, at the end, to one decimal place, halves rounded up (62.25 gives
  62.3), so rounding never piles up.

Risk:

- each risk's rating is its likelihood times its impact, each from 1 to 5, so 1 to 25;
  levels: low 1–4, medium 5–9, high 10–16, very high 20–25;
- a principle's score is the weighted mean rating of its rated risks; its level is that of
  its highest risk;
- the overall level is the level of the highest-rated risk: one very high risk is not
  averaged away by many low ones; a gate question answered "no" means the use should not go
  ahead as planned, whatever the ratings, and "unsure" asks for that answer to be settled;
- the risks are listed highest rating first (then by weight, then by impact).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wiki.toolkit.definitions import NOT_APPLICABLE, RISK_SCALE, Definition, Question

LEVELS = ("low", "medium", "high", "very_high")
#: The highest rating of each level, in order.
LEVEL_CEILINGS = ((4, "low"), (9, "medium"), (16, "high"), (25, "very_high"))
#: Readiness bands: the lowest score of each, highest first.
READINESS_BANDS = ((75, "advanced"), (50, "established"), (25, "developing"), (0, "beginning"))


def rounded(value: float | None, places: int = 1) -> float | None:
    """`value` to `places` decimals, halves up (Python's round() rounds halves to even)."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    """The mean of (value, weight) pairs by weight; None when there is none."""
    total_weight = sum(weight for _, weight in pairs)
    if not pairs or total_weight <= 0:
        return None
    return sum(value * weight for value, weight in pairs) / total_weight


# --- readiness -----------------------------------------------------------------------------


def answer_percentage(definition: Definition, answer: dict | None) -> float | None:
    """What one answer is worth, 0 to 100; None for "not applicable", no answer or a value
    not on the scale."""
    if not answer or answer.get("value") in (None, "", NOT_APPLICABLE):
        return None
    choice = definition.choice(answer["value"])
    if choice is None or definition.top_points <= 0:
        return None
    return 100 * choice.points / definition.top_points


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    title: str
    score: float | None  #: rounded; None when no question counted
    counted: int  #: questions answered on the scale
    not_applicable: int


@dataclass(frozen=True)
class Gap:
    question: Question
    section_title: str
    percentage: float


@dataclass(frozen=True)
class ReadinessResult:
    sections: tuple[SectionScore, ...]
    overall: float | None
    band: str | None
    gaps: tuple[Gap, ...]


def readiness_band(score: float | None) -> str | None:
    if score is None:
        return None
    return next(band for floor, band in READINESS_BANDS if score >= floor)


def score_readiness(definition: Definition, answers: dict[str, dict]) -> ReadinessResult:
    section_scores = []
    exact_scores: list[tuple[float, float]] = []
    gaps = []
    for section in definition.sections:
        pairs = []
        not_applicable = 0
        for question in section.questions:
            answer = answers.get(question.id)
            if answer and answer.get("value") == NOT_APPLICABLE:
                not_applicable += 1
            percentage = answer_percentage(definition, answer)
            if percentage is None:
                continue
            pairs.append((percentage, question.weight))
            if percentage < 100:
                gaps.append(Gap(question, section.title, percentage))
        exact = weighted_mean(pairs)
        if exact is not None:
            exact_scores.append((exact, section.weight))
        section_scores.append(
            SectionScore(section.id, section.title, rounded(exact), len(pairs), not_applicable)
        )
    overall = weighted_mean(exact_scores)
    # The biggest gaps first: furthest from "fully in place", then the heaviest questions.
    gaps.sort(key=lambda gap: (gap.percentage, -gap.question.weight))
    return ReadinessResult(
        sections=tuple(section_scores),
        overall=rounded(overall),
        band=readiness_band(rounded(overall)),
        gaps=tuple(gaps),
    )


# --- risk ----------------------------------------------------------------------------------


def risk_rating(answer: dict | None) -> int | None:
    """Likelihood × impact, or None when not applicable, unrated or off the scale."""
    if not answer or answer.get("na"):
        return None
    likelihood, impact = answer.get("likelihood"), answer.get("impact")
    if likelihood not in RISK_SCALE or impact not in RISK_SCALE:
        return None
    return likelihood * impact


def risk_level(rating: float | None) -> str | None:
    if rating is None:
        return None
    return next(level for ceiling, level in LEVEL_CEILINGS if rating <= ceiling)


@dataclass(frozen=True)
class RatedRisk:
    question: Question
    section_id: str
    section_title: str
    likelihood: int
    impact: int
    rating: int
    level: str
    mitigation: str
    number: int  #: R1, R2... in the questionnaire's order, as the matrix labels it


@dataclass(frozen=True)
class PrincipleScore:
    section_id: str
    title: str
    score: float | None  #: the weighted mean rating, rounded
    level: str | None  #: the level of its highest risk
    rated: int
    not_applicable: int


@dataclass(frozen=True)
class RiskResult:
    principles: tuple[PrincipleScore, ...]
    risks: tuple[RatedRisk, ...]  #: highest first
    overall_level: str | None
    highest_rating: int | None
    mean_rating: float | None
    gates_failed: tuple[str, ...]  #: gate ids answered "no"
    gates_unsure: tuple[str, ...]
    stop: bool  #: a gate answered "no": the use should not go ahead as planned


def score_risk(
    definition: Definition, answers: dict[str, dict], gate_answers: dict[str, dict]
) -> RiskResult:
    principles = []
    risks = []
    all_pairs: list[tuple[float, float]] = []
    number = 0
    for section in definition.sections:
        pairs = []
        highest = None
        not_applicable = 0
        for question in section.questions:
            number += 1
            answer = answers.get(question.id)
            if answer and answer.get("na"):
                not_applicable += 1
            rating = risk_rating(answer)
            if rating is None:
                continue
            pairs.append((rating, question.weight))
            highest = rating if highest is None else max(highest, rating)
            risks.append(
                RatedRisk(
                    question=question,
                    section_id=section.id,
                    section_title=section.title,
                    likelihood=answer["likelihood"],
                    impact=answer["impact"],
                    rating=rating,
                    level=risk_level(rating),
                    mitigation=answer.get("mitigation", ""),
                    number=number,
                )
            )
        all_pairs += pairs
        principles.append(
            PrincipleScore(
                section.id,
                section.title,
                rounded(weighted_mean(pairs)),
                risk_level(highest),
                len(pairs),
                not_applicable,
            )
        )
    risks.sort(key=lambda risk: (-risk.rating, -risk.question.weight, -risk.impact, risk.number))
    highest_rating = risks[0].rating if risks else None
    failed = tuple(
        gate.id for gate in definition.gates if gate_answers.get(gate.id, {}).get("value") == "no"
    )
    unsure = tuple(
        gate.id
        for gate in definition.gates
        if gate_answers.get(gate.id, {}).get("value") == "unsure"
    )
    return RiskResult(
        principles=tuple(principles),
        risks=tuple(risks),
        overall_level=risk_level(highest_rating),
        highest_rating=highest_rating,
        mean_rating=rounded(weighted_mean(all_pairs)),
        gates_failed=failed,
        gates_unsure=unsure,
        stop=bool(failed),
    )


# --- completeness --------------------------------------------------------------------------


def is_answered(definition: Definition, answer: dict | None) -> bool:
    """Whether a question has an answer that counts as given (not applicable included)."""
    if not answer:
        return False
    if definition.is_risk:
        return bool(answer.get("na")) or risk_rating(answer) is not None
    value = answer.get("value")
    return value == NOT_APPLICABLE or definition.choice(value or "") is not None


def progress(
    definition: Definition, answers: dict[str, dict], gate_answers: dict[str, dict]
) -> tuple[int, int]:
    """(answered, total) over the gate questions and the questions."""
    total = len(definition.gates) + len(definition.questions())
    answered = sum(
        1 for gate in definition.gates if gate_answers.get(gate.id, {}).get("value")
    ) + sum(
        1
        for question in definition.questions()
        if is_answered(definition, answers.get(question.id))
    )
    return answered, total
