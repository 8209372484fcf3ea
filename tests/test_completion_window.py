"""One completion window, everywhere: every surface that shows a trainee's
window end shows the date credits.windows decides, extensions included
(the roster used to show the day after, and ignore extensions)."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cohorts.roster import cohort_roster
from kaptraining.credits.services import window_extension_grant
from kaptraining.credits.windows import completion_window_for
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    LedgerEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program):
    # 200 days in, both trainees far behind: the at-risk reason names the end.
    start = timezone.localdate() - datetime.timedelta(days=200)
    cohort = CohortFactory(program=program, start_date=start, capacity=10)
    cohort.trainers.add(UserFactory(is_trainer=True))
    return cohort


@pytest.fixture
def trainees(cohort):
    """(trainee, expected last day): one on the standard window, one extended."""
    program = cohort.program
    standard_end = (
        cohort.start_date + relativedelta(months=program.window_months)
    ) - datetime.timedelta(days=1)
    extended_end = standard_end + datetime.timedelta(days=45)
    plain = EnrolmentFactory(cohort=cohort).trainee
    extended = EnrolmentFactory(cohort=cohort).trainee
    for trainee in (plain, extended):
        LedgerEntryFactory(trainee=trainee, program=program, minutes=15)
    window_extension_grant(
        trainee=extended,
        program=program,
        ends_on=extended_end,
        reason="Parental leave",
        by=UserFactory(is_staff=True),
    )
    return [(plain, standard_end), (extended, extended_end)]


def _shown(day: datetime.date) -> str:
    return date_filter(day, "M j, Y")


def _csv_row(content: bytes, email: str) -> dict[str, str]:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(content.decode())))
    return next(row for row in rows if row["email"] == email)


def test_window_rule_is_start_plus_months_inclusive_and_extensions_apply(
    cohort, trainees
):
    for trainee, expected in trainees:
        window = completion_window_for(trainee_id=trainee.pk, program=cohort.program)
        assert window.ends_on == expected
        assert trainee.enrolments.get().window_ends == expected


def test_every_surface_shows_the_same_window_end(client, cohort, trainees):
    program = cohort.program
    trainer = cohort.trainers.get()
    (plain, standard_end), (extended, extended_end) = trainees
    day_after = standard_end + datetime.timedelta(days=1)  # the roster's old date
    rows = {row.trainee: row for row in cohort_roster(cohort)[0]}

    client.force_login(trainer)
    roster_page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content
    roster_csv = client.get(reverse("cohorts:roster_csv", args=[cohort.pk])).content
    transcript_csv = client.get(
        reverse("credits:cohort_transcript", args=[cohort.pk])
    ).content
    roster_html = roster_page.decode()
    # The cohort's standard window heads the roster; an extension shows on its row.
    assert f"hours count until {_shown(standard_end)}" in roster_html
    assert f"hours count until {_shown(extended_end)}." in roster_html
    assert _shown(day_after) not in roster_html

    for trainee, expected in trainees:
        wrong = {standard_end, extended_end, day_after} - {expected}
        enrolment = trainee.enrolments.get()

        client.force_login(trainee)
        pages = {
            "dashboard": client.get(reverse("dashboard")),
            "enrolment page": client.get(
                reverse("cohorts:enrolment", args=[enrolment.pk])
            ),
            "my hours": client.get(reverse("credits:my_hours", args=[program.pk])),
            "transcript": client.get(reverse("credits:transcript")),
        }
        for name, response in pages.items():
            html = response.content.decode()
            assert response.status_code == 200, name
            assert _shown(expected) in html, name
            for other in wrong:
                assert _shown(other) not in html, f"{name} shows {other}"

        assert _csv_row(roster_csv, trainee.email)["window_ends"] == str(expected)
        assert _csv_row(transcript_csv, trainee.email)["window_ends"] == str(expected)
        reason = " ".join(rows[trainee].risks)
        assert date_format(expected) in reason, reason
        assert re.search(r"\d", reason)
        for other in wrong:
            assert date_format(other) not in reason
