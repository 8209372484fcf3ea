"""Certificate PDFs: the layout staff designed, the facts a reader checks
(number, dates, QR to the verification page), and no network fetches."""

import subprocess

import pytest

from kaptraining.certificates.pdf import render_certificate_pdf
from kaptraining.certificates.services import certificate_issue, certificate_issue_award
from kaptraining.core.pdf import local_only_fetcher
from tests.conftest import pdf_text
from tests.factories import UserFactory
from tests.factories.certificates import (
    CertificateSignatoryFactory,
    CertificateTemplateFactory,
    ProgramCertificateSettingsFactory,
    make_image,
)

pytestmark = pytest.mark.django_db


def _pdf_images(data: bytes, tmp_path) -> int:
    path = tmp_path / "i.pdf"
    path.write_bytes(data)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return len(listing.strip().splitlines()) - 2  # two header lines


def test_pdf_uses_layout_and_carries_number_dates_and_verification_url(
    program, eligible_trainee, tmp_path
):
    layout = CertificateTemplateFactory(
        logo=make_image(),
        heading="Certificate of Training",
        footer="Keep this certificate for your licensing board.",
    )
    CertificateSignatoryFactory(
        template=layout, signature=make_image("Signature", text=True)
    )
    ProgramCertificateSettingsFactory(
        program=program, template=layout, validity_years=2
    )

    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    data = certificate.pdf.read()
    text = " ".join(pdf_text(data, tmp_path).split())

    for expected in (
        "NORTHWEST KAP INSTITUTE",
        "Certificate of Training",
        "Maria Delgado, PsyD",
        "Certified KAP Practitioner",
        "has completed the requirements of Program 1, 3 hours of training",
        certificate.number,
        certificate.issued_at.strftime("%B %-d, %Y"),
        f"Valid until: {certificate.expires_at.strftime('%B %-d, %Y')}",
        certificate.verification_url,
        "Dr. Ada Rivers",
        "Director of Training",
        "approved by the American Psychological Association",
        "Keep this certificate",
        "Scan to verify",
    ):
        assert expected in text, expected
    # Logo and signature are embedded images (the QR code is vector art).
    assert _pdf_images(data, tmp_path) >= 2


def test_pdf_ce_certificate_lists_accreditor_fields(program, tmp_path):
    trainee = UserFactory(first_name="Sam", last_name="Okafor", certificate_name="")
    certificate, _ = certificate_issue_award(
        trainee=trainee,
        award_key="ce:9",
        kind="ce",
        award_title="Consent Conversations in KAP",
        hours_minutes=180,
        details={
            "licence_number": "LCSW 4411",
            "activity_dates": "October 3, 2026",
            "delivery_format": "Live interactive webinar",
            "credits": [
                {"body": "ASWB ACE", "credits": "3", "approval": "Provider #1234"}
            ],
            "provider_address": "12 Main St, Portland, OR",
        },
    )

    text = " ".join(pdf_text(certificate.pdf.read(), tmp_path).split())

    for expected in (
        "Sam Okafor",
        "Consent Conversations in KAP",
        "LCSW 4411",
        "October 3, 2026",
        "Live interactive webinar",
        "ASWB ACE",
        "3 credits",
        "Provider #1234",
        "12 Main St, Portland, OR",
    ):
        assert expected in text, expected


def test_pdf_without_layout_uses_defaults(program, eligible_trainee, tmp_path):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)

    text = pdf_text(certificate.pdf.read(), tmp_path)

    assert "Certificate of Completion" in text and "This certifies that" in text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/logo.png",
        "https://example.com/font.ttf",
        "file:///etc/passwd",
    ],
)
def test_pdf_fetcher_refuses_network_and_other_files(url):
    with pytest.raises(ValueError, match="Refusing to fetch"):
        local_only_fetcher().fetch(url)


def test_pdf_staff_html_in_wording_is_printed_as_text_not_fetched(
    program, eligible_trainee, tmp_path
):
    """Layout text is escaped, so HTML typed by staff cannot add remote images
    (the fetcher would refuse them anyway)."""
    layout = CertificateTemplateFactory(
        wording='<img src="http://127.0.0.1:9/x.png"> has completed {program}'
    )
    ProgramCertificateSettingsFactory(program=program, template=layout)
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)

    data = render_certificate_pdf(certificate, organisation_name="Org")

    assert '<img src="http://127.0.0.1:9/x.png"> has completed Program 1' in pdf_text(
        data, tmp_path
    )


@pytest.mark.parametrize(
    "wording", ["has completed {course}", "has completed {program", "{0} hours"]
)
def test_layout_wording_with_unknown_placeholder_is_refused(wording):
    from django.core.exceptions import ValidationError

    layout = CertificateTemplateFactory.build(name="Bad", wording=wording)

    with pytest.raises(ValidationError) as caught:
        layout.full_clean()
    assert "may only use {program}, {hours} and {award}" in str(
        caught.value.message_dict["wording"]
    )
