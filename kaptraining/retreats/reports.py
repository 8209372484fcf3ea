"""What the venue and the check-in desk need, read in a fixed number of
queries: registrations by room, the dietary and accessibility summary,
arrivals, badges."""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RegistrationStatus, RetreatRegistration, RetreatRun


def registrations(run: RetreatRun, *, statuses=(RegistrationStatus.REGISTERED,)):
    return list(
        RetreatRegistration.objects.filter(run=run, status__in=statuses)
        .select_related("trainee", "room_type", "enrolment")
        .order_by("room_type__sort_order", "room_type_id", "trainee__last_name", "pk")
    )


def by_room(run: RetreatRun) -> list[tuple]:
    """[(room type, [registered...], [waitlisted...])] for every room type."""
    rows = registrations(
        run, statuses=(RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
    )
    rooms = list(run.room_types.order_by("sort_order", "pk"))
    return [
        (
            room,
            [r for r in rows if r.room_type_id == room.pk and r.status == "registered"],
            [r for r in rows if r.room_type_id == room.pk and r.status == "waitlisted"],
        )
        for room in rooms
    ]


def venue_summary(run: RetreatRun) -> dict:
    """Counts the kitchen and the venue plan with, and the people behind them."""
    rows = registrations(run)
    diets = Counter(
        (r.dietary_needs or "").strip().lower() or _("no dietary needs") for r in rows
    )
    return {
        "rows": rows,
        "total": len(rows),
        "diets": sorted(diets.items(), key=lambda item: (-item[1], item[0])),
        "with_allergies": [r for r in rows if r.allergies.strip()],
        "with_access": [r for r in rows if r.accessibility_needs.strip()],
        "airport": sum(r.airport_transfer for r in rows),
        "purged": any(r.sensitive_purged_at for r in rows),
    }


VENUE_HEADER = [
    "Name",
    "Room",
    "Arrival",
    "Departure",
    "Dietary needs",
    "Allergies",
    "Accessibility needs",
    "Emergency contact",
    "Emergency phone",
    "Airport transfer",
]


def _local(value, run):
    return timezone.localtime(value, run.cohort.tzinfo).strftime("%Y-%m-%d %H:%M")


def venue_rows(run: RetreatRun):
    yield VENUE_HEADER
    for r in registrations(run):
        yield [
            r.trainee.display_name,
            r.room_type.name,
            _local(r.arrival_at, run),
            _local(r.departure_at, run),
            r.dietary_needs,
            r.allergies,
            r.accessibility_needs,
            r.emergency_contact_name,
            r.emergency_contact_phone,
            "yes" if r.airport_transfer else "no",
        ]


def arrivals(run: RetreatRun) -> list[RetreatRegistration]:
    return sorted(registrations(run), key=lambda r: (r.arrival_at, r.pk))
