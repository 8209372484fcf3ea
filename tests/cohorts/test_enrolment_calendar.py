"""Enrolment follows the calendar (issue 15): a cohort stops taking enrolments
at its start or at its late-join cutoff (a late joiner's window starts on the
day they join, and the pages say so); a deposit only before the start; plans
that end by the cohort's end; a short window needs an explicit consent."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Enrolment, EnrolmentStatus
from kaptraining.credits.windows import completion_window_for, implausible_pace
from kaptraining.payments.models import Arrangement
from kaptraining.payments.services import (
    PaymentError,
    account_for_enrolment,
    arrangement_choose,
    arrangement_options,
    quote_for_cohort,
)
from tests.factories import CohortFactory, UserFactory
from tests.factories.payments import pending_enrolment, priced_cohort

pytestmark = pytest.mark.django_db

# The cohort's calendar decides (Cohort.local_today, in its own time zone):
# around midnight UTC the server's date is already tomorrow.
TODAY = timezone.localtime(
    timezone.now(), zoneinfo.ZoneInfo(Cohort._meta.get_field("timezone").get_default())
).date()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def enrol(client, cohort, **data):
    client.force_login(UserFactory())
    return client.post(reverse("cohorts:enrol", args=[cohort.pk]), data)


def test_enrolment_closes_at_the_start(client, program):
    cohort = CohortFactory(program=program, start_date=days(-1))
    page = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
    assert "enrolment closed at the start" in page
    assert reverse("cohorts:enrol", args=[cohort.pk]) not in page
    assert cohort.name not in client.get(reverse("cohorts:list")).content.decode()

    response = enrol(client, cohort)
    assert response.status_code == 409
    assert "no longer takes enrolments" in response.content.decode()
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_cohort_starting_tomorrow_still_takes_enrolments(client, program):
    cohort = CohortFactory(program=program, start_date=days(1), tuition_cents=0)
    assert enrol(client, cohort).status_code == 302
    assert Enrolment.objects.get(cohort=cohort).status == EnrolmentStatus.ACTIVE


def test_late_join_until_cutoff_starts_the_window_on_the_join_day(client, program):
    cohort = CohortFactory(
        program=program, start_date=days(-20), late_join_until=days(5)
    )
    page = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
    assert "late joining is possible until" in page
    assert f"your completion window runs from {TODAY:%b} {TODAY.day}" in page
    assert cohort.name in client.get(reverse("cohorts:list")).content.decode()

    response = enrol(client, cohort)
    assert response.status_code == 200
    assert "You joined after the cohort started" in response.content.decode()
    enrolment = Enrolment.objects.get(cohort=cohort)
    window = completion_window_for(trainee_id=enrolment.trainee_id, program=program)
    assert window.starts_on == TODAY  # not the cohort's start, 20 days ago


def test_late_join_cutoff_passed_refuses(client, program):
    cohort = CohortFactory(
        program=program, start_date=days(-20), late_join_until=days(-1)
    )
    assert enrol(client, cohort).status_code == 409
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_on_time_joiner_window_starts_with_the_cohort(program):
    cohort = CohortFactory(
        program=program, start_date=days(10), late_join_until=days(30)
    )
    enrolment = pending_enrolment(cohort)
    window = completion_window_for(trainee_id=enrolment.trainee_id, program=program)
    assert window.starts_on == days(10)


def test_self_paced_cohort_is_always_open(client, program):
    cohort = CohortFactory(program=program, start_date=days(-300), self_paced=True)
    page = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
    assert "late joining" not in page
    assert "short_window_consent" not in page
    response = enrol(client, cohort)
    assert response.status_code == 200
    enrolment = Enrolment.objects.get(cohort=cohort)
    assert enrolment.short_window_consent_at is None


def _options(cohort):
    enrolment = pending_enrolment(cohort)
    return enrolment, arrangement_options(
        account_for_enrolment(enrolment=enrolment), quote_for_cohort(cohort)
    )


def test_deposit_offered_only_before_the_start(program):
    before = priced_cohort(program, start_date=days(10))
    assert (Arrangement.DEPOSIT, None) in _options(before)[1]

    started = priced_cohort(program, start_date=days(-1))
    enrolment, options = _options(started)
    assert (Arrangement.DEPOSIT, None) not in options
    assert (Arrangement.FULL, None) in options
    with pytest.raises(PaymentError):
        arrangement_choose(enrolment=enrolment, arrangement=Arrangement.DEPOSIT)


def test_plans_must_end_before_the_cohort_ends(program):
    # Ends in 100 days: 3 monthly lines (today, +1, +2 months) fit; 6 and 12 do not.
    cohort = priced_cohort(
        program, start_date=days(10), end_date=days(100), plans=(3, 6, 12)
    )
    enrolment, options = _options(cohort)
    plans = [n for a, n in options if a == Arrangement.PLAN]
    assert plans == [3]
    account = arrangement_choose(
        enrolment=enrolment, arrangement=Arrangement.PLAN, instalments=3
    )
    assert max(i.due_date for i in account.instalments.all()) <= cohort.end_date
    with pytest.raises(PaymentError):
        arrangement_choose(
            enrolment=pending_enrolment(cohort),
            arrangement=Arrangement.PLAN,
            instalments=6,
        )


def test_implausible_pace_is_one_threshold(settings):
    settings.IMPLAUSIBLE_HOURS_PER_DAY = 2
    assert implausible_pace(required_hours=150, days_left=39)
    assert not implausible_pace(required_hours=150, days_left=365)
    assert implausible_pace(required_hours=150, days_left=0)
    settings.IMPLAUSIBLE_HOURS_PER_DAY = 4
    assert not implausible_pace(required_hours=150, days_left=39)


@pytest.fixture
def short_program(program):
    # 150 hours in a one-month window: about 30 days, 5 hours a day.
    program.required_hours = 150
    program.window_months = 1
    program.save()
    return program


def test_short_window_shows_a_warning_and_needs_consent(client, short_program):
    cohort = CohortFactory(program=short_program, start_date=days(5))
    client.force_login(UserFactory())
    page = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
    assert "Very little time for the required hours" in page
    assert 'name="short_window_consent"' in page and "required" in page

    response = client.post(reverse("cohorts:enrol", args=[cohort.pk]))
    assert response.status_code == 409
    assert "Please confirm that you understand" in response.content.decode()
    assert not Enrolment.objects.filter(cohort=cohort).exists()

    response = client.post(
        reverse("cohorts:enrol", args=[cohort.pk]), {"short_window_consent": "1"}
    )
    assert response.status_code == 200
    enrolment = Enrolment.objects.get(cohort=cohort)
    assert enrolment.short_window_consent_at is not None


def test_plausible_window_asks_no_consent(client, program):
    cohort = CohortFactory(program=program, start_date=days(5))
    response = enrol(client, cohort)
    assert response.status_code == 200
    assert Enrolment.objects.get(cohort=cohort).short_window_consent_at is None


def test_late_join_cutoff_must_fall_within_the_cohort(program):
    cohort = CohortFactory.build(
        program=program,
        start_date=days(10),
        end_date=days(100),
        late_join_until=days(5),
    )
    with pytest.raises(ValidationError) as err:
        cohort.clean()
    assert "late_join_until" in err.value.message_dict
    cohort.late_join_until = days(20)
    cohort.clean()
