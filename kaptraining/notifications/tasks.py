from celery import shared_task

from .services import DIGEST_BATCH, digest_send, digests_due


@shared_task(name="notifications.digests_send")
def digests_send(after_user_id: int = 0) -> int:
    """Send every waiting daily digest, a batch of people per run; the next
    batch is queued with a cursor. Safe to run twice (rows are marked)."""
    users = digests_due(after_user_id=after_user_id)
    for user_id in users:
        digest_send(user_id=user_id)
    if len(users) == DIGEST_BATCH:
        digests_send.delay(users[-1])
    return len(users)
