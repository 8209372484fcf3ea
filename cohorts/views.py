from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaptraining.certificates.models import Certificate
from kaptraining.credits.models import LedgerEntry
from kaptraining.credits.progress import program_progress
from kaptraining.curriculum.models import LessonPage, ProgramCategoryRequirement

from .access import can_view_enrolment, lesson_access
from .models import (
    Application,
    ApplicationStatus,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
)
from .pricing import cohort_quote, with_quotes
from .services import EnrolmentError, enrolment_create, lesson_complete


def cohort_list(request):
    cohorts = with_quotes(
        Cohort.objects.open_for_enrolment()
        .with_seats_taken()
        .select_related("program")
        .order_by("start_date")
    )
    return render(request, "cohorts/cohort_list.html", {"cohorts": cohorts})


def cohort_detail(request, pk):
    cohort = get_object_or_404(
        Cohort.objects.with_seats_taken()
        .select_related("program")
        .exclude(status="draft"),
        pk=pk,
    )
    enrolment = application = None
    if request.user.is_authenticated:
        enrolment = (
            Enrolment.objects.filter(cohort=cohort, trainee=request.user)
            .exclude(status=EnrolmentStatus.WITHDRAWN)
            .first()
        )
        application = Application.objects.filter(
            cohort=cohort, applicant=request.user
        ).first()
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "quote": cohort_quote(cohort),
            "enrolment": enrolment,
            "application": application,
        },
    )


@login_required
@require_POST
def enrol(request, pk):
    cohort = get_object_or_404(Cohort, pk=pk)
    try:
        enrolment = enrolment_create(cohort_id=cohort.pk, trainee=request.user)
    except EnrolmentError as exc:
        messages.error(request, str(exc))
        return render(
            request,
            "cohorts/cohort_detail.html",
            {
                "cohort": Cohort.objects.with_seats_taken()
                .select_related("program")
                .get(pk=pk),
                "quote": cohort_quote(cohort),
                "enrolment": None,
            },
            status=409,
        )
    if enrolment.is_active:
        messages.success(
            request, _("You are enrolled. Welcome to %(cohort)s.") % {"cohort": cohort}
        )
        return redirect("dashboard")
    return render(
        request,
        "cohorts/enrol_pay.html",
        {"enrolment": enrolment, "cohort": cohort, "quote": cohort_quote(cohort)},
    )


def _progress_rows(enrolments):
    rows = []
    for enrolment in enrolments:
        program = enrolment.cohort.program
        rows.append(
            {
                "enrolment": enrolment,
                "program": program,
                "progress": program_progress(
                    trainee_id=enrolment.trainee_id, program=program
                )
                if enrolment.is_active
                else None,
            }
        )
    return rows


@login_required
def dashboard(request):
    enrolments = (
        Enrolment.objects.filter(trainee=request.user)
        .select_related("cohort__program")
        .prefetch_related(
            Prefetch(
                "cohort__program__category_requirements",
                queryset=ProgramCategoryRequirement.objects.order_by("sort_order"),
            )
        )
    )
    certificates = Certificate.objects.filter(trainee=request.user).select_related(
        "program"
    )
    trained = (
        Cohort.objects.for_trainer(request.user).select_related("program")
        if request.user.is_trainer
        else []
    )
    live_cohorts = [e.cohort for e in enrolments if e.is_active]
    live_upcoming = (
        LiveSession.objects.scheduled()
        .filter(
            cohort__in=[c.pk for c in live_cohorts],
            ends_at__gt=timezone.now(),
        )
        .select_related("cohort")[:5]
    )
    live_applications = (
        Application.objects.filter(applicant=request.user)
        .exclude(status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.WITHDRAWN])
        .select_related("cohort")
    )
    return render(
        request,
        "cohorts/dashboard.html",
        {
            "rows": _progress_rows(enrolments),
            "certificates": certificates,
            "trained_cohorts": trained,
            "listing": getattr(request.user, "directory_listing", None),
            "live_cohorts": live_cohorts,
            "live_upcoming": live_upcoming,
            "live_applications": live_applications,
        },
    )


@login_required
def enrolment_detail(request, pk):
    """Progress and ledger for one enrolment: the trainee, their trainers, staff."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort__program", "trainee"), pk=pk
    )
    if not can_view_enrolment(request.user, enrolment):
        raise Http404
    program = enrolment.cohort.program
    entries = LedgerEntry.objects.for_program(
        enrolment.trainee_id, program.pk
    ).select_related("approved_by")
    return render(
        request,
        "cohorts/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "progress": program_progress(
                trainee_id=enrolment.trainee_id, program=program
            ),
            "entries": entries,
        },
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
            "curriculum/lesson_locked.html",
            {"page": lesson, "access": access},
            status=403,
        )
    if lesson.quiz_block() is not None:
        messages.error(request, _("Pass the quiz to complete this lesson."))
        return render(
            request,
            "curriculum/lesson_locked.html",
            {
                "page": lesson,
                "access": access,
                "reason": _("Pass the quiz to complete this lesson."),
            },
            status=409,
        )
    _completion, created = lesson_complete(
        trainee=request.user, lesson=lesson, enrolment=access.enrolment
    )
    if created:
        messages.success(
            request,
            _("Lesson complete: %(minutes)s minutes of credit added to your record.")
            % {"minutes": lesson.credited_minutes},
        )
    else:
        messages.info(request, _("You had already completed this lesson."))
    return redirect(lesson.url)
