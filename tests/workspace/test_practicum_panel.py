"""The dashboard panel for practicum and mentorship: counts, in a constant
number of queries however much there is."""

import pytest
from django.template.loader import render_to_string

from kaptraining.practicums.models import LogStatus
from tests.factories.mentorship import (
    MentorMeetingFactory,
    PairFactory,
    PairingRoundFactory,
)
from tests.factories.practicums import PlacementFactory, PracticumLogFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 6])
def test_dashboard_panel_counts_in_constant_queries(
    practicum, django_assert_num_queries, size
):
    supervisor = practicum.supervisor
    for _ in range(size):
        PracticumLogFactory(placement=practicum.placement)
        PracticumLogFactory(
            placement=practicum.placement,
            status=LogStatus.RETURNED,
            review_comment="Shorter.",
        )
        PracticumLogFactory(
            placement=PlacementFactory(cohort=practicum.cohort, site=practicum.site)
        )
    pair = PairFactory(
        round=PairingRoundFactory(cohort=practicum.cohort), trainee=practicum.trainee
    )
    for _ in range(size):
        MentorMeetingFactory(pair=pair, logged_by=pair.mentor.user)

    with django_assert_num_queries(3):
        trainee_html = render_to_string(
            "workspace/practicum_panel.html", {"user": practicum.trainee}
        )
    with django_assert_num_queries(4):
        supervisor_html = render_to_string(
            "workspace/practicum_panel.html", {"user": supervisor}
        )

    awaiting = "entry awaiting sign-off" if size == 1 else "entries awaiting sign-off"
    returned = "entry returned to you" if size == 1 else "entries returned to you"
    meetings = "meeting to confirm" if size == 1 else "meetings to confirm"
    assert f"{size} {awaiting}" in trainee_html
    assert f"{size} {returned}" in trainee_html
    assert f"{size} {meetings}" in trainee_html
    assert (
        "Tell us your mentor preferences" in trainee_html
    )  # an open round, no answer yet
    assert f'<span class="badge badge-warn">{size * 2}</span>' in supervisor_html
