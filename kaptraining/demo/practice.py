"""Assessed consent-conversation practice in the running cohort.

Two months ago staff published a scenario with a four-criterion rubric (the
trainer and staff assess). A month ago Casey recorded a role-play with a
classmate playing the client (never a real client) and uploaded it; three
days later the trainer scored each criterion, with notes at moments of the
recording. Her total sat on the pass mark, so the result waited for a second
rater: staff scored it two days after, the mean passed, and the pass
credited an hour of consent-conversation practice to her transcript (through
the practice services, hence ledger_credit) and met the program's
"consent_assessment" check. Ivy has booked a live role-play with an assessor
next week; it awaits its slot.

The recording is the demo's narrated audio clip (data/media), standing in
for a role-play: it is stored, sniffed and access-controlled like any upload."""

import datetime
from pathlib import Path

from django.core.files import File

from kaptraining.practice.models import ConsentAssessment, Submission
from kaptraining.practice.services import review_record, submission_create

from .base import Demo, at, local
from .curriculum import program_page

DATA = Path(__file__).resolve().parent / "data" / "media"
TZ = "America/Los_Angeles"

TITLE = "Consent for a first sublingual KAP session"


def _levels(absent: str, partly: str, clearly: str) -> list[dict]:
    return [
        {"label": "Not shown", "descriptor": absent, "points": 0},
        {"label": "Partly", "descriptor": partly, "points": 1},
        {"label": "Clearly", "descriptor": clearly, "points": 2},
    ]


RUBRIC = [
    (
        "Off-label status and alternatives",
        _levels(
            "Does not say that ketamine for depression is off-label.",
            "Names off-label use but not the alternatives.",
            "Explains off-label use, the evidence and the alternatives plainly.",
        ),
    ),
    (
        "Risks, side effects and safety plan",
        _levels(
            "Leaves out blood pressure, nausea or misuse risk.",
            "Lists risks without checking understanding.",
            "Covers the risks and the safety plan, and checks understanding.",
        ),
    ),
    (
        "The non-ordinary state",
        _levels(
            "Does not prepare the client for dissociation.",
            "Describes dissociation in general terms.",
            "Prepares the client for dissociation, touch and what support looks like.",
        ),
    ),
    (
        "Right to stop and withdraw consent",
        _levels(
            "Never mentions stopping.",
            "Mentions stopping once, late in the conversation.",
            "Agrees a stop signal and says consent can be withdrawn at any moment.",
        ),
    ),
]

# The trainer's and the second rater's levels, criterion by criterion: 6 is
# the pass mark and 1 point either side is borderline, so 6 asks for a second
# rating; 7 makes the mean 6.5, a pass.
FIRST = (2, 2, 1, 1)
SECOND = (2, 2, 2, 1)


def _assessment(demo: Demo, program) -> ConsentAssessment:
    assessment = ConsentAssessment.objects.create(
        program=program,
        title=TITLE,
        vignette=(
            "Jordan, 45, a teacher with treatment-resistant depression, is "
            "anxious about 'losing control' and asks whether ketamine is "
            "addictive. Played by a colleague."
        ),
        setting="Outpatient office, first preparation session",
        route="Sublingual lozenges",
        prescriber_arrangement="The therapist works with an outside prescriber",
        rubric=[
            ("criterion", {"title": title, "description": "", "levels": levels})
            for title, levels in RUBRIC
        ],
        pass_threshold=6,
        borderline_margin=1,
        credited_minutes=60,
    )
    assessment.assessors.add(demo.account("trainer"), demo.account("staff"))
    assessment.refresh_from_db()  # block ids, as the admin would see them
    return assessment


def _scores(assessment: ConsentAssessment, levels: tuple[int, ...]) -> dict:
    return {
        criterion.id: level
        for criterion, level in zip(assessment.criteria(), levels, strict=True)
    }


def load_consent_practice(demo: Demo) -> None:
    program = program_page()
    today = demo.today
    trainer, staff = demo.account("trainer"), demo.account("staff")
    casey, ivy = demo.account("casey"), demo.account("ivy")
    day = lambda n: today - datetime.timedelta(days=n)  # noqa: E731

    with at(local(day(60), 10, tz=TZ)):
        assessment = _assessment(demo, program)
    criteria = assessment.criteria()
    with (
        at(local(day(30), 19, tz=casey.timezone)),
        (DATA / "grounding-practice.mp3").open("rb") as clip,
    ):
        submission = submission_create(
            assessment=assessment,
            trainee=casey,
            kind=Submission.Kind.RECORDING,
            colleague_confirmed=True,
            recording=File(clip, name="casey-consent-role-play.mp3"),
        )
    with at(local(day(27), 16, tz=TZ)):
        review_record(
            submission=submission,
            assessor=trainer,
            levels=_scores(assessment, FIRST),
            comments={
                criteria[2].id: "You described dissociation, but Jordan still "
                "did not know what you would do if she became frightened.",
                criteria[3].id: "The right to stop came only at the very end.",
            },
            comment="Warm and clear on the medicine; prepare the state and the "
            "stop signal earlier.",
            notes=[
                (42, "Good: off-label status and the alternatives, plainly put."),
                (118, "You checked that Jordan understood the blood-pressure plan."),
                (203, "Here Jordan asked about losing control: name the support."),
                (266, "First mention of stopping: agree a signal sooner."),
            ],
        )
    with at(local(day(25), 11, tz=TZ)):
        review_record(
            submission=submission,
            assessor=staff,
            levels=_scores(assessment, SECOND),
            comments={
                criteria[3].id: "Stopping was covered, if late; practise "
                "opening with it.",
            },
            comment="Second rating: I heard a fuller preparation for the "
            "non-ordinary state than the first score gave. A pass.",
            notes=[(210, "This answer about touch and support is the model.")],
        )
    with at(local(day(10), 18, tz=ivy.timezone)):
        submission_create(
            assessment=assessment,
            trainee=ivy,
            kind=Submission.Kind.LIVE,
            colleague_confirmed=True,
            live_slot=local(today + datetime.timedelta(days=6), 17, tz=TZ),
        )
