"""Across a program: evaluations of modules and courses, elective choices and
curriculum search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from cohorts.models import Enrolment
from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    ProgramPage,
)

from ..forms import EvaluationForm
from ..outline import program_outline
from ..services import (
    StudyError,
    elective_choose,
    evaluation_done,
    evaluation_submit,
)


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
