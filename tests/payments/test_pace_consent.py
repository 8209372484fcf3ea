"""Checkout re-checks the pace (credits.windows.implausible_pace): a place
whose window is now too short for the program's hours is paid for only with
the trainee's consent given today, on the enrol form or at checkout, and
recorded (Enrolment.short_window_consent_at); without it, 409 and nothing
charged, scheduled or opened."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Enrolment, EnrolmentStatus
from kaptraining.payments.models import Instalment, Payment, TuitionAccount
from kaptraining.payments.services import PaceConsentNeeded, payment_start
from tests.factories import CohortFactory
from tests.factories.payments import pending_enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def short(program):
    """An unpaid place in a 150-hour program whose cohort started 340 days
    ago: about 25 days are left in the window, 6 hours a day."""
    program.required_hours = 150
    program.save()
    cohort = CohortFactory(
        program=program,
        tuition_cents=90000,
        start_date=timezone.localdate() - datetime.timedelta(days=340),
    )
    return pending_enrolment(cohort)


def _url(name, enrolment):
    return reverse(f"payments:{name}", args=[enrolment.pk])


def test_checkout_without_consent_is_refused_and_nothing_opened(client, short):
    client.force_login(short.trainee)

    response = client.post(_url("checkout", short))

    page = response.content.decode()
    assert response.status_code == 409
    assert "days are now left in your completion window" in page
    assert "Very little time for the required hours" in page
    assert 'name="short_window_consent"' in page
    assert not Payment.objects.exists()
    assert not Instalment.objects.exists()
    short.refresh_from_db()
    assert short.status == EnrolmentStatus.PENDING_PAYMENT
    assert short.short_window_consent_at is None


def test_consent_given_days_ago_must_be_given_again(client, short):
    # The trainee consented on the enrol form three days ago; the warning
    # has changed since (fewer days left), so checkout asks again.
    Enrolment.objects.filter(pk=short.pk).update(
        short_window_consent_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(short.trainee)

    response = client.post(_url("checkout", short))

    assert response.status_code == 409
    assert not Payment.objects.exists()


def test_consent_at_checkout_is_recorded_and_the_payment_opens(client, short):
    client.force_login(short.trainee)
    before = timezone.now()

    response = client.post(_url("checkout", short), {"short_window_consent": "1"})

    payment = Payment.objects.get(enrolment=short)
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:demo_checkout", args=[payment.pk])
    short.refresh_from_db()
    assert short.short_window_consent_at >= before


def test_consent_given_today_on_the_enrol_form_stands(client, short):
    Enrolment.objects.filter(pk=short.pk).update(short_window_consent_at=timezone.now())
    client.force_login(short.trainee)

    response = client.post(_url("checkout", short))

    assert response.status_code == 302
    assert Payment.objects.filter(enrolment=short).exists()


def test_choosing_how_to_pay_without_consent_schedules_nothing(client, short):
    client.force_login(short.trainee)

    response = client.post(_url("choose", short), {"arrangement": "full"})

    assert response.status_code == 409
    assert "Please confirm that you understand before paying" in (
        response.content.decode()
    )
    assert (
        not TuitionAccount.objects.filter(enrolment=short)
        .exclude(arrangement="")
        .exists()
    )
    assert not Instalment.objects.exists()
    assert not Payment.objects.exists()


def test_the_tuition_page_shows_the_warning_before_paying(client, short):
    client.force_login(short.trainee)

    page = client.get(_url("account", short)).content.decode()

    assert "Very little time for the required hours" in page
    assert page.count('name="short_window_consent"') >= 1


def test_the_service_refuses_every_path_to_payment(short):
    # Any caller of checkout (a view, a task, the shell) meets the same rule.
    with pytest.raises(PaceConsentNeeded) as refused:
        payment_start(enrolment=short, success_url="http://x/", cancel_url="http://x/")

    assert refused.value.pace.implausible
    assert not Payment.objects.exists()


def test_a_plausible_pace_needs_no_consent(client, program):
    enrolment = pending_enrolment(CohortFactory(program=program, tuition_cents=90000))
    client.force_login(enrolment.trainee)

    response = client.post(_url("checkout", enrolment))

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.short_window_consent_at is None
