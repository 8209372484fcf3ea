"""CE acts on real events, inside the transaction that records them:
enrolment activated, attendance marked (cohorts), a post-test graded (study),
a CE certificate awarded (credits). Connected from CEConfig.ready()."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from cohorts.models import Enrolment
from cohorts.signals import attendance_recorded
from kaptraining.credits.signals import ce_certificate_awarded
from kaptraining.study.models import QuizAttempt, QuizAttemptStatus

from . import services
from .models import ActivityProfile


@receiver(post_save, sender=Enrolment, dispatch_uid="ce_enrolment_opens_participation")
def enrolment_saved(sender, instance, **kwargs):
    services.participations_open_for_enrolment(enrolment=instance)


@receiver(attendance_recorded, dispatch_uid="ce_attendance_recorded")
def attendance_saved(sender, *, session, rows, by, **kwargs):
    profiles = list(
        ActivityProfile.objects.filter(sessions=session).select_related("activity")
    )
    if not profiles:
        return
    trainees = {row.enrolment.trainee_id: row.enrolment.trainee for row in rows}
    for profile in profiles:
        for trainee in trainees.values():
            services.ce_attendance_refresh(profile=profile, trainee=trainee, by=by)


@receiver(post_save, sender=QuizAttempt, dispatch_uid="ce_post_test_graded")
def quiz_attempt_saved(sender, instance, **kwargs):
    if instance.status != QuizAttemptStatus.GRADED:
        return
    for profile in ActivityProfile.objects.filter(
        post_test_id=instance.lesson_id
    ).select_related("activity"):
        services.ce_post_test_graded(
            profile=profile,
            trainee=instance.trainee,
            score_percent=instance.score_percent,
        )


@receiver(ce_certificate_awarded, dispatch_uid="ce_certificate_to_ledger")
def certificate_awarded(sender, *, certificate, **kwargs):
    services.ce_ledger_credit(certificate=certificate)
