"""Applicant-facing views: apply, follow an application, answer an offer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .admissions import (
    AdmissionError,
    application_submit,
    applications_closed_message,
    seat_offer_accept,
    seat_offer_decline,
    takes_applications,
)
from .forms import ApplicationForm
from .models import Admission, Application, Cohort, CohortStatus, OfferStatus, SeatOffer
from .services import enrolment_pace_to_confirm


@login_required
def apply(request, pk):
    cohort = get_object_or_404(
        Cohort.objects.select_related("program").exclude(status=CohortStatus.DRAFT),
        pk=pk,
        admission=Admission.APPLICATION,
    )
    existing = Application.objects.filter(cohort=cohort, applicant=request.user).first()
    if existing is not None:
        return redirect("cohorts:application", existing.pk)
    if not takes_applications(cohort):
        # The calendar rule (or the cohort's status) closed applications: say
        # why, show no form, and read nothing a POST sent.
        closed = (
            applications_closed_message(cohort)
            if not cohort.takes_enrolments_on()
            else _("This cohort is not taking applications.")
        )
        return render(
            request,
            "cohorts/apply.html",
            {"cohort": cohort, "closed": closed},
            status=409 if request.method == "POST" else 200,
        )
    user = request.user
    initial = {
        "licence_type": user.licence_type,
        "licence_state": user.licence_state,
        "licence_number": user.licence_number,
        "licence_expiry": user.licence_expiry,
    }
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                application = application_submit(
                    cohort_id=cohort.pk, applicant=user, **form.cleaned_data
                )
            except AdmissionError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your application has been sent; we will e-mail you "
                        "when staff have reviewed it."
                    ),
                )
                return redirect("cohorts:application", application.pk)
        else:
            status = 400
    return render(
        request, "cohorts/apply.html", {"cohort": cohort, "form": form}, status=status
    )


def _own_application(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("cohort__program", "enrolment"), pk=pk
    )
    if application.applicant_id != request.user.pk:
        raise Http404
    return application


@login_required
def application_detail(request, pk):
    application = _own_application(request, pk)
    offer = application.offers.filter(status=OfferStatus.OPEN).first()
    return render(
        request,
        "cohorts/application_detail.html",
        {"application": application, "offer": offer},
    )


@login_required
def licence_document(request, pk):
    """The uploaded licence: only the applicant and staff may download it."""
    application = get_object_or_404(Application, pk=pk)
    if not (request.user.is_staff or application.applicant_id == request.user.pk):
        raise Http404
    if not application.licence_document:
        raise Http404
    handle = application.licence_document.open("rb")
    name = application.licence_document.name.rsplit("/", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=f"licence-{application.pk}-{name}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def offer_answer(request, pk, answer):
    if answer not in ("accept", "decline"):
        raise Http404
    offer = get_object_or_404(SeatOffer, pk=pk, application__applicant=request.user)
    try:
        if answer == "accept":
            enrolment = seat_offer_accept(offer_id=offer.pk, trainee=request.user)
            if enrolment.is_active:
                messages.success(request, _("Welcome! Your place is confirmed."))
                return redirect("dashboard")
            messages.success(
                request, _("The place is yours. Pay tuition to confirm it.")
            )
            return render(
                request,
                "cohorts/enrol_pay.html",
                {
                    "enrolment": enrolment,
                    "cohort": enrolment.cohort,
                    # An offer is not the enrol form: checkout asks for the
                    # pace consent here when the window is too short.
                    "pace": enrolment_pace_to_confirm(enrolment),
                },
            )
        seat_offer_decline(offer_id=offer.pk, trainee=request.user)
        messages.info(
            request,
            _("You declined the place. It has been offered to the next person."),
        )
    except AdmissionError as exc:
        messages.error(request, str(exc))
        application = _own_application(request, offer.application_id)
        return render(
            request,
            "cohorts/application_detail.html",
            {"application": application, "offer": None},
            status=409,
        )
    return redirect("cohorts:application", offer.application_id)
