"""CE writes: participation follows enrolment, attendance and post-tests feed
it, evaluations are submitted against the activity's form, staff override
with a reason. Every award goes through credits.ce.ce_certificate_award
(once per participation) and so through the same certificate task."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Attendance, Enrolment, EnrolmentStatus
from kaptraining.credits import ce as credits_ce
from kaptraining.credits.models import CEParticipation, Source
from kaptraining.credits.services import ledger_credit

from .models import ActivityProfile, CreditOverride

ACTIVE = (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)


@transaction.atomic
def participations_open_for_enrolment(*, enrolment: Enrolment) -> list[CEParticipation]:
    """An active enrolment in a cohort that carries CE opens the trainee's
    participation in each of its activities (idempotent)."""
    if enrolment.status not in ACTIVE:
        return []
    return [
        credits_ce.ce_participation_open(
            activity=profile.activity, trainee=enrolment.trainee
        )
        for profile in ActivityProfile.objects.filter(
            cohort_id=enrolment.cohort_id
        ).select_related("activity")
    ]


def _participation(profile: ActivityProfile, trainee) -> CEParticipation:
    return credits_ce.ce_participation_open(activity=profile.activity, trainee=trainee)


@transaction.atomic
def ce_attendance_refresh(*, profile: ActivityProfile, trainee, by) -> CEParticipation:
    """Minutes present at the activity's sessions (current attendance rows)
    become the participation's verified attendance, and the award is tried."""
    minutes = (
        Attendance.objects.current()
        .filter(session__in=profile.sessions.all(), enrolment__trainee=trainee)
        .aggregate(total=Sum("minutes_attended"))["total"]
        or 0
    )
    participation = _participation(profile, trainee)
    return credits_ce.ce_attendance_verify(
        participation_id=participation.pk, attended_minutes=minutes, by=by
    )


@transaction.atomic
def ce_post_test_graded(
    *, profile: ActivityProfile, trainee, score_percent: int | None
):
    """A graded post-test attempt: the best score is kept; at or above the
    activity's pass mark the test counts as passed (once) and the award is
    tried. A failed attempt awards nothing; a later pass awards then."""
    if score_percent is None:
        return None
    participation = CEParticipation.objects.select_for_update().get(
        pk=_participation(profile, trainee).pk
    )
    best = max(score_percent, participation.post_test_score or 0)
    participation.post_test_score = best
    if best >= profile.pass_mark and participation.post_test_passed_at is None:
        participation.post_test_passed_at = timezone.now()
    participation.save(update_fields=["post_test_score", "post_test_passed_at"])
    credits_ce.ce_certificate_award(participation_id=participation.pk)
    return participation


@transaction.atomic
def ce_evaluation_record(
    *, participation: CEParticipation, answers: dict
) -> CEParticipation:
    """The trainee's answers to the activity's evaluation form (validated by
    the form); submitted once, then the award is tried."""
    return credits_ce.ce_evaluation_submit(
        participation_id=participation.pk, answers=answers
    )


@transaction.atomic
def ce_credit_override(
    *, participation_id: int, attended_minutes: int, reason: str, by
) -> CreditOverride:
    """Staff replace recorded attendance for one participant, with a reason
    (kept, audit-logged); refused once a certificate exists (revoke and
    reissue instead)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for the override; it is kept on record.")}
        )
    participation = (
        CEParticipation.objects.select_for_update()
        .select_related("activity")
        .get(pk=participation_id)
    )
    if (
        attended_minutes < 0
        or attended_minutes > participation.activity.contact_minutes
    ):
        raise ValidationError(
            {
                "attended_minutes": _(
                    "Enter the minutes to credit, from 0 to the activity's "
                    "%(minutes)s minutes."
                )
                % {"minutes": participation.activity.contact_minutes}
            }
        )
    if hasattr(participation, "certificate"):
        raise ValidationError(
            _(
                "This participant already holds a CE certificate; it cannot "
                "be overridden."
            )
        )
    override = CreditOverride.objects.create(
        participation=participation,
        attended_minutes=attended_minutes,
        reason=reason[:500],
        by=by,
    )
    credits_ce.ce_attendance_verify(
        participation_id=participation.pk, attended_minutes=attended_minutes, by=by
    )
    return override


@transaction.atomic
def ce_ledger_credit(*, certificate) -> None:
    """Where the activity asks for it, the CE hours are credited to the
    program's ledger once (keyed by the CE certificate)."""
    activity = certificate.activity
    profile = ActivityProfile.objects.filter(activity=activity).first()
    if profile is None or not profile.ledger_category or activity.program_id is None:
        return
    minutes = max(
        (int(Decimal(c["hours"]) * 60) for c in certificate.credits), default=0
    )
    if minutes <= 0:
        return
    ledger_credit(
        trainee=certificate.trainee,
        program=activity.program,
        category=profile.ledger_category,
        minutes=minutes,
        source=Source.CE_ACTIVITY,
        source_id=f"ce-certificate-{certificate.pk}",
        description=activity.title[:300],
        rule=_("CE certificate %(number)s") % {"number": certificate.number},
        earned_on=certificate.completed_on,
    )
