"""The Stripe backend's real calls against localstripe: customers, saved
cards, off-session PaymentIntents for instalments, refunds, the event list
for reconciliation; idempotency keys derived from our rows."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from cohorts.models import EnrolmentStatus
from kaptraining.payments.backends.stripe import client as stripe_client
from kaptraining.payments.events import stripe_events_reconcile
from kaptraining.payments.models import (
    InstalmentStatus,
    Payment,
    PaymentStatus,
    Refund,
    StripeEvent,
    TuitionAccount,
)
from kaptraining.payments.services import (
    RETRY_DAYS,
    arrangement_choose,
    card_setup_start,
    instalment_charge,
    payment_start,
    refund_create,
)
from tests.factories import UserFactory
from tests.factories.payments import pending_enrolment, priced_cohort
from tests.payments.stripekit import event, session_object

pytestmark = [pytest.mark.stripe, pytest.mark.django_db]

VISA = "4242424242424242"
DECLINES_ON_CHARGE = "4000000000000341"  # attaches, then every charge is declined


def _card(customer_id: str, number: str = VISA) -> str:
    """A card saved on the customer at localstripe (what Checkout would do)."""
    api = stripe_client().v1
    method = api.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        }
    )
    api.payment_methods.attach(method.id, params={"customer": customer_id})
    return method.id


def _pay_first_instalment(webhook, payment, *, number: str = VISA) -> str:
    """Complete the (stubbed) Checkout: a real PaymentIntent at localstripe
    with the card, then Stripe's signed checkout.session.completed."""
    account = TuitionAccount.objects.get(enrolment=payment.enrolment)
    method = _card(account.stripe_customer_id, number=VISA)
    intent = stripe_client().v1.payment_intents.create(
        params={
            "amount": payment.amount_cents,
            "currency": payment.currency,
            "customer": account.stripe_customer_id,
            "payment_method": method,
            "confirm": True,
            "metadata": {"payment_id": str(payment.pk)},
        }
    )
    assert intent.status == "succeeded"
    webhook(
        event(
            "checkout.session.completed",
            session_object(payment, payment_intent=intent.id),
        )
    )
    if number != VISA:
        # The trainee's bank later starts declining: such a card is now saved.
        declining = _card(account.stripe_customer_id, number=number)
        TuitionAccount.objects.filter(pk=account.pk).update(payment_method_id=declining)
    return intent.id


@pytest.fixture
def plan_payment(stripe_http, program):
    cohort = priced_cohort(program, amount_cents=100001)
    enrolment = pending_enrolment(cohort)
    arrangement_choose(enrolment=enrolment, arrangement="plan", instalments=3)
    payment, _url = payment_start(
        enrolment=enrolment, success_url="http://t/ok", cancel_url="http://t/no"
    )
    return payment


def test_payment_start_creates_customer_and_session_with_row_keys(
    stripe_http, plan_payment
):
    account = TuitionAccount.objects.get(enrolment=plan_payment.enrolment)

    customer = stripe_client().v1.customers.retrieve(account.stripe_customer_id)
    session = stripe_http.sessions[plan_payment.provider_ref]

    assert customer.email == plan_payment.enrolment.trainee.email
    assert stripe_http.idempotency_keys("/v1/customers") == [
        f"customer-account-{account.pk}"
    ]
    assert stripe_http.idempotency_keys("/v1/checkout/sessions") == [
        f"checkout-payment-{plan_payment.pk}"
    ]
    form = session["_form"]
    assert form["line_items[0][price_data][unit_amount]"] == "33333"
    assert form["payment_intent_data[setup_future_usage]"] == "off_session"
    assert form["customer"] == account.stripe_customer_id
    assert plan_payment.status == PaymentStatus.PENDING


def test_payment_start_twice_reuses_payment_row_and_key(stripe_http, plan_payment):
    again, _url = payment_start(
        enrolment=plan_payment.enrolment,
        success_url="http://t/ok",
        cancel_url="http://t/no",
    )
    assert again.pk == plan_payment.pk
    keys = stripe_http.idempotency_keys("/v1/checkout/sessions")
    assert keys == [f"checkout-payment-{plan_payment.pk}"] * 2
    # the customer is created once and remembered
    assert len(stripe_http.calls_to("/v1/customers")) == 1


def test_plan_saves_card_and_charges_next_instalment_off_session(
    stripe_http, plan_payment, webhook, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _pay_first_instalment(webhook, plan_payment)
    account = TuitionAccount.objects.get(enrolment=plan_payment.enrolment)
    assert account.payment_method_id.startswith("pm_")
    second = account.instalments.get(sequence=2)

    with django_capture_on_commit_callbacks(execute=True):
        payment = instalment_charge(instalment_id=second.pk, today=second.due_date)

    second.refresh_from_db()
    assert second.status == InstalmentStatus.PAID
    assert payment.status == PaymentStatus.SUCCEEDED and payment.off_session
    intent = stripe_client().v1.payment_intents.retrieve(payment.provider_payment_ref)
    assert intent.status == "succeeded"
    assert intent.amount == 33333
    assert intent.payment_method == account.payment_method_id
    assert intent.metadata["payment_id"] == str(payment.pk)
    assert (
        stripe_http.idempotency_keys("/v1/payment_intents")[-1]
        == f"payment-{payment.pk}"
    )
    # not due yet: nothing is charged
    third = account.instalments.get(sequence=3)
    assert instalment_charge(instalment_id=third.pk, today=second.due_date) is None
    assert [i.amount_cents for i in account.instalments.order_by("sequence")] == [
        33333,
        33333,
        33335,
    ]


def test_declined_instalment_retries_then_flags_staff_never_removing_access(
    stripe_http, plan_payment, webhook, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _pay_first_instalment(webhook, plan_payment, number=DECLINES_ON_CHARGE)
    account = TuitionAccount.objects.get(enrolment=plan_payment.enrolment)
    second = account.instalments.get(sequence=2)
    day = second.due_date
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        instalment_charge(instalment_id=second.pk, today=day)
    second.refresh_from_db()
    assert second.status == InstalmentStatus.FAILED
    assert second.attempts == 1
    assert second.next_attempt_on == day + datetime.timedelta(days=RETRY_DAYS[0])
    assert "declined" in second.last_error
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [plan_payment.enrolment.trainee.email]
    assert f"/pay/enrolments/{account.enrolment_id}/card/" in mail.outbox[0].body

    # the retry days come and go, each one declined
    for _ in RETRY_DAYS:
        day = second.next_attempt_on
        with django_capture_on_commit_callbacks(execute=True):
            instalment_charge(instalment_id=second.pk, today=day)
        second.refresh_from_db()

    account.refresh_from_db()
    assert second.status == InstalmentStatus.OVERDUE
    assert second.attempts == len(RETRY_DAYS) + 1
    assert account.needs_attention and account.attention_reason.startswith(
        "instalment:"
    )
    assert any("staff@localhost" in m.to for m in mail.outbox)
    plan_payment.enrolment.refresh_from_db()
    assert plan_payment.enrolment.status == EnrolmentStatus.ACTIVE
    failed = Payment.objects.filter(instalment=second, status=PaymentStatus.FAILED)
    assert failed.count() == len(RETRY_DAYS) + 1
    keys = stripe_http.idempotency_keys("/v1/payment_intents")[-len(RETRY_DAYS) - 1 :]
    assert keys == [f"payment-{p.pk}" for p in failed.order_by("pk")]


def test_card_update_through_setup_session_retries_failed_instalment(
    stripe_http, plan_payment, webhook, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _pay_first_instalment(webhook, plan_payment, number=DECLINES_ON_CHARGE)
    account = TuitionAccount.objects.get(enrolment=plan_payment.enrolment)
    second = account.instalments.get(sequence=2)
    with django_capture_on_commit_callbacks(execute=True):
        instalment_charge(instalment_id=second.pk, today=second.due_date)
    second.refresh_from_db()
    assert second.status == InstalmentStatus.FAILED

    setup, url = card_setup_start(
        enrolment=account.enrolment, success_url="http://t/ok", cancel_url="http://t/no"
    )
    assert url.startswith("https://checkout.stripe.com/")
    assert stripe_http.sessions[setup.provider_ref]["mode"] == "setup"
    assert (
        stripe_http.idempotency_keys("/v1/checkout/sessions")[-1]
        == f"card-setup-{setup.pk}"
    )
    # The trainee saves a good card in Checkout: a real SetupIntent at localstripe.
    api = stripe_client().v1
    intent = api.setup_intents.create(params={"customer": account.stripe_customer_id})
    good = _card(account.stripe_customer_id)
    api.setup_intents.confirm(intent.id, params={"payment_method": good})
    completed = {
        "id": setup.provider_ref,
        "object": "checkout.session",
        "mode": "setup",
        "status": "complete",
        "setup_intent": intent.id,
        "metadata": {"card_setup_id": str(setup.pk)},
    }

    webhook(event("checkout.session.completed", completed))

    account.refresh_from_db()
    second.refresh_from_db()
    assert account.payment_method_id == good
    assert second.status == InstalmentStatus.PAID


def test_refund_partial_at_localstripe_with_refund_row_key(
    stripe_http, plan_payment, webhook, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intent_id = _pay_first_instalment(webhook, plan_payment)
    staff = UserFactory(is_staff=True)

    refund = refund_create(
        payment_id=plan_payment.pk,
        amount_cents=10000,
        reason="Moved to a later cohort",
        withdraw=False,
        staff=staff,
    )

    assert refund.provider_ref.startswith("re_")
    at_stripe = stripe_client().v1.refunds.retrieve(refund.provider_ref)
    assert at_stripe.amount == 10000
    assert stripe_http.idempotency_keys("/v1/refunds") == [f"refund-{refund.pk}"]
    plan_payment.refresh_from_db()
    assert plan_payment.refunded_cents == 10000
    assert plan_payment.status == PaymentStatus.SUCCEEDED
    latest = stripe_client().v1.payment_intents.retrieve(intent_id).latest_charge
    charge_id = getattr(latest, "id", latest)  # localstripe expands it
    assert at_stripe.charge == charge_id
    assert stripe_client().v1.charges.retrieve(charge_id).amount_refunded == 10000


def test_refund_over_refundable_is_refused_and_nothing_sent(
    stripe_http, plan_payment, webhook, django_capture_on_commit_callbacks
):
    from kaptraining.payments.services import PaymentError

    with django_capture_on_commit_callbacks(execute=True):
        _pay_first_instalment(webhook, plan_payment)
    with pytest.raises(PaymentError, match="still refundable"):
        refund_create(
            payment_id=plan_payment.pk,
            amount_cents=plan_payment.amount_cents + 1,
            reason="Too much",
            withdraw=False,
            staff=UserFactory(is_staff=True),
        )
    assert Refund.objects.count() == 0
    assert stripe_http.calls_to("/v1/refunds") == []


def test_network_error_is_retried_with_the_same_idempotency_key(stripe_http, program):
    cohort = priced_cohort(program, amount_cents=90000)
    enrolment = pending_enrolment(cohort)
    arrangement_choose(enrolment=enrolment, arrangement="full")
    # The first attempt to create the customer never reaches Stripe.
    stripe_http.fail_once("POST", "/v1/customers")

    payment_start(
        enrolment=enrolment, success_url="http://t/ok", cancel_url="http://t/no"
    )

    keys = stripe_http.idempotency_keys("/v1/customers")
    account = TuitionAccount.objects.get(enrolment=enrolment)
    assert len(keys) == 2
    assert set(keys) == {f"customer-account-{account.pk}"}
    assert account.stripe_customer_id.startswith("cus_")


def test_reconcile_applies_a_missed_off_session_success(
    stripe_http, plan_payment, webhook, django_capture_on_commit_callbacks
):
    """The endpoint was down while an instalment charge succeeded at Stripe
    and our worker died before recording it: reconciliation finds the event."""
    with django_capture_on_commit_callbacks(execute=True):
        _pay_first_instalment(webhook, plan_payment)
    account = TuitionAccount.objects.get(enrolment=plan_payment.enrolment)
    second = account.instalments.get(sequence=2)
    lost = Payment.objects.create(
        enrolment=account.enrolment,
        instalment=second,
        amount_cents=second.amount_cents,
        currency="usd",
        backend="stripe",
        off_session=True,
    )
    stripe_client().v1.payment_intents.create(
        params={
            "amount": lost.amount_cents,
            "currency": "usd",
            "customer": account.stripe_customer_id,
            "payment_method": account.payment_method_id,
            "confirm": True,
            "off_session": True,
            "metadata": {"payment_id": str(lost.pk)},
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = stripe_events_reconcile(
            since=timezone.now() - datetime.timedelta(hours=1)
        )

    lost.refresh_from_db()
    second.refresh_from_db()
    assert lost.status == PaymentStatus.SUCCEEDED
    assert second.status == InstalmentStatus.PAID
    assert counts["recorded"] >= 2  # the first charge's and the lost one's events
    assert StripeEvent.objects.filter(source="reconciliation").exists()
    # a second pass finds nothing new
    with django_capture_on_commit_callbacks(execute=True):
        again = stripe_events_reconcile(
            since=timezone.now() - datetime.timedelta(hours=1)
        )
    assert again["recorded"] == 0
