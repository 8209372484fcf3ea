import pytest

from kaptraining.practice.models import ConsentAssessment
from tests.factories import UserFactory
from tests.study.conftest import _wagtail_root, enrolment  # noqa: F401


def level(label, points):
    return {"label": label, "descriptor": f"{label} shown.", "points": points}


CRITERIA = [
    "Explains off-label status",
    "Risks and side effects",
    "The dissociative experience",
    "Right to stop",
]


@pytest.fixture
def assessor(db):
    return UserFactory()


@pytest.fixture
def assessment(program, assessor):
    """Four criteria scored 0, 1 or 2 (8 points); 6 passes; within 1 of 6 is
    borderline."""
    made = ConsentAssessment.objects.create(
        program=program,
        title="Consent for a first lozenge session",
        vignette="A 45-year-old teacher with treatment-resistant depression.",
        setting="Outpatient office",
        route="Sublingual lozenges",
        prescriber_arrangement="Works with an outside prescriber",
        rubric=[
            (
                "criterion",
                {
                    "title": title,
                    "description": "",
                    "levels": [
                        level("Absent", 0),
                        level("Partly", 1),
                        level("Clearly", 2),
                    ],
                },
            )
            for title in CRITERIA
        ],
        pass_threshold=6,
        borderline_margin=1,
        credited_minutes=90,
    )
    made.assessors.add(assessor)
    made.refresh_from_db()
    return made
