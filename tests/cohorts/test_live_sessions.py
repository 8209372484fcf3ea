"""Live sessions: time zones across DST, calendar feeds, reminders, who sees what."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cohorts.live import (
    SessionError,
    live_session_cancel,
    live_session_schedule,
    live_session_update,
)
from cohorts.models import CalendarToken, LiveSession, SessionReminder
from cohorts.tasks import session_reminders_send
from kaptraining.core.categories import Category
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import LiveSessionFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def ny_cohort(program):
    return CohortFactory(program=program, timezone="America/New_York")


def _schedule(cohort, start, end, **extra):
    fields = {
        "kind": "intensive",
        "title": "Retreat day 1",
        "description": "",
        "starts_at": start,
        "ends_at": end,
        "location": "Mount Tam Center",
        "meeting_url": "",
        "facilitator": None,
        "credited_minutes": 120,
        "category": Category.EXPERIENTIAL,
    }
    fields.update(extra)
    return live_session_schedule(cohort=cohort, **fields)


def test_session_across_spring_forward_is_stored_in_utc_with_true_length(ny_cohort):
    # 8 March 2026: New York clocks jump from 02:00 EST to 03:00 EDT.
    session = _schedule(
        ny_cohort,
        datetime.datetime(2026, 3, 8, 1, 0),
        datetime.datetime(2026, 3, 8, 4, 0),
    )
    session.refresh_from_db()
    assert session.starts_at == datetime.datetime(
        2026, 3, 8, 6, 0, tzinfo=UTC
    )  # EST, -5
    assert session.ends_at == datetime.datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # EDT, -4
    assert session.duration_minutes == 120  # the wall clock says 3 hours; 2 really pass


def test_session_at_nonexistent_local_time_is_refused(ny_cohort):
    with pytest.raises(SessionError, match="does not exist in America/New_York"):
        _schedule(
            ny_cohort,
            datetime.datetime(2026, 3, 8, 2, 30),
            datetime.datetime(2026, 3, 8, 4, 0),
        )
    assert not LiveSession.objects.exists()


def test_session_form_nonexistent_time_shows_error_and_writes_nothing(
    client, ny_cohort
):
    trainer = UserFactory(is_trainer=True)
    ny_cohort.trainers.add(trainer)
    client.force_login(trainer)
    response = client.post(
        reverse("cohorts:session_new", args=[ny_cohort.pk]),
        {
            "kind": "webinar",
            "title": "Screening",
            "starts_at": "2026-03-08T02:30",
            "ends_at": "2026-03-08T04:00",
            "meeting_url": "https://meet.example.org/x",
            "credited_minutes": "60",
            "category": "didactic",
        },
    )
    assert response.status_code == 400
    assert "does not exist in America/New_York" in response.content.decode()
    assert not LiveSession.objects.exists()


def test_session_form_enters_times_in_cohort_zone_not_viewer_zone(client, ny_cohort):
    trainer = UserFactory(is_trainer=True, timezone="Europe/London")
    ny_cohort.trainers.add(trainer)
    client.force_login(trainer)
    response = client.post(
        reverse("cohorts:session_new", args=[ny_cohort.pk]),
        {
            "kind": "webinar",
            "title": "Screening",
            "starts_at": "2026-07-01T18:00",
            "ends_at": "2026-07-01T20:00",
            "meeting_url": "https://meet.example.org/x",
            "credited_minutes": "120",
            "category": "didactic",
        },
    )
    assert response.status_code == 302
    session = LiveSession.objects.get()
    assert session.starts_at == datetime.datetime(2026, 7, 1, 22, 0, tzinfo=UTC)


def test_cohort_page_shows_times_in_viewer_zone_across_dst(client, ny_cohort):
    session = _schedule(
        ny_cohort,
        datetime.datetime(2026, 3, 8, 1, 0),
        datetime.datetime(2026, 3, 8, 4, 0),
    )
    viewer = UserFactory(timezone="Europe/London")  # GMT on that date
    EnrolmentFactory(cohort=ny_cohort, trainee=viewer)
    client.force_login(viewer)

    html = client.get(reverse("cohorts:home", args=[ny_cohort.pk])).content.decode()

    assert session.title in html
    assert "Sun Mar 8, 2026 06:00–08:00 GMT" in html


def _events(body: bytes):
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_private_feed_has_links_and_changes_propagate(client, ny_cohort):
    trainee = UserFactory()
    EnrolmentFactory(cohort=ny_cohort, trainee=trainee)
    other = LiveSessionFactory(cohort=CohortFactory(program=ny_cohort.program))
    session = LiveSessionFactory(cohort=ny_cohort, title="Consent lab")
    token = CalendarToken.objects.create(user=trainee)
    url = reverse("cohorts:trainee_calendar", args=[token.token])

    first = _events(client.get(url).content)
    assert [str(e["summary"]) for e in first] == ["Consent lab (Webinar)"]
    assert str(first[0]["uid"]) == f"{session.uid}@kaptraining"
    assert "https://meet.example.org/kap-webinar" in str(first[0]["description"])
    assert str(other.uid) not in client.get(url).content.decode()

    new_start = timezone.localtime(session.starts_at, ny_cohort.tzinfo).replace(
        tzinfo=None
    )
    live_session_update(
        session_id=session.pk,
        starts_at=new_start + datetime.timedelta(hours=1),
        ends_at=new_start + datetime.timedelta(hours=3),
    )
    moved = _events(client.get(url).content)[0]
    assert moved["sequence"] == 1
    assert moved.decoded("dtstart") == session.starts_at + datetime.timedelta(hours=1)

    live_session_cancel(session_id=session.pk, reason="Facilitator ill")
    cancelled = _events(client.get(url).content)[0]
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled["sequence"] == 2
    assert str(cancelled["uid"]) == f"{session.uid}@kaptraining"


def test_update_without_visible_change_keeps_sequence(ny_cohort):
    session = LiveSessionFactory(cohort=ny_cohort)
    live_session_update(session_id=session.pk, credited_minutes=90)
    session.refresh_from_db()
    assert session.sequence == 0


def test_public_cohort_feed_hides_meeting_links(client, ny_cohort):
    LiveSessionFactory(cohort=ny_cohort)
    body = client.get(
        reverse("cohorts:cohort_calendar", args=[ny_cohort.pk])
    ).content.decode()
    assert "BEGIN:VEVENT" in body
    assert "meet.example.org" not in body


def test_draft_cohort_feed_and_unknown_token_are_not_found(client, program):
    draft = CohortFactory(program=program, status="draft")
    assert (
        client.get(reverse("cohorts:cohort_calendar", args=[draft.pk])).status_code
        == 404
    )
    url = reverse("cohorts:trainee_calendar", args=["not-a-real-token"])
    assert client.get(url).status_code == 404


def test_token_reset_replaces_old_link(client):
    user = UserFactory()
    old = CalendarToken.objects.create(user=user)
    client.force_login(user)
    client.post(
        reverse("cohorts:calendar_token_reset"), {"next": "https://evil.example/"}
    )
    assert (
        client.get(reverse("cohorts:trainee_calendar", args=[old.token])).status_code
        == 404
    )
    assert CalendarToken.objects.get(user=user).token != old.token


def test_reminders_sent_once_and_again_after_reschedule(
    ny_cohort, mailoutbox, django_capture_on_commit_callbacks
):
    trainees = [EnrolmentFactory(cohort=ny_cohort).trainee for _ in range(2)]
    EnrolmentFactory(cohort=ny_cohort, status="withdrawn")
    soon = timezone.now() + datetime.timedelta(hours=3)
    session = LiveSessionFactory(
        cohort=ny_cohort, starts_at=soon, ends_at=soon + datetime.timedelta(hours=2)
    )
    LiveSessionFactory(  # too far ahead for a reminder
        cohort=ny_cohort,
        starts_at=soon + datetime.timedelta(days=3),
        ends_at=soon + datetime.timedelta(days=3, hours=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send() == 2
        assert session_reminders_send() == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(t.email for t in trainees)
    assert "meet.example.org" in mailoutbox[0].body

    local = timezone.localtime(session.starts_at, ny_cohort.tzinfo).replace(tzinfo=None)
    live_session_update(
        session_id=session.pk,
        starts_at=local + datetime.timedelta(hours=1),
        ends_at=local + datetime.timedelta(hours=3),
    )
    assert session_reminders_send() == 2
    assert SessionReminder.objects.count() == 4


def test_reminder_states_the_time_in_the_trainees_zone(
    ny_cohort, mailoutbox, django_capture_on_commit_callbacks
):
    trainee = EnrolmentFactory(
        cohort=ny_cohort, trainee=UserFactory(timezone="America/Los_Angeles")
    ).trainee
    soon = timezone.now() + datetime.timedelta(hours=3)
    session = LiveSessionFactory(
        cohort=ny_cohort, starts_at=soon, ends_at=soon + datetime.timedelta(hours=2)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send() == 1

    pacific = zoneinfo.ZoneInfo("America/Los_Angeles")
    starts = timezone.localtime(session.starts_at, pacific)
    ends = timezone.localtime(session.ends_at, pacific)
    (message,) = mailoutbox
    assert message.to == [trainee.email]
    assert starts.strftime("%H:%M") in message.body
    assert f"{ends:%H:%M} {ends.tzname()}" in message.body  # PST or PDT, not UTC
    assert "UTC" not in message.body


def test_cancelled_session_gets_no_reminder(ny_cohort, mailoutbox, committed):
    EnrolmentFactory(cohort=ny_cohort)
    soon = timezone.now() + datetime.timedelta(hours=2)
    session = LiveSessionFactory(
        cohort=ny_cohort, starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
    )
    live_session_cancel(session_id=session.pk, reason="Snow")
    with committed():
        assert session_reminders_send() == 0
    assert mailoutbox == []


def test_cohort_page_is_for_members_only(client, ny_cohort):
    url = reverse("cohorts:home", args=[ny_cohort.pk])
    assert client.get(url).status_code == 302  # anonymous: to login
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    outsider_trainer = UserFactory(is_trainer=True)
    client.force_login(outsider_trainer)
    assert client.get(url).status_code == 404
    pending = EnrolmentFactory(cohort=ny_cohort, status="pending_payment").trainee
    client.force_login(pending)
    assert client.get(url).status_code == 404


def test_session_edit_by_other_trainer_is_not_found(client, ny_cohort):
    session = LiveSessionFactory(cohort=ny_cohort)
    client.force_login(UserFactory(is_trainer=True))
    assert (
        client.get(
            reverse("cohorts:session_edit", args=[ny_cohort.pk, session.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("cohorts:session_cancel", args=[session.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    session.refresh_from_db()
    assert not session.is_cancelled
