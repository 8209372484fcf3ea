"""Retreat tasks: idempotent, re-fetching, calling a service."""

from celery import shared_task

from .services import registrations_purge_sensitive


@shared_task(
    name="retreats.purge_sensitive", acks_late=True, reject_on_worker_lost=True
)
def purge_sensitive() -> int:
    """Daily: blank sensitive details of runs past the retention period."""
    return registrations_purge_sensitive()
