"""Cancelling a live session e-mails each trainee holding a place, once, in
their own time zone, after the cancellation commits."""

import datetime
import smtplib

import pytest
from django.core.mail.backends import locmem
from django.urls import reverse
from django.utils import timezone

from cohorts.live import live_session_cancel
from cohorts.models import SessionCancellationNotice
from cohorts.tasks import session_cancelled_email
from kaptraining.core.models import OutboundEmail
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import LiveSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program):
    return CohortFactory(program=program, timezone="America/New_York")


@pytest.fixture
def upcoming(cohort):
    # Friday 5 June 2026, 18:00–20:00 in New York (22:00–00:00 UTC), if ahead.
    start = datetime.datetime(2026, 6, 5, 22, 0, tzinfo=datetime.UTC)
    while start < timezone.now():
        start += datetime.timedelta(days=364)  # same weekday a year on
    return LiveSessionFactory(
        cohort=cohort,
        title="Integration circle",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )


def test_cancel_emails_each_trainee_once_in_their_zone(
    cohort, upcoming, mailoutbox, django_capture_on_commit_callbacks
):
    west = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(timezone="America/Los_Angeles")
    ).trainee
    east = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(timezone="America/New_York")
    ).trainee
    unpaid = EnrolmentFactory(cohort=cohort, status="pending_payment").trainee
    EnrolmentFactory(cohort=cohort, status="withdrawn")
    EnrolmentFactory(cohort=CohortFactory(program=cohort.program))  # other cohort

    with django_capture_on_commit_callbacks(execute=True):
        live_session_cancel(session_id=upcoming.pk, reason="The facilitator is ill.")

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [west.email, east.email, unpaid.email]
    )
    by_to = {m.to[0]: m for m in mailoutbox}
    west_mail = by_to[west.email]
    assert west_mail.subject == "Cancelled: Integration circle"
    assert '"Integration circle"' in west_mail.body
    assert "Reason: The facilitator is ill." in west_mail.body
    # 15:00 in Los Angeles, with the cohort's 18:00 New York time as well.
    assert "15:00–17:00 PDT" in west_mail.body
    assert "In the cohort's time zone:" in west_mail.body
    assert "18:00–20:00 EDT" in west_mail.body
    east_mail = by_to[east.email]
    assert "18:00–20:00 EDT" in east_mail.body
    assert "In the cohort's time zone" not in east_mail.body
    assert SessionCancellationNotice.objects.count() == 3


def test_cancel_twice_or_task_redelivered_sends_no_duplicate(
    cohort, upcoming, mailoutbox, django_capture_on_commit_callbacks
):
    EnrolmentFactory(cohort=cohort)
    with django_capture_on_commit_callbacks(execute=True):
        live_session_cancel(session_id=upcoming.pk, reason="Snow")
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True) as again:
        live_session_cancel(session_id=upcoming.pk, reason="Snow, again")
    assert again == []  # already cancelled: nothing is queued

    with django_capture_on_commit_callbacks(execute=True):
        assert session_cancelled_email(upcoming.pk) == 0  # a redelivery
    assert len(mailoutbox) == 1
    assert SessionCancellationNotice.objects.count() == 1


def test_trainee_enrolled_after_first_send_is_told_on_redelivery(
    cohort, upcoming, mailoutbox, django_capture_on_commit_callbacks
):
    first = EnrolmentFactory(cohort=cohort).trainee
    with django_capture_on_commit_callbacks(execute=True):
        live_session_cancel(session_id=upcoming.pk, reason="")
    late = EnrolmentFactory(cohort=cohort).trainee

    with django_capture_on_commit_callbacks(execute=True):
        assert session_cancelled_email(upcoming.pk) == 1

    assert [m.to[0] for m in mailoutbox] == [first.email, late.email]
    assert "Reason" not in mailoutbox[0].body  # none was given


def test_cancelling_a_past_session_emails_nobody(
    cohort, mailoutbox, django_capture_on_commit_callbacks
):
    EnrolmentFactory(cohort=cohort)
    past = LiveSessionFactory(cohort=cohort)  # ended yesterday, never marked
    with django_capture_on_commit_callbacks(execute=True):
        live_session_cancel(session_id=past.pk, reason="Tidying up")
    assert mailoutbox == []


def test_cancel_view_trainer_sends_other_trainer_not_found(
    client, cohort, upcoming, mailoutbox, django_capture_on_commit_callbacks
):
    trainee = EnrolmentFactory(cohort=cohort).trainee
    url = reverse("cohorts:session_cancel", args=[upcoming.pk])
    client.force_login(UserFactory(is_trainer=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Snow"}).status_code == 404
    assert mailoutbox == []

    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Snow"})

    assert response.status_code == 302
    assert [m.to[0] for m in mailoutbox] == [trainee.email]


class RefusesFirstSend(locmem.EmailBackend):
    """A mail server that drops the connection on the first message only."""

    refused = 0

    def send_messages(self, messages):
        if RefusesFirstSend.refused == 0:
            RefusesFirstSend.refused += 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_cancel_email_refused_by_the_mail_server_is_retried(
    cohort, upcoming, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesFirstSend"
    RefusesFirstSend.refused = 0
    trainees = [EnrolmentFactory(cohort=cohort).trainee for _ in range(3)]

    # Eager tasks run the mail task's retry in-process, as a worker would later.
    with django_capture_on_commit_callbacks(execute=True):
        live_session_cancel(session_id=upcoming.pk, reason="Facilitator unwell")

    assert RefusesFirstSend.refused == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted(t.email for t in trainees)
    assert SessionCancellationNotice.objects.filter(session=upcoming).count() == 3
    queued = OutboundEmail.objects.filter(template="session_cancelled")
    assert sorted(queued.values_list("attempts", flat=True)) == [1, 1, 2]
    assert not queued.filter(sent_at__isnull=True).exists()
