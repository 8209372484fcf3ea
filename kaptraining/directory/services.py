from django.db import transaction

from .models import Listing, ListingLicensure, ListingStatus


@transaction.atomic
def listing_submit(*, user, form) -> Listing:
    """Save the practitioner's listing and send it to staff for review."""
    listing = form.save(commit=False)
    listing.user = user
    listing.status = ListingStatus.PENDING
    listing.save()
    states = set(form.cleaned_data["licensed_states"])
    listing.licensures.exclude(state__in=states).delete()
    existing = set(listing.licensures.values_list("state", flat=True))
    ListingLicensure.objects.bulk_create(
        [ListingLicensure(listing=listing, state=s) for s in sorted(states - existing)]
    )
    return listing


@transaction.atomic
def listing_moderate(*, listing: Listing, approve: bool, note: str = "") -> Listing:
    listing.status = ListingStatus.APPROVED if approve else ListingStatus.REJECTED
    listing.moderation_note = note[:300]
    listing.save(update_fields=["status", "moderation_note", "updated_at"])
    return listing
