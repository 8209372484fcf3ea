"""Meetings (logged by one side, confirmed by the other, then credited),
recommendations, and who may see which pair."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kaptraining.credits.models import LedgerEntry
from kaptraining.mentorship.models import (
    MeetingStatus,
    MentorMeeting,
    PairStatus,
    Recommendation,
)
from tests.factories import UserFactory
from tests.factories.mentorship import (
    MentorMeetingFactory,
    MentorProfileFactory,
    PairFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(pairing):
    return PairFactory(
        round=pairing.round, trainee=pairing.trainees[0], mentor=pairing.mentors[0]
    )


def meeting_data(**overrides):
    data = {
        "met_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "minutes": "60",
        "format": "video",
        "topics": "Preparing for a first dosing session; set and setting.",
    }
    data.update(overrides)
    return data


def test_meeting_logged_by_trainee_awaits_mentor_and_credits_nothing(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(pair.trainee)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentorship:log_meeting", args=[pair.pk]), meeting_data()
        )

    assert response.status_code == 302
    meeting = MentorMeeting.objects.get()
    assert (meeting.status, meeting.logged_by) == (MeetingStatus.AWAITING, pair.trainee)
    assert not LedgerEntry.objects.exists()
    assert [m.to for m in mailoutbox] == [[pair.mentor.user.email]]
    assert "Please confirm a mentorship meeting" == mailoutbox[0].subject


def test_meeting_confirmed_by_other_side_credits_mentorship_once(client, pair):
    meeting = MentorMeetingFactory(pair=pair, logged_by=pair.trainee, minutes=75)
    client.force_login(pair.mentor.user)

    first = client.post(reverse("mentorship:confirm_meeting", args=[meeting.pk]))
    second = client.post(reverse("mentorship:confirm_meeting", args=[meeting.pk]))

    assert first.status_code == 302
    assert second.status_code == 409
    entry = LedgerEntry.objects.get()
    assert (
        entry.trainee,
        entry.category,
        entry.source,
        entry.minutes,
        entry.approved_by,
    ) == (
        pair.trainee,
        "mentorship",
        "mentorship",
        75,
        pair.mentor.user,
    )
    assert entry.source_id == str(meeting.pk)


def test_meeting_confirm_by_the_person_who_logged_it_is_refused(client, pair):
    meeting = MentorMeetingFactory(pair=pair, logged_by=pair.trainee)
    client.force_login(pair.trainee)

    response = client.post(reverse("mentorship:confirm_meeting", args=[meeting.pk]))

    assert response.status_code == 409
    assert "Only the other person in the pair can confirm" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AWAITING
    assert not LedgerEntry.objects.exists()


def test_meeting_dispute_credits_nothing_and_needs_a_comment(client, pair):
    meeting = MentorMeetingFactory(pair=pair, logged_by=pair.mentor.user)
    client.force_login(pair.trainee)

    empty = client.post(
        reverse("mentorship:dispute_meeting", args=[meeting.pk]), {"comment": ""}
    )
    disputed = client.post(
        reverse("mentorship:dispute_meeting", args=[meeting.pk]),
        {"comment": "It was 30 minutes."},
    )

    assert empty.status_code == 400
    assert disputed.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.response_comment) == (
        MeetingStatus.DISPUTED,
        "It was 30 minutes.",
    )
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"minutes": "0"}, "between 1 and 240 minutes"),
        ({"minutes": "241"}, "between 1 and 240 minutes"),
        (
            {"met_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "cannot be in the future",
        ),
        ({"topics": "Her number is 212-555-0187"}, "a phone number"),
        ({"format": "carrier pigeon"}, "Select a valid choice"),
    ],
)
def test_meeting_log_bad_input_is_refused(client, pair, overrides, message):
    client.force_login(pair.trainee)

    response = client.post(
        reverse("mentorship:log_meeting", args=[pair.pk]), meeting_data(**overrides)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MentorMeeting.objects.exists()


def test_recommendation_mentor_saves_and_trainee_cannot(client, pair):
    data = {
        "recommendation": "recommend",
        "statement": "Careful, warm and well prepared.",
    }
    client.force_login(pair.trainee)
    refused = client.post(reverse("mentorship:recommend", args=[pair.pk]), data)
    client.force_login(pair.mentor.user)
    form_page = client.get(reverse("mentorship:pair", args=[pair.pk])).content.decode()
    saved = client.post(reverse("mentorship:recommend", args=[pair.pk]), data)

    assert refused.status_code == 404
    assert "I recommend certification with reservations" in form_page
    assert "---------" not in form_page  # no blank radio choice
    assert saved.status_code == 302
    assert (
        Recommendation.objects.get(pair=pair).statement
        == "Careful, warm and well prepared."
    )


def test_pair_detail_mentor_sees_only_own_mentees(client, pairing, pair):
    other_pair = PairFactory(
        round=pairing.round, trainee=pairing.trainees[1], mentor=pairing.mentors[1]
    )
    client.force_login(pair.mentor.user)

    mine = client.get(reverse("mentorship:pair", args=[pair.pk]))
    other = client.get(reverse("mentorship:pair", args=[other_pair.pk]))
    home = client.get(reverse("mentorship:home")).content.decode()

    assert mine.status_code == 200
    assert other.status_code == 404
    assert reverse("mentorship:pair", args=[pair.pk]) in home
    assert reverse("mentorship:pair", args=[other_pair.pk]) not in home
    assert "You have no mentor yet" not in home  # a mentor who is not a trainee


def test_pair_and_meetings_other_trainee_gets_404(client, pairing, pair):
    meeting = MentorMeetingFactory(pair=pair, logged_by=pair.mentor.user)
    client.force_login(pairing.trainees[1])

    assert client.get(reverse("mentorship:pair", args=[pair.pk])).status_code == 404
    assert (
        client.post(
            reverse("mentorship:confirm_meeting", args=[meeting.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("mentorship:log_meeting", args=[pair.pk]), meeting_data()
        ).status_code
        == 404
    )
    assert not LedgerEntry.objects.exists()


def test_pair_proposed_is_not_shown_to_its_members_yet(client, pairing):
    proposed = PairFactory(
        round=pairing.round,
        trainee=pairing.trainees[2],
        mentor=pairing.mentors[0],
        status=PairStatus.PROPOSED,
    )
    client.force_login(proposed.trainee)

    assert client.get(reverse("mentorship:pair", args=[proposed.pk])).status_code == 404


def test_mentorship_pages_anonymous_are_sent_to_login(client, pair):
    for url in [reverse("mentorship:home"), reverse("mentorship:pair", args=[pair.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_mentor_profile_page_only_for_mentors(client, pairing):
    client.force_login(UserFactory())
    assert client.get(reverse("mentorship:profile")).status_code == 404

    client.force_login(pairing.mentors[0].user)
    response = client.post(
        reverse("mentorship:profile"),
        {
            "profession": "psychologist",
            "licence_type": "psychologist",
            "timezone": "America/Chicago",
            "capacity": "25",
            "languages": [],
        },
    )
    assert response.status_code == 400
    assert "at most 20 trainees" in response.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_mentorship_home_for_mentor_query_count_is_constant(
    client, pairing, django_assert_num_queries, size
):
    mentor = MentorProfileFactory(capacity=20)
    for _ in range(size):
        pair = PairFactory(round=pairing.round, mentor=mentor)
        MentorMeetingFactory(pair=pair, logged_by=pair.trainee)
    client.force_login(mentor.user)
    client.get(reverse("mentorship:home"))

    # 6 since issue 19: the Wagtail site and organisation settings come from
    # the cache, and the Wagtail user bar is rendered for staff only.
    with django_assert_num_queries(6):
        response = client.get(reverse("mentorship:home"))

    assert response.content.decode().count('class="badge badge-warn"') == size


@pytest.mark.parametrize("size", [1, 8])
def test_pair_detail_query_count_is_constant(
    client, pair, django_assert_num_queries, size
):
    for _ in range(size):
        MentorMeetingFactory(pair=pair, logged_by=pair.mentor.user)
    client.force_login(pair.trainee)
    client.get(reverse("mentorship:pair", args=[pair.pk]))

    # The upcoming planned meetings are one query (issue 18); the site, the
    # settings and the staff-only user bar cost none since issue 19.
    with django_assert_num_queries(6):
        response = client.get(reverse("mentorship:pair", args=[pair.pk]))

    assert response.content.decode().count(">Confirm<") == size
