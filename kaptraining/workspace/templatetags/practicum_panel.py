"""Data for the dashboard panel on practicum and mentorship (a few counts,
the same number of queries however much data there is). It reads two
feature apps that do not know each other, so it lives in the workspace."""

from django import template
from django.db.models import Count, Q

from cohorts.models import Enrolment
from kaptraining.mentorship.models import (
    MeetingStatus,
    Pair,
    PairingRound,
    PairStatus,
    RoundStatus,
)
from kaptraining.practicums.models import LogStatus, PlacementStatus, PracticumLog

register = template.Library()


@register.simple_tag
def practicum_panel(user) -> dict:
    if not user.is_authenticated:
        return {}
    mine = PracticumLog.objects.filter(placement__trainee=user).aggregate(
        waiting=Count("pk", filter=Q(status=LogStatus.SUBMITTED)),
        returned=Count("pk", filter=Q(status=LogStatus.RETURNED)),
        placements=Count(
            "placement",
            filter=Q(placement__status=PlacementStatus.CONFIRMED),
            distinct=True,
        ),
    )
    to_review = (
        PracticumLog.objects.for_supervisor(user)
        .awaiting_signoff()
        .exclude(placement__trainee=user)
        .count()
        if user.is_supervisor
        else 0
    )
    pairs = (
        Pair.objects.for_member(user)
        .filter(status=PairStatus.ACTIVE)
        .aggregate(
            as_trainee=Count("pk", filter=Q(trainee=user), distinct=True),
            as_mentor=Count("pk", filter=Q(mentor__user=user), distinct=True),
            to_confirm=Count(
                "meetings",
                filter=Q(meetings__status=MeetingStatus.AWAITING)
                & ~Q(meetings__logged_by=user),
                distinct=True,
            ),
        )
    )
    cohorts = Enrolment.objects.filter(
        trainee=user, status__in=["active", "completed"]
    ).values("cohort_id")
    open_rounds = (
        PairingRound.objects.filter(cohort_id__in=cohorts, status=RoundStatus.OPEN)
        .exclude(preferences__trainee=user)
        .count()
    )
    return {**mine, "to_review": to_review, **pairs, "open_rounds": open_rounds}
