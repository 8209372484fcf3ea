"""Trainer powers in their own cohorts (OrganisationSettings.trainers_decide):
external hours and practicum logs decided through staff's services, and
attendance with "mark all present". Own cohort yes, another cohort no,
setting off no."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, AttendanceStatus, CohortStatus
from kaptraining.core.models import organisation_settings
from kaptraining.credits.models import ClaimStatus, ExternalHoursClaim, LedgerEntry
from kaptraining.credits.services import external_hours_approve
from kaptraining.practicums.models import LogStatus
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import LiveSessionFactory
from tests.factories.credits import ExternalHoursClaimFactory
from tests.factories.practicums import PlacementFactory, PracticumLogFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(program):
    """A trainer's cohort and another trainer's, each with a trainee who has
    a pending claim and a practicum log waiting."""
    trainer = UserFactory(is_trainer=True)
    mine = CohortFactory(program=program, status=CohortStatus.IN_PROGRESS)
    mine.trainers.add(trainer)
    theirs = CohortFactory(program=program, status=CohortStatus.IN_PROGRESS)
    theirs.trainers.add(UserFactory(is_trainer=True))
    out = {"trainer": trainer, "mine": mine, "theirs": theirs}
    for key, cohort in (("mine", mine), ("theirs", theirs)):
        trainee = EnrolmentFactory(cohort=cohort).trainee
        out[f"{key}_claim"] = ExternalHoursClaimFactory(
            trainee=trainee, program=program
        )
        out[f"{key}_log"] = PracticumLogFactory(
            placement=PlacementFactory(cohort=cohort, trainee=trainee)
        )
    return out


def _setting(on: bool):
    org = organisation_settings()
    org.trainers_decide = on
    org.save()


def test_trainer_approves_claim_in_own_cohort_credited_and_audited(client, world):
    client.force_login(world["trainer"])
    claim = world["mine_claim"]
    response = client.post(
        reverse("workspace:trainer_claim_decide", args=[claim.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_by == world["trainer"]
    assert LedgerEntry.objects.filter(source_id=f"claim-{claim.pk}").count() == 1
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ExternalHoursClaim),
        object_pk=str(claim.pk),
    ).exists()


def test_trainer_rejects_claim_needs_a_message(client, world):
    client.force_login(world["trainer"])
    claim = world["mine_claim"]
    url = reverse("workspace:trainer_claim_decide", args=[claim.pk])
    response = client.post(url, {"decision": "reject", "message": " "})
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    client.post(url, {"decision": "reject", "message": "Not a KAP activity."})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED


def test_trainer_cannot_decide_claim_of_another_cohort(client, world):
    client.force_login(world["trainer"])
    claim = world["theirs_claim"]
    response = client.post(
        reverse("workspace:trainer_claim_decide", args=[claim.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    with pytest.raises(PermissionError):
        external_hours_approve(claim_id=claim.pk, by=world["trainer"])


def test_setting_off_trainer_cannot_decide_claim(client, world):
    _setting(False)
    client.force_login(world["trainer"])
    claim = world["mine_claim"]
    response = client.post(
        reverse("workspace:trainer_claim_decide", args=[claim.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    assert not LedgerEntry.objects.filter(source_id=f"claim-{claim.pk}").exists()


def test_trainer_signs_off_log_in_own_cohort(client, world):
    client.force_login(world["trainer"])
    log = world["mine_log"]
    response = client.post(
        reverse("workspace:trainer_log_decide", args=[log.pk]),
        {"decision": "sign_off"},
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.status == LogStatus.SIGNED_OFF
    assert log.reviewed_by == world["trainer"]


def test_trainer_return_without_comment_is_400(client, world):
    client.force_login(world["trainer"])
    log = world["mine_log"]
    response = client.post(
        reverse("workspace:trainer_log_decide", args=[log.pk]),
        {"decision": "return", "comment": ""},
    )
    assert response.status_code == 400
    log.refresh_from_db()
    assert log.status == LogStatus.SUBMITTED


def test_trainer_cannot_sign_off_log_of_another_cohort(client, world):
    client.force_login(world["trainer"])
    log = world["theirs_log"]
    response = client.post(
        reverse("workspace:trainer_log_decide", args=[log.pk]),
        {"decision": "sign_off"},
    )
    assert response.status_code == 404
    log.refresh_from_db()
    assert log.status == LogStatus.SUBMITTED


def test_setting_off_trainer_cannot_sign_off_log(client, world):
    _setting(False)
    client.force_login(world["trainer"])
    log = world["mine_log"]
    response = client.post(
        reverse("workspace:trainer_log_decide", args=[log.pk]),
        {"decision": "sign_off"},
    )
    assert response.status_code == 403
    log.refresh_from_db()
    assert log.status == LogStatus.SUBMITTED


def test_lists_show_only_own_cohorts(client, world):
    client.force_login(world["trainer"])
    claims = client.get(reverse("workspace:trainer_claims")).content.decode()
    assert world["mine_claim"].trainee.display_name in claims
    assert world["theirs_claim"].trainee.display_name not in claims
    logs = client.get(reverse("workspace:trainer_logs")).content.decode()
    assert world["mine_log"].placement.trainee.display_name in logs
    assert world["theirs_log"].placement.trainee.display_name not in logs


def test_trainee_cannot_open_trainer_pages(client, world):
    client.force_login(world["mine_claim"].trainee)
    assert client.get(reverse("workspace:trainer_claims")).status_code == 404


def test_mark_all_present_with_exceptions(client, program):
    trainer = UserFactory(is_trainer=True)
    cohort = CohortFactory(program=program, status=CohortStatus.IN_PROGRESS)
    cohort.trainers.add(trainer)
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(4)]
    session = LiveSessionFactory(cohort=cohort)
    assert session.starts_at < timezone.now()
    client.force_login(trainer)
    response = client.post(
        reverse("cohorts:attendance", args=[session.pk]),
        {"all_present": "on", f"status_{enrolments[0].pk}": "absent"},
    )
    assert response.status_code == 302
    marks = {
        a.enrolment_id: a.status
        for a in Attendance.objects.current().filter(session=session)
    }
    assert marks[enrolments[0].pk] == AttendanceStatus.ABSENT
    for e in enrolments[1:]:
        assert marks[e.pk] == AttendanceStatus.PRESENT
