"""Credits tasks: each idempotent, taking ids, re-fetching and calling a service.

acks_late + reject_on_worker_lost: a worker killed mid-build leaves the message
to be redelivered; the service's row lock and status check make the second
delivery finish the first build or do nothing."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from kaptraining.core.task_names import keep_old_names

logger = logging.getLogger(__name__)

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(
    name="credits.transcript_export_build",
    bind=True,
    max_retries=3,
    soft_time_limit=150,
    time_limit=180,
    **TASK_OPTIONS,
)
def transcript_export_build_task(self, export_id: int) -> str | None:
    """Build one transcript export once; a redelivery finds it finished."""
    from .exports import transcript_export_build, transcript_export_fail

    try:
        export = transcript_export_build(export_id=export_id)
    except (OperationalError, InterfaceError) as exc:
        # The database went away: worth another try, with backoff.
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc
        logger.exception("Transcript export %s failed after retries", export_id)
        transcript_export_fail(export_id=export_id, error=f"Database error: {exc}")
        return None
    except SoftTimeLimitExceeded:
        logger.exception("Transcript export %s took too long", export_id)
        transcript_export_fail(
            export_id=export_id, error="The build took longer than its time limit."
        )
        return None
    except Exception as exc:
        # Not transient (a template or storage error): record it for staff and
        # let the trainee ask again from the page rather than retrying blindly.
        logger.exception("Transcript export %s failed", export_id)
        transcript_export_fail(
            export_id=export_id, error=f"{type(exc).__name__}: {exc}"
        )
        return None
    return export.status if export is not None else None


# The names these tasks had before they were named explicitly: messages queued
# under them before a deploy are forwarded until the queues drain.
keep_old_names(
    {
        "kaptraining.credits.tasks.transcript_export_build_task": (
            transcript_export_build_task
        ),
    }
)
