"""Registrant pages: register for a run, see (and cancel) one's registration."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaptraining.payments.services import quote_for_enrolment

from .forms import RegistrationForm
from .models import RegistrationStatus, RetreatRegistration, RetreatRun, RoomType
from .services import Details, RetreatError, registration_cancel, registration_create

DETAIL_FIELDS = (
    "arrival_at",
    "departure_at",
    "dietary_needs",
    "allergies",
    "accessibility_needs",
    "emergency_contact_name",
    "emergency_contact_phone",
    "travel_details",
    "airport_transfer",
)
LICENCE = ("licence_type", "licence_state", "licence_number", "licence_expiry")


def rooms_with_taken(run):
    return (
        RoomType.objects.filter(run=run)
        .annotate(
            taken=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
            )
        )
        .order_by("sort_order", "pk")
    )


def register(request, run_id):
    run = get_object_or_404(
        RetreatRun.objects.select_related("cohort", "page").filter(page__live=True),
        pk=run_id,
    )
    if run.cohort.status not in ("open", "full"):
        raise Http404
    rooms = rooms_with_taken(run)
    existing = RetreatRegistration.objects.filter(
        run=run, trainee=request.user, status__in=["registered", "waitlisted"]
    ).first()
    if existing is not None:
        return redirect("retreats:registration", existing.pk)
    form = RegistrationForm(
        request.POST or None, run=run, rooms=rooms, user=request.user
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = registration_create(
                    run_id=run.pk,
                    trainee=request.user,
                    room_type_id=data["room_type"].pk,
                    details=Details(**{k: data[k] for k in DETAIL_FIELDS}),
                    licence={k: data[k] for k in LICENCE},
                    consent=bool(data.get("consent")),
                )
            except RetreatError as exc:
                form.add_error(None, str(exc))
            else:
                if registration.status == RegistrationStatus.WAITLISTED:
                    messages.info(
                        request,
                        _(
                            "That room is full, so you are on its waitlist. "
                            "We will e-mail you when a place frees up."
                        ),
                    )
                return redirect("retreats:registration", registration.pk)
        status = 400
    return render(
        request,
        "retreats/register.html",
        {"run": run, "page": run.page, "form": form, "rooms": rooms},
        status=status,
    )


def registration(request, pk):
    registration = get_object_or_404(
        RetreatRegistration.objects.select_related(
            "run__cohort", "run__page", "room_type", "enrolment__cohort"
        ),
        pk=pk,
        trainee=request.user,
    )
    quote = (
        quote_for_enrolment(registration.enrolment) if registration.enrolment else None
    )
    return render(
        request,
        "retreats/registration.html",
        {"registration": registration, "run": registration.run, "quote": quote},
    )


@require_POST
def cancel(request, pk):
    registration = get_object_or_404(RetreatRegistration, pk=pk, trainee=request.user)
    registration_cancel(registration_id=registration.pk)
    messages.success(
        request,
        _(
            "Your registration is cancelled. Any refund follows the "
            "cancellation policy."
        ),
    )
    return redirect("retreats:registration", registration.pk)
