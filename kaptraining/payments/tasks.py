from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def stripe_event_process(stripe_event_id: int) -> None:
    """Apply a stored Stripe event; idempotent, order-independent."""
    from .services import stripe_event_process as process

    process(stripe_event_id=stripe_event_id)
