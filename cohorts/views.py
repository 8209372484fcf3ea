from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaptraining.credits.models import LedgerEntry
from kaptraining.credits.progress import program_progress
from kaptraining.credits.windows import completion_window_for

from .access import can_view_enrolment
from .admissions import applications_closed_message
from .models import (
    Application,
    Cohort,
    Enrolment,
    EnrolmentStatus,
)
from .pricing import cohort_quote, with_quotes
from .services import EnrolmentError, enrolment_create, enrolment_pace_to_confirm


def cohort_list(request):
    cohorts = with_quotes(
        c
        for c in Cohort.objects.open_for_enrolment()
        .with_seats_taken()
        .select_related("program")
        .order_by("start_date")
        if c.takes_enrolments_on()
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
            **_calendar(cohort),
        },
    )


def _calendar(cohort) -> dict:
    """What the cohort and enrol pages say about joining today: whether the
    cohort still takes enrolments, whether this is a late join (window from
    today), and the window a joiner would get, with its pace warning."""
    takes = cohort.takes_enrolments_on()
    return {
        "takes_enrolments": takes,
        "applications_closed": applications_closed_message(cohort)
        if cohort.by_application and not takes
        else "",
        "late_join": takes and cohort.is_late_join_on(),
        "join_window": cohort.window_if_joined_on() if takes else None,
    }


@login_required
@require_POST
def enrol(request, pk):
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    consent = request.POST.get("short_window_consent") == "1"
    try:
        enrolment = enrolment_create(
            cohort_id=cohort.pk, trainee=request.user, short_window_consent=consent
        )
    except EnrolmentError as exc:
        messages.error(request, str(exc))
        shown = Cohort.objects.with_seats_taken().select_related("program").get(pk=pk)
        return render(
            request,
            "cohorts/cohort_detail.html",
            {
                "cohort": shown,
                "quote": cohort_quote(cohort),
                "enrolment": None,
                **_calendar(shown),
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
        {
            "enrolment": enrolment,
            "cohort": cohort,
            "quote": cohort_quote(cohort),
            "window": completion_window_for(
                trainee_id=request.user.pk, program=cohort.program
            ),
            "pace": enrolment_pace_to_confirm(enrolment),
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
