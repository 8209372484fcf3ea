"""Enrolment and study writes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Cohort, CohortStatus, Enrolment, EnrolmentStatus, LessonCompletion


class EnrolmentError(Exception):
    """A user-facing reason an enrolment cannot be made."""


@transaction.atomic
def enrolment_create(*, cohort_id: int, trainee) -> Enrolment:
    """Take a place if one is free. The cohort row is locked so two trainees
    cannot both take the last place."""
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort_id)
    existing = Enrolment.objects.filter(cohort=cohort, trainee=trainee).first()
    if existing is not None:
        return existing
    if cohort.status != CohortStatus.OPEN or not cohort.program.live:
        raise EnrolmentError(_("This cohort is not open for enrolment."))
    taken = Enrolment.objects.filter(cohort=cohort, status__in=EnrolmentStatus.HOLDING_A_SEAT).count()
    if taken >= cohort.capacity:
        raise EnrolmentError(_("Sorry, this cohort is full."))
    enrolment = Enrolment.objects.create(cohort=cohort, trainee=trainee)
    if cohort.tuition_cents == 0:
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
def lesson_complete(*, trainee, lesson, enrolment: Enrolment) -> tuple[LessonCompletion, bool]:
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
