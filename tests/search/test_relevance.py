"""Relevance on the demo content: for each query a member types, the item that must come
first, or in the first three."""

import pytest

from hub.auth.models import User
from hub.extensions import db
from hub.search import services
from hub.workspaces.models import Workspace

FIRST, TOP_THREE = 1, 3

CASES = [
    # The wiki: topic areas, events pages, the Toolkit.
    (
        "principles responsible AI",
        TOP_THREE,
        "II. Principles for trustworthy, lawful and responsible use",
    ),
    ("principles responsible AI", FIRST, "VDR 2: Principles for responsible use of AI"),
    ("ethics training", FIRST, "VTR 3: Ethics of AI in policing"),
    ("speech recognition", FIRST, "Speech recognition"),
    ("machine learning", FIRST, "Machine learning"),
    ("computer vision", FIRST, "Computer vision and image processing"),
    ("audio video forensics", FIRST, "Audio and video forensics"),
    ("natural language processing", FIRST, "Natural language processing"),
    ("smart robots", FIRST, "Smart robots"),
    ("lawfulness legitimacy necessity", FIRST, "Lawfulness"),
    ("minimisation of harm", FIRST, "Minimisation of harm"),
    ("fairness non-discrimination", FIRST, "Fairness"),
    ("good governance accountability", FIRST, "Good governance"),
    ("technical definitions", FIRST, "I. Technical definitions of AI"),
    ("target audience stakeholders", FIRST, "III. Target audience and stakeholder roles"),
    ("recommendations agencies", FIRST, "IV. Recommendations for law enforcement agencies"),
    ("self-assessment questionnaire", FIRST, "Self-assessment tools"),
    ("UNICRI cooperation", FIRST, "INTERPOL–UNICRI cooperation on AI for law enforcement"),
    ("Tallinn panel", FIRST, "UN high-level event and Tallinn panel (2019)"),
    ("Singapore global meeting", FIRST, "Global Meetings on AI for Law Enforcement"),
    ("use cases toolkit", FIRST, "VDR 1: Use cases for the Toolkit"),
    # The library's notes of the same meeting match as well.
    ("VDR 3 policing principles", TOP_THREE, "VDR 3: Principles of policing and AI principles"),
    (
        "introduction definitions milestones",
        TOP_THREE,
        "VTR 1: Introduction to AI for law enforcement",
    ),
    # The forums: topics found by their subject, in other words than the title's too.
    ("bomb disposal", FIRST, "Robots for search and bomb disposal: what comes next?"),
    ("deepfake video", FIRST, "A video challenged as a deepfake: how do you check it?"),
    ("synthetic voices extortion", FIRST, "Synthetic voices in extortion calls"),
    ("face matching borders", FIRST, "Face matching at borders: how do you report error rates?"),
    ("facial recognition audit", FIRST, "Auditing a live facial recognition deployment"),
    ("chain of custody", TOP_THREE, "Chain of custody for the output of an AI tool"),
    (
        "drones public events",
        FIRST,
        "Drones with person detection at public events: what to tell the public",
    ),
    ("language models incident reports", FIRST, "Language models for drafting incident reports"),
    (
        "machine translation chats",
        TOP_THREE,
        "Machine translation of seized chats: good enough for triage?",
    ),
    (
        "risk assessment small agency",
        FIRST,
        "Risk assessment for a small agency with one AI system",
    ),
    ("proportionality worked example", FIRST, "Proportionality in practice: a worked example"),
    ("explainability vendor", FIRST, "Explainability when the vendor will not share the model"),
    ("human rights consultation", TOP_THREE, "Comments from the human rights consultation"),
    (
        "data protection impact assessment",
        FIRST,
        "The Toolkit's risk assessment and the data protection impact assessment",
    ),
    ("bias testing", FIRST, "Bias testing with little local data"),
    ("meaningful review", FIRST, "Human autonomy: when is a review meaningful?"),
    ("investigations", FIRST, "Training investigators to question AI results"),  # stemming
    # The library: titles, and the text inside the files.
    (
        '"responsible AI innovation"',
        FIRST,
        "Toolkit for Responsible AI Innovation in Law Enforcement",
    ),
    (
        '"responsible AI innovation"',
        TOP_THREE,
        "Responsible AI innovation in law enforcement: an introduction",
    ),
    ("type:document principles glance", FIRST, "The Toolkit's five principles at a glance"),
    ("threat tool evidence", FIRST, "Reading list: AI as a threat, a tool and evidence"),
    (
        '"organisational readiness assessment, filled in once per agency"',
        FIRST,
        "Responsible AI innovation in law enforcement: an introduction",
    ),  # a phrase inside the PDF
    (
        "expert systems 1980s",
        FIRST,
        "VTR 1 handout: what AI is, in a few definitions and milestones",
    ),  # DOCX
    (
        "human oversight meaningful disagree",
        FIRST,
        "Notes from VDR 2 on principles for responsible use",
    ),
    # The events: by title, theme and kind.
    ("type:event ethics training", FIRST, "VTR 3: Ethics of AI in policing"),
    ("type:event future crimes panel", FIRST, "The Future of Law Enforcement and Future Crimes"),
    ("type:event human rights consultation", FIRST, "Human rights consultation on the Toolkit"),
    ("type:event next revision", FIRST, "VDR 4: The Toolkit's next revision"),
]


@pytest.fixture
def reader(in_demo):
    user = db.session.scalar(db.select(User).filter_by(email="member@example.org"))
    workspace = db.session.scalar(db.select(Workspace).filter_by(slug="ai"))
    return user, workspace


def test_the_set_is_large_enough():
    assert len({query for query, *_ in CASES}) >= 30


@pytest.mark.parametrize(("query", "within", "title"), CASES, ids=[case[0] for case in CASES])
def test_the_right_item_comes_first(reader, query, within, title):
    user, workspace = reader
    outcome = services.search(user, query, workspace=workspace)
    top = [hit.title for hit in outcome.results.hits[:within]]
    assert title in top, f"{query!r}: {top}"


def test_accents_and_misspellings(reader):
    user, workspace = reader
    assert services.search(user, "author:lucia", workspace=workspace).results.total > 0
    assert services.search(user, "recogntion", workspace=workspace).results.correction == (
        "recognition"
    )
