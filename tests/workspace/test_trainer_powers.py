"""Trainer powers in their own cohorts (OrganisationSettings.trainers_decide):
external hours and practicum logs decided through staff's services, and
attendance with "mark all present", and mentor pairing. Own cohort yes,
another cohort no, setting off no, staff without MFA no."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, AttendanceStatus, CohortStatus
from kaptraining.core.models import organisation_settings
from kaptraining.credits.models import ClaimStatus, ExternalHoursClaim, LedgerEntry
from kaptraining.credits.services import external_hours_approve
from kaptraining.mentorship.models import MadeBy, Pair, PairStatus
from kaptraining.practicums.models import LogStatus
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import LiveSessionFactory
from tests.factories.credits import ExternalHoursClaimFactory
from tests.factories.mentorship import MentorProfileFactory, PairingRoundFactory
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


@pytest.fixture
def setting_off():
    """The organisation keeps these decisions for staff."""
    org = organisation_settings()
    org.trainers_decide = False
    org.save()


@pytest.fixture
def as_trainer(client, world):
    client.force_login(world["trainer"])
    return client


@pytest.fixture
def decide(as_trainer):
    """POST a decision on a claim or a log as the trainer; returns the response."""

    def post(kind: str, obj, decision: str, **data):
        url = reverse(f"workspace:trainer_{kind}_decide", args=[obj.pk])
        return as_trainer.post(url, {"decision": decision, **data})

    return post


def _status(obj):
    obj.refresh_from_db()
    return obj.status


def test_trainer_approves_claim_in_own_cohort_credited_and_audited(decide, world):
    claim = world["mine_claim"]
    assert decide("claim", claim, "approve").status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_by == world["trainer"]
    assert LedgerEntry.objects.filter(source_id=f"claim-{claim.pk}").count() == 1
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ExternalHoursClaim),
        object_pk=str(claim.pk),
    ).exists()


def test_trainer_rejects_claim_needs_a_message(decide, world):
    claim = world["mine_claim"]
    assert decide("claim", claim, "reject", message=" ").status_code == 400
    assert _status(claim) == ClaimStatus.PENDING
    decide("claim", claim, "reject", message="Not a KAP activity.")
    assert _status(claim) == ClaimStatus.REJECTED


def test_trainer_cannot_decide_claim_of_another_cohort(decide, world):
    claim = world["theirs_claim"]
    assert decide("claim", claim, "approve").status_code == 404
    assert _status(claim) == ClaimStatus.PENDING
    with pytest.raises(PermissionError):
        external_hours_approve(claim_id=claim.pk, by=world["trainer"])


def test_setting_off_trainer_cannot_decide_claim(decide, world, setting_off):
    claim = world["mine_claim"]
    assert decide("claim", claim, "approve").status_code == 403
    assert _status(claim) == ClaimStatus.PENDING
    assert not LedgerEntry.objects.filter(source_id=f"claim-{claim.pk}").exists()


def test_trainer_signs_off_log_in_own_cohort(decide, world):
    log = world["mine_log"]
    assert decide("log", log, "sign_off").status_code == 302
    log.refresh_from_db()
    assert log.status == LogStatus.SIGNED_OFF
    assert log.reviewed_by == world["trainer"]


def test_trainer_return_without_comment_is_400(decide, world):
    log = world["mine_log"]
    assert decide("log", log, "return", comment="").status_code == 400
    assert _status(log) == LogStatus.SUBMITTED


def test_trainer_cannot_sign_off_log_of_another_cohort(decide, world):
    log = world["theirs_log"]
    assert decide("log", log, "sign_off").status_code == 404
    assert _status(log) == LogStatus.SUBMITTED


def test_setting_off_trainer_cannot_sign_off_log(decide, world, setting_off):
    log = world["mine_log"]
    assert decide("log", log, "sign_off").status_code == 403
    assert _status(log) == LogStatus.SUBMITTED


def test_lists_show_only_own_cohorts(as_trainer, world):
    claims = as_trainer.get(reverse("workspace:trainer_claims")).content.decode()
    assert world["mine_claim"].trainee.display_name in claims
    assert world["theirs_claim"].trainee.display_name not in claims
    logs = as_trainer.get(reverse("workspace:trainer_logs")).content.decode()
    assert world["mine_log"].placement.trainee.display_name in logs
    assert world["theirs_log"].placement.trainee.display_name not in logs


def test_trainee_cannot_open_trainer_pages(client, world):
    client.force_login(world["mine_claim"].trainee)
    assert client.get(reverse("workspace:trainer_claims")).status_code == 404


def test_mark_all_present_with_exceptions(as_trainer, world):
    cohort = world["mine"]
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(4)]
    session = LiveSessionFactory(cohort=cohort)
    assert session.starts_at < timezone.now()
    response = as_trainer.post(
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


# -- mentor pairing ----------------------------------------------------------


@pytest.fixture
def rounds(world):
    """An open pairing round in each cohort, and a mentor with room."""
    mine = PairingRoundFactory(cohort=world["mine"])
    theirs = PairingRoundFactory(cohort=world["theirs"])
    trainee = world["mine_claim"].trainee
    mentor = MentorProfileFactory(capacity=3, profession=trainee.profession)
    return {"mine": mine, "theirs": theirs, "trainee": trainee, "mentor": mentor}


def _assign(client, round_, trainee, mentor):
    return client.post(
        reverse("workspace:trainer_pairing", args=[round_.pk]),
        {"action": "assign", "trainee": trainee.pk, "mentor": mentor.pk},
    )


def test_trainer_pairs_in_own_cohort_through_the_service_and_audited(
    as_trainer, rounds, world
):
    page = as_trainer.get(
        reverse("workspace:trainer_pairing", args=[rounds["mine"].pk])
    )
    assert page.status_code == 200
    assert "Pair by hand" in page.content.decode()
    response = _assign(as_trainer, rounds["mine"], rounds["trainee"], rounds["mentor"])
    assert response.status_code == 302
    pair = Pair.objects.get(round=rounds["mine"])
    assert (pair.trainee, pair.mentor) == (rounds["trainee"], rounds["mentor"])
    assert pair.locked and pair.made_by == MadeBy.TRAINER
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Pair), object_pk=str(pair.pk)
    )
    assert entry.actor_id == world["trainer"].pk


def test_trainer_runs_and_publishes_pairing_audited(as_trainer, rounds):
    url = reverse("workspace:trainer_pairing", args=[rounds["mine"].pk])
    assert as_trainer.post(url, {"action": "run"}).status_code == 302
    proposed = list(Pair.objects.filter(round=rounds["mine"]))
    assert [p.status for p in proposed] == [PairStatus.PROPOSED]
    assert as_trainer.post(url, {"action": "publish"}).status_code == 302
    pair = Pair.objects.get(round=rounds["mine"])
    assert pair.status == PairStatus.ACTIVE
    actions = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Pair), object_pk=str(pair.pk)
    ).values_list("action", flat=True)
    assert sorted(actions) == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]


def test_trainer_cannot_pair_in_another_cohort(as_trainer, rounds, world):
    other_trainee = world["theirs_claim"].trainee
    response = _assign(as_trainer, rounds["theirs"], other_trainee, rounds["mentor"])
    assert response.status_code == 404
    assert not Pair.objects.exists()


def test_setting_off_trainer_cannot_pair(as_trainer, rounds, setting_off):
    page = as_trainer.get(
        reverse("workspace:trainer_pairing", args=[rounds["mine"].pk])
    )
    assert page.status_code == 200
    assert "Pair by hand" not in page.content.decode()
    response = _assign(as_trainer, rounds["mine"], rounds["trainee"], rounds["mentor"])
    assert response.status_code == 403
    assert not Pair.objects.exists()


def test_staff_without_mfa_cannot_pair(client, rounds):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, mfa=False))
    response = _assign(client, rounds["mine"], rounds["trainee"], rounds["mentor"])
    assert response.status_code in (302, 403, 404)
    assert not Pair.objects.exists()


def test_trainer_bad_pairing_input_is_400_and_writes_nothing(as_trainer, rounds):
    url = reverse("workspace:trainer_pairing", args=[rounds["mine"].pk])
    response = as_trainer.post(url, {"action": "assign", "trainee": "x\x00"})
    assert response.status_code == 400
    assert as_trainer.post(url, {"action": "dance"}).status_code == 400
    assert not Pair.objects.exists()
