"""Cross-cutting permission checks from the foundation issue: a trainee never
sees another trainee's records; anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from kaptraining.certificates.services import certificate_issue
from kaptraining.credits.services import ledger_credit
from kaptraining.payments.services import payment_start
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_trainees(program):
    cohort = CohortFactory(program=program)
    mine = EnrolmentFactory(cohort=cohort)
    theirs = EnrolmentFactory(cohort=cohort)
    return mine, theirs


@pytest.mark.parametrize("name", ["dashboard", "profile"])
def test_private_pages_anonymous_redirect_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_enrolment_hours_other_trainee_is_not_found(client, two_trainees):
    mine, theirs = two_trainees
    client.force_login(mine.trainee)
    assert client.get(reverse("cohorts:enrolment", args=[mine.pk])).status_code == 200
    assert client.get(reverse("cohorts:enrolment", args=[theirs.pk])).status_code == 404


def test_enrolment_hours_trainer_of_other_cohort_is_not_found(
    client, two_trainees, program
):
    mine, _ = two_trainees
    outsider = UserFactory(is_trainer=True)
    CohortFactory(program=program).trainers.add(outsider)
    client.force_login(outsider)
    assert client.get(reverse("cohorts:enrolment", args=[mine.pk])).status_code == 404
    mine.cohort.trainers.add(outsider)
    assert client.get(reverse("cohorts:enrolment", args=[mine.pk])).status_code == 200


def test_certificate_pdf_only_for_its_holder_and_staff(client, two_trainees, program):
    mine, theirs = two_trainees
    for category, minutes in (("didactic", 120), ("ethics", 60)):
        ledger_credit(
            trainee=theirs.trainee,
            program=program,
            category=category,
            minutes=minutes,
            source="adjustment",
            source_id=category,
            description=category,
        )
    certificate, created = certificate_issue(trainee=theirs.trainee, program=program)
    assert created
    url = reverse("certificates:pdf", args=[certificate.number])

    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(mine.trainee)
    assert client.get(url).status_code == 404
    client.force_login(theirs.trainee)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 200


def test_demo_checkout_other_trainees_payment_is_not_found(
    client, two_trainees, settings
):
    settings.PAYMENTS_BACKEND = "offline"
    mine, theirs = two_trainees
    theirs.status = "pending_payment"
    theirs.save()
    payment, _url = payment_start(
        enrolment=theirs, success_url="http://x/", cancel_url="http://x/"
    )
    client.force_login(mine.trainee)
    url = reverse("payments:demo_checkout", args=[payment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    payment.refresh_from_db()
    assert payment.status != "succeeded"
    theirs.refresh_from_db()
    assert theirs.status == "pending_payment"
