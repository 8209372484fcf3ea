"""Webhook chaos: signatures checked for real; duplicates, concurrency and
every ordering of events end in one state."""

import itertools
import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from cohorts.models import EnrolmentStatus
from kaptraining.payments.models import (
    InstalmentStatus,
    Payment,
    PaymentStatus,
    StripeEvent,
    TuitionAccount,
)
from kaptraining.payments.services import arrangement_choose, payment_start
from tests.factories import CohortFactory
from tests.factories.payments import pending_enrolment
from tests.payments.stripekit import (
    charge_object,
    dispute_object,
    event,
    post_event,
    session_object,
    sign,
)

pytestmark = pytest.mark.stripe


def _started_payment(cohort):
    """A pending enrolment whose Checkout Session (stubbed) is open."""
    enrolment = pending_enrolment(cohort)
    arrangement_choose(enrolment=enrolment, arrangement="full")
    payment, url = payment_start(
        enrolment=enrolment, success_url="http://t/ok", cancel_url="http://t/no"
    )
    assert url.startswith("https://checkout.stripe.com/")
    return payment


@pytest.fixture
def cohort(program):
    return CohortFactory(program=program, tuition_cents=250000)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mangle",
    ["bad_signature", "stale_timestamp", "tampered_body", "no_header", "other_secret"],
)
def test_webhook_unverifiable_is_400_and_writes_nothing(
    client, stripe_http, cohort, mangle
):
    payment = _started_payment(cohort)
    body = event("checkout.session.completed", session_object(payment))
    import json

    raw = json.dumps(body).encode()
    headers = {"HTTP_STRIPE_SIGNATURE": sign(raw)}
    if mangle == "bad_signature":
        headers["HTTP_STRIPE_SIGNATURE"] = (
            headers["HTTP_STRIPE_SIGNATURE"][:-4] + "0000"
        )
    elif mangle == "stale_timestamp":
        headers["HTTP_STRIPE_SIGNATURE"] = sign(raw, timestamp=int(time.time()) - 3600)
    elif mangle == "tampered_body":
        raw = raw.replace(b'"payment_status": "paid"', b'"payment_status": "paid" ')
    elif mangle == "no_header":
        headers = {}
    elif mangle == "other_secret":
        headers["HTTP_STRIPE_SIGNATURE"] = sign(raw, secret="whsec_attacker")

    response = client.post(
        "/pay/stripe/webhook/", data=raw, content_type="application/json", **headers
    )

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert payment.enrolment.status == EnrolmentStatus.PENDING_PAYMENT


@pytest.mark.django_db
def test_webhook_signed_but_not_an_event_is_400(client, stripe_http):
    raw = b'["not", "an", "event"]'
    response = client.post(
        "/pay/stripe/webhook/",
        data=raw,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(raw),
    )
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


@pytest.mark.django_db
def test_webhook_same_event_five_times_activates_once(webhook, stripe_http, cohort):
    payment = _started_payment(cohort)
    evt = event("checkout.session.completed", session_object(payment))

    first = webhook(evt)
    payment.enrolment.refresh_from_db()
    activated_at = payment.enrolment.activated_at
    later = [webhook(evt) for _ in range(4)]

    assert first.status_code == 200
    assert [r.status_code for r in later] == [200] * 4
    assert StripeEvent.objects.filter(event_id=evt["id"]).count() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.provider_payment_ref == "pi_test_1"
    assert Payment.objects.filter(enrolment=payment.enrolment).count() == 1
    payment.enrolment.refresh_from_db()
    assert payment.enrolment.status == EnrolmentStatus.ACTIVE
    assert payment.enrolment.activated_at == activated_at


@pytest.mark.django_db(transaction=True)
def test_webhook_same_event_five_times_concurrently_activates_once(
    stripe_http, program
):
    cohort = CohortFactory(program=program, tuition_cents=250000)
    payment = _started_payment(cohort)
    evt = event("checkout.session.completed", session_object(payment))
    statuses: list[int] = []
    barrier = threading.Barrier(5)

    def deliver():
        try:
            barrier.wait(timeout=10)
            statuses.append(post_event(Client(), evt).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(statuses) == [200] * 5
    assert StripeEvent.objects.filter(event_id=evt["id"]).count() == 1
    assert StripeEvent.objects.get(event_id=evt["id"]).processed_at is not None
    assert Payment.objects.filter(enrolment=payment.enrolment).count() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    payment.enrolment.refresh_from_db()
    assert payment.enrolment.status == EnrolmentStatus.ACTIVE


@pytest.mark.django_db
def test_webhook_completed_unpaid_waits_for_async_success(webhook, stripe_http, cohort):
    payment = _started_payment(cohort)

    webhook(
        event(
            "checkout.session.completed",
            session_object(payment, payment_status="unpaid"),
        ),
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert payment.enrolment.status == EnrolmentStatus.PENDING_PAYMENT

    webhook(
        event("checkout.session.async_payment_succeeded", session_object(payment)),
    )
    payment.refresh_from_db()
    payment.enrolment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.enrolment.status == EnrolmentStatus.ACTIVE


@pytest.mark.django_db
def test_webhook_async_failure_leaves_place_reserved(webhook, stripe_http, cohort):
    payment = _started_payment(cohort)
    webhook(
        event(
            "checkout.session.completed",
            session_object(payment, payment_status="unpaid"),
        ),
    )
    webhook(
        event(
            "checkout.session.async_payment_failed",
            session_object(payment, payment_status="unpaid"),
        ),
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.enrolment.status == EnrolmentStatus.PENDING_PAYMENT


@pytest.mark.django_db
def test_webhook_unknown_session_is_stored_and_changes_nothing(
    webhook, stripe_http, cohort
):
    payment = _started_payment(cohort)
    obj = session_object(payment)
    obj.update(id="cs_test_not_ours", client_reference_id=None, metadata={})
    response = webhook(event("checkout.session.completed", obj))
    assert response.status_code == 200
    assert StripeEvent.objects.get().processed_at is not None
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


ORDERINGS = list(itertools.permutations(["completed", "async", "refunded", "dispute"]))


@pytest.mark.django_db
def test_webhook_every_ordering_reaches_one_final_state(webhook, stripe_http, program):
    """completed (unpaid) / async succeeded / refunded / disputed, in all 24
    orders: the payment is paid then fully refunded, disputed once, the
    enrolment is active (a refund made in Stripe flags staff rather than
    removing access) and staff are told."""
    finals = set()
    for n, order in enumerate(ORDERINGS):
        cohort = CohortFactory(program=program, tuition_cents=250000)
        payment = _started_payment(cohort)
        pi = f"pi_order_{n}"
        events = {
            "completed": event(
                "checkout.session.completed",
                session_object(payment, payment_status="unpaid", payment_intent=pi),
            ),
            "async": event(
                "checkout.session.async_payment_succeeded",
                session_object(payment, payment_intent=pi),
            ),
            "refunded": event(
                "charge.refunded",
                charge_object(payment_intent=pi, amount=250000, amount_refunded=250000),
            ),
            "dispute": event(
                "charge.dispute.created",
                dispute_object(payment_intent=pi, amount=250000),
            ),
        }
        for name in order:
            assert webhook(events[name]).status_code == 200
        webhook(events[order[0]])  # a late duplicate changes nothing

        payment.refresh_from_db()
        enrolment = payment.enrolment
        enrolment.refresh_from_db()
        account = TuitionAccount.objects.get(enrolment=enrolment)
        state = (
            payment.status,
            payment.refunded_cents,
            payment.disputed_at is not None,
            enrolment.status,
            account.needs_attention,
            account.instalments.get().status,
            Payment.objects.filter(enrolment=enrolment).count(),
            StripeEvent.objects.filter(
                object_ref=pi, processed_at__isnull=True
            ).count(),
        )
        finals.add(state)
    assert finals == {
        (
            PaymentStatus.REFUNDED,
            250000,
            True,
            EnrolmentStatus.ACTIVE,
            True,
            InstalmentStatus.PAID,
            1,
            0,
        )
    }
    staff_mail = [m for m in mail.outbox if "staff@localhost" in m.to]
    assert len(staff_mail) == 2 * len(ORDERINGS)  # one refund + one dispute notice each
