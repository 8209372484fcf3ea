"""Sending a broadcast: one task per batch, each enqueuing the next with a
cursor, so no task runs long and a redelivered task sends nothing twice."""

from celery import shared_task
from django.conf import settings

from .services import broadcast_send_batch


@shared_task(
    name="newsletter.broadcast_send",
    acks_late=True,
    reject_on_worker_lost=True,
)
def broadcast_send(broadcast_id: int, after_id: int = 0) -> int | None:
    """Queue one batch of a broadcast, then the next; idempotent per recipient
    (the Delivery unique constraint and the mail key)."""
    cursor = broadcast_send_batch(
        broadcast_id=broadcast_id,
        after_id=after_id,
        batch_size=settings.NEWSLETTER_BATCH_SIZE,
    )
    if cursor is not None:
        broadcast_send.delay(broadcast_id, cursor)
    return cursor
