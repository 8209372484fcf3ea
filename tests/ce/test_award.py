"""CE credit is awarded from real events: attendance marked by a trainer,
a post-test graded, an evaluation submitted; once, for the right body."""

import pytest
from django.urls import reverse

from cohorts.attendance import attendance_mark
from kaptraining.ce import services
from kaptraining.ce.models import CreditOverride
from kaptraining.credits.models import CECertificate, CEParticipation, LedgerEntry
from tests.factories import UserFactory
from tests.factories.curriculum import answer_key

from .conftest import EVALUATION

pytestmark = pytest.mark.django_db


def _take_post_test(client, live_ce, trainee, *, correct):
    client.force_login(trainee)
    response = client.post(
        reverse("curriculum:quiz_submit", args=[live_ce.post_test.pk]),
        answer_key(live_ce.module, correct=correct),
    )
    assert response.status_code == 302


def _evaluate(client, live_ce, trainee):
    client.force_login(trainee)
    participation = CEParticipation.objects.get(
        activity=live_ce.activity, trainee=trainee
    )
    response = client.post(
        reverse("ce:evaluation", args=[participation.pk]), EVALUATION
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_late_arrival_and_retaken_post_test_award_partial_credit_once(
    client, live_ce, enrol, django_capture_on_commit_callbacks
):
    enrolment = enrol(profession="psychologist")
    trainee = enrolment.trainee

    # Arrived 20 minutes late: 100 of 120 minutes, past the 10-minute allowance.
    attendance_mark(
        session=live_ce.session,
        enrolment=enrolment,
        status="late",
        minutes=100,
        by=live_ce.trainer,
    )
    _evaluate(client, live_ce, trainee)
    _take_post_test(client, live_ce, trainee, correct=False)
    assert not CECertificate.objects.exists()  # a failed post-test awards nothing

    with django_capture_on_commit_callbacks() as callbacks:
        _take_post_test(client, live_ce, trainee, correct=True)  # the retake passes

    certificate = CECertificate.objects.get(trainee=trainee)
    # 100/120 × 2 h = 1.67 h, rounded down to a quarter hour; APA only.
    assert [(c["body"], c["hours"]) for c in certificate.credits] == [("apa", "1.50")]
    assert certificate.credits[0]["approval_number"] == "APA-1"
    assert callbacks, "the verifiable certificate is enqueued after commit"

    # Marking the same attendance again, or passing again, awards nothing more.
    attendance_mark(
        session=live_ce.session,
        enrolment=enrolment,
        status="present",
        minutes=120,
        by=live_ce.trainer,
    )
    assert CECertificate.objects.filter(trainee=trainee).count() == 1
    assert CECertificate.objects.get(trainee=trainee).credits[0]["hours"] == "1.50"


def test_within_the_allowance_earns_full_credit(client, live_ce, enrol):
    enrolment = enrol(profession="social_worker")
    attendance_mark(
        session=live_ce.session,
        enrolment=enrolment,
        status="late",
        minutes=112,
        by=live_ce.trainer,
    )
    _take_post_test(client, live_ce, enrolment.trainee, correct=True)
    _evaluate(client, live_ce, enrolment.trainee)

    certificate = CECertificate.objects.get(trainee=enrolment.trainee)
    assert [(c["body"], c["hours"]) for c in certificate.credits] == [
        ("aswb_ace", "2.00")
    ]


def test_failed_post_test_only_awards_nothing(client, live_ce, enrol):
    enrolment = enrol(profession="psychologist")
    attendance_mark(
        session=live_ce.session,
        enrolment=enrolment,
        status="present",
        minutes=120,
        by=live_ce.trainer,
    )
    _evaluate(client, live_ce, enrolment.trainee)
    _take_post_test(client, live_ce, enrolment.trainee, correct=False)

    participation = CEParticipation.objects.get(trainee=enrolment.trainee)
    assert participation.post_test_passed_at is None
    assert participation.post_test_score == 0
    assert not CECertificate.objects.exists()


def test_enrolment_opens_participation(live_ce, enrol):
    enrolment = enrol()
    assert CEParticipation.objects.filter(
        activity=live_ce.activity, trainee=enrolment.trainee
    ).exists()


def test_override_needs_a_reason_and_is_kept(client, live_ce, enrol):
    enrolment = enrol(profession="counsellor")
    participation = CEParticipation.objects.get(trainee=enrolment.trainee)
    staff = UserFactory(is_staff=True)
    with pytest.raises(Exception, match="reason"):
        services.ce_credit_override(
            participation_id=participation.pk,
            attended_minutes=120,
            reason=" ",
            by=staff,
        )
    assert not CreditOverride.objects.exists()

    services.ce_credit_override(
        participation_id=participation.pk,
        attended_minutes=120,
        reason="Connection dropped; the recording log shows full attendance.",
        by=staff,
    )
    _take_post_test(client, live_ce, enrolment.trainee, correct=True)
    _evaluate(client, live_ce, enrolment.trainee)
    certificate = CECertificate.objects.get(trainee=enrolment.trainee)
    assert [(c["body"], c["hours"]) for c in certificate.credits] == [("nbcc", "2.00")]
    assert CreditOverride.objects.get().reason.startswith("Connection dropped")


def test_ledger_credit_when_the_activity_asks(client, live_ce, enrol):
    live_ce.profile.ledger_category = "ethics"
    live_ce.profile.save()
    live_ce.activity.program = live_ce.cohort.program
    live_ce.activity.save()
    enrolment = enrol(profession="psychologist")
    attendance_mark(
        session=live_ce.session,
        enrolment=enrolment,
        status="present",
        minutes=120,
        by=live_ce.trainer,
    )
    _take_post_test(client, live_ce, enrolment.trainee, correct=True)
    _evaluate(client, live_ce, enrolment.trainee)

    entry = LedgerEntry.objects.get(trainee=enrolment.trainee, source="ce_activity")
    assert (entry.category, entry.minutes) == ("ethics", 120)
