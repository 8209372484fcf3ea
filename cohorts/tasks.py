"""Celery tasks for cohorts. Each takes ids, re-fetches, and is idempotent."""

import time

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kaptraining.core.mail import mail_send
from kaptraining.core.task_names import keep_old_names
from kaptraining.core.urls import absolute_url
from kaptraining.notifications.services import notification_create

BATCH = 100
# A marking task hands over to a fresh task after this long, well inside the
# soft time limit; the cursor on the marking makes the hand-over seamless.
MARKING_BUDGET_SECONDS = 60


def _url(name, *args) -> str:
    return absolute_url(name, *args)


@shared_task(
    name="cohorts.application_decision_email",
    acks_late=True,
    reject_on_worker_lost=True,
)
def application_decision_email(application_id: int) -> bool:
    """Tell the applicant the staff decision and its message."""
    from .models import Application

    application = (
        Application.objects.select_related("applicant", "cohort")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return False
    decided = application.decided_at.isoformat() if application.decided_at else ""
    mail_send(
        "application_decision",
        to=application.applicant,
        context={
            "application": application,
            "url": _url("cohorts:application", application.pk),
        },
        key=f"application-decision:{application.pk}:{application.status}:{decided}",
    )
    notification_create(
        user=application.applicant,
        kind="application_decided",
        event_key=f"application-decision:{application.pk}:{application.status}:{decided}",
        title=gettext_lazy("Your application to %(cohort)s: %(status)s"),
        title_params={
            "cohort": application.cohort.name,
            "status": application.get_status_display(),
        },
        url=reverse("cohorts:application", args=[application.pk]),
        mailed_by_caller=True,
    )
    return True


@shared_task(
    name="cohorts.seat_offer_email", acks_late=True, reject_on_worker_lost=True
)
def seat_offer_email(offer_id: int) -> bool:
    """Tell a wait-listed applicant a place is theirs until the deadline."""
    from .models import OfferStatus, SeatOffer

    offer = (
        SeatOffer.objects.select_related(
            "application__applicant", "application__cohort"
        )
        .filter(pk=offer_id, status=OfferStatus.OPEN)
        .first()
    )
    if offer is None:
        return False
    applicant = offer.application.applicant
    mail_send(
        "seat_offer",
        to=applicant,
        context={
            "offer": offer,
            "application": offer.application,
            "deadline": timezone.localtime(offer.expires_at, _tz(applicant)),
            "url": _url("cohorts:application", offer.application_id),
        },
        key=f"seat-offer:{offer.pk}",
    )
    return True


def _tz(user):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


@shared_task(
    name="cohorts.announcement_email", acks_late=True, reject_on_worker_lost=True
)
def announcement_email(announcement_id: int) -> int:
    """E-mail an announcement to the cohort once: emailed_at and one queued
    message per member commit together, so a second run sends nothing."""
    from .community import MEMBER_STATUSES
    from .models import Announcement, Enrolment, EnrolmentStatus

    with transaction.atomic():
        announcement = (
            Announcement.objects.select_for_update(of=("self",))
            .select_related("cohort", "author")
            .filter(pk=announcement_id, emailed_at__isnull=True)
            .first()
        )
        if announcement is None:
            return 0
        announcement.emailed_at = timezone.now()
        announcement.save(update_fields=["emailed_at"])
        recipients = (
            Enrolment.objects.filter(
                cohort_id=announcement.cohort_id,
                status__in=[*MEMBER_STATUSES, EnrolmentStatus.PENDING_PAYMENT],
            )
            .select_related("trainee")
            .order_by("pk")
        )
        context = {
            "announcement": announcement,
            "url": _url("cohorts:home", announcement.cohort_id),
        }
        sent = 0
        for enrolment in recipients.iterator(chunk_size=BATCH):
            sent += bool(
                mail_send(
                    "cohort_announcement",
                    to=enrolment.trainee,
                    context=context,
                    key=f"announcement:{announcement.pk}:{enrolment.trainee_id}",
                )
            )
    return sent


@shared_task(
    name="cohorts.session_reminders_send", acks_late=True, reject_on_worker_lost=True
)
def session_reminders_send() -> int:
    """Beat: remind trainees of sessions in the next 24 hours, once per trainee
    and start time (a rescheduled session is reminded again)."""
    from .live import session_recipients, session_reminder_claim, session_reminders_due

    sent = 0
    for session in session_reminders_due():
        for enrolment in session_recipients(session):
            trainee = enrolment.trainee
            # The claim and the queued message commit together.
            with transaction.atomic():
                if not session_reminder_claim(session=session, trainee_id=trainee.pk):
                    continue
                mail_send(
                    "session_reminder",
                    to=trainee,
                    context={
                        "session": session,
                        "trainee": trainee,
                        "starts": timezone.localtime(session.starts_at, _tz(trainee)),
                        "ends": timezone.localtime(session.ends_at, _tz(trainee)),
                        "url": _url("cohorts:home", session.cohort_id),
                    },
                )
            sent += 1
    return sent


@shared_task(
    name="cohorts.seat_offers_expire", acks_late=True, reject_on_worker_lost=True
)
def seat_offers_expire() -> int:
    """Beat: expire waitlist offers past their deadline and pass places on."""
    from .admissions import seat_offers_expire as expire

    return expire()


@shared_task(
    name="cohorts.attendance_marking_run", acks_late=True, reject_on_worker_lost=True
)
def attendance_marking_run(marking_id: int, batch_size: int | None = None) -> int:
    """Save a queued marking batch by batch. Each batch commits with the
    marking's cursor, so a second delivery resumes after the last saved batch
    and every mark is recorded once. Returns how many trainees are done."""
    from .attendance import BATCH_SIZE, attendance_marking_step
    from .models import AttendanceMarking

    deadline = time.monotonic() + MARKING_BUDGET_SECONDS
    size = batch_size or BATCH_SIZE
    while attendance_marking_step(marking_id=marking_id, batch_size=size):
        if time.monotonic() > deadline:
            attendance_marking_run.delay(marking_id, batch_size)
            break
    return (
        AttendanceMarking.objects.filter(pk=marking_id)
        .values_list("done", flat=True)
        .first()
        or 0
    )


@shared_task(
    name="cohorts.session_cancelled_email",
    acks_late=True,
    reject_on_worker_lost=True,
)
def session_cancelled_email(session_id: int) -> int:
    """Tell each trainee holding a place that a session is cancelled, once:
    the notice row and the queued e-mail share a transaction, so a second
    cancel or a redelivered task skips those already told (the mail task
    retries a refused send)."""
    from .live import session_cancellation_claim, session_recipients
    from .models import LiveSession, SessionCancellationNotice, SessionStatus

    session = (
        LiveSession.objects.select_related("cohort")
        .filter(pk=session_id, status=SessionStatus.CANCELLED)
        .first()
    )
    if session is None or session.has_ended:
        return 0
    told = SessionCancellationNotice.objects.filter(session=session).values(
        "trainee_id"
    )
    recipients = session_recipients(session).exclude(trainee_id__in=told)
    sent = 0
    for enrolment in recipients:
        trainee = enrolment.trainee
        with transaction.atomic():
            if not session_cancellation_claim(session=session, trainee_id=trainee.pk):
                continue
            tz = _tz(trainee)
            mail_send(
                "session_cancelled",
                to=trainee,
                context={
                    "session": session,
                    "trainee": trainee,
                    "starts": timezone.localtime(session.starts_at, tz),
                    "ends": timezone.localtime(session.ends_at, tz),
                    "cohort_starts": timezone.localtime(
                        session.starts_at, session.cohort.tzinfo
                    ),
                    "cohort_ends": timezone.localtime(
                        session.ends_at, session.cohort.tzinfo
                    ),
                    "other_zone": tz.key != session.cohort.timezone,
                    "url": _url("cohorts:home", session.cohort_id),
                },
                key=f"session-cancelled:{session.pk}:{trainee.pk}",
            )
        sent += 1
    return sent


# The names these tasks had before they were named explicitly: messages queued
# under them before a deploy are forwarded until the queues drain.
keep_old_names(
    {
        "cohorts.tasks.application_decision_email": application_decision_email,
        "cohorts.tasks.seat_offer_email": seat_offer_email,
        "cohorts.tasks.announcement_email": announcement_email,
        "cohorts.tasks.session_reminders_send": session_reminders_send,
        "cohorts.tasks.seat_offers_expire": seat_offers_expire,
        "cohorts.tasks.attendance_marking_run": attendance_marking_run,
        "cohorts.tasks.session_cancelled_email": session_cancelled_email,
    }
)
