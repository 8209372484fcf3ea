"""Payment tasks: ids in, idempotent, each calls one service."""

import datetime
import logging

import stripe
from celery import shared_task
from django.utils import timezone

from kaptraining.core.task_names import keep_old_names

from .backends.base import TransientPaymentError

logger = logging.getLogger(__name__)

TRANSIENT = (TransientPaymentError, stripe.APIConnectionError, ConnectionError)
RETRYING = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task(name="payments.stripe_event_process", **RETRYING)
def stripe_event_process(stripe_event_id: int) -> bool:
    """Apply a stored Stripe event; idempotent, order-independent."""
    from .events import stripe_event_process as process

    return process(stripe_event_id=stripe_event_id)


@shared_task(name="payments.stripe_events_retry_for", **RETRYING)
def stripe_events_retry_for(object_ref: str) -> int:
    """Apply events that waited for this PaymentIntent's payment to succeed."""
    from .events import stripe_event_process as process
    from .events import stripe_events_waiting

    ids = stripe_events_waiting(object_ref=object_ref)
    return sum(int(process(stripe_event_id=pk)) for pk in ids)


@shared_task(name="payments.stripe_events_reconcile", **RETRYING)
def stripe_events_reconcile(hours: int = 72) -> dict:
    """Store and process any recent Stripe event the webhook missed."""
    from .events import stripe_events_reconcile as reconcile

    return reconcile(since=timezone.now() - datetime.timedelta(hours=hours))


@shared_task(name="payments.account_save_card", **RETRYING)
def account_save_card(payment_id: int) -> str:
    """Remember the card a checkout used; a lookup failure is logged, and the
    first off-session charge then asks the trainee for a card."""
    from .services import account_save_card as save

    try:
        return save(payment_id=payment_id)
    except stripe.InvalidRequestError:
        logger.warning(
            "Could not read the card of payment %s", payment_id, exc_info=True
        )
        return ""


@shared_task(name="payments.instalment_charge", **RETRYING)
def instalment_charge(instalment_id: int) -> int | None:
    """Charge one due instalment; a repeat reuses the attempt in flight."""
    from .services import instalment_charge as charge

    payment = charge(instalment_id=instalment_id)
    return payment.pk if payment else None


@shared_task(name="payments.instalments_charge_due", acks_late=True)
def instalments_charge_due(batch_size: int = 200) -> int:
    """Daily: enqueue every instalment due today, in batches by id."""
    from .services import instalments_due_ids

    today = timezone.localdate()
    cursor, sent = 0, 0
    while True:
        ids = instalments_due_ids(today=today, after_id=cursor, limit=batch_size)
        if not ids:
            return sent
        for pk in ids:
            instalment_charge.delay(pk)
        sent += len(ids)
        cursor = ids[-1]


# The names these tasks had before they were named explicitly: messages queued
# under them before a deploy are forwarded until the queues drain.
keep_old_names(
    {
        "kaptraining.payments.tasks.stripe_event_process": stripe_event_process,
        "kaptraining.payments.tasks.stripe_events_retry_for": stripe_events_retry_for,
        "kaptraining.payments.tasks.stripe_events_reconcile": stripe_events_reconcile,
        "kaptraining.payments.tasks.account_save_card": account_save_card,
        "kaptraining.payments.tasks.instalment_charge": instalment_charge,
        "kaptraining.payments.tasks.instalments_charge_due": instalments_charge_due,
    }
)
