"""A real Celery worker on Redis applies a signed webhook event: the view
stores it once and commits; the worker activates the enrolment once."""

import pytest
from django.test import Client

from cohorts.models import EnrolmentStatus
from kaptraining.payments.models import Payment, PaymentStatus, StripeEvent
from kaptraining.payments.services import arrangement_choose, payment_start
from tests.conftest import wait_until
from tests.factories import CohortFactory
from tests.factories.payments import pending_enrolment
from tests.payments.stripekit import event, post_event, session_object

pytestmark = [
    pytest.mark.worker,
    pytest.mark.stripe,
    pytest.mark.django_db(transaction=True),
]


def test_worker_applies_webhook_event_once(celery_worker_process, stripe_http, program):
    enrolment = pending_enrolment(CohortFactory(program=program, tuition_cents=120000))
    arrangement_choose(enrolment=enrolment, arrangement="full")
    payment, _url = payment_start(
        enrolment=enrolment, success_url="http://t/ok", cancel_url="http://t/no"
    )
    evt = event("checkout.session.completed", session_object(payment))

    responses = [post_event(Client(), evt).status_code for _ in range(3)]

    assert responses == [200, 200, 200]
    row = wait_until(
        lambda: StripeEvent.objects.filter(
            event_id=evt["id"], processed_at__isnull=False
        ).first()
    )
    assert StripeEvent.objects.filter(event_id=evt["id"]).count() == 1
    payment.refresh_from_db()
    enrolment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert Payment.objects.filter(enrolment=enrolment).count() == 1
    assert row.source == "webhook"
