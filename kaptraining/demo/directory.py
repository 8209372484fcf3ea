"""The public directory: its page, and graduates opting in. Each listing is
submitted through the practitioner's own form (so it is validated like any
other) and approved by staff; it shows only while its holder's certificate
is current."""

from kaptraining.directory.forms import ListingForm
from kaptraining.directory.models import DirectoryPage, Term
from kaptraining.directory.services import (
    listing_moderate,
    listing_submit,
    terms_ensure_starting,
)

from .base import StoryError
from .data.directory_profiles import profile_for
from .data.graduates import Graduate


def load_directory_page(home) -> None:
    terms_ensure_starting()
    if not DirectoryPage.objects.exists():
        home.add_child(
            instance=DirectoryPage(
                title="Find a KAP practitioner",
                slug="directory",
                intro="<p>Every practitioner listed here completed our 150-hour "
                "program and holds a current certificate. Use the filters to "
                "find someone near you, or licensed in your state for telehealth.</p>",
            )
        )


def listing_data(graduate: Graduate) -> dict:
    """What the practitioner types into their listing form."""
    terms = {(t.vocabulary, t.slug): str(t.pk) for t in Term.objects.all()}

    def pick(vocabulary, slugs):
        return [terms[(vocabulary, slug)] for slug in slugs]

    g = graduate
    return {
        "display_name": g.display_name,
        "credentials": g.credentials,
        "profession": g.profession,
        "role": g.role,
        "works_with_partner_prescriber": g.partner,
        "practice_name": g.practice,
        "in_person": g.office,
        "telehealth": g.telehealth,
        "address_line": g.address,
        "city": g.city,
        "state": g.state,
        "zip_code": g.zip,
        "licensed_states": sorted({g.state, *g.licensed_in}),
        "licence": pick("licence", [g.licence]),
        "service": pick("service", g.services),
        "route": pick("route", g.routes if g.role == "prescriber" or g.partner else ()),
        "population": pick("population", g.populations),
        "condition": pick("condition", g.conditions),
        "language": pick("language", g.languages),
        "insurance": pick("insurance", g.insurance),
        "specialities": g.specialities,
        "fee_min": g.fees[0],
        "fee_max": g.fees[1],
        "sliding_scale": g.sliding,
        "accepting_clients": True,
        "bio": g.bio,
        "identity": g.identity,
        "cultural_background": g.background,
        "show_identity": g.show_identity,
        **_profile_fields(g, pick),
    }


def _profile_fields(g: Graduate, pick) -> dict:
    """Identity (only for those who share it), access, fees and longer texts."""
    extra = profile_for(
        g.key, prescriber=g.role == "prescriber", practice=g.practice, city=g.city
    )
    fields = {
        "access": pick("access", extra["access"]),
        "superbills": extra["superbills"],
        "sliding_scale_bands": extra["sliding_scale_bands"] if g.sliding else "",
        "bio_es": extra["bio_es"],
        "bio_long": extra["bio_long"],
        "first_session": extra["first_session"],
    }
    if g.show_identity:
        for vocabulary, slugs in extra["terms"].items():
            fields[vocabulary] = pick(vocabulary, slugs)
        for vocabulary, words in extra["words"].items():
            fields[f"{vocabulary}_words"] = words
    return fields


def listing_submit_as(user, graduate: Graduate):
    form = ListingForm(data=listing_data(graduate))
    if not form.is_valid():
        raise StoryError(f"{graduate.key}'s listing: {form.errors.as_text()}")
    return listing_submit(user=user, form=form)


def listing_approve(user) -> None:
    listing_moderate(listing=user.directory_listing, approve=True)
