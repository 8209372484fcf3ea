"""Writes to the directory: listing submission, moderation, contact relay."""

import datetime
import importlib

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from kaptraining.core.mail import mail_send

from .models import (
    CONFIRM_EVERY_DAYS,
    HIDE_AFTER_DAYS,
    KEY_FIELDS,
    STALE_AFTER_DAYS,
    Freshness,
    Listing,
    ListingLicensure,
    ListingStatus,
    ListingTerm,
)


def terms_ensure_starting() -> None:
    """Put back any of the starting vocabulary (as migration 0003 seeds it)
    that is missing, e.g. after a test database was flushed; existing terms,
    and staff's own, are left as they are."""
    for name in ("0003_seed_terms", "0008_seed_identity_terms"):
        seed = importlib.import_module(f"kaptraining.directory.migrations.{name}")
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
    # Saving the form is the practitioner confirming what it says.
    _mark_confirmed(listing)
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


def _mark_confirmed(listing: Listing) -> None:
    listing.accepting_confirmed_at = timezone.now()
    listing.confirm_asked_at = None
    listing.freshness = Freshness.CURRENT


@transaction.atomic
def listing_confirm_availability(*, listing: Listing, accepting: bool) -> Listing:
    """The practitioner says whether they take new clients today; the listing
    is current again (shown, unmarked) from this moment."""
    listing.accepting_clients = accepting
    _mark_confirmed(listing)
    listing.save(
        update_fields=[
            "accepting_clients",
            "accepting_confirmed_at",
            "confirm_asked_at",
            "freshness",
            "updated_at",
        ]
    )
    return listing


@transaction.atomic
def listings_review_freshness(*, batch_size: int = 500) -> dict[str, int]:
    """Ask each approved listing's practitioner to confirm availability once
    CONFIRM_EVERY_DAYS have passed (one e-mail per unconfirmed period), mark
    it stale after STALE_AFTER_DAYS and hide it after HIDE_AFTER_DAYS. Each
    step moves a listing forward only, so running twice changes nothing."""
    now = timezone.now()

    def older_than(days: int):
        return now - datetime.timedelta(days=days)

    approved = Listing.objects.filter(status=ListingStatus.APPROVED)
    hidden = list(
        approved.exclude(freshness=Freshness.HIDDEN)
        .filter(accepting_confirmed_at__lte=older_than(HIDE_AFTER_DAYS))
        .select_related("user")[:batch_size]
    )
    for listing in hidden:
        mail_send(
            "listing_hidden",
            to=listing.user,
            context={"listing": listing},
            key=f"listing-hidden:{listing.pk}:{listing.accepting_confirmed_at:%Y%m%d}",
        )
    Listing.objects.filter(pk__in=[x.pk for x in hidden]).update(
        freshness=Freshness.HIDDEN
    )
    stale = (
        approved.filter(freshness=Freshness.CURRENT)
        .filter(accepting_confirmed_at__lte=older_than(STALE_AFTER_DAYS))
        .update(freshness=Freshness.STALE)
    )
    ask = list(
        approved.filter(
            freshness=Freshness.CURRENT,
            confirm_asked_at__isnull=True,
            accepting_confirmed_at__lte=older_than(CONFIRM_EVERY_DAYS),
        ).select_related("user")[:batch_size]
    )
    for listing in ask:
        mail_send(
            "listing_confirm",
            to=listing.user,
            context={
                "listing": listing,
                "stale_on": listing.accepting_confirmed_at
                + datetime.timedelta(days=STALE_AFTER_DAYS),
                "hidden_on": listing.accepting_confirmed_at
                + datetime.timedelta(days=HIDE_AFTER_DAYS),
            },
            key=f"listing-confirm:{listing.pk}:{listing.accepting_confirmed_at:%Y%m%d}",
        )
    Listing.objects.filter(pk__in=[x.pk for x in ask]).update(confirm_asked_at=now)
    return {"asked": len(ask), "stale": stale, "hidden": len(hidden)}
