"""Directory housekeeping run by Celery beat."""

from celery import shared_task

from kaptraining.core.task_names import keep_old_names

REFRESH_BATCH_SIZE = 2000
FRESHNESS_BATCH_SIZE = 500


@shared_task(name="directory.refresh_certification", acks_late=True)
def directory_refresh_certification(batch_size: int = REFRESH_BATCH_SIZE) -> int:
    """Re-point every listing at its holder's current certificate, a batch of
    listings per statement. Certificate saves already do this as they happen;
    this repairs what was written behind the model's back (a bulk update, a
    restored backup). Idempotent. Returns the number of listings checked."""
    from .models import Listing, refresh_certification

    checked, last_pk = 0, 0
    while True:
        pks = list(
            Listing.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not pks:
            return checked
        checked += refresh_certification(Listing.objects.filter(pk__in=pks))
        last_pk = pks[-1]


@shared_task(name="directory.listings_review_freshness", acks_late=True)
def directory_listings_review_freshness() -> dict:
    """Ask, mark stale, then hide listings whose practitioners have not
    confirmed they take new clients (directory.services); idempotent."""
    from .services import listings_review_freshness

    totals = {"asked": 0, "stale": 0, "hidden": 0}
    while True:
        counts = listings_review_freshness(batch_size=FRESHNESS_BATCH_SIZE)
        totals = {key: totals[key] + counts[key] for key in totals}
        if max(counts["asked"], counts["hidden"]) < FRESHNESS_BATCH_SIZE:
            return totals


# The names these tasks had before they were named explicitly: messages queued
# under them before a deploy are forwarded until the queues drain.
keep_old_names(
    {
        "kaptraining.directory.tasks.directory_refresh_certification": (
            directory_refresh_certification
        ),
    }
)
