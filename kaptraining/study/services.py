"""Every write made while studying: lesson completion and its credit (held
back by post-tests and evaluations, released when they are met), quizzes and
their review, journal, notes, study position, evaluations and elective
choices. Views, the lesson page hook and tasks call these."""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts.models import Enrolment
from kaptraining.credits.models import Source
from kaptraining.credits.services import ledger_credit
from kaptraining.curriculum.models import CoursePage, LessonPage, ModulePage

from .models import (
    ElectiveChoice,
    EvaluationResponse,
    JournalEntry,
    LessonCompletion,
    LessonNote,
    LessonVisit,
    MediaProgress,
    QuizAttempt,
    QuizAttemptStatus,
    QuizResponse,
    StudyPolicy,
    StudyPosition,
)

STEPLEN = 4
NOTE_MAX_CHARS = 10_000


class StudyError(Exception):
    """A user-facing reason a study action cannot be done (shown as is)."""


class QuizCoolingDown(StudyError):
    """A quiz attempt made before the cool-down since the last one has passed."""

    def __init__(self, message, *, opens_at):
        super().__init__(message)
        self.opens_at = opens_at


# --- credit holds: post-tests and evaluations ---------------------------------


def evaluation_done(*, trainee, page) -> bool:
    """Has the trainee submitted the evaluation of this module or course page?"""
    return EvaluationResponse.objects.filter(trainee=trainee, page_id=page.pk).exists()


def post_test_passed(*, trainee, module) -> bool:
    return QuizAttempt.objects.filter(
        trainee=trainee,
        passed=True,
        lesson__path__startswith=module.path,
        lesson__depth=module.depth + 1,
    ).exists()


def credit_holds(*, trainee, lesson) -> list[str]:
    """Why the hours of a completed lesson do not count yet (empty: they count)."""
    module = ModulePage.objects.get(path=lesson.path[:-STEPLEN])
    course = CoursePage.objects.get(path=module.path[:-STEPLEN])
    holds = []
    if module.post_test_required and not post_test_passed(
        trainee=trainee, module=module
    ):
        holds.append(
            _("Pass the post-test of “%(module)s” for these hours to count.")
            % {"module": module.title}
        )
    if module.evaluation_required and not evaluation_done(trainee=trainee, page=module):
        holds.append(
            _("Submit the evaluation of “%(page)s” for these hours to count.")
            % {"page": module.title}
        )
    if course.evaluation_required and not evaluation_done(trainee=trainee, page=course):
        holds.append(
            _("Submit the evaluation of “%(page)s” for these hours to count.")
            % {"page": course.title}
        )
    return holds


@dataclass(frozen=True)
class LessonCredit:
    """What completing a lesson did to the trainee's hours."""

    minutes: int  # as studied (from the revision), whether credited or not
    credited: bool = False  # a ledger entry was written now
    holds: list[str] = field(default_factory=list)  # why the hours wait, if so


@transaction.atomic
def lesson_credit(*, completion, lesson, enrolment) -> LessonCredit:
    """Credit a completed lesson once no post-test or evaluation holds it back.
    Minutes and category come from the revision the trainee studied, so later
    edits to the page never change what was earned."""
    revision = completion.revision
    content = revision.content if revision is not None else {}
    minutes = int(content.get("credited_minutes", lesson.credited_minutes))
    category = content.get("category", lesson.category)
    if minutes <= 0:
        return LessonCredit(minutes=0)
    holds = credit_holds(trainee=completion.trainee, lesson=lesson)
    if holds:
        return LessonCredit(minutes=minutes, holds=holds)
    _entry, created = ledger_credit(
        trainee=completion.trainee,
        program=enrolment.cohort.program,
        category=category,
        minutes=minutes,
        source=Source.LESSON,
        source_id=lesson.pk,
        description=content.get("title", lesson.title),
        rule=f"lesson {lesson.pk} revision {completion.revision_id}",
        earned_on=timezone.localdate(completion.completed_at),
    )
    return LessonCredit(minutes=minutes, credited=created)


@transaction.atomic
def credit_release(*, trainee, page, enrolment) -> int:
    """After a post-test pass or an evaluation, credit the completed lessons under
    `page` that were held back. Returns how many lessons were credited."""
    completions = LessonCompletion.objects.filter(
        trainee=trainee, lesson__path__startswith=page.path
    ).select_related("lesson", "revision", "trainee")
    return sum(
        1
        for completion in completions
        if lesson_credit(
            completion=completion, lesson=completion.lesson, enrolment=enrolment
        ).credited
    )


# --- evidence of study: time with the lesson, share of its media watched ----------

# Blocks holding a recording the page can follow (an uploaded file, not an
# embed from another site). A block counts when one of these keys is filled.
MEDIA_VALUE_KEYS = ("video_file", "audio_file", "media", "file")
MEDIA_BLOCK_TYPES = ("video", "audio", "media")
# Playback faster than this is not study: watched time can never exceed the
# wall-clock time since the lesson was first opened times this rate.
MAX_PLAYBACK_RATE = 2


def study_policy(program) -> StudyPolicy:
    """The program's evidence policy, or the defaults (unsaved) without one.
    Cached with the program's structure (study/receivers.py drops both)."""
    from .outline import structure_cached

    return structure_cached(
        f"policy:{program.pk}",
        lambda: StudyPolicy.objects.filter(program_id=program.pk).first()
        or StudyPolicy(program_id=program.pk),
    )


def lesson_media_blocks(lesson) -> dict[str, dict]:
    """The lesson's trackable recordings: block id -> title and the duration the
    server knows (None when only the browser can tell)."""
    found = {}
    for block in lesson.body:
        if block.block_type not in MEDIA_BLOCK_TYPES:
            continue
        value = block.value
        item = next((value.get(k) for k in MEDIA_VALUE_KEYS if value.get(k)), None)
        if item is None:
            continue
        duration = getattr(item, "duration", None)
        found[block.id] = {
            "title": value.get("title") or "",
            "duration": float(duration) if duration else None,
        }
    return found


@dataclass(frozen=True)
class MediaShare:
    block_id: str
    title: str
    percent: int
    required: int


@dataclass(frozen=True)
class StudyEvidence:
    """What a trainee has shown of a lesson, and what is still needed."""

    minutes_required: int
    minutes_spent: int
    media: list[MediaShare]

    @property
    def minutes_left(self) -> int:
        return max(0, self.minutes_required - self.minutes_spent)

    @property
    def missing(self) -> list[str]:
        reasons = []
        if self.minutes_left:
            reasons.append(
                ngettext(
                    "%(n)s more minute with this lesson.",
                    "%(n)s more minutes with this lesson.",
                    self.minutes_left,
                )
                % {"n": self.minutes_left}
            )
        for share in self.media:
            if share.percent < share.required:
                reasons.append(
                    _("Watch %(n)s%% more of “%(title)s”.")
                    % {"n": share.required - share.percent, "title": share.title}
                    if share.title
                    else _("Watch %(n)s%% more of the recording.")
                    % {"n": share.required - share.percent}
                )
        return reasons

    @property
    def sufficient(self) -> bool:
        return not self.missing


_UNSET = object()


def study_evidence(
    *, trainee, lesson, program, now=None, visit=_UNSET
) -> StudyEvidence:
    """Time since the trainee first opened the lesson (server clock) against the
    program's share of the lesson's estimated study time, and the share watched
    of each recording against the program's minimum. `visit`: the trainee's
    LessonVisit of this lesson (or None) when the caller has just read it."""
    policy = study_policy(program)
    now = now or timezone.now()
    if visit is _UNSET:
        visit = LessonVisit.objects.filter(trainee=trainee, lesson=lesson).first()
    spent = int((now - visit.first_opened_at).total_seconds() // 60) if visit else 0
    required = -(-lesson.credited_minutes * policy.minimum_time_percent // 100)
    blocks = lesson_media_blocks(lesson)
    media = []
    if blocks and policy.media_watch_percent:
        progress = {
            p.block_id: p
            for p in MediaProgress.objects.filter(trainee=trainee, lesson=lesson)
        }
        for block_id, info in blocks.items():
            row = progress.get(block_id)
            media.append(
                MediaShare(
                    block_id=block_id,
                    title=info["title"],
                    percent=row.percent if row else 0,
                    required=policy.media_watch_percent,
                )
            )
    return StudyEvidence(minutes_required=required, minutes_spent=spent, media=media)


def lesson_visit_record(*, trainee, lesson) -> LessonVisit:
    """Remember when the trainee first opened the lesson (once; later visits keep
    the first time)."""
    visit, _created = LessonVisit.objects.get_or_create(trainee=trainee, lesson=lesson)
    return visit


def _merge(ranges: list[list[float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


@transaction.atomic
def media_progress_record(
    *, trainee, lesson, block_id: str, duration: float, ranges: list
) -> MediaProgress:
    """Merge ranges the browser says were played into the trainee's progress on
    one recording. The duration is the server's when it knows it, else the first
    one reported; ranges are clipped to it, so the watched total never exceeds
    the recording, nor what could be played since the lesson was first opened."""
    blocks = lesson_media_blocks(lesson)
    if block_id not in blocks:
        raise StudyError(_("This recording is not part of the lesson."))
    visit = LessonVisit.objects.filter(trainee=trainee, lesson=lesson).first()
    if visit is None:
        raise StudyError(_("Open the lesson before playing its recordings."))
    row = (
        MediaProgress.objects.select_for_update()
        .filter(trainee=trainee, lesson=lesson, block_id=block_id)
        .first()
    )
    known = blocks[block_id]["duration"] or (row.duration_seconds if row else None)
    if known is None:
        if not 0 < duration <= 24 * 3600:
            raise StudyError(_("The recording's length was not understood."))
        known = float(duration)
    clean = []
    for pair in ranges[:500]:
        start, end = max(0.0, float(pair[0])), min(known, float(pair[1]))
        if end > start:
            clean.append([start, end])
    merged = _merge((row.ranges if row else []) + clean)
    watched = min(known, sum(end - start for start, end in merged))
    elapsed = (timezone.now() - visit.first_opened_at).total_seconds()
    watched = min(watched, max(0.0, elapsed) * MAX_PLAYBACK_RATE)
    if row is None:
        row = MediaProgress(trainee=trainee, lesson=lesson, block_id=block_id)
    row.duration_seconds = known
    row.ranges = [[round(a, 1), round(b, 1)] for a, b in merged]
    row.watched_seconds = watched
    row.save()
    return row


@dataclass(frozen=True)
class LessonCompleted:
    completion: LessonCompletion
    created: bool  # False: the lesson was completed before, nothing changed
    credit: LessonCredit | None = None  # what this completion did to the hours


@transaction.atomic
def lesson_complete(
    *, trainee, lesson, enrolment: Enrolment, evidence_required: bool = True
) -> LessonCompleted:
    """Record completion once, with the page revision that was studied, and
    credit the lesson's minutes unless a post-test or evaluation holds them
    back (credit_release credits them when that requirement is met). Refused
    (StudyError, nothing written) until the trainee has shown study of it; a
    passed quiz is that evidence, so quizzes complete with evidence_required off."""
    if (
        evidence_required
        and not LessonCompletion.objects.filter(trainee=trainee, lesson=lesson).exists()
    ):
        evidence = study_evidence(
            trainee=trainee, lesson=lesson, program=enrolment.cohort.program
        )
        if not evidence.sufficient:
            raise StudyError(
                _("Not yet: this lesson needs more study before it counts.")
                + " "
                + " ".join(evidence.missing)
            )
    completion, created = LessonCompletion.objects.get_or_create(
        trainee=trainee,
        lesson=lesson,
        defaults={"enrolment": enrolment, "revision_id": lesson.live_revision_id},
    )
    if not created:
        return LessonCompleted(completion=completion, created=False)
    credit = lesson_credit(completion=completion, lesson=lesson, enrolment=enrolment)
    return LessonCompleted(completion=completion, created=True, credit=credit)


# --- quizzes --------------------------------------------------------------------


def _question_dicts(module: ModulePage) -> list[dict]:
    """The bank as plain dicts with stable ids (snapshotted into each response)."""
    questions = []
    for block in module.question_bank:
        value = block.value
        kind = block.block_type
        if kind in ("single_choice", "multiple_choice"):
            options = [
                {
                    # Editors' lists carry ids; imported raw data may not.
                    "id": child.id or f"option-{index}",
                    "text": child.value["text"],
                    "correct": bool(child.value["correct"]),
                    "feedback": child.value["feedback"],
                }
                for index, child in enumerate(value["options"].bound_blocks)
            ]
        elif kind == "true_false":
            truth = bool(value["answer"])
            options = [
                {
                    "id": ident,
                    "text": label,
                    "correct": truth == is_true,
                    "feedback": value["feedback_correct"]
                    if truth == is_true
                    else value["feedback_incorrect"],
                }
                for ident, label, is_true in (
                    ("true", str(_("True")), True),
                    ("false", str(_("False")), False),
                )
            ]
        else:
            options = []
        questions.append(
            {
                "id": block.id,
                "kind": kind,
                "prompt": value["prompt"],
                "options": options,
                "explanation": value.get("explanation", "") or "",
            }
        )
    return questions


def quiz_questions(
    *, lesson: LessonPage, module: ModulePage, trainee, attempt_number: int
) -> list[dict]:
    """The questions of attempt `attempt_number`, in the order shown. The draw and
    order are seeded by trainee, lesson and attempt, so the server knows at
    submission exactly what was asked without storing anything beforehand."""
    quiz = lesson.quiz_block()
    if quiz is None:
        return []
    questions = _question_dicts(module)
    rng = random.Random(f"{trainee.pk}:{lesson.pk}:{attempt_number}")  # noqa: S311 - ordering, not security
    count = quiz.value["question_count"]
    if quiz.value["shuffle"]:
        rng.shuffle(questions)
        for question in questions:
            if question["kind"] != "true_false":
                rng.shuffle(question["options"])
    elif count and count < len(questions):
        # A pool without shuffling still draws anew per attempt, in bank order.
        drawn = {q["id"] for q in rng.sample(questions, count)}
        questions = [q for q in questions if q["id"] in drawn]
    return questions[:count] if count else questions


# --- quiz policy: when answers show, when the next attempt opens ---------------


def quiz_next_attempt_at(*, quiz_value, attempts: list[QuizAttempt], now=None):
    """When the quiz's cool-down lets the next attempt start, or None when it
    may start now (no cool-down, no attempt yet, or the wait is over)."""
    minutes = quiz_value.get("cooldown_minutes") or 0
    if not minutes or not attempts:
        return None
    opens_at = max(a.submitted_at for a in attempts) + timedelta(minutes=minutes)
    return opens_at if opens_at > (now or timezone.now()) else None


def _local_datetime(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def quiz_answers_revealed(*, quiz_value, attempts: list[QuizAttempt]) -> bool:
    """Whether the trainee may see the correct answers of their attempts: after
    a pass, after the last allowed attempt, both (the default) or never. The
    cohort's trainers and staff always see them (the view decides that)."""
    policy = quiz_value.get("reveal_answers") or "pass_or_last"
    limit = quiz_value.get("attempt_limit") or 0
    passed = any(a.passed for a in attempts)
    last_used = bool(limit) and len(attempts) >= limit
    if policy == "pass":
        return passed
    if policy == "last":
        return last_used
    if policy == "never":
        return False
    return passed or last_used


def _score(responses: list[QuizResponse]) -> int | None:
    if any(r.is_correct is None for r in responses):
        return None
    correct = sum(1 for r in responses if r.is_correct)
    return round(100 * correct / len(responses)) if responses else 0


@transaction.atomic
def quiz_submit(
    *, trainee, enrolment, lesson: LessonPage, answers: dict[str, list[str]]
) -> QuizAttempt:
    """Grade a submission on the server and save it as a new attempt. Refuses
    (StudyError, nothing written) incomplete or tampered answers and attempts over
    the limit. A pass completes the lesson and releases held module credit."""
    # One submission at a time per trainee: lock the enrolment row.
    Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    quiz = lesson.quiz_block()
    if quiz is None:
        raise StudyError(_("This lesson has no quiz."))
    module = ModulePage.objects.get(path=lesson.path[:-STEPLEN])
    previous = list(
        QuizAttempt.objects.filter(trainee=trainee, lesson=lesson).order_by("number")
    )
    if any(a.passed for a in previous):
        raise StudyError(_("You have already passed this quiz."))
    if any(a.status == QuizAttemptStatus.PENDING_REVIEW for a in previous):
        raise StudyError(
            _(
                "Your last attempt is waiting for a trainer's review. "
                "You can try again once it is graded."
            )
        )
    limit = quiz.value["attempt_limit"]
    if limit and len(previous) >= limit:
        raise StudyError(
            ngettext(
                "You have used your %(limit)s attempt at this "
                "quiz. Please contact your trainer.",
                "You have used all %(limit)s attempts at this "
                "quiz. Please contact your trainer.",
                limit,
            )
            % {"limit": limit}
        )
    opens_at = quiz_next_attempt_at(quiz_value=quiz.value, attempts=previous)
    if opens_at is not None:
        raise QuizCoolingDown(
            _(
                "Your next attempt at this quiz opens at %(when)s. "
                "Please take the time to review the lesson first."
            )
            % {
                "when": formats.date_format(
                    timezone.localtime(opens_at), "DATETIME_FORMAT"
                )
            },
            opens_at=opens_at,
        )
    number = len(previous) + 1
    questions = quiz_questions(
        lesson=lesson, module=module, trainee=trainee, attempt_number=number
    )
    if not questions:
        raise StudyError(_("This quiz has no questions yet. Please tell your trainer."))

    missing = []
    rows = []
    for position, question in enumerate(questions, start=1):
        given = [value for value in answers.get(question["id"], []) if value.strip()]
        if not given:
            missing.append(position)
            continue
        row = QuizResponse(
            question_id=question["id"],
            position=position,
            kind=question["kind"],
            prompt=question["prompt"],
            options=question["options"],
            explanation=question["explanation"],
        )
        if question["kind"] == "short_answer":
            row.text = given[0].strip()[:4000]
            row.is_correct = None
        else:
            valid = {option["id"] for option in question["options"]}
            chosen = set(given)
            if not chosen <= valid or (
                question["kind"] != "multiple_choice" and len(chosen) != 1
            ):
                raise StudyError(
                    _(
                        "Your answers did not match the questions shown. "
                        "Please reload the quiz and try again."
                    )
                )
            row.selected = sorted(chosen)
            row.is_correct = chosen == {
                o["id"] for o in question["options"] if o["correct"]
            }
        rows.append(row)
    if missing:
        raise StudyError(
            _(
                "Please answer every question before "
                "submitting. Unanswered: %(numbers)s."
            )
            % {"numbers": ", ".join(str(n) for n in missing)}
        )

    score = _score(rows)
    attempt = QuizAttempt.objects.create(
        trainee=trainee,
        enrolment=enrolment,
        lesson=lesson,
        revision_id=lesson.live_revision_id,
        number=number,
        status=QuizAttemptStatus.GRADED
        if score is not None
        else QuizAttemptStatus.PENDING_REVIEW,
        pass_mark=quiz.value["pass_mark"],
        score_percent=score,
        passed=score is not None and score >= quiz.value["pass_mark"],
        graded_at=timezone.now() if score is not None else None,
    )
    for row in rows:
        row.attempt = attempt
    QuizResponse.objects.bulk_create(rows)
    if attempt.passed:
        _quiz_passed(attempt=attempt, lesson=lesson, module=module)
    return attempt


def _quiz_passed(
    *, attempt: QuizAttempt, lesson: LessonPage, module: ModulePage
) -> None:
    lesson_complete(
        trainee=attempt.trainee,
        lesson=lesson,
        enrolment=attempt.enrolment,
        evidence_required=False,
    )
    credit_release(trainee=attempt.trainee, page=module, enrolment=attempt.enrolment)


@transaction.atomic
def quiz_response_review(
    *, response_id: int, reviewer, correct: bool, comment: str = ""
) -> QuizResponse:
    """A trainer marks a short answer. When the last one is marked the attempt is
    scored, and a pass completes the lesson. A response is reviewed only once."""
    response = (
        QuizResponse.objects.select_for_update()
        .select_related("attempt")
        .get(pk=response_id)
    )
    if response.kind != QuizResponse.Kind.SHORT:
        raise StudyError(_("Only short answers are reviewed by a trainer."))
    if response.reviewed_at is not None:
        raise StudyError(_("This answer has already been reviewed."))
    response.is_correct = correct
    response.reviewed_by = reviewer
    response.reviewed_at = timezone.now()
    response.reviewer_comment = comment.strip()[:2000]
    response.save(
        update_fields=["is_correct", "reviewed_by", "reviewed_at", "reviewer_comment"]
    )
    attempt = (
        QuizAttempt.objects.select_for_update()
        .select_related("enrolment", "trainee")
        .get(pk=response.attempt_id)
    )
    score = _score(list(attempt.responses.all()))
    if score is not None:
        attempt.score_percent = score
        attempt.passed = score >= attempt.pass_mark
        attempt.status = QuizAttemptStatus.GRADED
        attempt.graded_at = timezone.now()
        attempt.save(update_fields=["score_percent", "passed", "status", "graded_at"])
        if attempt.passed:
            lesson = LessonPage.objects.get(pk=attempt.lesson_id)
            module = ModulePage.objects.get(path=lesson.path[:-STEPLEN])
            _quiz_passed(attempt=attempt, lesson=lesson, module=module)
    return response


# --- journal, notes, position ------------------------------------------------------


@transaction.atomic
def journal_save(
    *, trainee, lesson: LessonPage, block_id: str, body: str
) -> JournalEntry:
    """Save (or replace) the trainee's private answer to one reflection prompt."""
    block = next(
        (b for b in lesson.body if b.id == block_id and b.block_type == "reflection"),
        None,
    )
    if block is None:
        raise StudyError(
            _("This reflection prompt no longer exists. Please reload the lesson.")
        )
    body = body.strip()
    if not body:
        raise StudyError(_("Write something before saving your journal entry."))
    if len(body) > NOTE_MAX_CHARS:
        raise StudyError(_("Journal entries can be at most 10,000 characters long."))
    entry, _created = JournalEntry.objects.update_or_create(
        trainee=trainee,
        lesson=lesson,
        block_id=block_id,
        defaults={"body": body, "prompt": block.value["prompt"]},
    )
    return entry


@transaction.atomic
def note_save(*, trainee, lesson: LessonPage, body: str) -> LessonNote | None:
    """Save the trainee's private notes on a lesson; empty notes are removed."""
    body = body.strip()
    if len(body) > NOTE_MAX_CHARS:
        raise StudyError(_("Notes can be at most 10,000 characters long."))
    if not body:
        LessonNote.objects.filter(trainee=trainee, lesson=lesson).delete()
        return None
    note, _created = LessonNote.objects.update_or_create(
        trainee=trainee, lesson=lesson, defaults={"body": body}
    )
    return note


def study_position_record(*, trainee, program, lesson) -> None:
    """Remember the lesson last opened (one row per trainee and program).
    One UPDATE on every visit but the first (no lock, no savepoint: the last
    visit wins either way)."""
    now = timezone.now()
    if not StudyPosition.objects.filter(trainee=trainee, program=program).update(
        lesson=lesson, visited_at=now
    ):
        StudyPosition.objects.update_or_create(
            trainee=trainee,
            program=program,
            defaults={"lesson": lesson, "visited_at": now},
        )


# --- evaluations and electives ---------------------------------------------------


@transaction.atomic
def evaluation_submit(*, trainee, enrolment, page, answers: dict) -> EvaluationResponse:
    """Record the trainee's evaluation of a module or course once, and release
    any hours that were waiting for it."""
    if EvaluationResponse.objects.filter(trainee=trainee, page_id=page.pk).exists():
        raise StudyError(_("You have already submitted this evaluation. Thank you."))
    response = EvaluationResponse.objects.create(
        trainee=trainee, enrolment=enrolment, page_id=page.pk, **answers
    )
    credit_release(trainee=trainee, page=page, enrolment=enrolment)
    return response


@transaction.atomic
def elective_choose(*, trainee, enrolment, course: CoursePage) -> ElectiveChoice:
    """Choose an elective; a program allows at most `electives_required` choices."""
    Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    program = enrolment.cohort.program
    if not course.is_elective or not course.path.startswith(program.path):
        raise StudyError(_("This course is not an elective of your program."))
    existing = ElectiveChoice.objects.filter(trainee=trainee, course=course).first()
    if existing is not None:
        return existing
    limit = program.electives_required
    if not limit:
        raise StudyError(
            _(
                "Every elective of this program is open to you; "
                "there is nothing to choose."
            )
        )
    taken = ElectiveChoice.objects.filter(
        trainee=trainee, course__path__startswith=program.path
    ).count()
    if taken >= limit:
        raise StudyError(
            ngettext(
                "You have already chosen your %(n)s elective.",
                "You have already chosen your %(n)s electives.",
                limit,
            )
            % {"n": limit}
        )
    return ElectiveChoice.objects.create(
        trainee=trainee, enrolment=enrolment, course=course
    )
