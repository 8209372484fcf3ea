"""Enrolment writes. (Lesson completion is kaptraining.study.services.)"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaptraining.credits.windows import JoinWindow

from .models import (
    Admission,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    seats_taken,
)
from .pricing import is_free


class EnrolmentError(Exception):
    """A user-facing reason an enrolment cannot be made."""


class PaceConsentNeeded(EnrolmentError):
    """Paying for a place whose pace is implausible needs the trainee's
    consent to it as it stands today; `pace` is what they must see."""

    def __init__(self, pace: JoinWindow):
        self.pace = pace
        super().__init__(
            _(
                "Only %(days)s days are now left in your completion window to "
                "earn %(hours)s required hours. Please confirm that you "
                "understand before paying."
            )
            % {"days": pace.days_left, "hours": f"{pace.required_hours:g}"}
        )


def enrolment_pace_to_confirm(enrolment: Enrolment) -> JoinWindow | None:
    """The implausible pace an unpaid place still needs consent to before it
    is paid for, or None. Consent counts on the day it was given: the warning
    (days left) is the same all that day, and a day later it is not."""
    if enrolment.status != EnrolmentStatus.PENDING_PAYMENT:
        return None
    cohort = enrolment.cohort
    today = cohort.local_today()
    pace = enrolment.window_if_paid_on(today)
    if not pace.implausible:
        return None
    given = enrolment.short_window_consent_at
    if given is not None and timezone.localtime(given, cohort.tzinfo).date() == today:
        return None
    return pace


@transaction.atomic
def enrolment_pace_consent(*, enrolment: Enrolment, consent: bool) -> None:
    """Checkout's re-check (payments calls it before taking or scheduling any
    money for an unpaid place): when the pace is implausible at the time of
    payment (credits.windows.implausible_pace), consent given today stands,
    consent given now is recorded, and without either PaceConsentNeeded is
    raised."""
    pace = enrolment_pace_to_confirm(enrolment)
    if pace is None:
        return
    if not consent:
        raise PaceConsentNeeded(pace)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    locked.short_window_consent_at = enrolment.short_window_consent_at = timezone.now()
    locked.save(update_fields=["short_window_consent_at"])


@transaction.atomic
def enrolment_create(
    *, cohort_id: int, trainee, short_window_consent: bool = False
) -> Enrolment:
    """Take a place if one is free (direct-admission cohorts). The cohort row is
    locked so two trainees cannot both take the last place; places reserved by
    open waitlist offers count as taken. Enrolment follows the calendar
    (Cohort.takes_enrolments_on), and a window too short for the program's
    hours (credits.windows.implausible_pace) needs the trainee's consent,
    which is recorded."""
    cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=cohort_id)
    )
    existing = Enrolment.objects.filter(cohort=cohort, trainee=trainee).first()
    if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN:
        return existing
    if cohort.admission == Admission.APPLICATION:
        raise EnrolmentError(
            _("This cohort admits trainees by application. Please apply instead.")
        )
    open_statuses = (CohortStatus.OPEN, CohortStatus.FULL)
    if cohort.status not in open_statuses or not cohort.program.live:
        raise EnrolmentError(_("This cohort is not open for enrolment."))
    if not cohort.takes_enrolments_on():
        raise EnrolmentError(
            _("This cohort has started and no longer takes enrolments.")
        )
    pace = cohort.window_if_joined_on()
    if pace.implausible and not short_window_consent:
        raise EnrolmentError(
            _(
                "Only %(days)s days would be left to earn %(hours)s required "
                "hours. Please confirm that you understand before enrolling."
            )
            % {"days": pace.days_left, "hours": f"{pace.required_hours:g}"}
        )
    consent_at = timezone.now() if pace.implausible else None
    if seats_taken(cohort.pk) >= cohort.capacity:
        raise EnrolmentError(_("Sorry, this cohort is full."))
    if existing is not None:
        existing.status = EnrolmentStatus.PENDING_PAYMENT
        existing.short_window_consent_at = consent_at
        existing.save(update_fields=["status", "short_window_consent_at"])
        enrolment = existing
    else:
        enrolment = Enrolment.objects.create(
            cohort=cohort, trainee=trainee, short_window_consent_at=consent_at
        )
    if seats_taken(cohort.pk) >= cohort.capacity and cohort.status == CohortStatus.OPEN:
        cohort.status = CohortStatus.FULL
        cohort.save(update_fields=["status"])
    if is_free(cohort):
        enrolment_activate(enrolment=enrolment)
    return enrolment


@transaction.atomic
def enrolment_activate(*, enrolment: Enrolment) -> Enrolment:
    """Open the curriculum to the trainee; repeat calls change nothing."""
    if enrolment.status == EnrolmentStatus.PENDING_PAYMENT:
        enrolment.status = EnrolmentStatus.ACTIVE
        enrolment.activated_at = timezone.now()
        enrolment.save(update_fields=["status", "activated_at"])
    return enrolment
