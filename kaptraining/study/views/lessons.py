"""On a lesson: completing it, its quiz and the review of an attempt, the
journal and notes."""

import json
import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kaptraining.curriculum.models import (
    LessonPage,
)

from ..access import lesson_access
from ..models import JournalEntry, QuizAttempt
from ..services import (
    LessonCompleted,
    QuizCoolingDown,
    StudyError,
    journal_save,
    lesson_complete,
    media_progress_record,
    note_save,
    quiz_answers_revealed,
    quiz_submit,
)


def _studying_access(request, lesson):
    """The access of an enrolled trainee who may study this lesson, else None
    with the refusal page to return."""
    access = lesson_access(request.user, lesson)
    if access.can_complete:
        # lesson.serve() (to re-show the lesson with an error) reuses it.
        request.lesson_access = access
        return access, None
    reason = access.reason or _("Only enrolled trainees can do this.")
    return None, render(
        request,
        "study/lesson_locked.html",
        {"page": lesson, "access": access, "reason": reason},
        status=403,
    )


@login_required
@require_POST
def complete_lesson(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    access = lesson_access(request.user, lesson)
    if not access.can_complete:
        messages.error(
            request, access.reason or _("Only enrolled trainees can complete lessons.")
        )
        return render(
            request,
            "study/lesson_locked.html",
            {"page": lesson, "access": access},
            status=403,
        )
    if lesson.quiz_block() is not None:
        messages.error(request, _("Pass the quiz to complete this lesson."))
        return render(
            request,
            "study/lesson_locked.html",
            {
                "page": lesson,
                "access": access,
                "reason": _("Pass the quiz to complete this lesson."),
            },
            status=409,
        )
    request.lesson_access = access
    try:
        done = lesson_complete(
            trainee=request.user, lesson=lesson, enrolment=access.enrolment
        )
    except StudyError as exc:
        return _lesson_with_error(request, lesson, str(exc), status=409)
    level, message = completion_message(done)
    messages.add_message(request, level, message)
    return redirect(lesson.url)


def completion_message(done: LessonCompleted) -> tuple[int, str]:
    """What completing a lesson did, in the trainee's words: credit added, credit
    held (and until what), or nothing new."""
    credit = done.credit
    if not done.created or credit is None:
        return messages.INFO, _("You had already completed this lesson.")
    if credit.credited:
        return messages.SUCCESS, ngettext(
            "Lesson complete: %(minutes)s minute of credit added to your record.",
            "Lesson complete: %(minutes)s minutes of credit added to your record.",
            credit.minutes,
        ) % {"minutes": credit.minutes}
    if credit.holds:
        return messages.WARNING, " ".join(
            [
                ngettext(
                    "Lesson complete. Its %(minutes)s minute of credit is held.",
                    "Lesson complete. Its %(minutes)s minutes of credit are held.",
                    credit.minutes,
                )
                % {"minutes": credit.minutes},
                *credit.holds,
            ]
        )
    return messages.SUCCESS, _("Lesson complete.")


def _lesson_with_error(request, lesson, message, status=400):
    messages.error(request, message)
    response = lesson.serve(request)
    response.status_code = status
    return response


@login_required
@require_POST
def quiz_submit_view(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    access, refusal = _studying_access(request, lesson)
    if refusal:
        return refusal
    answers: dict[str, list[str]] = {}
    for key in request.POST:
        if key.startswith("q-"):
            answers[key[2:]] = request.POST.getlist(key)
    try:
        attempt = quiz_submit(
            trainee=request.user,
            enrolment=access.enrolment,
            lesson=lesson,
            answers=answers,
        )
    except QuizCoolingDown as exc:
        request.quiz_answers = answers
        return _lesson_with_error(request, lesson, str(exc), status=409)
    except StudyError as exc:
        request.quiz_answers = answers
        return _lesson_with_error(request, lesson, str(exc))
    if attempt.passed:
        messages.success(
            request,
            _("You passed with %(score)s%%. The lesson is complete.")
            % {"score": attempt.score_percent},
        )
    elif attempt.score_percent is None:
        messages.info(
            request,
            _(
                "Thank you. A trainer will review your written "
                "answers; your score will appear here."
            ),
        )
    else:
        messages.warning(
            request,
            _(
                "You scored %(score)s%%; %(mark)s%% is needed to "
                "pass. Review your answers below."
            )
            % {"score": attempt.score_percent, "mark": attempt.pass_mark},
        )
    return redirect("curriculum:attempt", pk=attempt.pk)


def _can_see_cohort(user, cohort) -> bool:
    return user.is_staff or cohort.trainers.filter(pk=user.pk).exists()


@login_required
def attempt_review(request, pk):
    """The trainee reviews their answers; the cohort's trainers and staff may too."""
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("lesson", "enrolment__cohort", "trainee"),
        pk=pk,
    )
    if attempt.trainee_id != request.user.pk and not _can_see_cohort(
        request.user, attempt.enrolment.cohort
    ):
        raise Http404
    if attempt.trainee_id == request.user.pk:
        quiz = attempt.lesson.quiz_block()
        revealed = quiz is None or quiz_answers_revealed(
            quiz_value=quiz.value,
            attempts=list(
                QuizAttempt.objects.filter(
                    trainee=attempt.trainee_id, lesson=attempt.lesson_id
                )
            ),
        )
        policy = quiz.value.get("reveal_answers") if quiz else None
        reveal_note = {
            "pass": _("The correct answers are shown once you pass this quiz."),
            "last": _(
                "The correct answers are shown once you have used your last "
                "allowed attempt."
            ),
            "never": _("This quiz does not show its correct answers."),
        }.get(
            policy or "",
            _(
                "The correct answers are shown once you pass this quiz or have "
                "used your last allowed attempt."
            ),
        )
    else:
        revealed = True  # the cohort's trainers and staff grade; they see all
        reveal_note = ""
    return render(
        request,
        "study/attempt_review.html",
        {
            "revealed": revealed,
            "reveal_note": reveal_note,
            "attempt": attempt,
            "responses": attempt.responses.select_related("reviewed_by"),
            "lesson": attempt.lesson,
        },
    )


@login_required
@require_POST
def journal_save_view(request, lesson_id, block_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    _access, refusal = _studying_access(request, lesson)
    if refusal:
        return refusal
    try:
        journal_save(
            trainee=request.user,
            lesson=lesson,
            block_id=block_id,
            body=request.POST.get("body", ""),
        )
    except StudyError as exc:
        return _lesson_with_error(request, lesson, str(exc))
    messages.success(request, _("Your journal entry is saved. Only you can see it."))
    return redirect(lesson.url + f"#reflect-{block_id}")


@login_required
@require_POST
def note_save_view(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    _access, refusal = _studying_access(request, lesson)
    if refusal:
        return refusal
    try:
        note_save(
            trainee=request.user, lesson=lesson, body=request.POST.get("body", "")
        )
    except StudyError as exc:
        return _lesson_with_error(request, lesson, str(exc))
    messages.success(request, _("Your notes are saved. Only you can see them."))
    return redirect(lesson.url + "#notes")


@login_required
def journal(request):
    """The trainee's own journal: every reflection they wrote."""
    entries = (
        JournalEntry.objects.filter(trainee=request.user)
        .select_related("lesson")
        .order_by("-updated_at")
    )
    return render(request, "study/journal.html", {"entries": entries})


@login_required
@require_POST
def media_progress_view(request, lesson_id):
    """The ranges of a recording the trainee played (from media-progress.js);
    the server merges and clips them. JSON in, JSON out."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    access = lesson_access(request.user, lesson)
    if not access.can_complete:
        return JsonResponse(
            {"error": access.reason or _("Only enrolled trainees can do this.")},
            status=403,
        )
    try:
        duration = float(request.POST.get("duration") or 0)
        ranges = json.loads(request.POST.get("ranges") or "[]")
        if not isinstance(ranges, list) or not all(
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(x, int | float) and math.isfinite(x) for x in pair)
            for pair in ranges
        ):
            raise ValueError
        if not math.isfinite(duration):
            raise ValueError
    except (ValueError, TypeError):
        return JsonResponse(
            {"error": _("The playback report was not understood.")}, status=400
        )
    try:
        row = media_progress_record(
            trainee=request.user,
            lesson=lesson,
            block_id=request.POST.get("block_id", "")[:64],
            duration=duration,
            ranges=ranges,
        )
    except StudyError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"percent": row.percent, "watched": row.watched_seconds})
