"""Celery tasks for cohorts. Each takes ids, re-fetches, and is idempotent."""

import smtplib
import time

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

BATCH = 100
# A marking task hands over to a fresh task after this long, well inside the
# soft time limit; the cursor on the marking makes the hand-over seamless.
MARKING_BUDGET_SECONDS = 60


def _url(name, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


@shared_task(acks_late=True, reject_on_worker_lost=True)
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
    body = render_to_string(
        "cohorts/emails/application_decision.txt",
        {
            "application": application,
            "url": _url("cohorts:application", application.pk),
        },
    )
    send_mail(
        f"Your application to {application.cohort.name}: "
        f"{application.get_status_display()}",
        body,
        None,
        [application.applicant.email],
    )
    return True


@shared_task(acks_late=True, reject_on_worker_lost=True)
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
    body = render_to_string(
        "cohorts/emails/seat_offer.txt",
        {
            "offer": offer,
            "application": offer.application,
            "deadline": timezone.localtime(offer.expires_at, _tz(applicant)),
            "url": _url("cohorts:application", offer.application_id),
        },
    )
    send_mail(
        f"A place is free in {offer.application.cohort.name}",
        body,
        None,
        [applicant.email],
    )
    return True


def _tz(user):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def announcement_email(announcement_id: int) -> int:
    """E-mail an announcement to the cohort once, in batches; a second run
    finds emailed_at set and sends nothing."""
    from .community import MEMBER_STATUSES
    from .models import Announcement, Enrolment, EnrolmentStatus

    with transaction.atomic():
        announcement = (
            Announcement.objects.select_for_update(of=("self",))
            .select_related("cohort")
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
        .order_by("pk")
        .values_list("trainee__email", flat=True)
    )
    body = render_to_string(
        "cohorts/emails/announcement.txt",
        {
            "announcement": announcement,
            "url": _url("cohorts:home", announcement.cohort_id),
        },
    )
    subject = f"[{announcement.cohort.name}] {announcement.title}"
    sent = 0
    emails = list(recipients)
    with get_connection() as connection:
        for start in range(0, len(emails), BATCH):
            messages = [
                EmailMessage(subject, body, None, [email], connection=connection)
                for email in emails[start : start + BATCH]
            ]
            sent += connection.send_messages(messages) or 0
    return sent


@shared_task(acks_late=True, reject_on_worker_lost=True)
def session_reminders_send() -> int:
    """Beat: remind trainees of sessions in the next 24 hours, once per trainee
    and start time (a rescheduled session is reminded again)."""
    from .live import session_recipients, session_reminder_claim, session_reminders_due

    sent = 0
    for session in session_reminders_due():
        for enrolment in session_recipients(session):
            trainee = enrolment.trainee
            if not session_reminder_claim(session=session, trainee_id=trainee.pk):
                continue
            body = render_to_string(
                "cohorts/emails/session_reminder.txt",
                {
                    "session": session,
                    "trainee": trainee,
                    "starts": timezone.localtime(session.starts_at, _tz(trainee)),
                    "ends": timezone.localtime(session.ends_at, _tz(trainee)),
                    "url": _url("cohorts:home", session.cohort_id),
                },
            )
            send_mail(f"Reminder: {session.title}", body, None, [trainee.email])
            sent += 1
    return sent


@shared_task(acks_late=True, reject_on_worker_lost=True)
def seat_offers_expire() -> int:
    """Beat: expire waitlist offers past their deadline and pass places on."""
    from .admissions import seat_offers_expire as expire

    return expire()


@shared_task(acks_late=True, reject_on_worker_lost=True)
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
    acks_late=True,
    reject_on_worker_lost=True,
    # A mail server that refuses mid-way: those not yet told are told on retry.
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def session_cancelled_email(session_id: int) -> int:
    """Tell each trainee holding a place that a session is cancelled, once:
    the notice row and the e-mail share a transaction, so a second cancel or a
    redelivered task skips those already told, and a failed send is retried."""
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
    subject = _("Cancelled: %(title)s") % {"title": session.title}
    sent = 0
    with get_connection() as connection:
        for enrolment in recipients:
            trainee = enrolment.trainee
            with transaction.atomic():
                if not session_cancellation_claim(
                    session=session, trainee_id=trainee.pk
                ):
                    continue
                tz = _tz(trainee)
                body = render_to_string(
                    "cohorts/emails/session_cancelled.txt",
                    {
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
                )
                EmailMessage(
                    subject, body, None, [trainee.email], connection=connection
                ).send()
            sent += 1
    return sent


# Registered here so that the worker's autodiscovery imports it.
from .invitations import roster_invitation_email  # noqa: E402, F401
