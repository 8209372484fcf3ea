"""The public JSON shape of a listing: an explicit allow-list of fields, so
that e-mail addresses and unshared identity fields can never leak."""

from kaptraining.core.urls import absolute_url

from .models import Listing, Vocabulary

API_KEYS = {
    Vocabulary.LICENCE: "licence_types",
    Vocabulary.SERVICE: "services",
    Vocabulary.ROUTE: "routes",
    Vocabulary.POPULATION: "populations",
    Vocabulary.CONDITION: "conditions",
    Vocabulary.LANGUAGE: "languages",
    Vocabulary.INSURANCE: "insurance_accepted",
}


def listing_json(listing: Listing, request) -> dict:
    terms: dict[str, list[dict]] = {v.value: [] for v in Vocabulary}
    for term in listing.terms.all():
        terms[term.vocabulary].append({"slug": term.slug, "name": term.name})
    distance = getattr(listing, "distance", None)
    certificate = getattr(listing, "certificate_number", None)
    data = {
        "id": listing.pk,
        "url": absolute_url(listing.get_absolute_url()),
        "display_name": listing.display_name,
        "credentials": listing.credentials,
        "profession": listing.profession,
        "role": listing.role,
        "works_with_partner_prescriber": listing.works_with_partner_prescriber,
        "licensed_in": [lic.state for lic in listing.licensures.all()],
        "practice_name": listing.practice_name,
        "in_person": listing.in_person,
        "telehealth": listing.telehealth,
        "address": {
            "street": listing.address_line if listing.in_person else "",
            "city": listing.city,
            "state": listing.state,
            "zip_code": listing.zip_code,
        },
        "distance_miles": round(distance, 1) if distance is not None else None,
        **{API_KEYS[key]: value for key, value in terms.items()},
        "specialities": [
            s.strip() for s in listing.specialities.split(",") if s.strip()
        ],
        "fees": {
            "currency": "usd",
            "min_cents": listing.fee_min_cents,
            "max_cents": listing.fee_max_cents,
            "sliding_scale": listing.sliding_scale,
        },
        "accepting_clients": listing.accepting_clients,
        "bio": listing.bio,
        "photo_url": absolute_url("directory:photo", listing.pk)
        if listing.photo
        else None,
        "verified": {
            "certificate_number": certificate,
            "url": absolute_url("certificates:verify", certificate),
        }
        if certificate
        else None,
    }
    if listing.show_identity:
        data["identity"] = listing.identity
        data["cultural_background"] = listing.cultural_background
    return data
