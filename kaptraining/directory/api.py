"""The public JSON shape of a listing: an explicit allow-list of fields, so
that e-mail addresses and unshared identity fields can never leak."""

import json

from django.utils.safestring import SafeString, mark_safe

from kaptraining.core.urls import absolute_url

from .models import IDENTITY_KEYS, Listing, Vocabulary

API_KEYS = {
    Vocabulary.LICENCE: "licence_types",
    Vocabulary.SERVICE: "services",
    Vocabulary.ROUTE: "routes",
    Vocabulary.POPULATION: "populations",
    Vocabulary.CONDITION: "conditions",
    Vocabulary.LANGUAGE: "languages",
    Vocabulary.INSURANCE: "insurance_accepted",
    Vocabulary.ACCESS: "access",
}


def listing_json(listing: Listing, request) -> dict:
    terms: dict[str, list[dict]] = {v.value: [] for v in Vocabulary}
    for term in listing.terms.all():
        if term.vocabulary not in IDENTITY_KEYS:
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
        **{
            API_KEYS[key]: value
            for key, value in terms.items()
            if key not in IDENTITY_KEYS
        },
        "specialities": [
            s.strip() for s in listing.specialities.split(",") if s.strip()
        ],
        "fees": {
            "currency": "usd",
            "min_cents": listing.fee_min_cents,
            "max_cents": listing.fee_max_cents,
            "sliding_scale": listing.sliding_scale,
            "sliding_scale_bands": [
                band.strip()
                for band in listing.sliding_scale_bands.splitlines()
                if band.strip()
            ]
            if listing.sliding_scale
            else [],
            "superbills": listing.superbills,
        },
        "accepting_clients": listing.accepting_clients,
        "accepting_confirmed_on": listing.accepting_confirmed_at.date().isoformat(),
        "availability_stale": listing.is_stale,
        "bio": listing.bio,
        "bio_es": listing.bio_es,
        "bio_long": listing.bio_long,
        "first_session": listing.first_session,
        "photo_alt": listing.photo_alt if listing.photo else "",
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
        # As the practitioner wrote or chose it: own words win over ticks.
        data["self_described"] = {
            key: text for key, _label, text in listing.shared_identity()
        }
    return data


def listing_json_ld(listing: Listing) -> SafeString:
    """schema.org structured data for search engines: the practice as a
    MedicalBusiness with the practitioner; no identity fields, none of the
    contact details the page itself does not show. Escaped for a script tag."""
    url = absolute_url(listing.get_absolute_url())
    languages = [t.name for t in listing.terms.all() if t.vocabulary == "language"]
    person = {
        "@type": "Person",
        "name": listing.display_name,
        "honorificSuffix": listing.credentials or None,
        "jobTitle": listing.get_profession_display(),
        "knowsLanguage": languages or None,
        "image": absolute_url("directory:photo", listing.pk) if listing.photo else None,
        "description": listing.bio or None,
    }
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalBusiness",
        "@id": url,
        "url": url,
        "name": listing.practice_name or listing.display_name,
        "employee": {k: v for k, v in person.items() if v is not None},
        "isAcceptingNewPatients": listing.accepting_clients,
        "availableService": {
            "@type": "MedicalTherapy",
            "name": "Ketamine-assisted psychotherapy",
        },
    }
    if listing.in_person and listing.city:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": listing.address_line or None,
            "addressLocality": listing.city,
            "addressRegion": listing.state,
            "postalCode": listing.zip_code,
            "addressCountry": "US",
        }
        data["address"] = {k: v for k, v in data["address"].items() if v}
    if listing.fee_min_cents is not None:
        low, high = listing.fee_min_cents, listing.fee_max_cents
        data["priceRange"] = (
            f"${low // 100}"
            if high is None or high == low
            else f"${low // 100}–${high // 100}"
        )
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data can close the script element or open a comment.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above
