"""Payment writes: start a checkout, record provider events, settle payments."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.services import enrolment_activate

from .backends import get_backend
from .models import Payment, PaymentStatus, StripeEvent

logger = logging.getLogger(__name__)


def payment_start(*, enrolment, success_url: str, cancel_url: str) -> tuple[Payment, str]:
    """Create (or reuse) the open payment for an enrolment and return where to pay."""
    backend = get_backend()
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(enrolment=enrolment, backend=backend.name, status__in=[PaymentStatus.CREATED, PaymentStatus.PENDING])
            .first()
        )
        if payment is None:
            payment = Payment.objects.create(
                enrolment=enrolment,
                amount_cents=enrolment.cohort.tuition_cents,
                currency=enrolment.cohort.currency,
                backend=backend.name,
            )
    # The provider call is outside the transaction; its idempotency key is
    # derived from the payment row, so a retry returns the same session.
    start = backend.start_checkout(payment=payment, success_url=success_url, cancel_url=cancel_url)
    Payment.objects.filter(pk=payment.pk).update(provider_ref=start.provider_ref, status=PaymentStatus.PENDING)
    payment.refresh_from_db()
    return payment, start.redirect_url


@transaction.atomic
def payment_succeed(*, payment_id: int, provider_payment_ref: str = "") -> Payment:
    """Mark paid and activate the enrolment; a repeat is harmless."""
    payment = Payment.objects.select_for_update().select_related("enrolment").get(pk=payment_id)
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
        return payment
    payment.status = PaymentStatus.SUCCEEDED
    payment.paid_at = timezone.now()
    if provider_payment_ref:
        payment.provider_payment_ref = provider_payment_ref
    payment.save(update_fields=["status", "paid_at", "provider_payment_ref"])
    enrolment_activate(enrolment=payment.enrolment)
    return payment


@transaction.atomic
def payment_fail(*, payment_id: int) -> Payment:
    """A failed attempt never undoes a success that arrived first."""
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.status in (PaymentStatus.CREATED, PaymentStatus.PENDING):
        payment.status = PaymentStatus.FAILED
        payment.save(update_fields=["status"])
    return payment


def stripe_event_record(*, event: dict) -> tuple[StripeEvent, bool]:
    """Store a verified event once by its id; returns (event, created)."""
    try:
        with transaction.atomic():
            row = StripeEvent.objects.create(event_id=event["id"], type=event["type"], payload=event)
    except IntegrityError:
        return StripeEvent.objects.get(event_id=event["id"]), False
    from .tasks import stripe_event_process

    stripe_event_process.delay_on_commit(row.pk)
    return row, True


def _payment_for_session(session: dict) -> Payment | None:
    payment_id = (session.get("metadata") or {}).get("payment_id") or session.get("client_reference_id")
    if payment_id and str(payment_id).isdigit():
        payment = Payment.objects.filter(pk=int(payment_id), backend="stripe").first()
        if payment is not None and payment.provider_ref in ("", session.get("id")):
            return payment
    return Payment.objects.filter(backend="stripe", provider_ref=session.get("id", "")).first()


def stripe_event_process(*, stripe_event_id: int) -> None:
    """Apply one stored event. Safe to repeat and to run in any order."""
    row = StripeEvent.objects.get(pk=stripe_event_id)
    obj = row.payload.get("data", {}).get("object", {})
    if row.type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        payment = _payment_for_session(obj)
        if payment is None:
            logger.warning("Stripe event %s names no payment of ours", row.event_id)
        elif row.type == "checkout.session.async_payment_succeeded" or obj.get("payment_status") == "paid":
            payment_succeed(payment_id=payment.pk, provider_payment_ref=obj.get("payment_intent") or "")
        # completed but unpaid: wait for async_payment_succeeded/failed.
    elif row.type == "checkout.session.async_payment_failed":
        payment = _payment_for_session(obj)
        if payment is not None:
            payment_fail(payment_id=payment.pk)
    StripeEvent.objects.filter(pk=row.pk, processed_at__isnull=True).update(processed_at=timezone.now())
