"""What cohorts hands to the registries of the apps below it, so that they
learn about enrolments and trainers without importing cohorts: enrolment
facts for credits, the trainer relationship for accounts. Imported once from
CohortsConfig.ready()."""

import zoneinfo

from kaptraining.accounts.relationships import (
    DECIDE,
    HOURS,
    STUDY,
    register_relationship,
)
from kaptraining.core.models import organisation_settings
from kaptraining.credits.enrolments import EnrolmentFact, register_enrolment_source

from .models import Cohort, Enrolment, EnrolmentStatus


@register_enrolment_source("cohorts")
def enrolments_for_credits(
    *, trainee_ids: list[int], program_id: int | None
) -> list[EnrolmentFact]:
    """The trainees' enrolments (in one program, or all), in one query."""
    enrolments = Enrolment.objects.filter(trainee_id__in=trainee_ids)
    if program_id is not None:
        enrolments = enrolments.filter(cohort__program_id=program_id)
    return [
        EnrolmentFact(
            pk=pk,
            trainee_id=trainee_id,
            program_id=program,
            status=status,
            # Self-paced: the access period runs from activation (or
            # sign-up while unpaid), in the cohort's time zone. A late joiner
            # (cohort with a late-join cutoff, joined after the start): the
            # window opens on the day they joined.
            starts_on=(
                _local_date(activated or created, tz)
                if self_paced
                else (
                    max(starts_on, _local_date(created, tz))
                    if late_join_until
                    else starts_on
                )
            ),
            timezone=tz,
        )
        for (
            pk,
            trainee_id,
            program,
            status,
            starts_on,
            tz,
            self_paced,
            activated,
            created,
            late_join_until,
        ) in enrolments.values_list(
            "pk",
            "trainee_id",
            "cohort__program_id",
            "status",
            "cohort__start_date",
            "cohort__timezone",
            "cohort__self_paced",
            "activated_at",
            "created_at",
            "cohort__late_join_until",
        )
    ]


def _local_date(moment, tz: str):
    return moment.astimezone(zoneinfo.ZoneInfo(tz)).date()


@register_relationship("trainer", opens={HOURS, STUDY})
def trains(user, trainee) -> bool:
    """A trainer of a cohort the trainee is enrolled in."""
    return Cohort.objects.filter(trainers=user, enrolments__trainee=trainee).exists()


@register_relationship("trainer_decides", opens={DECIDE})
def trainer_decides(user, trainee) -> bool:
    """A trainer of a cohort the trainee is active in, while the organisation
    lets trainers decide (OrganisationSettings.trainers_decide)."""
    return (
        bool(user.is_trainer)
        and organisation_settings().trainers_decide
        and Cohort.objects.filter(
            trainers=user,
            enrolments__trainee=trainee,
            enrolments__status=EnrolmentStatus.ACTIVE,
        ).exists()
    )
