"""Live session writes: schedule in the cohort's time zone, change, cancel,
and remind. Calendar clients learn of changes through the event's SEQUENCE."""

import datetime
import zoneinfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Cohort,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
    SessionCancellationNotice,
    SessionReminder,
    SessionStatus,
)

# Changing any of these must reach calendars that already hold the event.
CALENDAR_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "location",
    "meeting_url",
    "status",
    "description",
)
REMINDER_LEAD = datetime.timedelta(hours=24)


class SessionError(Exception):
    """A user-facing reason a session cannot be saved."""


def local_to_utc(value: datetime.datetime, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    """A wall-clock time in `tz` as UTC. Times that do not exist (skipped by a
    spring-forward change) are refused rather than silently shifted."""
    if value.tzinfo is not None:
        return value.astimezone(datetime.UTC)
    aware = value.replace(tzinfo=tz)
    round_trip = aware.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != value:
        raise SessionError(
            _(
                "%(time)s does not exist in %(tz)s (the clocks change that night). "
                "Choose another time."
            )
            % {"time": value.strftime("%Y-%m-%d %H:%M"), "tz": tz.key}
        )
    return aware.astimezone(datetime.UTC)


@transaction.atomic
def live_session_schedule(*, cohort: Cohort, **fields) -> LiveSession:
    """Create a session; naive start/end are wall-clock times in the cohort's zone."""
    tz = cohort.tzinfo
    fields["starts_at"] = local_to_utc(fields["starts_at"], tz)
    fields["ends_at"] = local_to_utc(fields["ends_at"], tz)
    if fields["ends_at"] <= fields["starts_at"]:
        raise SessionError(_("The session must end after it starts."))
    return LiveSession.objects.create(cohort=cohort, **fields)


@transaction.atomic
def live_session_update(*, session_id: int, **changes) -> LiveSession:
    """Apply changes; if a calendar-visible field changed, raise SEQUENCE."""
    session = (
        LiveSession.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=session_id)
    )
    tz = session.cohort.tzinfo
    for key in ("starts_at", "ends_at"):
        if key in changes:
            changes[key] = local_to_utc(changes[key], tz)
    visible = False
    for key, value in changes.items():
        if getattr(session, key) != value:
            visible = visible or key in CALENDAR_FIELDS
            setattr(session, key, value)
    if session.ends_at <= session.starts_at:
        raise SessionError(_("The session must end after it starts."))
    if visible:
        session.sequence += 1
    session.save()
    return session


@transaction.atomic
def live_session_cancel(*, session_id: int, reason: str) -> LiveSession:
    """Cancel (kept in feeds as STATUS:CANCELLED so calendars remove it) and,
    once committed, e-mail the trainees; cancelling again changes nothing."""
    session = LiveSession.objects.select_for_update(of=("self",)).get(pk=session_id)
    if session.status == SessionStatus.CANCELLED:
        return session
    if session.attendances.exists():
        raise SessionError(
            _(
                "Attendance has been recorded for this session, so it "
                "cannot be cancelled."
            )
        )
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = reason.strip()[:300]
    session.sequence += 1
    session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    from .tasks import session_cancelled_email

    session_cancelled_email.delay_on_commit(session.pk)
    return session


def session_reminders_due(*, now=None):
    now = now or timezone.now()
    return (
        LiveSession.objects.scheduled()
        .filter(starts_at__gt=now, starts_at__lte=now + REMINDER_LEAD)
        .select_related("cohort")
    )


def session_reminder_claim(*, session: LiveSession, trainee_id: int) -> bool:
    """Claim the one reminder for this trainee and start time; False if taken."""
    try:
        with transaction.atomic():
            SessionReminder.objects.create(
                session=session, trainee_id=trainee_id, starts_at=session.starts_at
            )
    except IntegrityError:
        return False
    return True


def session_cancellation_claim(*, session: LiveSession, trainee_id: int) -> bool:
    """Claim the one cancellation notice for this trainee; False if taken."""
    try:
        with transaction.atomic():
            SessionCancellationNotice.objects.create(
                session=session, trainee_id=trainee_id
            )
    except IntegrityError:
        return False
    return True


def session_recipients(session: LiveSession):
    """Trainees holding a place who hear of the session: reminded of it, and
    told if it is cancelled. Withdrawn trainees are left out."""
    return (
        Enrolment.objects.filter(
            cohort_id=session.cohort_id,
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.PENDING_PAYMENT],
        )
        .select_related("trainee")
        .order_by("pk")
    )
