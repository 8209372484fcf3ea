"""Retreat writes: registration (room, waitlist, enrolment, price), cancel,
waitlist promotion, transfer, day sessions and attendance, messages,
certificates of completion and the purge of sensitive details."""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.admissions import enrolment_withdraw
from cohorts.attendance import Mark, attendance_mark_many
from cohorts.live import live_session_schedule
from cohorts.models import (
    Attendance,
    CohortStatus,
    EnrolmentStatus,
    LiveSession,
    SessionKind,
    SessionStatus,
)
from cohorts.services import EnrolmentError, enrolment_create
from kaptraining.certificates.models import CertificateKind
from kaptraining.certificates.tasks import certificate_issue_award_task
from kaptraining.core.categories import Category
from kaptraining.core.mail import mail_send
from kaptraining.core.urls import absolute_url
from kaptraining.payments.services import account_for_enrolment

from .models import (
    SENSITIVE_FIELDS,
    RegistrationStatus,
    RetreatMessage,
    RetreatRegistration,
    RetreatRun,
    RoomType,
)

REGISTERING = (CohortStatus.OPEN, CohortStatus.FULL)
LICENCE_FIELDS = ("licence_type", "licence_state", "licence_number", "licence_expiry")


class RetreatError(Exception):
    """A user-facing reason a retreat step cannot be taken."""


@dataclass(frozen=True)
class Details:
    """What a registrant tells us for the venue (all but arrival optional)."""

    arrival_at: datetime.datetime
    departure_at: datetime.datetime
    dietary_needs: str = ""
    allergies: str = ""
    accessibility_needs: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    travel_details: str = ""
    airport_transfer: bool = False


def _lock_room(room_type_id: int, run: RetreatRun) -> RoomType:
    room = RoomType.objects.select_for_update().filter(pk=room_type_id, run=run).first()
    if room is None:
        raise RetreatError(_("Please choose one of the rooms offered for this run."))
    return room


def _room_taken(room: RoomType) -> int:
    return room.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def _take_place(registration: RetreatRegistration) -> bool:
    """Enrol in the run's cohort and price the account (tuition + lodging).
    The caller holds the room lock; False when the cohort itself is full."""
    try:
        enrolment = enrolment_create(
            cohort_id=registration.run.cohort_id, trainee=registration.trainee
        )
    except EnrolmentError:
        return False
    registration.enrolment = enrolment
    registration.status = RegistrationStatus.REGISTERED
    registration.save(update_fields=["enrolment", "status"])
    account_for_enrolment(enrolment=enrolment)
    return True


def _notify(registration: RetreatRegistration, template: str) -> None:
    mail_send(
        template,
        to=registration.trainee,
        context={
            "registration": registration,
            "run": registration.run,
            "url": absolute_url("retreats:registration", registration.pk),
        },
        key=f"{template}:{registration.pk}",
    )


def _check_details(run: RetreatRun, details: Details) -> None:
    if details.departure_at <= details.arrival_at:
        raise RetreatError(_("Your departure must be after your arrival."))
    cohort = run.cohort
    earliest = datetime.datetime.combine(
        cohort.start_date - datetime.timedelta(days=3), datetime.time.min, cohort.tzinfo
    )
    latest = datetime.datetime.combine(
        cohort.end_date + datetime.timedelta(days=3), datetime.time.max, cohort.tzinfo
    )
    if details.arrival_at < earliest or details.departure_at > latest:
        raise RetreatError(
            _("Arrival and departure must fall within three days of the retreat.")
        )


@transaction.atomic
def registration_create(
    *,
    run_id: int,
    trainee,
    room_type_id: int,
    details: Details,
    licence: dict | None = None,
    consent: bool = False,
) -> RetreatRegistration:
    """Register for a run: the room type row is locked, so two people cannot
    both take its last bed; a full room (or a full cohort) waitlists. A place
    enrols in the run's cohort and opens the account at tuition + lodging."""
    run = RetreatRun.objects.select_related("cohort", "page").filter(pk=run_id).first()
    if run is None or run.cohort.status not in REGISTERING:
        raise RetreatError(_("This retreat is not open for registration."))
    if not run.cohort.takes_enrolments_on():
        # The calendar rule of every way in (Cohort.takes_enrolments_on).
        raise RetreatError(
            _("This retreat has started and no longer takes registrations.")
        )
    room = _lock_room(room_type_id, run)
    if run.page.consent_required and not consent:
        raise RetreatError(
            _("Please read and agree to the experiential component to register.")
        )
    _check_details(run, details)
    if RetreatRegistration.objects.filter(
        run=run, trainee=trainee, status__in=["registered", "waitlisted"]
    ).exists():
        raise RetreatError(_("You are already registered for this retreat."))
    if licence:
        for name in LICENCE_FIELDS:
            setattr(
                trainee,
                name,
                licence.get(name) or ("" if name != "licence_expiry" else None),
            )
        trainee.save(update_fields=list(LICENCE_FIELDS))
    registration = RetreatRegistration.objects.create(
        run=run,
        trainee=trainee,
        room_type=room,
        status=RegistrationStatus.WAITLISTED,
        consented_at=timezone.now() if consent else None,
        **details.__dict__,
    )
    if _room_taken(room) < room.capacity and _take_place(registration):
        _notify(registration, "retreat_registered")
    else:
        _notify(registration, "retreat_waitlisted")
    return registration


def _promote(room: RoomType) -> list[RetreatRegistration]:
    """Give freed beds to the room's waitlist, first come first served
    (the caller holds the room lock)."""
    promoted = []
    waiting = room.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    free = room.capacity - _room_taken(room)
    for registration in waiting.select_related("run__cohort", "trainee")[
        : max(free, 0)
    ]:
        if not _take_place(registration):
            break
        _notify(registration, "retreat_promoted")
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, registration_id: int) -> RetreatRegistration:
    """Cancel a registration (kept, with its history), free the cohort place
    and offer the bed to the room's waitlist. Refunds follow the policy in
    Payments."""
    room_id = RetreatRegistration.objects.values_list("room_type_id", flat=True).get(
        pk=registration_id
    )
    room = RoomType.objects.select_for_update().get(pk=room_id)
    registration = RetreatRegistration.objects.select_for_update().get(
        pk=registration_id
    )
    if not registration.is_open:
        return registration
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    if registration.enrolment_id:
        enrolment_withdraw(enrolment_id=registration.enrolment_id)
    _promote(room)
    return registration


@transaction.atomic
def room_waitlist_advance(*, room_type_id: int) -> list[RetreatRegistration]:
    """Staff raised a room's capacity (or a cohort place freed): promote."""
    room = RoomType.objects.select_for_update().get(pk=room_type_id)
    return _promote(room)


@transaction.atomic
def registration_transfer(
    *, registration_id: int, to_run_id: int, room_type_id: int
) -> RetreatRegistration:
    """Move a registration to a later run of the same retreat: the new run
    gets a registration with the same details (a place, or its waitlist), the
    old one is marked transferred and its place offered on."""
    old = RetreatRegistration.objects.select_related("run__cohort", "trainee").get(
        pk=registration_id
    )
    if not old.is_open:
        raise RetreatError(_("Only an open registration can be transferred."))
    target = RetreatRun.objects.select_related("cohort").filter(pk=to_run_id).first()
    if (
        target is None
        or target.page_id != old.run.page_id
        or target.cohort.start_date <= old.run.cohort.start_date
    ):
        raise RetreatError(_("Choose a later run of the same retreat."))
    shift = target.cohort.start_date - old.run.cohort.start_date
    details = Details(
        arrival_at=old.arrival_at + shift,
        departure_at=old.departure_at + shift,
        **{
            name: getattr(old, name)
            for name in (
                *SENSITIVE_FIELDS,
                "travel_details",
                "airport_transfer",
            )
        },
    )
    registration_cancel(registration_id=old.pk)
    new = registration_create(
        run_id=target.pk,
        trainee=old.trainee,
        room_type_id=room_type_id,
        details=details,
        consent=old.consented_at is not None,
    )
    # Saved, not QuerySet.update(): the change of status is audit-logged.
    old = RetreatRegistration.objects.select_for_update().get(pk=old.pk)
    old.status = RegistrationStatus.TRANSFERRED
    old.transferred_to = new
    old.save(update_fields=["status", "transferred_to"])
    return new


@transaction.atomic
def registration_check_in(*, registration_id: int) -> RetreatRegistration:
    """Record arrival at the venue once."""
    registration = RetreatRegistration.objects.select_for_update().get(
        pk=registration_id
    )
    if registration.status != RegistrationStatus.REGISTERED:
        raise RetreatError(_("Only registered participants can be checked in."))
    if registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at"])
    return registration


# --- Days, attendance, certificates ---------------------------------------------


@transaction.atomic
def run_days_schedule(
    *, run: RetreatRun, start=datetime.time(9, 0)
) -> list[LiveSession]:
    """One live session per retreat day (idempotent: days that have one are
    kept), each crediting the page's minutes per day when attended."""
    cohort = run.cohort
    page = run.page
    existing = {
        timezone.localtime(s.starts_at, cohort.tzinfo).date(): s
        for s in LiveSession.objects.filter(
            cohort=cohort, kind=SessionKind.INTENSIVE
        ).exclude(status=SessionStatus.CANCELLED)
    }
    sessions = []
    day = cohort.start_date
    number = 1
    while day <= cohort.end_date:
        session = existing.get(day)
        if session is None:
            begins = datetime.datetime.combine(day, start)
            session = live_session_schedule(
                cohort=cohort,
                kind=SessionKind.INTENSIVE,
                title=_("%(retreat)s — day %(n)s")
                % {"retreat": page.title, "n": number},
                starts_at=begins,
                # A lunch hour on top of the credited time.
                ends_at=begins + datetime.timedelta(minutes=page.day_minutes + 60),
                location=page.venue_address or page.venue_name,
                credited_minutes=page.day_minutes,
                category=Category.EXPERIENTIAL,
            )
        sessions.append(session)
        day += datetime.timedelta(days=1)
        number += 1
    return sessions


@transaction.atomic
def day_attendance_save(*, session: LiveSession, present: set[int], by) -> int:
    """Mark a retreat day: the registrants with a paid place listed in
    `present` attended the whole day, the others were absent. Credits go to
    the ledger through cohorts' attendance (corrections append)."""
    run = RetreatRun.objects.get(cohort_id=session.cohort_id)
    enrolment_ids = list(
        run.registrations.filter(
            status=RegistrationStatus.REGISTERED,
            enrolment__status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED],
        ).values_list("enrolment_id", flat=True)
    )
    unknown = set(present) - set(enrolment_ids)
    if unknown:
        raise RetreatError(_("Someone marked present has no paid place on this run."))
    marks = [
        Mark(enrolment_id=pk, status="present" if pk in present else "absent")
        for pk in enrolment_ids
    ]
    return attendance_mark_many(session=session, marks=marks, by=by)


def completion_award_key(run: RetreatRun) -> str:
    return f"retreat:{run.pk}"


@transaction.atomic
def run_certificates_issue(*, run: RetreatRun, in_process: bool = False) -> int:
    """Enqueue a certificate of completion (the certificates app's Celery
    task, idempotent per award key) for each registrant present every day;
    `in_process` runs the same task now (the demo replays it on its day).
    Returns how many were enqueued."""
    days = list(
        LiveSession.objects.filter(cohort=run.cohort, kind=SessionKind.INTENSIVE)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
    if not days:
        raise RetreatError(_("Schedule the retreat days and record attendance first."))
    registrations = list(
        run.registrations.filter(status=RegistrationStatus.REGISTERED)
        .exclude(enrolment=None)
        .select_related("trainee")
    )
    present: dict[int, set[int]] = {}
    for enrolment_id, session_id in (
        Attendance.objects.current()
        .filter(
            session_id__in=days,
            enrolment_id__in=[r.enrolment_id for r in registrations],
            status__in=["present", "late", "left_early"],
        )
        .values_list("enrolment_id", "session_id")
    ):
        present.setdefault(enrolment_id, set()).add(session_id)
    page = run.page
    enqueued = 0
    for registration in registrations:
        if present.get(registration.enrolment_id, set()) != set(days):
            continue
        issue = (
            certificate_issue_award_task
            if in_process
            else certificate_issue_award_task.delay_on_commit
        )
        issue(
            registration.trainee_id,
            completion_award_key(run),
            CertificateKind.PROGRAM.value,
            _("Certificate of completion: %(title)s") % {"title": page.title},
            None,
            page.day_minutes * len(days),
            {
                "retreat": page.title,
                "starts_on": run.cohort.start_date.isoformat(),
                "ends_on": run.cohort.end_date.isoformat(),
                "venue": page.venue_name,
                "ce_statement": page.ce_statement,
            },
        )
        enqueued += 1
    return enqueued


@transaction.atomic
def run_message_send(*, run: RetreatRun, subject: str, body: str, by) -> RetreatMessage:
    """E-mail everyone registered or waitlisted on a run, once each."""
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise RetreatError(_("Please write a subject and a message."))
    message = RetreatMessage.objects.create(
        run=run, subject=subject, body=body, sent_by=by
    )
    token = uuid.uuid4().hex[:12]
    sent = 0
    for registration in run.registrations.filter(
        status__in=["registered", "waitlisted"]
    ).select_related("trainee"):
        sent += bool(
            mail_send(
                "retreat_message",
                to=registration.trainee,
                context={"message": message, "run": run},
                key=f"retreat_message:{message.pk}:{token}:{registration.trainee_id}",
            )
        )
    message.recipients = sent
    message.save(update_fields=["recipients"])
    return message


def retention_days() -> int:
    return settings.RETREAT_SENSITIVE_RETENTION_DAYS


@transaction.atomic
def registrations_purge_sensitive(*, today: datetime.date | None = None) -> int:
    """Blank dietary, allergy, accessibility and emergency details of runs
    that ended RETREAT_SENSITIVE_RETENTION_DAYS ago or more; returns how many
    registrations were purged. A second run finds nothing to do."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=retention_days())
    return RetreatRegistration.objects.filter(
        run__cohort__end_date__lte=cutoff, sensitive_purged_at__isnull=True
    ).update(
        **dict.fromkeys(SENSITIVE_FIELDS, ""),
        sensitive_purged_at=timezone.now(),
    )
