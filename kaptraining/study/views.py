"""Study views: lesson completion, quizzes, journal, notes, evaluations,
electives, search, and the trainer's quiz analysis and short-answer review.
Thin: services do the writes."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Page

from cohorts.models import Cohort, Enrolment
from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    ProgramPage,
)

from .access import lesson_access
from .context import program_quiz_lessons
from .forms import EvaluationForm, ReviewForm
from .models import JournalEntry, QuizAttempt, QuizResponse
from .outline import program_outline
from .services import (
    LessonCompleted,
    StudyError,
    elective_choose,
    evaluation_done,
    evaluation_submit,
    journal_save,
    lesson_complete,
    note_save,
    quiz_response_review,
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
    done = lesson_complete(
        trainee=request.user, lesson=lesson, enrolment=access.enrolment
    )
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
    return render(
        request,
        "study/attempt_review.html",
        {
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


def _studying_enrolment(user, program):
    return (
        Enrolment.objects.studying()
        .select_related("cohort__program")
        .filter(trainee=user, cohort__program=program)
        .first()
    )


@login_required
def evaluation(request, page_id):
    page = get_object_or_404(_evaluable_pages(), pk=page_id)
    levels_below_program = 2 if isinstance(page, ModulePage) else 1
    program = ProgramPage.objects.filter(
        path=page.path[: -page.steplen * levels_below_program]
    ).first()
    enrolment = _studying_enrolment(request.user, program) if program else None
    if enrolment is None:
        raise Http404
    if evaluation_done(trainee=request.user, page=page):
        messages.info(
            request, _("You have already submitted this evaluation. Thank you.")
        )
        return redirect(page.url)
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                evaluation_submit(
                    trainee=request.user,
                    enrolment=enrolment,
                    page=page,
                    answers=form.cleaned_data,
                )
            except StudyError as exc:
                messages.error(request, str(exc))
                return redirect(page.url)
            messages.success(
                request,
                _(
                    "Thank you for your evaluation. Any hours that "
                    "were waiting for it now count."
                ),
            )
            return redirect(page.url)
        status = 400
    return render(
        request,
        "study/evaluation.html",
        {"page": page, "form": form},
        status=status,
    )


def _evaluable_pages():
    return Page.objects.live().type(ModulePage, CoursePage).specific()


@login_required
@require_POST
def elective_choose_view(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    program = ProgramPage.objects.filter(path=course.path[: -course.steplen]).first()
    enrolment = _studying_enrolment(request.user, program) if program else None
    if enrolment is None:
        raise Http404
    try:
        elective_choose(trainee=request.user, enrolment=enrolment, course=course)
    except StudyError as exc:
        messages.error(request, str(exc))
        response = program.serve(request)
        response.status_code = 409
        return response
    messages.success(
        request,
        _("You chose the elective “%(title)s”. Its lessons are open.")
        % {"title": course.title},
    )
    return redirect(course.url)


@login_required
def search(request):
    """Search the curriculum of the programs the trainee is enrolled in."""
    enrolments = list(
        Enrolment.objects.studying()
        .select_related("cohort__program")
        .filter(trainee=request.user)
    )
    if not enrolments:
        return render(
            request,
            "study/search.html",
            {
                "refused": _(
                    "Curriculum search is open to trainees enrolled in a program."
                )
            },
            status=403,
        )
    query = request.GET.get("q", "").strip()[:200]
    tag = request.GET.get("tag", "").strip()[:100]
    groups = []
    for enrolment in enrolments:
        program = enrolment.cohort.program
        lessons = LessonPage.objects.live().descendant_of(program)
        if tag:
            found = list(lessons.filter(tags__slug=tag).order_by("path"))
        elif query:
            found = list(lessons.search(query))
        else:
            found = []
        outline = (
            program_outline(program=program, trainee=request.user, enrolment=enrolment)
            if found
            else None
        )
        groups.append(
            {
                "program": program,
                "results": [
                    (page, outline.lesson(page.pk) if outline else None)
                    for page in found
                ],
            }
        )
    return render(
        request,
        "study/search.html",
        {"query": query, "tag": tag, "groups": groups},
    )


# --- trainers and staff -------------------------------------------------------------


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
