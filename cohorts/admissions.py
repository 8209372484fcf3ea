"""Admission writes: applications, staff decisions, the waitlist and its offers.

Lock order, everywhere: the cohort row first, then offers or applications, so
that two writers never wait on each other in opposite orders."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kaptraining.accounts.models import LicenceType

from .models import (
    Admission,
    Application,
    ApplicationStatus,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    OfferStatus,
    SeatOffer,
    seats_taken,
)
from .pricing import is_free
from .services import EnrolmentError, enrolment_activate


class AdmissionError(EnrolmentError):
    """A user-facing reason an admission step cannot be taken."""


APPLYING_STATUSES = (CohortStatus.OPEN, CohortStatus.FULL)
DECISIONS = ("accept", "waitlist", "decline")


def applications_closed_message(cohort: Cohort) -> str:
    """Why an application-only cohort that has started takes no more
    applicants (the calendar rule is Cohort.takes_enrolments_on)."""
    if cohort.late_join_until is not None:
        return _(
            "This cohort started on %(start)s and took late applicants until "
            "%(until)s; it no longer takes applications."
        ) % {
            "start": date_format(cohort.start_date, "DATE_FORMAT"),
            "until": date_format(cohort.late_join_until, "DATE_FORMAT"),
        }
    return _("This cohort started on %(start)s and no longer takes applications.") % {
        "start": date_format(cohort.start_date, "DATE_FORMAT")
    }


def takes_applications(cohort: Cohort) -> bool:
    """An application-only cohort takes applicants while it is open (or full:
    they join the waitlist) and its calendar takes enrolments (the same rule
    as direct enrolment, Cohort.takes_enrolments_on)."""
    return (
        cohort.admission == Admission.APPLICATION
        and cohort.status in APPLYING_STATUSES
        and cohort.takes_enrolments_on()
    )


@transaction.atomic
def application_submit(
    *,
    cohort_id: int,
    applicant,
    licence_type: str,
    licence_state: str,
    licence_number: str,
    licence_expiry: datetime.date | None,
    licence_document,
    professional_background: str,
    statement: str,
) -> Application:
    """One application per trainee and cohort; pre-licensed applicants are
    flagged so that staff see it and certification waits for a licence."""
    cohort = Cohort.objects.select_for_update(of=("self",)).get(pk=cohort_id)
    if cohort.admission != Admission.APPLICATION or cohort.status not in (
        APPLYING_STATUSES
    ):
        raise AdmissionError(_("This cohort is not taking applications."))
    if not cohort.takes_enrolments_on():
        raise AdmissionError(applications_closed_message(cohort))
    if Application.objects.filter(cohort=cohort, applicant=applicant).exists():
        raise AdmissionError(_("You have already applied to this cohort."))
    if Enrolment.objects.filter(cohort=cohort, trainee=applicant).exists():
        raise AdmissionError(_("You already have a place in this cohort."))
    return Application.objects.create(
        cohort=cohort,
        applicant=applicant,
        licence_type=licence_type,
        licence_state=licence_state,
        licence_number=licence_number.strip(),
        licence_expiry=licence_expiry,
        licence_document=licence_document,
        professional_background=professional_background.strip(),
        statement=statement.strip(),
        pre_licensed=licence_type == LicenceType.PRE_LICENSED,
    )


def _lock_cohort(cohort_id: int) -> Cohort:
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=cohort_id)
    )


def _take_seat(cohort: Cohort, trainee, *, reserved: bool) -> Enrolment:
    """Create (or revive) the enrolment for an admitted trainee. The caller
    holds the cohort lock; `reserved` means an open offer already holds the
    place, so capacity was checked when the offer was made. Nobody is
    admitted once the calendar closes the cohort (Cohort.takes_enrolments_on),
    whoever decides."""
    if not cohort.takes_enrolments_on():
        raise AdmissionError(applications_closed_message(cohort))
    if not reserved and seats_taken(cohort.pk) >= cohort.capacity:
        raise AdmissionError(
            _(
                "The cohort is full. Wait-list the applicant instead, and they will "
                "be offered the next place that frees up."
            )
        )
    enrolment, created = Enrolment.objects.get_or_create(cohort=cohort, trainee=trainee)
    if not created and enrolment.status == EnrolmentStatus.WITHDRAWN:
        enrolment.status = EnrolmentStatus.PENDING_PAYMENT
        enrolment.save(update_fields=["status"])
    if is_free(cohort):
        enrolment_activate(enrolment=enrolment)
    return enrolment


def cohort_sync_full(cohort: Cohort) -> None:
    """Open <-> full follows the seats (the caller holds the cohort lock)."""
    taken = seats_taken(cohort.pk)
    if cohort.status == CohortStatus.OPEN and taken >= cohort.capacity:
        cohort.status = CohortStatus.FULL
        cohort.save(update_fields=["status"])
    elif cohort.status == CohortStatus.FULL and taken < cohort.capacity:
        cohort.status = CohortStatus.OPEN
        cohort.save(update_fields=["status"])


@transaction.atomic
def application_decide(
    *, application_id: int, decision: str, message: str, by
) -> Application:
    """Accept (a place, pending payment), wait-list or decline a submitted or
    wait-listed application, and e-mail the applicant the decision."""
    if decision not in DECISIONS:
        raise AdmissionError(_("Choose accept, wait-list or decline."))
    cohort_id = Application.objects.values_list("cohort_id", flat=True).get(
        pk=application_id
    )
    cohort = _lock_cohort(cohort_id)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application_id)
    )
    allowed = {
        ApplicationStatus.SUBMITTED: DECISIONS,
        ApplicationStatus.WAITLISTED: ("accept", "decline"),
    }.get(application.status, ())
    if decision not in allowed:
        raise AdmissionError(
            _("This application is %(status)s; that decision cannot be made now.")
            % {"status": application.get_status_display().lower()}
        )
    now = timezone.now()
    if decision == "accept":
        application.enrolment = _take_seat(
            cohort, application.applicant, reserved=False
        )
        application.status = ApplicationStatus.ACCEPTED
    elif decision == "waitlist":
        application.status = ApplicationStatus.WAITLISTED
        application.waitlisted_at = now
    else:
        application.status = ApplicationStatus.DECLINED
    application.decided_at = now
    application.decided_by = by
    application.decision_message = message.strip()
    application.save()
    cohort_sync_full(cohort)
    from .tasks import application_decision_email

    application_decision_email.delay_on_commit(application.pk)
    return application


@transaction.atomic
def waitlist_advance(*, cohort_id: int) -> list[SeatOffer]:
    """Offer each free place to the next wait-listed applicant, first come
    first served, until places or the waitlist run out."""
    cohort = _lock_cohort(cohort_id)
    if cohort.status not in (*APPLYING_STATUSES, CohortStatus.IN_PROGRESS):
        return []
    if not cohort.takes_enrolments_on():
        return []  # a place freed after the cutoff is not offered on
    free = cohort.capacity - seats_taken(cohort.pk)
    if free <= 0:
        return []
    waiting = list(
        Application.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, status=ApplicationStatus.WAITLISTED)
        .order_by("waitlisted_at", "pk")[:free]
    )
    now = timezone.now()
    offers = []
    for application in waiting:
        application.status = ApplicationStatus.OFFERED
        application.save(update_fields=["status"])
        offers.append(
            SeatOffer.objects.create(
                application=application,
                offered_at=now,
                expires_at=now + datetime.timedelta(hours=cohort.waitlist_offer_hours),
            )
        )
    cohort_sync_full(cohort)
    from .tasks import seat_offer_email

    for offer in offers:
        seat_offer_email.delay_on_commit(offer.pk)
    return offers


def _lock_offer(offer_id: int) -> tuple[Cohort, SeatOffer]:
    cohort_id = SeatOffer.objects.values_list("application__cohort_id", flat=True).get(
        pk=offer_id
    )
    cohort = _lock_cohort(cohort_id)
    offer = (
        SeatOffer.objects.select_for_update(of=("self",))
        .select_related("application__applicant")
        .get(pk=offer_id)
    )
    return cohort, offer


def _expire(offer: SeatOffer, now) -> None:
    offer.status = OfferStatus.EXPIRED
    offer.answered_at = now
    offer.save(update_fields=["status", "answered_at"])
    application = offer.application
    application.status = ApplicationStatus.LAPSED
    application.save(update_fields=["status"])


def seat_offer_accept(*, offer_id: int, trainee) -> Enrolment:
    """Turn an open offer into an enrolment pending payment. An offer past
    its deadline is expired here (and passed on) rather than honoured."""
    with transaction.atomic():
        cohort, offer = _lock_offer(offer_id)
        application = offer.application
        if application.applicant_id != trainee.pk:
            raise SeatOffer.DoesNotExist
        now = timezone.now()
        expired = offer.status == OfferStatus.OPEN and offer.expires_at <= now
        if expired:
            _expire(offer, now)
        elif offer.status == OfferStatus.OPEN:
            offer.status = OfferStatus.ACCEPTED
            offer.answered_at = now
            offer.save(update_fields=["status", "answered_at"])
            application.enrolment = _take_seat(cohort, trainee, reserved=True)
            application.status = ApplicationStatus.ACCEPTED
            application.save(update_fields=["enrolment", "status"])
            return application.enrolment
    if expired:
        waitlist_advance(cohort_id=cohort.pk)
        raise AdmissionError(
            _(
                "Sorry, this offer expired and the place has passed to the next "
                "person on the waitlist."
            )
        )
    raise AdmissionError(_("This offer is no longer open."))


def seat_offer_decline(*, offer_id: int, trainee) -> SeatOffer:
    """The applicant says no; the place passes on at once."""
    with transaction.atomic():
        cohort, offer = _lock_offer(offer_id)
        if offer.application.applicant_id != trainee.pk:
            raise SeatOffer.DoesNotExist
        if offer.status != OfferStatus.OPEN:
            raise AdmissionError(_("This offer is no longer open."))
        offer.status = OfferStatus.DECLINED
        offer.answered_at = timezone.now()
        offer.save(update_fields=["status", "answered_at"])
        offer.application.status = ApplicationStatus.WITHDRAWN
        offer.application.save(update_fields=["status"])
    waitlist_advance(cohort_id=cohort.pk)
    return offer


def seat_offers_expire(*, now=None) -> int:
    """Expire every open offer past its deadline and pass each place on.
    Safe to run repeatedly and concurrently: each offer is re-checked under lock."""
    now = now or timezone.now()
    due = list(
        SeatOffer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=now)
        .order_by("expires_at")
        .values_list("pk", flat=True)
    )
    expired = 0
    for offer_id in due:
        with transaction.atomic():
            cohort, offer = _lock_offer(offer_id)
            if offer.status != OfferStatus.OPEN or offer.expires_at > now:
                continue
            _expire(offer, now)
            expired += 1
        waitlist_advance(cohort_id=cohort.pk)
    return expired


@transaction.atomic
def enrolment_withdraw(*, enrolment_id: int) -> Enrolment:
    """Free the place (the row and its history are kept) and offer it on."""
    cohort_id = Enrolment.objects.values_list("cohort_id", flat=True).get(
        pk=enrolment_id
    )
    _lock_cohort(cohort_id)
    enrolment = Enrolment.objects.select_for_update(of=("self",)).get(pk=enrolment_id)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        return enrolment
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status"])
    waitlist_advance(cohort_id=cohort_id)
    return enrolment
