"""Public verification (page and API), its rate limit, and who may download
a certificate's PDF and credential."""

import pytest
from django.urls import reverse

from kaptraining.certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from kaptraining.certificates.views import VERIFY_LIMIT_PER_MINUTE
from tests.factories import UserFactory
from tests.factories.certificates import (
    CertificateFactory,
    ProgramCertificateSettingsFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(program, eligible_trainee):
    eligible_trainee.licence_number = "PSY 99881"
    eligible_trainee.save()
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    return certificate


def test_verify_page_valid_shows_holder_award_dates_and_nothing_else_personal(
    client, certificate
):
    response = client.get(reverse("certificates:verify", args=[certificate.number]))
    html = response.content.decode()

    assert response.status_code == 200
    for expected in (
        "This certificate is valid.",
        "Maria Delgado, PsyD",
        "Certified KAP Practitioner",
        certificate.number,
        certificate.issued_at.strftime("%B"),
        "Does not expire",
    ):
        assert expected in html
    trainee = certificate.trainee
    # The random certificate number (in the text and links) may contain "CA".
    rest = html.replace(certificate.number, "")
    # Hours by category are public since issue 15 (what the credential means).
    for private in (trainee.email, "PSY 99881", trainee.licence_state):
        assert private not in rest


def test_verify_page_lowercase_number_finds_certificate(client, certificate):
    response = client.get(
        reverse("certificates:verify", args=[certificate.number.lower()])
    )

    assert response.status_code == 200
    assert certificate.number in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("revoke", "This certificate has been revoked."),
        ("reissue", "This certificate has been replaced by a newer one."),
        ("expire", "This certificate has expired."),
    ],
)
def test_verify_page_reports_each_status(
    client, program, eligible_trainee, clock, change, message
):
    if change == "expire":  # valid for a year, and a year and a day have passed
        ProgramCertificateSettingsFactory(program=program, validity_years=1)
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    successor = None
    if change == "revoke":
        certificate_revoke(certificate=certificate, reason="Licence surrendered")
    elif change == "reissue":
        successor = certificate_reissue(certificate=certificate, reason="Name change")
    else:
        clock.advance(days=367)

    html = client.get(
        reverse("certificates:verify", args=[certificate.number])
    ).content.decode()

    assert message in html
    assert "Licence surrendered" not in html  # the reason is for staff, not the public
    if successor:
        assert successor.number in html


def test_verify_page_unknown_number_is_404_with_form(client):
    response = client.get(reverse("certificates:verify", args=["KAP-AAAAA-22222"]))

    assert response.status_code == 404
    assert "No certificate has the number" in response.content.decode()
    assert 'name="number"' in response.content.decode()


def test_verify_lookup_form_goes_to_certificate(client, certificate):
    response = client.get(
        reverse("certificates:lookup"), {"number": f"  {certificate.number.lower()} "}
    )

    assert response.status_code == 200
    assert "This certificate is valid." in response.content.decode()


@pytest.mark.parametrize("number", ["", "   ", "KAP-" + "X" * 40])
def test_verify_lookup_bad_number_is_400_with_message(client, number):
    response = client.get(reverse("certificates:lookup"), {"number": number})

    assert response.status_code == 400
    assert "Enter a certificate number as printed" in response.content.decode()


def test_verify_lookup_without_query_shows_form(client):
    response = client.get(reverse("certificates:lookup"))

    assert response.status_code == 200
    assert 'name="number"' in response.content.decode()


def test_verify_api_returns_status_and_public_fields_only(client, certificate):
    data = client.get(
        reverse("certificates:verify_api", args=[certificate.number])
    ).json()

    assert data == {
        "number": certificate.number,
        "holder_name": "Maria Delgado, PsyD",
        "award": "Certified KAP Practitioner",
        "kind": "program",
        "issued_on": certificate.issued_at.date().isoformat(),
        "expires_on": None,
        "status": "valid",
        "superseded_by": None,
        "verification_url": certificate.verification_url,
    }


def test_verify_api_revoked_and_unknown(client, certificate):
    certificate_revoke(certificate=certificate, reason="Licence surrendered")

    assert (
        client.get(
            reverse("certificates:verify_api", args=[certificate.number])
        ).json()["status"]
        == "revoked"
    )
    missing = client.get(reverse("certificates:verify_api", args=["KAP-AAAAA-22222"]))
    assert missing.status_code == 404 and missing.json()["status"] == "not_found"


@pytest.mark.parametrize("url_name", ["certificates:verify", "certificates:verify_api"])
def test_verify_rate_limited_per_address_after_limit(client, url_name):
    url = reverse(url_name, args=["KAP-AAAAA-22222"])

    statuses = [
        client.get(url, REMOTE_ADDR="203.0.113.7").status_code
        for _ in range(VERIFY_LIMIT_PER_MINUTE)
    ]
    blocked = client.get(url, REMOTE_ADDR="203.0.113.7")
    other_address = client.get(url, REMOTE_ADDR="203.0.113.8")

    assert set(statuses) == {404}
    assert blocked.status_code == 429
    assert other_address.status_code == 404


def test_verify_rate_limit_page_explains(client):
    url = reverse("certificates:verify", args=["KAP-AAAAA-22222"])
    for _ in range(VERIFY_LIMIT_PER_MINUTE):
        client.get(url)

    response = client.get(url)

    assert response.status_code == 429
    assert "Please wait a minute" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_verify_page_queries_do_not_grow_with_certificates(
    client, django_assert_max_num_queries, program, rows
):
    certificates = [CertificateFactory(program=program) for _ in range(rows)]
    url = reverse("certificates:verify", args=[certificates[-1].number])

    # +2 since issue 15: the issuing organisation (site and its settings).
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_status_list_queries_do_not_grow_with_certificates(
    client, django_assert_max_num_queries, program, rows
):
    for i in range(rows):
        CertificateFactory(
            program=program,
            status="revoked" if i % 2 else "valid",
            status_reason="x" if i % 2 else "",
        )

    with django_assert_max_num_queries(2):
        assert client.get(reverse("certificates:ob_status_list")).status_code == 200


# --- downloads ------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["certificates:pdf", "certificates:credential"])
def test_holder_downloads_own_files(client, certificate, url_name):
    client.force_login(certificate.trainee)

    response = client.get(reverse(url_name, args=[certificate.number]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert (
        body.startswith(b"%PDF-")
        if url_name == "certificates:pdf"
        else b'"proof"' in body
    )


@pytest.mark.parametrize("url_name", ["certificates:pdf", "certificates:credential"])
def test_other_trainee_gets_404_for_someone_elses_files(client, certificate, url_name):
    client.force_login(UserFactory())

    assert client.get(reverse(url_name, args=[certificate.number])).status_code == 404


@pytest.mark.parametrize("url_name", ["certificates:pdf", "certificates:credential"])
def test_anonymous_download_is_sent_to_login(client, certificate, url_name):
    response = client.get(reverse(url_name, args=[certificate.number]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_staff_may_download_any_pdf(client, certificate):
    client.force_login(UserFactory(is_staff=True))

    assert (
        client.get(reverse("certificates:pdf", args=[certificate.number])).status_code
        == 200
    )


def test_download_unknown_number_is_404(client):
    client.force_login(UserFactory())

    assert (
        client.get(
            reverse("certificates:credential", args=["KAP-AAAAA-22222"])
        ).status_code
        == 404
    )
