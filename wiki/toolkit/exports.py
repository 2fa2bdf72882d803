"""An assessment as a file: JSON (all of it) and CSV (a row per question, then the scores).

The questionnaire's texts are in the reader's language; `question_lang` (and `title_lang`,
`notice_lang`) says which, English where the questionnaire's file has no translation.
"""

import csv
import io
import json

from wiki.toolkit import scoring
from wiki.toolkit.definitions import Definition, Text
from wiki.toolkit.models import Assessment


def text_lang(definition: Definition, text: Text) -> str:
    """The language a questionnaire's text is written in, for the exports."""
    return "en" if text.fallback else definition.language


def export_rows(assessment: Assessment, definition: Definition) -> list[dict]:
    """A row per question: its text in the reader's language (`question_lang` says which:
    English where the file has no translation), the answer and its score."""
    rows = []
    for gate in definition.gates:
        answer = assessment.gate_answers.get(gate.id, {})
        rows.append(
            {
                "section": "gate",
                "question_id": gate.id,
                "question": gate.text,
                "question_lang": text_lang(definition, gate.text),
                "answer": answer.get("value", ""),
                "comment": answer.get("comment", ""),
            }
        )
    for section in definition.sections:
        for question in section.questions:
            answer = assessment.answers.get(question.id, {})
            row = {
                "section": section.id,
                "question_id": question.id,
                "question": question.text,
                "question_lang": text_lang(definition, question.text),
                "weight": question.weight,
            }
            if definition.is_risk:
                row |= {
                    "not_applicable": bool(answer.get("na")),
                    "likelihood": answer.get("likelihood"),
                    "impact": answer.get("impact"),
                    "rating": scoring.risk_rating(answer),
                    "mitigation": answer.get("mitigation", ""),
                }
            else:
                row |= {
                    "answer": answer.get("value", ""),
                    "score": scoring.rounded(scoring.answer_percentage(definition, answer)),
                    "comment": answer.get("comment", ""),
                    "evidence": answer.get("evidence", ""),
                }
            rows.append(row)
    return rows


def export_scores(assessment: Assessment, definition: Definition) -> dict:
    if definition.is_risk:
        result = scoring.score_risk(definition, assessment.answers, assessment.gate_answers)
        return {
            "overall_level": "stop" if result.stop else result.overall_level,
            "highest_rating": result.highest_rating,
            "mean_rating": result.mean_rating,
            "principles": {
                p.section_id: {"mean_rating": p.score, "level": p.level} for p in result.principles
            },
        }
    result = scoring.score_readiness(definition, assessment.answers)
    return {
        "overall": result.overall,
        "band": result.band,
        "dimensions": {s.section_id: s.score for s in result.sections},
    }


def assessment_json(assessment: Assessment, definition: Definition) -> str:
    data = {
        "assessment": {
            "id": assessment.id,
            "title": assessment.title,
            "status": str(assessment.status),
            "author": assessment.author.display_name,
            "created_at": assessment.created_at.isoformat(),
            "submitted_at": assessment.submitted_at.isoformat()
            if assessment.submitted_at
            else None,
        },
        "questionnaire": {
            "key": definition.key,
            "version": definition.version,
            "kind": definition.kind,
            "language": definition.language,
            "title": definition.title,
            "title_lang": text_lang(definition, definition.title),
            "notice": definition.notice,
            "notice_lang": text_lang(definition, definition.notice),
        },
        "scores": export_scores(assessment, definition),
        "answers": export_rows(assessment, definition),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def spreadsheet_safe(value) -> object:
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def assessment_csv(assessment: Assessment, definition: Definition) -> str:
    rows = export_rows(assessment, definition)
    columns = [
        "section",
        "question_id",
        "question",
        "question_lang",
        "weight",
        "answer",
        "comment",
    ] + (
        ["not_applicable", "likelihood", "impact", "rating", "mitigation"]
        if definition.is_risk
        else ["score", "evidence"]
    )
    score_column = "rating" if definition.is_risk else "score"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    scores = export_scores(assessment, definition)
    for section_id, value in (scores.get("dimensions") or scores.get("principles") or {}).items():
        shown = value if not isinstance(value, dict) else value.get("mean_rating")
        writer.writerow(
            {
                "section": section_id,
                "question_id": "score",
                "question": "section score",
                score_column: shown,
            }
        )
    overall = scores.get("overall", scores.get("highest_rating"))
    writer.writerow(
        {
            "section": "overall",
            "question_id": "score",
            "question": "overall score",
            score_column: overall,
        }
    )
    return out.getvalue()
