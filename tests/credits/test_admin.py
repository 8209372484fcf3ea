"""The Wagtail admin: staff configure requirements and CE, add extensions and
sign-offs through the services; kept records cannot be edited there."""

import datetime

import pytest
from django.urls import reverse

from kaptraining.credits.models import (
    ProgramRequirementSettings,
    RequirementSignOff,
    TranscriptExport,
    WindowExtension,
)
from kaptraining.credits.progress import program_progress
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VIEWSETS = [
    "ledger_admin",
    "external_hours_admin",
    "requirement_settings_admin",
    "window_extension_admin",
    "requirement_signoff_admin",
    "ce_approval_admin",
    "ce_activity_admin",
    "ce_certificate_admin",
    "transcript_export_admin",
]


@pytest.fixture
def admin_client(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.mark.parametrize("name", VIEWSETS)
def test_admin_index_renders(admin_client, name):
    assert admin_client.get(reverse(f"{name}:index")).status_code == 200


def test_admin_trainee_cannot_open_credits_admin(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False
    client.force_login(UserFactory())
    response = client.get(reverse("window_extension_admin:index"))
    # Refused with the admin's 403 page (issue 18), nothing of the admin shown.
    assert response.status_code == 403
    assert "The staff admin is for organisation staff" in response.content.decode()


def test_admin_ledger_cannot_be_edited(admin_client, setup):
    from tests.credits.conftest import credit

    entry = credit(setup.trainee, setup.program)
    response = admin_client.post(
        reverse("ledger_admin:edit", args=[entry.pk]), {"category": "ethics"}
    )
    assert response.status_code in (302, 403)
    entry.refresh_from_db()
    assert entry.category == "didactic"


def test_admin_extension_add_goes_through_service(admin_client, setup):
    base_end = program_progress(
        trainee_id=setup.trainee.pk, program=setup.program
    ).window.base_ends_on
    url = reverse("window_extension_admin:add")
    data = {
        "trainee": setup.trainee.pk,
        "program": setup.program.pk,
        "ends_on": (base_end + datetime.timedelta(days=60)).isoformat(),
        "reason": "Bereavement leave",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    extension = WindowExtension.objects.get()
    assert (extension.granted_by, extension.reason) == (
        admin_client.admin,
        "Bereavement leave",
    )
    assert program_progress(
        trainee_id=setup.trainee.pk, program=setup.program
    ).window.extended


def test_admin_extension_too_early_shows_error_and_saves_nothing(admin_client, setup):
    base_end = program_progress(
        trainee_id=setup.trainee.pk, program=setup.program
    ).window.base_ends_on
    response = admin_client.post(
        reverse("window_extension_admin:add"),
        {
            "trainee": setup.trainee.pk,
            "program": setup.program.pk,
            "ends_on": base_end.isoformat(),
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert "must be after the standard window ends" in response.content.decode()
    assert not WindowExtension.objects.exists()


def test_admin_signoff_add_records_staff(admin_client, setup):
    response = admin_client.post(
        reverse("requirement_signoff_admin:add"),
        {
            "trainee": setup.trainee.pk,
            "program": setup.program.pk,
            "item": "consent_assessment",
            "passed": "on",
            "note": "Role-play assessed",
        },
    )
    assert response.status_code == 302
    signoff = RequirementSignOff.objects.get()
    assert (signoff.item, signoff.passed, signoff.recorded_by) == (
        "consent_assessment",
        True,
        admin_client.admin,
    )


def test_admin_requirement_settings_pick_items(admin_client, setup):
    response = admin_client.post(
        reverse("requirement_settings_admin:add"),
        {
            "program": setup.program.pk,
            "required_items": ["licence_current", "final_evaluation"],
        },
    )
    assert response.status_code == 302
    assert ProgramRequirementSettings.objects.get().required_items == [
        "licence_current",
        "final_evaluation",
    ]
    missing = program_progress(
        trainee_id=setup.trainee.pk, program=setup.program
    ).missing
    assert "Submit the program's final evaluation." in missing


def test_admin_transcript_exports_listed_but_kept(admin_client, setup):
    """Staff see who asked for which transcript; nobody deletes or edits one."""
    from kaptraining.credits.exports import (
        transcript_export_build,
        transcript_export_request,
    )

    export = transcript_export_request(
        trainee=setup.trainee, requested_by=setup.trainee
    )
    transcript_export_build(export_id=export.pk)

    listing = admin_client.get(reverse("transcript_export_admin:index"))
    inspect = admin_client.get(
        reverse("transcript_export_admin:inspect", args=[export.pk])
    )
    delete = admin_client.post(
        reverse("transcript_export_admin:delete", args=[export.pk])
    )
    edit = admin_client.post(
        reverse("transcript_export_admin:edit", args=[export.pk]),
        {"status": "failed"},
    )

    assert setup.trainee.display_name in listing.content.decode()
    assert inspect.status_code == 200
    assert delete.status_code in (302, 403)
    assert edit.status_code in (302, 403)
    export.refresh_from_db()  # still there
    assert export.status == "ready"
    assert TranscriptExport.objects.count() == 1
