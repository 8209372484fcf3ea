"""Factories for the provider directory: certified practitioners and listings."""

import datetime

import factory
from django.utils import timezone

from kaptraining.certificates.models import Certificate
from kaptraining.directory.models import (
    Listing,
    ListingLicensure,
    ListingStatus,
    ListingTerm,
    Term,
)

from . import UserFactory


def term(vocabulary: str, slug: str, name: str | None = None) -> Term:
    """The seeded choice, or a new one (transactional tests flush seeded rows)."""
    return Term.objects.get_or_create(
        vocabulary=vocabulary,
        slug=slug,
        defaults={"name": name or slug.replace("-", " ").title()},
    )[0]


def certify(user, program, *, expires_in_days: int | None = None) -> Certificate:
    expires = (
        timezone.now() + datetime.timedelta(days=expires_in_days)
        if expires_in_days is not None
        else None
    )
    return Certificate.objects.create(
        trainee=user,
        program=program,
        award_title="Certified KAP Practitioner",
        holder_name=user.display_name,
        expires_at=expires,
    )


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Practitioner {n:04d}")
    credentials = "PsyD"
    profession = "psychologist"
    role = "therapist"
    practice_name = "Harbor Integrative Therapy"
    address_line = "100 Main Street"
    city = "San Francisco"
    state = "CA"
    zip_code = "94110"
    in_person = True
    telehealth = False
    bio = "I offer ketamine-assisted psychotherapy with preparation and integration."
    status = ListingStatus.APPROVED

    @factory.post_generation
    def licensed_in(obj, create, extracted, **kwargs):
        if create:
            for state in extracted or [obj.state or "CA"]:
                ListingLicensure.objects.get_or_create(listing=obj, state=state)

    @factory.post_generation
    def with_terms(obj, create, extracted, **kwargs):
        # with_terms=[("language", "spanish"), ...]
        if create and extracted:
            for vocabulary, slug in extracted:
                ListingTerm.objects.get_or_create(
                    listing=obj, term=term(vocabulary, slug)
                )


def published_listing(program, **kwargs) -> Listing:
    """An approved listing whose holder has a current program certificate."""
    listing = ListingFactory(**kwargs)
    certify(listing.user, program)
    return listing
