"""Practice's periodic work."""

from celery import shared_task

from .services import recordings_purge


@shared_task(name="practice.recordings_purge")
def purge_recordings() -> int:
    """Delete role-play recordings past their retention period (idempotent:
    a purged recording is skipped)."""
    return recordings_purge()
