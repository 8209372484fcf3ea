"""Minutes as hours: one rule (decimal hours, half up, two places) on every
page, CSV, PDF, e-mail and credential."""

import csv
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kaptraining.core.hours import format_hours, hours_decimal
from kaptraining.core.pdf import html_to_pdf
from kaptraining.credits.exports import transcript_html
from kaptraining.credits.services import ledger_credit
from tests.conftest import pdf_text
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, make_program


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (None, "0"),
        (0, "0"),
        (1, "0.02"),
        (20, "0.33"),
        (25, "0.42"),
        (45, "0.75"),
        (90, "1.5"),
        (120, "2"),
        (125, "2.08"),
        (145, "2.42"),
        (9000, "150"),
        (-90, "-1.5"),
    ],
)
def test_format_hours_table(minutes, shown):
    assert format_hours(minutes) == shown


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_format_hours_is_the_exact_value_rounded_half_up(minutes):
    exact = Decimal(minutes) / 60
    shown = Decimal(format_hours(minutes))
    assert abs(shown - exact) <= Decimal("0.005")
    assert shown == hours_decimal(minutes)
    assert "e" not in format_hours(minutes).lower()


@given(st.integers(min_value=0, max_value=10**5))
def test_template_filter_is_the_function(minutes):
    html = Template("{% load kap %}{{ m|hours }}").render(Context({"m": minutes}))
    assert html == format_hours(minutes)


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_page_csv_and_pdf_show_the_same_hours(client, home_page, tmp_path):
    """145 minutes is 2.42 hours on the trainee's page, the trainer's roster,
    the roster CSV, the cohort transcript CSV and the transcript PDF (the
    roster CSV used to round to one place: 2.4)."""
    program = make_program(home_page, lessons=0)
    cohort = CohortFactory(program=program)
    trainee = EnrolmentFactory(cohort=cohort).trainee
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    for source_id, minutes in (("a", 100), ("b", 45)):
        ledger_credit(
            trainee=trainee,
            program=program,
            category="didactic",
            minutes=minutes,
            source="adjustment",
            source_id=source_id,
            description="Didactic study",
        )

    client.force_login(trainee)
    mine = client.get(reverse("credits:my_hours", args=[program.pk]))
    assert "2.42 / 3 hours" in mine.content.decode()

    client.force_login(trainer)
    roster = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    # The roster's Hours column (labelled for the phone layout, issue 18).
    assert '<td data-label="Hours">2.42 / 3</td>' in roster
    [row] = _csv_rows(client.get(reverse("cohorts:roster_csv", args=[cohort.pk])))
    assert (row["total_hours"], row["didactic_hours"]) == ("2.42", "2.42")
    [row] = _csv_rows(
        client.get(reverse("credits:cohort_transcript", args=[cohort.pk]))
    )
    assert (row["counted_hours"], row["didactic_hours"]) == ("2.42", "2.42")

    text = pdf_text(html_to_pdf(transcript_html(trainee=trainee)), tmp_path)
    assert "Counted: 2.42 of 3 hours" in " ".join(text.split())
