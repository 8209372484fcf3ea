"""What every mentorship service shares: its error, who counts as a trainee of
a round, and the address of a pair's page."""

import zoneinfo

from django.utils import timezone

from cohorts.models import Enrolment, EnrolmentStatus
from kaptraining.core.urls import absolute_url

from ..models import (
    PairingRound,
)


class MentorshipError(Exception):
    """A user-facing reason a mentorship action cannot be done."""


STUDYING = [EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED]


def _utc_offset(tz_name: str) -> float:
    try:
        offset = timezone.now().astimezone(zoneinfo.ZoneInfo(tz_name)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


def _is_trainee_of(round_: PairingRound, user) -> bool:
    return Enrolment.objects.filter(
        cohort_id=round_.cohort_id, trainee=user, status__in=STUDYING
    ).exists()


def _pair_url(pair) -> str:
    return absolute_url("mentorship:pair", pair.pk)
