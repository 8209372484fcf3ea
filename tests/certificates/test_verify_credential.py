"""The public verification page names what an employer needs (issue 15): the
issuing organisation, the program, hours by category, dates and status, and
offers the signed credential; the credential's achievement URL resolves."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from kaptraining.certificates.services import certificate_issue

pytestmark = pytest.mark.django_db


def test_verification_page_names_issuer_program_and_hours_by_category(
    client, program, eligible_trainee
):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    certificate.refresh_from_db()

    page = client.get(reverse("certificates:verify", args=[certificate.number]))
    text = page.content.decode()

    assert page.status_code == 200
    assert "Issued by" in text
    assert program.title in text
    assert certificate.details["hours_by_category"]
    for label, _minutes in certificate.details["hours_by_category"]:
        assert label in text
    if certificate.credential:
        assert (
            reverse("certificates:public_credential", args=[certificate.number]) in text
        )


def test_the_signed_credential_is_public_and_its_achievement_resolves(
    client, program, eligible_trainee
):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    certificate.refresh_from_db()
    assert certificate.credential, "issuance signs the credential"

    credential = client.get(
        reverse("certificates:public_credential", args=[certificate.number])
    ).json()
    achievement_id = credential["credentialSubject"]["achievement"]["id"]
    achievement = client.get(urlparse(achievement_id).path)

    assert credential == certificate.credential
    assert achievement.status_code == 200
    assert achievement.json()["id"] == achievement_id
    assert achievement.json()["name"] == certificate.award_title


def test_an_unknown_achievement_or_credential_is_404(client):
    assert client.get("/openbadges/achievements/program-999/").status_code == 404
    assert (
        client.get(
            reverse("certificates:public_credential", args=["KAP-NOPE-00000"])
        ).status_code
        == 404
    )
