"""A receipt e-mail after every payment (issue 15), once however often the
success is reported."""

import pytest

from kaptraining.core.models import OutboundEmail
from kaptraining.payments.models import Payment
from kaptraining.payments.services import (
    arrangement_choose,
    payment_start,
    payment_succeed,
)
from tests.factories.payments import pending_enrolment, priced_cohort

pytestmark = pytest.mark.django_db


def test_a_successful_payment_sends_one_receipt(program):
    enrolment = pending_enrolment(priced_cohort(program, amount_cents=480000))
    arrangement_choose(enrolment=enrolment, arrangement="full")
    payment, _url = payment_start(
        enrolment=enrolment, success_url="http://t/", cancel_url="http://t/"
    )

    payment_succeed(payment_id=payment.pk, provider_payment_ref="demo")
    payment_succeed(payment_id=payment.pk, provider_payment_ref="demo")

    message = OutboundEmail.objects.get(key=f"payment-receipt:{payment.pk}")
    assert message.to == [enrolment.trainee.email]
    assert "$4,800.00" in message.subject
    assert f"/pay/payments/{payment.pk}/receipt.pdf" in message.body
    assert Payment.objects.get().status == "succeeded"


def test_a_failed_payment_sends_no_receipt(program):
    from kaptraining.payments.services import payment_fail

    enrolment = pending_enrolment(priced_cohort(program, amount_cents=480000))
    arrangement_choose(enrolment=enrolment, arrangement="full")
    payment, _url = payment_start(
        enrolment=enrolment, success_url="http://t/", cancel_url="http://t/"
    )

    payment_fail(payment_id=payment.pk, message="Card declined")

    assert not OutboundEmail.objects.filter(template="payment_receipt").exists()
