"""Profession decides the body: the matrix, refusals, and each body's
certificate fields and wording."""

import decimal

import pytest

from kaptraining.ce.bodies import ATTENDANCE, WORDING, body_for_profession
from kaptraining.credits import ce
from kaptraining.credits.models import CECertificate
from tests.factories import UserFactory
from tests.factories.credits import CEActivityCreditFactory, CEActivityFactory

from .conftest import EVALUATION, approvals

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("profession", "body"),
    [
        ("psychologist", "apa"),
        ("social_worker", "aswb_ace"),
        ("counsellor", "nbcc"),
        ("nurse", "ancc"),
        ("nurse_practitioner", "ancc"),
        ("physician", "ama_pra1"),
        ("psychiatrist", "ama_pra1"),
        ("mft", "state_board"),
        ("other", ATTENDANCE),
        ("", ATTENDANCE),
    ],
)
def test_profession_decides_the_body(profession, body):
    assert body_for_profession(profession) == body


def _award(activity, **user_fields):
    staff = UserFactory(is_staff=True)
    p = ce.ce_participation_open(activity=activity, trainee=UserFactory(**user_fields))
    ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
    ce.ce_attendance_verify(participation_id=p.pk, attended_minutes=180, by=staff)
    return CECertificate.objects.get(participation=p)


@pytest.fixture
def every_body(db):
    activity = CEActivityFactory(contact_minutes=180, delivery_format="live")
    for approval in approvals().values():
        CEActivityCreditFactory(
            activity=activity, approval=approval, credit_hours=decimal.Decimal("3")
        )
    return activity


@pytest.mark.parametrize(
    ("profession", "state", "body", "label", "wording"),
    [
        ("psychologist", "CA", "apa", "CE credits (APA)", "maintains responsibility"),
        (
            "social_worker",
            "NY",
            "aswb_ace",
            "Clinical CE credits (ASWB ACE)",
            "final authority",
        ),
        ("counsellor", "TX", "nbcc", "NBCC clock hours", "clearly identified"),
        ("nurse", "WA", "ancc", "ANCC contact hours", "Joint Accreditation"),
        (
            "physician",
            "IL",
            "ama_pra1",
            "AMA PRA Category 1 Credits™",
            "commensurate with the extent",
        ),
        ("mft", "CA", "state_board", "CE hours (state board)", "board named above"),
    ],
)
def test_certificate_carries_the_body_fields_and_wording(
    every_body, profession, state, body, label, wording
):
    cert = _award(every_body, profession=profession, licence_state=state)
    [line] = cert.credits
    assert line["body"] == body
    assert line["hours"] == "3.00"
    assert line["credit_label"] == label
    assert wording in line["required_wording"]
    assert line["approval_number"]
    assert line["statement"]
    assert cert.licence_number and cert.licence_state == state
    assert str(WORDING[body].credit_label) == label


def test_mft_gets_no_nbcc_credit(db):
    """The bug this issue names: NBCC credit issued to an MFT."""
    activity = CEActivityFactory(contact_minutes=180, delivery_format="live")
    nbcc = approvals()["nbcc"]
    CEActivityCreditFactory(activity=activity, approval=nbcc, credit_hours=3)

    cert = _award(activity, profession="mft", licence_state="CA")

    [line] = cert.credits
    assert line["body"] == ATTENDANCE
    assert "CAMFT or your state board" in line["required_wording"]
    assert "certificate of attendance" in line["required_wording"]
    assert line["hours"] == "3.00"


def test_mft_outside_california_needs_their_state_board(db):
    activity = CEActivityFactory(contact_minutes=180, delivery_format="live")
    boards = approvals()
    CEActivityCreditFactory(activity=activity, approval=boards["camft"], credit_hours=3)
    cert = _award(activity, profession="mft", licence_state="TX")
    assert cert.credits[0]["body"] == ATTENDANCE


def test_other_profession_gets_attendance_certificate(every_body):
    cert = _award(every_body, profession="other")
    [line] = cert.credits
    assert line["body"] == ATTENDANCE
    assert line["approval_number"] == ""
    assert "no continuing-education credit" in line["statement"]
