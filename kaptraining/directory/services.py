"""Writes to the directory: listing submission, moderation, contact relay."""

import importlib

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from kaptraining.core.mail import mail_send

from .models import KEY_FIELDS, Listing, ListingLicensure, ListingStatus, ListingTerm


def terms_ensure_starting() -> None:
    """Put back any of the starting vocabulary (as migration 0003 seeds it)
    that is missing, e.g. after a test database was flushed; existing terms,
    and staff's own, are left as they are."""
    seed = importlib.import_module("kaptraining.directory.migrations.0003_seed_terms")
    seed.seed(apps, None)


def _key_snapshot(listing: Listing) -> dict:
    return {name: getattr(listing, name) for name in KEY_FIELDS if name != "photo"} | {
        "photo": listing.photo.name if listing.photo else ""
    }


@transaction.atomic
def listing_submit(*, user, form) -> Listing:
    """Save the practitioner's listing. A new listing, or a change to a key field
    of one that is live, goes to staff review; availability and fees do not."""
    before = None
    states_before: set[str] = set()
    if form.instance.pk:
        previous = Listing.objects.select_for_update().get(pk=form.instance.pk)
        before = _key_snapshot(previous)
        states_before = set(previous.licensures.values_list("state", flat=True))
        status_before = previous.status
    listing = form.save(commit=False)
    listing.user = user
    states = set(form.cleaned_data["licensed_states"])
    key_changed = (
        before is None or _key_snapshot(listing) != before or states != states_before
    )
    if before is None or status_before != ListingStatus.APPROVED or key_changed:
        listing.status = ListingStatus.PENDING
    listing.save()
    listing.licensures.exclude(state__in=states).delete()
    ListingLicensure.objects.bulk_create(
        [
            ListingLicensure(listing=listing, state=s)
            for s in sorted(states - states_before)
        ],
        ignore_conflicts=True,
    )
    terms = {term.pk for term in form.cleaned_terms()}
    ListingTerm.objects.filter(listing=listing).exclude(term_id__in=terms).delete()
    ListingTerm.objects.bulk_create(
        [ListingTerm(listing=listing, term_id=pk) for pk in sorted(terms)],
        ignore_conflicts=True,
    )
    return listing


@transaction.atomic
def listing_moderate(*, listing: Listing, approve: bool, note: str = "") -> Listing:
    """Approve a listing or send it back with a note; the practitioner is told."""
    note = note.strip()
    if not approve and not note:
        raise ValueError("Requesting changes needs a note for the practitioner.")
    listing.status = ListingStatus.APPROVED if approve else ListingStatus.REJECTED
    listing.moderation_note = note[:300]
    listing.save(update_fields=["status", "moderation_note", "updated_at"])
    mail_send("listing_moderated", to=listing.user, context={"listing": listing})
    return listing


def contact_relay(
    *, listing: Listing, sender_name: str, sender_email: str, message: str
) -> None:
    """Relay a visitor's message to the practitioner. The practitioner's address
    goes only into the envelope; the visitor's address is the Reply-To."""
    mail_send(
        "listing_contact",
        to=listing.user,
        context={
            "listing": listing,
            "sender_name": sender_name,
            "sender_email": sender_email,
            "message": message,
            "sent_at": timezone.now(),
        },
        reply_to=[sender_email],
    )
