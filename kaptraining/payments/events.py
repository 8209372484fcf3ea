"""Stripe events: stored once by id, applied by an idempotent task, in any
order, any number of times. Provider handlers only normalise Stripe's data
and call the shared services."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kaptraining.core.mail import mail_send
from kaptraining.core.parsing import parse_id

from .backends import get_backend
from .models import CardSetup, Payment, PaymentStatus, StripeEvent, TuitionAccount
from .services import (
    _set_refunded,
    card_setup_complete,
    instalment_fail,
    payment_fail,
    payment_succeed,
)

logger = logging.getLogger(__name__)

HANDLED = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "charge.refunded",
    "charge.dispute.created",
}


def _object_ref(event: dict) -> str:
    obj = (event.get("data") or {}).get("object") or {}
    if event.get("type", "").startswith("charge."):
        return str(obj.get("payment_intent") or "")
    if event.get("type", "").startswith("payment_intent."):
        return str(obj.get("id") or "")
    return str(obj.get("payment_intent") or obj.get("id") or "")


def stripe_event_record(
    *, event: dict, source: str = "webhook"
) -> tuple[StripeEvent, bool]:
    """Store a verified event once by its id and enqueue it; (event, created)."""
    try:
        with transaction.atomic():
            row = StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                payload=event,
                object_ref=_object_ref(event),
                source=source,
            )
            transaction.on_commit(lambda: _enqueue(row.pk))
    except IntegrityError:
        return StripeEvent.objects.get(event_id=event["id"]), False
    return row, True


def _enqueue(stripe_event_pk: int) -> None:
    from .tasks import stripe_event_process

    stripe_event_process.delay(stripe_event_pk)


def _payment_for_session(session: dict) -> Payment | None:
    payment_id = (session.get("metadata") or {}).get("payment_id") or session.get(
        "client_reference_id"
    )
    if payment_id := parse_id(payment_id):
        payment = Payment.objects.filter(pk=payment_id, backend="stripe").first()
        if payment is not None and payment.provider_ref in ("", session.get("id")):
            return payment
    return Payment.objects.filter(
        backend="stripe", provider_ref=session.get("id", "")
    ).first()


def _payment_for_intent(intent: dict) -> Payment | None:
    payment_id = (intent.get("metadata") or {}).get("payment_id")
    if payment_id := parse_id(payment_id):
        payment = Payment.objects.filter(pk=payment_id, backend="stripe").first()
        if payment is not None:
            return payment
    return Payment.objects.filter(
        backend="stripe", provider_payment_ref=intent.get("id") or "_"
    ).first()


def _settled_payment_for_charge(charge: dict) -> Payment | None:
    """Refunds and disputes apply only to a payment we have seen succeed."""
    ref = charge.get("payment_intent") or ""
    if not ref:
        return None
    return Payment.objects.filter(
        backend="stripe",
        provider_payment_ref=ref,
        status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED],
    ).first()


def _flag(payment: Payment, reason: str) -> None:
    account = (
        TuitionAccount.objects.select_for_update()
        .filter(enrolment_id=payment.enrolment_id)
        .first()
    )
    if account is not None and not account.needs_attention:
        account.needs_attention = True
        account.attention_reason = reason[:300]
        account.flagged_at = timezone.now()
        account.save(
            update_fields=["needs_attention", "attention_reason", "flagged_at"]
        )


def _handle_session(event_type: str, obj: dict) -> bool:
    if obj.get("mode") == "setup":
        setup_id = (obj.get("metadata") or {}).get("card_setup_id")
        setup = (
            CardSetup.objects.filter(pk=parse_id(setup_id), backend="stripe").first()
            if parse_id(setup_id)
            else None
        )
        if setup is None or event_type != "checkout.session.completed":
            return True
        method = get_backend("stripe").payment_method_of_setup(
            setup_ref=obj.get("setup_intent") or ""
        )
        card_setup_complete(card_setup_id=setup.pk, payment_method_id=method)
        return True
    payment = _payment_for_session(obj)
    if payment is None:
        logger.warning("Stripe session %s names no payment of ours", obj.get("id"))
        return True
    if event_type == "checkout.session.async_payment_failed":
        payment_fail(payment_id=payment.pk, message="async payment failed")
    elif (
        event_type == "checkout.session.async_payment_succeeded"
        or obj.get("payment_status") == "paid"
    ):
        payment_succeed(
            payment_id=payment.pk, provider_payment_ref=obj.get("payment_intent") or ""
        )
    # completed but unpaid (e.g. a bank debit): wait for async_payment_succeeded/failed.
    return True


def _handle_intent(event_type: str, obj: dict) -> bool:
    payment = _payment_for_intent(obj)
    if payment is None:
        return True  # not ours (or a Checkout intent the session events settle)
    if event_type == "payment_intent.succeeded":
        payment_succeed(payment_id=payment.pk, provider_payment_ref=obj.get("id") or "")
    elif payment.off_session:
        error = (obj.get("last_payment_error") or {}).get("message") or "payment failed"
        instalment_fail(payment_id=payment.pk, message=error)
    # An on-session failure is left to the Checkout session: the trainee may
    # try another card in the same session.
    return True


@transaction.atomic
def _handle_charge(event_type: str, obj: dict) -> bool:
    payment = _settled_payment_for_charge(obj)
    if payment is None:
        return False  # wait until the payment's success is known
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if event_type == "charge.refunded":
        before = payment.refunded_cents
        _set_refunded(payment, int(obj.get("amount_refunded") or 0))
        ours = payment.refunds.filter(status="succeeded").exists()
        if payment.refunded_cents > before and not ours:
            _flag(payment, "refund made in the Stripe dashboard: review the enrolment")
            _notify_staff(payment, "refund")
    else:  # charge.dispute.created
        if payment.disputed_at is None:
            payment.disputed_at = timezone.now()
            payment.save(update_fields=["disputed_at"])
            _flag(payment, "payment disputed by the cardholder")
            _notify_staff(payment, "dispute")
    return True


def _notify_staff(payment: Payment, what: str) -> None:
    mail_send(
        "staff_payment_event",
        to=settings.STAFF_NOTIFICATION_EMAIL,
        context={"payment": payment, "what": what},
        key=f"payment-{what}:{payment.pk}:{payment.refunded_cents}",
    )


def stripe_event_process(*, stripe_event_id: int) -> bool:
    """Apply one stored event; True when applied (or nothing to do), False when
    it must wait for an earlier event. Safe to repeat and to run in any order."""
    row = StripeEvent.objects.get(pk=stripe_event_id)
    if row.processed_at is not None:
        return True
    obj = (row.payload.get("data") or {}).get("object") or {}
    if row.type.startswith("checkout.session."):
        done = _handle_session(row.type, obj)
    elif row.type.startswith("payment_intent."):
        done = _handle_intent(row.type, obj)
    elif row.type in ("charge.refunded", "charge.dispute.created"):
        done = _handle_charge(row.type, obj)
    else:
        done = True
    if done:
        StripeEvent.objects.filter(pk=row.pk, processed_at__isnull=True).update(
            processed_at=timezone.now()
        )
    return done


def stripe_events_waiting(*, object_ref: str) -> list[int]:
    return list(
        StripeEvent.objects.filter(
            object_ref=object_ref, processed_at__isnull=True
        ).values_list("pk", flat=True)
    )


def stripe_events_reconcile(*, since: datetime.datetime | None = None) -> dict:
    """List recent events at Stripe, store the ones we missed, and retry the
    ones still waiting. Returns counts."""
    since = since or timezone.now() - datetime.timedelta(days=3)
    fetched = recorded = 0
    # Only a Stripe deployment has events to list (the demo has no keys).
    listed = get_backend().recent_events(since=since)
    for event in listed:
        fetched += 1
        if event.get("type") not in HANDLED:
            continue
        _row, created = stripe_event_record(event=event, source="reconciliation")
        recorded += int(created)
    stale = timezone.now() - datetime.timedelta(minutes=10)
    waiting = list(
        StripeEvent.objects.filter(
            processed_at__isnull=True, received_at__lt=stale
        ).values_list("pk", flat=True)[:500]
    )
    for pk in waiting:
        transaction.on_commit(lambda pk=pk: _enqueue(pk))
    return {"fetched": fetched, "recorded": recorded, "retried": len(waiting)}
