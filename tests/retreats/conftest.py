"""A retreat page with runs backed by priced cohorts."""

import datetime

import pytest
from django.utils import timezone

from kaptraining.retreats.models import RetreatPage, RetreatRun, RoomType
from kaptraining.retreats.services import Details
from tests.factories import make_home_page
from tests.factories.payments import priced_cohort


def make_retreat_page(program, **fields) -> RetreatPage:
    home = make_home_page()
    n = RetreatPage.objects.count() + 1
    defaults = {
        "title": f"Foundational KAP retreat {n}",
        "slug": f"retreat-{n}",
        "program": program,
        "venue_name": "Sunshine Canyon Lodge",
        "venue_address": "Boulder County, Colorado",
        "ce_minutes": 1920,
        "ce_statement": "Approved for 32 CE hours.",
        "day_minutes": 480,
    }
    defaults.update(fields)
    return home.add_child(instance=RetreatPage(**defaults))


def make_run(
    page,
    *,
    starts_in_days=40,
    days=4,
    rooms=(("Single", "single", 2, 120000),),
    **cohort_kwargs,
) -> RetreatRun:
    start = timezone.localdate() + datetime.timedelta(days=starts_in_days)
    cohort = priced_cohort(
        page.program,
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        format="retreat",
        timezone="America/Denver",
        capacity=cohort_kwargs.pop("capacity", 30),
        **cohort_kwargs,
    )
    run = RetreatRun.objects.create(page=page, cohort=cohort)
    for i, (name, kind, capacity, price) in enumerate(rooms):
        RoomType.objects.create(
            run=run,
            name=name,
            kind=kind,
            capacity=capacity,
            price_cents=price,
            sort_order=i,
        )
    return run


def details_for(run, **overrides) -> Details:
    tz = run.cohort.tzinfo
    start = run.cohort.start_date
    fields = {
        "arrival_at": datetime.datetime.combine(start, datetime.time(8), tz),
        "departure_at": datetime.datetime.combine(
            run.cohort.end_date, datetime.time(18), tz
        ),
        "dietary_needs": "Vegetarian",
        "allergies": "Peanuts",
        "accessibility_needs": "Ground-floor room",
        "emergency_contact_name": "Sam Rivera",
        "emergency_contact_phone": "+1 303 555 0100",
    }
    fields.update(overrides)
    return Details(**fields)


@pytest.fixture
def retreat_page(program):
    return make_retreat_page(program)


@pytest.fixture
def run(retreat_page):
    return make_run(retreat_page)
