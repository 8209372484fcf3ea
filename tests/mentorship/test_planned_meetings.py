"""Planned meetings: either side proposes a date, time and format; the other
sees it and is notified once; past ones drop off; a cancelled one stays as a
record. Also the notifications mentorship sends (meeting to confirm, pairing
published): listed once per event, never a second e-mail."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kaptraining.core.models import OutboundEmail
from kaptraining.mentorship.models import PlannedMeeting, PlannedStatus
from kaptraining.mentorship.services import (
    MentorshipError,
    meeting_plan,
    meeting_plan_cancel,
    pairing_run,
    pairs_publish,
)
from kaptraining.notifications.models import Notification
from kaptraining.workspace.roles import mentor_home
from tests.factories import UserFactory
from tests.factories.mentorship import PairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(pairing):
    return PairFactory(
        round=pairing.round, trainee=pairing.trainees[0], mentor=pairing.mentors[0]
    )


def _local(days: int, hour: int = 18) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _plan_data(when: datetime.datetime, tz: str = "UTC", **overrides) -> dict:
    """The form as a person fills it in: the time in their own time zone."""
    data = {
        "starts_at": when.astimezone(zoneinfo.ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M"),
        "format": "video",
        "note": "Video link in the calendar invitation.",
    }
    data.update(overrides)
    return data


def test_trainee_plans_a_meeting_mentor_sees_it_and_is_notified_once(client, pair):
    client.force_login(pair.trainee)
    when = _local(3)
    response = client.post(
        reverse("mentorship:plan_meeting", args=[pair.pk]),
        _plan_data(when, pair.trainee.timezone),
    )
    assert response.status_code == 302
    planned = PlannedMeeting.objects.get()
    assert (planned.proposed_by, planned.starts_at) == (pair.trainee, when)
    notes = Notification.objects.filter(kind="meeting_planned")
    assert [n.user for n in notes] == [pair.mentor.user]
    assert reverse("mentorship:pair", args=[pair.pk]) == notes[0].url
    home = mentor_home(pair.mentor.user)
    assert home["pairs"][0].next_at == when
    client.force_login(pair.mentor.user)
    page = client.get(reverse("mentorship:pair", args=[pair.pk])).content.decode()
    assert "Cancel this meeting" in page


def test_next_meeting_is_the_earliest_upcoming_and_past_ones_drop_off(pair):
    past = PlannedMeeting.objects.create(
        pair=pair,
        proposed_by=pair.trainee,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )
    later = meeting_plan(
        pair=pair, user=pair.mentor.user, starts_at=_local(9), format="phone"
    )
    sooner = meeting_plan(
        pair=pair, user=pair.trainee, starts_at=_local(2), format="in_person"
    )
    row = mentor_home(pair.mentor.user)["pairs"][0]
    assert row.next_at == sooner.starts_at
    assert row.next_format_label == "In person"
    upcoming = set(PlannedMeeting.objects.upcoming().values_list("pk", flat=True))
    assert upcoming == {later.pk, sooner.pk}
    assert past.pk not in upcoming


def test_cancel_keeps_the_record_and_notifies_the_other_side(client, pair):
    planned = meeting_plan(
        pair=pair, user=pair.mentor.user, starts_at=_local(4), format="video"
    )
    client.force_login(pair.trainee)
    response = client.post(reverse("mentorship:cancel_planned", args=[planned.pk]))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == PlannedStatus.CANCELLED
    assert planned.cancelled_by == pair.trainee
    assert PlannedMeeting.objects.count() == 1
    assert Notification.objects.filter(
        user=pair.mentor.user, event_key=f"mentor-meeting-cancelled:{planned.pk}"
    ).exists()
    assert mentor_home(pair.mentor.user)["pairs"][0].next_at is None
    page = client.get(reverse("mentorship:pair", args=[pair.pk])).content.decode()
    assert "Cancelled" in page
    again = client.post(reverse("mentorship:cancel_planned", args=[planned.pk]))
    assert again.status_code == 409


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_at": "2001-01-01T10:00"},
        {"starts_at": "not a date"},
        {"format": "carrier pigeon"},
        {"note": "Zoom \x00 link"},
        {"note": "x" * 301},
    ],
)
def test_bad_plan_is_400_and_writes_nothing(client, pair, overrides):
    client.force_login(pair.trainee)
    response = client.post(
        reverse("mentorship:plan_meeting", args=[pair.pk]),
        _plan_data(_local(3), **overrides),
    )
    assert response.status_code == 400
    assert not PlannedMeeting.objects.exists()
    assert not Notification.objects.exists()


def test_outsiders_cannot_plan_or_cancel(client, pair):
    planned = meeting_plan(
        pair=pair, user=pair.trainee, starts_at=_local(3), format="video"
    )
    client.force_login(UserFactory())
    url = reverse("mentorship:plan_meeting", args=[pair.pk])
    assert client.post(url, _plan_data(_local(5))).status_code == 404
    cancel = reverse("mentorship:cancel_planned", args=[planned.pk])
    assert client.post(cancel).status_code == 404
    planned.refresh_from_db()
    assert planned.status == PlannedStatus.PLANNED
    with pytest.raises(MentorshipError):
        meeting_plan_cancel(planned=planned, user=UserFactory())


def test_meeting_logged_notifies_other_side_once_with_one_mail(
    client, pair, django_capture_on_commit_callbacks
):
    client.force_login(pair.trainee)
    data = {
        "met_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "minutes": "50",
        "format": "video",
        "topics": "Integration after a first session.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorship:log_meeting", args=[pair.pk]), data)
    notes = Notification.objects.filter(kind="meeting_to_confirm")
    assert [n.user for n in notes] == [pair.mentor.user]
    # The confirmation request is its own (required) e-mail; the
    # notification lists it without a second one.
    mails = OutboundEmail.objects.all()
    assert [m.to for m in mails.filter(template="mentor_meeting_confirm")] == [
        [pair.mentor.user.email]
    ]
    assert not mails.filter(template="notification").exists()


def test_publishing_pairs_lists_each_pairing_once(pairing):
    pairing_run(round_=pairing.round)
    pairs_publish(round_=pairing.round)
    pairs_publish(round_=pairing.round)  # nothing proposed is left: no repeat
    notes = Notification.objects.filter(kind="pairing_published")
    # Four trainees and their two mentors (two mentees each).
    assert notes.count() == 8
    assert not OutboundEmail.objects.filter(template="notification").exists()
