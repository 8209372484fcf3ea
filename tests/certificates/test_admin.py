"""Staff manage certificates in the Wagtail admin: revoke, reissue, issue to a
cohort, holds, layouts and program settings."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kaptraining.certificates.models import (
    Certificate,
    CertificateHold,
    CertificateStatus,
)
from kaptraining.certificates.services import certificate_issue
from tests.factories import UserFactory
from tests.factories.certificates import make_eligible

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    client.staff_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(client.staff_user)
    return client


@pytest.fixture
def certificate(program, eligible_trainee):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    return certificate


def test_admin_index_lists_certificates_with_actions(staff_client, certificate):
    response = staff_client.get(reverse("certificate_admin:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert certificate.number in html
    assert reverse("certificate_admin:revoke", args=[certificate.pk]) in html
    assert reverse("certificate_admin:issue_cohort") in html


def test_admin_inspect_offers_pdf_reissue_and_revoke(staff_client, certificate):
    html = staff_client.get(
        reverse("certificate_admin:inspect", args=[certificate.pk])
    ).content.decode()

    assert reverse("certificates:pdf", args=[certificate.number]) in html
    assert reverse("certificate_admin:reissue", args=[certificate.pk]) in html


def test_admin_revoke_without_reason_shows_error_and_changes_nothing(
    staff_client, certificate
):
    response = staff_client.post(
        reverse("certificate_admin:revoke", args=[certificate.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_admin_revoke_with_reason_revokes(staff_client, certificate):
    response = staff_client.post(
        reverse("certificate_admin:revoke", args=[certificate.pk]),
        {"reason": "Licence surrendered"},
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.status_reason == "Licence surrendered"


def test_admin_revoke_twice_is_409_with_message(staff_client, certificate):
    url = reverse("certificate_admin:revoke", args=[certificate.pk])
    staff_client.post(url, {"reason": "First"})

    response = staff_client.post(url, {"reason": "Second"})

    assert response.status_code == 409
    assert "Only a valid certificate can be revoked" in response.content.decode()


def test_admin_reissue_enqueues_and_worker_supersedes(
    staff_client, certificate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("certificate_admin:reissue", args=[certificate.pk]),
            {"reason": "Name change"},
        )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUPERSEDED
    assert certificate.superseded_by.status == CertificateStatus.VALID
    # The change ran in a Celery task, yet the audit log names the staff member.
    latest = (
        LogEntry.objects.get_for_object(certificate)
        .order_by("-timestamp", "-pk")
        .first()
    )
    assert latest.actor == staff_client.staff_user


def test_admin_issue_to_cohort_issues_to_eligible_trainees(
    staff_client, program, cohort, django_capture_on_commit_callbacks
):
    trainees = [UserFactory() for _ in range(2)]
    for trainee in trainees:
        make_eligible(trainee, program, cohort=cohort)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("certificate_admin:issue_cohort"), {"cohort": cohort.pk}
        )

    assert response.status_code == 302
    assert Certificate.objects.filter(trainee__in=trainees).count() == 2


def test_admin_issue_to_cohort_without_cohort_shows_error(staff_client):
    response = staff_client.post(
        reverse("certificate_admin:issue_cohort"), {"cohort": ""}
    )

    assert response.status_code == 200
    assert "Choose the cohort" in response.content.decode()


def test_admin_hold_create_and_release(
    staff_client, program, eligible_trainee, django_capture_on_commit_callbacks
):
    response = staff_client.post(
        reverse("certificate_hold_admin:add"),
        {
            "trainee": eligible_trainee.pk,
            "program": program.pk,
            "reason": "Licence under review",
        },
    )
    assert response.status_code == 302
    hold = CertificateHold.objects.get()
    assert hold.is_active and hold.placed_by is not None

    duplicate = staff_client.post(
        reverse("certificate_hold_admin:add"),
        {"trainee": eligible_trainee.pk, "program": program.pk, "reason": "Again"},
    )
    assert "already on hold" in duplicate.content.decode()
    assert CertificateHold.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("certificate_hold_admin:release", args=[hold.pk]))

    hold.refresh_from_db()
    assert not hold.is_active
    assert Certificate.objects.filter(trainee=eligible_trainee, status="valid").exists()


def test_admin_staff_without_permission_cannot_revoke(client, settings, certificate):
    settings.KAP_REQUIRE_STAFF_MFA = False
    client.force_login(UserFactory(is_staff=True))

    response = client.post(
        reverse("certificate_admin:revoke", args=[certificate.pk]), {"reason": "x"}
    )

    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_admin_trainee_cannot_reach_actions(client, certificate):
    client.force_login(certificate.trainee)

    response = client.post(
        reverse("certificate_admin:revoke", args=[certificate.pk]), {"reason": "x"}
    )

    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


@pytest.mark.parametrize(
    "url_name",
    [
        "certificate_template_admin:add",
        "program_certificate_settings_admin:add",
        "certificate_hold_admin:index",
    ],
)
def test_admin_layout_settings_and_hold_pages_render(staff_client, url_name):
    assert staff_client.get(reverse(url_name)).status_code == 200
