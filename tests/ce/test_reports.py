"""Evaluation report and CE transcript (query budgets at 1x and 10x), the CE
Broker workbook (openpyxl layout, licence refusals), the evaluation form."""

import csv
import datetime
import decimal
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaptraining.ce.cebroker import FULL_HEADER, PARTIAL_HEADER
from kaptraining.ce.models import EvaluationQuestion
from kaptraining.credits import ce
from kaptraining.credits.models import CECertificate, CEParticipation
from tests.factories import UserFactory
from tests.factories.credits import (
    CEActivityCreditFactory,
    CEActivityFactory,
    CEApprovalFactory,
)

from .conftest import EVALUATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def webinar(db):
    activity = CEActivityFactory(
        contact_minutes=120, delivery_format="live", ce_broker_course_number="20-777"
    )
    CEActivityCreditFactory(
        activity=activity,
        approval=CEApprovalFactory(
            body="aswb_ace", approval_number="ACE-9", ce_broker_provider_number="50-1"
        ),
        credit_hours=decimal.Decimal("2"),
    )
    return activity


def _participants(activity, n, *, minutes=120, start=0, **user_fields):
    staff = UserFactory(is_staff=True)
    for i in range(n):
        user = UserFactory(profession="social_worker", **user_fields)
        p = ce.ce_participation_open(activity=activity, trainee=user)
        answers = dict(EVALUATION, objectives=str(1 + (start + i) % 5))
        ce.ce_evaluation_submit(participation_id=p.pk, answers=answers)
        ce.ce_attendance_verify(
            participation_id=p.pk, attended_minutes=minutes, by=staff
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_evaluation_report_counts_means_and_chart(client, staff, webinar):
    _participants(webinar, 5)
    n, response = _queries(client, reverse("ce:evaluation_report", args=[webinar.pk]))
    page = response.content.decode()
    assert "Evaluations submitted: 5 (participants: 5)." in page
    assert "mean 3.00 of 5" in page  # 1..5 once each
    assert '<rect class="ce-bar-fill" width="20" height="10"/>' in page
    assert "Clear and practical." in page

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("ce:evaluation_report_csv", args=[webinar.pk])
                ).content.decode()
            )
        )
    )
    assert rows[1][1] == "5"
    assert any(r[:2] == ["The learning objectives were met.", "scale"] for r in rows)


def test_evaluation_report_and_transcript_query_budget(client, staff, webinar):
    _participants(webinar, 3)
    url = reverse("ce:evaluation_report", args=[webinar.pk])
    small, _ = _queries(client, url)
    _participants(webinar, 27, start=3)
    large, _ = _queries(client, url)
    assert small == large

    trainee = UserFactory(profession="social_worker")
    client.force_login(trainee)
    activities = [webinar] + [CEActivityFactory(contact_minutes=60) for _ in range(9)]
    for a in activities[1:]:
        CEActivityCreditFactory(
            activity=a, approval=webinar.credits.get().approval, credit_hours=1
        )
    staff_user = UserFactory(is_staff=True)

    def award(a):
        p = ce.ce_participation_open(activity=a, trainee=trainee)
        ce.ce_evaluation_submit(participation_id=p.pk, answers=EVALUATION)
        ce.ce_attendance_verify(
            participation_id=p.pk, attended_minutes=a.contact_minutes, by=staff_user
        )

    award(activities[0])
    one, _ = _queries(client, reverse("ce:transcript"))
    for a in activities[1:]:
        award(a)
    ten, response = _queries(client, reverse("ce:transcript"))
    assert one == ten
    assert response.content.decode().count("CE-") >= 10
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("ce:transcript_file", args=["csv"])).content.decode()
            )
        )
    )
    assert len(csv_rows) == 11
    pdf = client.get(reverse("ce:transcript_file", args=["pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"


def test_ce_broker_workbook_layout(client, staff, webinar):
    _participants(webinar, 2)  # full credit
    _participants(webinar, 1, minutes=90)  # 90 of 120: partial (1.5 of 2)

    response = client.get(reverse("ce:ce_broker_xlsx", args=[webinar.pk]))

    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Full Credit", "Partial Credit"]
    full, partial = wb["Full Credit"], wb["Partial Credit"]
    assert [c.value for c in full[1]] == FULL_HEADER
    assert [c.value for c in partial[1]] == PARTIAL_HEADER
    assert full.max_row == 3 and partial.max_row == 2
    row = [c.value for c in partial[2]]
    assert row[0] == "50-1" and row[1] == "20-777"
    assert row[3].startswith("PSY ")
    assert row[7] == 1.5
    assert datetime.datetime.strptime(row[8], "%m/%d/%Y")


@pytest.mark.parametrize("licence", ["", "12", "PSY#4242", "=HYPERLINK(1)"])
def test_ce_broker_refuses_missing_or_malformed_licence(
    client, staff, webinar, licence
):
    _participants(webinar, 1)
    _participants(webinar, 1, licence_number=licence)

    response = client.get(reverse("ce:ce_broker_xlsx", args=[webinar.pk]))

    assert response.status_code == 422
    page = response.content.decode()
    assert "missing or malformed licence number" in page
    ready = client.get(reverse("ce:ce_broker_xlsx", args=[webinar.pk]) + "?skip=1")
    wb = openpyxl.load_workbook(io.BytesIO(ready.content))
    assert wb["Full Credit"].max_row == 2  # only the good row


def test_configured_evaluation_form_is_used_and_validated(client, webinar):
    EvaluationQuestion.objects.create(
        activity=webinar,
        key="pace",
        prompt="The pace was right.",
        kind="scale",
        topic="other",
    )
    trainee = UserFactory()
    p = ce.ce_participation_open(activity=webinar, trainee=trainee)
    client.force_login(trainee)
    url = reverse("ce:evaluation", args=[p.pk])
    page = client.get(url).content.decode()
    assert "The pace was right." in page
    assert "learning objectives were met" not in page

    bad = client.post(url, {"pace": "9"})
    assert bad.status_code == 400
    assert CEParticipation.objects.get(pk=p.pk).evaluation_submitted_at is None

    assert client.post(url, {"pace": "4"}).status_code == 302
    assert CEParticipation.objects.get(pk=p.pk).evaluation == {"pace": "4"}


def test_someone_elses_evaluation_and_transcript_are_hidden(client, webinar):
    owner = UserFactory()
    p = ce.ce_participation_open(activity=webinar, trainee=owner)
    client.force_login(UserFactory())
    assert client.get(reverse("ce:evaluation", args=[p.pk])).status_code == 404
    assert (
        client.get(reverse("ce:trainee_transcript", args=[owner.pk])).status_code == 404
    )
    assert not CECertificate.objects.exists()
