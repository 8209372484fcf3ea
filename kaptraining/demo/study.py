"""A trainee's studies, done the way a trainee does them: lessons completed
in outline order once their module is released, quizzes answered (and
sometimes failed first), short answers marked by the trainer, electives
chosen, evaluations submitted, and hours from elsewhere claimed and approved.
Every credited minute comes from those records, through the product's own
services."""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from kaptraining.core.categories import Category
from kaptraining.credits.services import external_hours_approve, external_hours_submit
from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
)
from kaptraining.study.models import QuizResponse
from kaptraining.study.services import (
    elective_choose,
    evaluation_submit,
    lesson_complete,
    lesson_media_blocks,
    lesson_visit_record,
    media_progress_record,
    quiz_questions,
    quiz_response_review,
    quiz_submit,
)

from .base import StoryError, Timeline, local


@dataclass
class Module:
    page: ModulePage
    course: CoursePage
    lessons: list[LessonPage]

    @property
    def elective(self) -> bool:
        return self.course.is_elective


class ProgramMap:
    """The program's modules in outline order, read once per load."""

    def __init__(self, program):
        courses = {c.path: c for c in CoursePage.objects.live().descendant_of(program)}
        modules = list(
            ModulePage.objects.live().descendant_of(program).order_by("path")
        )
        lessons = list(
            LessonPage.objects.live().descendant_of(program).order_by("path")
        )
        self.program = program
        self.modules = [
            Module(
                page=m,
                course=courses[m.path[: -ModulePage.steplen]],
                lessons=[le for le in lessons if le.path.startswith(m.path)],
            )
            for m in modules
        ]
        self.electives = sorted(
            {m.course.pk: m.course for m in self.modules if m.elective}.values(),
            key=lambda c: c.path,
        )

    def lesson(self, title: str) -> LessonPage:
        return next(le for m in self.modules for le in m.lessons if le.title == title)


@dataclass
class Learner:
    """One trainee in the story: who they are and how they study. `enrolment`
    is set by the event that enrols them, before any study event runs."""

    key: str
    user: object = None
    enrolment: object = None
    pace: float = 1.0  # the share of the schedule they keep up with
    tz: str = "America/Los_Angeles"
    skip: set[str] = field(default_factory=set)  # lesson titles never done
    fail_first: set[str] = field(default_factory=set)  # quizzes failed once


# --- the actions ----------------------------------------------------------------


def quiz_take(learner: Learner, lesson: LessonPage, module: ModulePage, *, fail=False):
    """Answer the questions as drawn for this attempt; a deliberate fail gets
    two multiple-choice questions wrong."""
    number = lesson.quiz_attempts.filter(trainee=learner.user).count() + 1
    questions = quiz_questions(
        lesson=lesson, module=module, trainee=learner.user, attempt_number=number
    )
    answers, wrong = {}, 2 if fail else 0
    for question in questions:
        options = question["options"]
        if question["kind"] == "short_answer":
            answers[question["id"]] = [SHORT_ANSWER]
            continue
        right = [o["id"] for o in options if o["correct"]]
        if wrong and question["kind"] != "true_false":
            answers[question["id"]] = [
                next(o["id"] for o in options if not o["correct"])
            ]
            wrong -= 1
            continue
        answers[question["id"]] = (
            right if question["kind"] == "multiple_choice" else right[:1]
        )
    return quiz_submit(
        trainee=learner.user,
        enrolment=learner.enrolment,
        lesson=lesson,
        answers=answers,
    )


SHORT_ANSWER = (
    "Before any session, while the client is sober, I would ask whether they "
    "want supportive touch at all, agree exactly what kind (a hand on the "
    "shoulder or forearm), and agree a word and a gesture that mean stop. I "
    "would remind them that they can withdraw consent at any moment, and that "
    "I will ask again before I touch."
)


def quiz_review(learner: Learner, lesson: LessonPage, trainer) -> None:
    """The trainer marks the short answers of the trainee's latest attempt."""
    for response in QuizResponse.objects.filter(
        attempt__trainee=learner.user,
        attempt__lesson=lesson,
        kind=QuizResponse.Kind.SHORT,
        reviewed_at__isnull=True,
    ):
        quiz_response_review(
            response_id=response.pk,
            reviewer=trainer,
            correct=True,
            comment="Clear and complete: agreement while sober, the kind of "
            "touch, a stop signal and the right to withdraw.",
        )


def evaluate(learner: Learner, page) -> None:
    evaluation_submit(
        trainee=learner.user,
        enrolment=learner.enrolment,
        page=page,
        answers={
            "objectives_met": 5,
            "relevance": 5,
            "quality": 4,
            "free_of_bias": True,
            "comments": "The case examples made the timing of integration concrete.",
        },
    )


# --- the schedule ---------------------------------------------------------------


def study(
    timeline: Timeline,
    learner: Learner,
    program_map: ProgramMap,
    *,
    cohort,
    trainer,
    rng,
) -> None:
    """Add the learner's studies to the timeline: each module from its release
    (later for a slower pace), lessons a day or two apart, in the evening."""
    lag = datetime.timedelta(days=round((1 - learner.pace) * 70))
    moment = local(cohort.start_date, 19, tz=learner.tz) + lag
    electives = rng.sample(
        program_map.electives, k=program_map.program.electives_required
    )
    chosen = {c.pk for c in electives}
    for module in program_map.modules:
        if module.elective and module.course.pk not in chosen:
            continue
        opens = local(
            cohort.start_date + datetime.timedelta(weeks=module.page.release_week),
            19,
            tz=learner.tz,
        )
        moment = max(moment, opens + lag) + datetime.timedelta(
            days=rng.randint(0, 3), minutes=rng.randint(0, 120)
        )
        if module.elective and module.lessons:
            course = module.course
            timeline.add(
                moment,
                lambda course=course: elective_choose(
                    trainee=learner.user, enrolment=learner.enrolment, course=course
                ),
            )
        for lesson in module.lessons:
            moment += datetime.timedelta(
                days=rng.randint(1, 3), minutes=rng.randint(0, 90)
            )
            if lesson.title in learner.skip:
                # Opened (so the server's clock runs) but not yet completed.
                timeline.add(moment, lambda lesson=lesson: _open(learner, lesson))
                continue
            moment = _lesson(timeline, learner, lesson, module, moment, trainer, rng)
        if module.page.evaluation_required:
            moment += datetime.timedelta(minutes=20)
            page = module.page
            timeline.add(moment, lambda page=page: evaluate(learner, page))


def _open(learner, lesson):
    return lesson_visit_record(trainee=learner.user, lesson=lesson)


# The player script (static/js/media-progress.js) reports what was played at most
# every 15 seconds of playback, and once more when the recording ends.
PLAYER_REPORT_SECONDS = 15


def study_lesson(timeline: Timeline, learner: Learner, lesson, opened) -> None:
    """The trainee opens the lesson at `opened` and, two minutes in, plays each
    of its recordings through once, reported as the lesson page's player reports
    it: through study's media_progress_record, in stretches, each at the moment
    it was played. (The server's clock then holds the evidence that
    lesson_complete asks for: time since the first visit and the share watched.)"""
    timeline.add(opened, lambda: _open(learner, lesson))
    start = opened + datetime.timedelta(minutes=2)
    for block_id, info in lesson_media_blocks(lesson).items():
        duration = info["duration"]
        if not duration:
            raise StoryError(f"No duration for the recording in “{lesson.title}”.")
        played = 0.0
        while played < duration:
            end = min(duration, played + PLAYER_REPORT_SECONDS)
            timeline.add(
                start + datetime.timedelta(seconds=end),
                lambda block_id=block_id, a=played, b=end, d=duration: (
                    media_progress_record(
                        trainee=learner.user,
                        lesson=lesson,
                        block_id=block_id,
                        duration=d,
                        ranges=[[a, b]],
                    )
                ),
            )
            played = end
        start += datetime.timedelta(seconds=duration + 60)


def _lesson(timeline, learner, lesson, module, moment, trainer, rng):
    quiz = lesson.quiz_block()
    # The trainee opens the lesson, plays its recordings and studies it for its
    # estimated time (and a little more) before completing it: completion needs
    # that evidence. (No draw from `rng` here: the rest of the story keeps its dates.)
    opened = moment - datetime.timedelta(minutes=lesson.credited_minutes + 15)
    study_lesson(timeline, learner, lesson, opened)
    if quiz is None:
        timeline.add(
            moment,
            lambda: lesson_complete(
                trainee=learner.user, lesson=lesson, enrolment=learner.enrolment
            ),
        )
        return moment
    if lesson.title in learner.fail_first:
        timeline.add(moment, lambda: quiz_take(learner, lesson, module.page, fail=True))
        moment += datetime.timedelta(days=1, minutes=rng.randint(0, 60))
    timeline.add(moment, lambda: quiz_take(learner, lesson, module.page))
    if any(b.block_type == "short_answer" for b in module.page.question_bank):
        # The trainer reads the answer within two days, in the morning.
        reviewed = moment + datetime.timedelta(days=2)
        reviewed = reviewed.replace(hour=10)
        timeline.add(reviewed, lambda: quiz_review(learner, lesson, trainer))
        moment = reviewed + datetime.timedelta(hours=9)
    return moment


# --- hours from elsewhere ---------------------------------------------------------

EVIDENCE = b"%PDF-1.4\n% certificate of attendance (demo)\n"


def external_claim(
    timeline: Timeline,
    learner: Learner,
    *,
    program,
    submitted: datetime.datetime,
    earned_on: datetime.date,
    approved_by=None,
    approved: datetime.datetime | None = None,
    title="Group facilitation intensive",
    provider="Pacific Institute for Group Therapy",
    minutes=6 * 60,
    category=Category.ELECTIVE,
) -> None:
    """The trainee claims hours earned elsewhere with a certificate as
    evidence; staff approve it (or it waits for review)."""
    holder = {}

    def submit():
        holder["claim"] = external_hours_submit(
            trainee=learner.user,
            program=program,
            category=category,
            minutes=minutes,
            activity_title=title,
            provider_name=provider,
            earned_on=earned_on,
            evidence=ContentFile(EVIDENCE, name="certificate-of-attendance.pdf"),
        )

    timeline.add(submitted, submit)
    if approved is not None:
        timeline.add(
            approved,
            lambda: external_hours_approve(
                claim_id=holder["claim"].pk,
                by=approved_by,
                message="Thank you: the certificate shows the hours and the provider.",
            ),
        )
