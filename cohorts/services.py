"""Enrolment and study writes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Admission,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    LessonCompletion,
    seats_taken,
)
from .pricing import is_free


class EnrolmentError(Exception):
    """A user-facing reason an enrolment cannot be made."""


@transaction.atomic
def enrolment_create(*, cohort_id: int, trainee) -> Enrolment:
    """Take a place if one is free (direct-admission cohorts). The cohort row is
    locked so two trainees cannot both take the last place; places reserved by
    open waitlist offers count as taken."""
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
    if seats_taken(cohort.pk) >= cohort.capacity:
        raise EnrolmentError(_("Sorry, this cohort is full."))
    if existing is not None:
        existing.status = EnrolmentStatus.PENDING_PAYMENT
        existing.save(update_fields=["status"])
        enrolment = existing
    else:
        enrolment = Enrolment.objects.create(cohort=cohort, trainee=trainee)
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


@transaction.atomic
def lesson_complete(
    *, trainee, lesson, enrolment: Enrolment
) -> tuple[LessonCompletion, bool]:
    """Record completion once and credit the lesson's minutes to the ledger,
    with the page revision that was studied."""
    completion, created = LessonCompletion.objects.get_or_create(
        trainee=trainee,
        lesson=lesson,
        defaults={"enrolment": enrolment, "revision_id": lesson.live_revision_id},
    )
    if created:
        # Credit now unless a post-test or evaluation holds the hours back; the
        # curriculum releases held credit when that requirement is met.
        from kaptraining.curriculum.services import lesson_credit

        lesson_credit(completion=completion, lesson=lesson, enrolment=enrolment)
    return completion, created
