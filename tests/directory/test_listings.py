"""Listings: who appears in the directory, and how practitioners and staff
change that."""


import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kaptraining.certificates.models import Certificate, CertificateStatus
from kaptraining.directory.models import Listing, ListingStatus
from tests.factories import UserFactory
from tests.factories.directory import ListingFactory, certify, published_listing, term

pytestmark = pytest.mark.django_db


def _visible(client, listing) -> bool:
    detail = client.get(reverse("directory:detail", args=[listing.pk]))
    api = client.get(reverse("directory:api_listings")).json()
    in_api = any(row["id"] == listing.pk for row in api["results"])
    assert (detail.status_code == 200) == in_api
    return in_api


def test_listing_certified_and_approved_is_shown(client, program, directory_page):
    listing = published_listing(program)

    assert _visible(client, listing)
    page = client.get(directory_page.url)
    assert listing.display_name in page.content.decode()


@pytest.mark.parametrize(
    "status", [ListingStatus.DRAFT, ListingStatus.PENDING, ListingStatus.REJECTED]
)
def test_listing_not_approved_is_hidden(client, program, directory_page, status):
    listing = published_listing(program, status=status)

    assert not _visible(client, listing)
    assert listing.display_name not in client.get(directory_page.url).content.decode()


def test_listing_without_certificate_is_hidden(client, program):
    listing = ListingFactory()  # approved, but its holder was never certified

    assert not _visible(client, listing)


def test_listing_revoked_certificate_hides_it_at_once_and_renewal_restores_it(
    client, program
):
    from kaptraining.certificates.services import certificate_revoke

    listing = published_listing(program)
    certificate = Certificate.objects.get(trainee=listing.user)

    certificate_revoke(
        certificate=certificate, reason="Licence suspended by the state board."
    )
    assert not _visible(client, listing)

    certify(listing.user, program)  # renewed: a new valid certificate
    assert _visible(client, listing)


def test_listing_expired_certificate_is_hidden_the_moment_it_expires(
    client, program, clock
):
    from kaptraining.certificates.services import certificate_reissue
    from tests.factories.certificates import ProgramCertificateSettingsFactory

    ProgramCertificateSettingsFactory(program=program, validity_years=2)
    listing = ListingFactory()
    certificate = certify(listing.user, program, expires_in_days=1)
    clock.advance(days=1, seconds=-1)
    assert _visible(client, listing)

    clock.advance(seconds=2)  # no task has to run: the clock is enough
    assert not _visible(client, listing)

    renewed = certificate_reissue(
        certificate=certificate, reason="Recertified with CE", renew=True
    )
    assert renewed.expires_at > timezone.now()
    assert _visible(client, listing)


def test_listing_stays_while_any_program_certificate_is_current(
    client, program, clock
):
    from kaptraining.certificates.services import certificate_revoke

    listing = ListingFactory()
    short = certify(listing.user, program, expires_in_days=1)
    other_program = program.get_parent().add_child(
        instance=type(program)(title="Advanced KAP", slug="advanced-kap")
    )
    lasting = certify(listing.user, other_program, expires_in_days=400)

    clock.advance(days=2)  # the first has expired, the second has not
    assert _visible(client, listing)
    certificate_revoke(certificate=short, reason="Issued in error")
    assert _visible(client, listing)
    certificate_revoke(certificate=lasting, reason="Licence surrendered")
    assert not _visible(client, listing)


def test_saving_a_stale_copy_of_a_listing_does_not_restore_it(client, program):
    from kaptraining.certificates.services import certificate_revoke

    listing = published_listing(program)
    stale = Listing.objects.get(pk=listing.pk)  # e.g. an edit form opened earlier
    certificate_revoke(
        certificate=Certificate.objects.get(trainee=listing.user),
        reason="Licence suspended by the state board.",
    )

    stale.accepting_clients = False
    stale.save()

    assert not _visible(client, listing)
    stale.refresh_from_db()
    assert stale.accepting_clients is False
    assert stale.certificate_id is None


def test_listing_follows_a_staff_revocation(client, program):
    from kaptraining.certificates.services import certificate_revoke

    listing = ListingFactory()
    certificate = certify(listing.user, program)
    assert _visible(client, listing)

    certificate_revoke(certificate=certificate, reason="Licence surrendered")
    assert not _visible(client, listing)


def test_nightly_refresh_repairs_a_certificate_changed_behind_the_models_back(
    client, program
):
    from kaptraining.directory.tasks import directory_refresh_certification

    listings = [ListingFactory() for _ in range(5)]
    certificates = [certify(listing.user, program) for listing in listings]
    # A bulk update skips save() and its signal, so the listings still show.
    Certificate.objects.filter(pk__in=[c.pk for c in certificates[:3]]).update(
        status=CertificateStatus.REVOKED, status_reason="Bulk correction"
    )
    assert _visible(client, listings[0])

    assert directory_refresh_certification.delay(batch_size=2).get() == 5

    assert [_visible(client, listing) for listing in listings] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert Listing.objects.get(pk=listings[4].pk).certificate_id == certificates[4].pk


def test_listing_shows_verified_badge_linking_to_certificate(client, program):
    listing = published_listing(program)
    number = Certificate.objects.get(
        trainee=listing.user, status=CertificateStatus.VALID
    ).number

    html = client.get(reverse("directory:detail", args=[listing.pk])).content.decode()

    assert reverse("certificates:verify", args=[number]) in html


# --- The practitioner's own listing ------------------------------------------


def _form_data(**overrides):
    data = {
        "display_name": "Robin Reyes",
        "credentials": "LMFT",
        "profession": "mft",
        "role": "therapist",
        "works_with_partner_prescriber": "on",
        "practice_name": "Reyes Family Therapy",
        "in_person": "on",
        "telehealth": "on",
        "address_line": "12 Elm Street",
        "city": "Oakland",
        "state": "CA",
        "zip_code": "94607",
        "licensed_states": ["CA", "NV"],
        "language": [str(term("language", "spanish").pk)],
        "service": [str(term("service", "group-kap").pk)],
        "fee_min": "120",
        "fee_max": "200",
        "sliding_scale": "on",
        "accepting_clients": "on",
        "bio": "Group and individual KAP for families.",
        "identity": "Queer Filipina",
        "cultural_background": "Filipino American",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_my_listing_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("directory:mine"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_my_listing_without_certificate_is_refused(client):
    client.force_login(UserFactory())

    response = client.get(reverse("directory:mine"))

    assert response.status_code == 403
    assert "certified practitioners" in response.content.decode()


def test_my_listing_submit_creates_pending_listing_with_coordinates(client, program):
    user = UserFactory()
    certify(user, program)
    client.force_login(user)

    response = client.post(reverse("directory:mine"), _form_data())

    assert response.status_code == 302
    listing = Listing.objects.get(user=user)
    assert listing.status == ListingStatus.PENDING
    assert listing.fee_min_cents == 12000 and listing.fee_max_cents == 20000
    assert listing.latitude == pytest.approx(37.8, abs=0.1)
    assert listing.longitude == pytest.approx(-122.3, abs=0.1)
    assert sorted(listing.licensures.values_list("state", flat=True)) == ["CA", "NV"]
    assert {t.slug for t in listing.terms.all()} == {"spanish", "group-kap"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"zip_code": "00000"}, "We do not recognise that US ZIP code"),
        (
            {"in_person": None, "telehealth": None},
            "Choose office sessions, telehealth, or both.",
        ),
        ({"city": ""}, "give the city, state and ZIP code"),
        ({"fee_min": "300", "fee_max": "100"}, "cannot be lower than the lowest fee"),
        ({"fee_min": "-5"}, "greater than or equal to 0"),
        ({"language": ["999999"]}, "Select a valid choice"),
        ({"licensed_states": ["ZZ"]}, "Select a valid choice"),
        (
            {"display_name": "Robin\r\nBcc: x@example.org"},
            "Use letters, spaces and punctuation only.",
        ),
    ],
)
def test_my_listing_bad_input_is_refused_and_nothing_written(
    client, program, overrides, message
):
    user = UserFactory()
    certify(user, program)
    client.force_login(user)

    response = client.post(reverse("directory:mine"), _form_data(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Listing.objects.filter(user=user).exists()


def test_my_listing_key_field_change_returns_to_moderation(client, program):
    listing = published_listing(
        program, display_name="Robin Reyes", zip_code="94607", city="Oakland"
    )
    client.force_login(listing.user)

    client.post(reverse("directory:mine"), _form_data(bio="A new biography."))

    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING
    assert not _visible(client, listing)


def test_my_listing_availability_change_stays_live(client, program):
    listing = published_listing(program)
    client.force_login(listing.user)
    first = client.post(reverse("directory:mine"), _form_data())
    assert first.status_code == 302
    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.APPROVED)

    response = client.post(
        reverse("directory:mine"), _form_data(accepting_clients=None, fee_max="250")
    )

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.APPROVED
    assert listing.accepting_clients is False
    assert listing.fee_max_cents == 25000


def test_my_listing_photo_is_private_until_listing_is_live(client, program, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, format="PNG")
    user = UserFactory()
    certify(user, program)
    client.force_login(user)
    photo = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")

    client.post(
        reverse("directory:mine"),
        {**_form_data(), "photo": photo, "photo_alt": "Smiling practitioner"},
    )
    listing = Listing.objects.get(user=user)
    photo_url = reverse("directory:photo", args=[listing.pk])

    assert client.get(photo_url).status_code == 404  # pending review
    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.APPROVED)
    response = client.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_my_listing_photo_that_is_not_an_image_is_refused(client, program):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = UserFactory()
    certify(user, program)
    client.force_login(user)
    fake = SimpleUploadedFile(
        "me.png", b"<script>alert(1)</script>", content_type="image/png"
    )

    response = client.post(reverse("directory:mine"), {**_form_data(), "photo": fake})

    assert response.status_code == 400
    assert not Listing.objects.filter(user=user).exists()


# --- Staff moderation in the Wagtail admin -----------------------------------


@pytest.fixture
def staff_client(client, settings):
    # MFA for the admin is covered by the accounts tests; here it is off so
    # that a staff session can be forced.
    settings.KAP_REQUIRE_STAFF_MFA = False
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


def test_moderation_approve_publishes_and_tells_practitioner(
    staff_client, program, django_capture_on_commit_callbacks
):
    listing = published_listing(program, status=ListingStatus.PENDING)
    url = reverse("listings_admin:moderate", args=[listing.pk])

    assert staff_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"decision": "approve", "note": ""})

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.APPROVED
    assert [m.to for m in mail.outbox] == [[listing.user.email]]
    assert "is live" in mail.outbox[0].subject


def test_moderation_request_changes_needs_a_note(
    staff_client, program, django_capture_on_commit_callbacks
):
    listing = published_listing(program, status=ListingStatus.PENDING)
    url = reverse("listings_admin:moderate", args=[listing.pk])

    response = staff_client.post(url, {"decision": "changes", "note": "  "})

    assert response.status_code == 200
    assert "Say what the practitioner should change." in response.content.decode()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url, {"decision": "changes", "note": "Please add your licence number."}
        )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REJECTED
    assert "Please add your licence number." in mail.outbox[-1].body


def test_staff_list_says_which_listings_the_public_sees(staff_client, program, clock):
    live = published_listing(program, display_name="Ana Live")
    pending = published_listing(
        program, display_name="Ben Pending", status=ListingStatus.PENDING
    )
    uncertified = ListingFactory(display_name="Cy Uncertified")
    expiring = ListingFactory(display_name="Di Expiring")
    certify(expiring.user, program, expires_in_days=30)

    clock.advance(days=31)
    staff_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = staff_client.get(reverse("listings_admin:index"))
    assert response.status_code == 200
    html = response.content.decode()

    assert "In the directory" in html or "in the directory" in html
    for listing, state in [
        (live, "Live"),
        (pending, "Hidden: awaiting review"),
        (uncertified, "Hidden: no current certificate"),
        (expiring, "Hidden: certificate expired"),
    ]:
        listing.refresh_from_db()
        assert listing.directory_state().startswith(state), listing.display_name
        assert state in html


def test_moderation_refused_to_non_staff(client, program, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False
    listing = published_listing(program, status=ListingStatus.PENDING)
    client.force_login(listing.user)

    response = client.post(
        reverse("listings_admin:moderate", args=[listing.pk]), {"decision": "approve"}
    )

    assert response.status_code in (302, 403)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING
