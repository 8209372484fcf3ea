"""For a cohort's trainers and staff: quiz overview, item analysis and the
review of short answers."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from kaptraining.curriculum.models import (
    LessonPage,
)

from ..context import program_quiz_lessons
from ..forms import ReviewForm
from ..models import QuizAttempt, QuizResponse
from ..services import (
    StudyError,
    quiz_response_review,
)
from .lessons import _can_see_cohort


def _trainer_cohort(request, cohort_id) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=cohort_id)
    if not _can_see_cohort(request.user, cohort):
        raise Http404
    return cohort


def _render_cohort_quizzes(request, cohort, status=200):
    quiz_lessons = program_quiz_lessons(cohort.program)
    pending = list(
        QuizResponse.objects.filter(
            attempt__enrolment__cohort=cohort,
            kind=QuizResponse.Kind.SHORT,
            reviewed_at__isnull=True,
        ).select_related("attempt__trainee", "attempt__lesson")
    )
    return render(
        request,
        "study/cohort_quizzes.html",
        {"cohort": cohort, "quiz_lessons": quiz_lessons, "pending": pending},
        status=status,
    )


@login_required
def cohort_quizzes(request, cohort_id):
    """A trainer's overview: each quiz lesson of the program, and answers to review."""
    return _render_cohort_quizzes(request, _trainer_cohort(request, cohort_id))


@login_required
def item_analysis(request, cohort_id, lesson_id):
    """Results per question for one quiz and one cohort."""
    cohort = _trainer_cohort(request, cohort_id)
    lesson = get_object_or_404(
        LessonPage.objects.descendant_of(cohort.program), pk=lesson_id
    )
    attempts = QuizAttempt.objects.filter(lesson=lesson, enrolment__cohort=cohort)
    responses = QuizResponse.objects.filter(attempt__in=attempts).only(
        "question_id",
        "prompt",
        "options",
        "selected",
        "is_correct",
        "kind",
        "attempt_id",
    )
    items: dict[str, dict] = {}
    for response in responses.order_by("attempt_id"):
        item = items.setdefault(
            response.question_id,
            {
                "prompt": response.prompt,
                "kind": response.get_kind_display(),
                "answered": 0,
                "correct": 0,
                "pending": 0,
                "picks": Counter(),
                "options": {},
            },
        )
        item["prompt"] = response.prompt  # latest wording
        item["answered"] += 1
        item["correct"] += 1 if response.is_correct else 0
        item["pending"] += 1 if response.is_correct is None else 0
        for option in response.options:
            item["options"][option["id"]] = option
        item["picks"].update(response.selected)
    rows = []
    for item in items.values():
        graded = item["answered"] - item["pending"]
        rows.append(
            {
                **item,
                "percent": round(100 * item["correct"] / graded) if graded else None,
                "option_rows": [
                    {
                        "text": o["text"],
                        "correct": o["correct"],
                        "count": item["picks"].get(o["id"], 0),
                    }
                    for o in item["options"].values()
                ],
            }
        )
    rows.sort(
        key=lambda r: (
            r["percent"] is None,
            r["percent"] if r["percent"] is not None else 0,
        )
    )
    summary = {
        "attempts": attempts.count(),
        "trainees": attempts.values("trainee").distinct().count(),
        "passed": attempts.filter(passed=True).values("trainee").distinct().count(),
    }
    return render(
        request,
        "study/item_analysis.html",
        {"cohort": cohort, "lesson": lesson, "rows": rows, "summary": summary},
    )


@login_required
@require_POST
def review_response(request, pk):
    """A trainer of the trainee's cohort (or staff) marks a short answer."""
    response = get_object_or_404(
        QuizResponse.objects.select_related("attempt__enrolment__cohort"), pk=pk
    )
    cohort = response.attempt.enrolment.cohort
    if not _can_see_cohort(request.user, cohort):
        raise Http404
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose whether the answer is correct before saving your review."),
        )
        return _render_cohort_quizzes(request, cohort, status=400)
    try:
        quiz_response_review(
            response_id=response.pk,
            reviewer=request.user,
            correct=form.cleaned_data["correct"],
            comment=form.cleaned_data["comment"],
        )
    except StudyError as exc:
        messages.error(request, str(exc))
        return _render_cohort_quizzes(request, cohort, status=409)
    messages.success(request, _("Review saved."))
    return redirect("curriculum:cohort_quizzes", cohort_id=cohort.pk)
