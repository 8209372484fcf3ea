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


# --- shared steps, as fixtures ---------------------------------------------------


@pytest.fixture
def take_post_test(client, live_ce):
    """The trainee submits the activity's post-test, all right or all wrong."""

    def take(trainee, *, correct):
        client.force_login(trainee)
        response = client.post(
            reverse("curriculum:quiz_submit", args=[live_ce.post_test.pk]),
            answer_key(live_ce.module, correct=correct),
        )
        assert response.status_code == 302

    return take


@pytest.fixture
def evaluate(client, live_ce):
    """The trainee submits the activity's evaluation form."""

    def submit(trainee):
        client.force_login(trainee)
        participation = CEParticipation.objects.get(
            activity=live_ce.activity, trainee=trainee
        )
        response = client.post(
            reverse("ce:evaluation", args=[participation.pk]), EVALUATION
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    return submit


@pytest.fixture
def attend(live_ce):
    """The trainer marks the trainee at the webinar (120 minutes in full)."""

    def mark(enrolment, *, status="present", minutes=120):
        attendance_mark(
            session=live_ce.session,
            enrolment=enrolment,
            status=status,
            minutes=minutes,
            by=live_ce.trainer,
        )

    return mark


@pytest.fixture
def finish(take_post_test, evaluate):
    """Pass the post-test and evaluate: what is left after attendance."""

    def done(trainee):
        take_post_test(trainee, correct=True)
        evaluate(trainee)

    return done


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


@pytest.fixture
def credits_ledger(live_ce):
    """The activity also credits its hours to the program's ledger (ethics)."""
    live_ce.profile.ledger_category = "ethics"
    live_ce.profile.save()
    live_ce.activity.program = live_ce.cohort.program
    live_ce.activity.save()
    return live_ce


def lines(trainee) -> list[tuple[str, str]]:
    certificate = CECertificate.objects.get(trainee=trainee)
    return [(c["body"], c["hours"]) for c in certificate.credits]


# --- awards -----------------------------------------------------------------------


def test_late_arrival_and_retaken_post_test_award_partial_credit_once(
    live_ce,
    enrol,
    attend,
    evaluate,
    take_post_test,
    django_capture_on_commit_callbacks,
):
    enrolment = enrol(profession="psychologist")
    trainee = enrolment.trainee

    # Arrived 20 minutes late: 100 of 120 minutes, past the 10-minute allowance.
    attend(enrolment, status="late", minutes=100)
    evaluate(trainee)
    take_post_test(trainee, correct=False)
    assert not CECertificate.objects.exists()  # a failed post-test awards nothing

    with django_capture_on_commit_callbacks() as callbacks:
        take_post_test(trainee, correct=True)  # the retake passes

    # 100/120 × 2 h = 1.67 h, rounded down to a quarter hour; APA only.
    assert lines(trainee) == [("apa", "1.50")]
    certificate = CECertificate.objects.get(trainee=trainee)
    assert certificate.credits[0]["approval_number"] == "APA-1"
    assert callbacks, "the verifiable certificate is enqueued after commit"

    # Marking the same attendance again, or passing again, awards nothing more.
    attend(enrolment, status="present", minutes=120)
    assert CECertificate.objects.filter(trainee=trainee).count() == 1
    assert lines(trainee) == [("apa", "1.50")]


def test_within_the_allowance_earns_full_credit(enrol, attend, finish):
    enrolment = enrol(profession="social_worker")
    attend(enrolment, status="late", minutes=112)
    finish(enrolment.trainee)

    assert lines(enrolment.trainee) == [("aswb_ace", "2.00")]


def test_failed_post_test_only_awards_nothing(enrol, attend, evaluate, take_post_test):
    enrolment = enrol(profession="psychologist")
    attend(enrolment)
    evaluate(enrolment.trainee)
    take_post_test(enrolment.trainee, correct=False)

    participation = CEParticipation.objects.get(trainee=enrolment.trainee)
    assert participation.post_test_passed_at is None
    assert participation.post_test_score == 0
    assert not CECertificate.objects.exists()


def test_enrolment_opens_participation(live_ce, enrol):
    enrolment = enrol()
    assert CEParticipation.objects.filter(
        activity=live_ce.activity, trainee=enrolment.trainee
    ).exists()


def test_override_needs_a_reason_and_is_kept(enrol, finish, staff):
    enrolment = enrol(profession="counsellor")
    participation = CEParticipation.objects.get(trainee=enrolment.trainee)
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
    finish(enrolment.trainee)

    assert lines(enrolment.trainee) == [("nbcc", "2.00")]
    assert CreditOverride.objects.get().reason.startswith("Connection dropped")


def test_ledger_credit_when_the_activity_asks(credits_ledger, enrol, attend, finish):
    enrolment = enrol(profession="psychologist")
    attend(enrolment)
    finish(enrolment.trainee)

    entry = LedgerEntry.objects.get(trainee=enrolment.trainee, source="ce_activity")
    assert (entry.category, entry.minutes) == ("ethics", 120)
