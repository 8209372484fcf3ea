"""Key pages run a fixed number of queries whatever the ledger size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaptraining.credits import progress_cache
from kaptraining.credits.models import LedgerEntry
from tests.factories.credits import ExternalHoursClaimFactory

pytestmark = pytest.mark.django_db

# Budgets: fixed numbers, asserted at both sizes (the page must not grow).
BUDGETS = {"credits:transcript": 25, "credits:my_hours": 20}


def fill_ledger(s, n):
    categories = ["didactic", "ethics", "elective", "mentorship"]
    start = s.cohort.start_date
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            trainee=s.trainee,
            program=s.program,
            category=categories[i % 4],
            minutes=15 + i % 45,
            source="adjustment",
            source_id=f"bulk-{n}-{i}",
            description=f"Bulk credit {i}",
            earned_on=start
            + datetime.timedelta(days=i % 400),  # some fall outside the window
        )
        for i in range(n)
    )
    # As the ledger's bulk services' progress_changed signal does after
    # bulk_create (which sends no model signals): cached progress is dropped.
    progress_cache.trainee_changed(s.trainee.pk)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("name", ["credits:transcript", "credits:my_hours"])
def test_credits_pages_constant_queries(client, setup, name):
    ExternalHoursClaimFactory(trainee=setup.trainee, program=setup.program)
    url = (
        reverse(name)
        if name == "credits:transcript"
        else reverse(name, args=[setup.program.pk])
    )
    client.force_login(setup.trainee)
    fill_ledger(setup, 10)
    client.get(url)  # the first visit after a change fills the caches
    small, _ = count_queries(client, url)

    fill_ledger(setup, 1990)
    client.get(url)
    large, response = count_queries(client, url)

    assert LedgerEntry.objects.count() == 2000
    assert small == large
    assert large <= BUDGETS[name]
    assert "Bulk credit 1989" in response.content.decode()


def test_dashboard_constant_queries(client, setup):
    client.force_login(setup.trainee)
    url = reverse("dashboard")
    fill_ledger(setup, 10)
    client.get(url)  # warm per-process caches (site, settings)
    small, _ = count_queries(client, url)

    fill_ledger(setup, 1990)
    client.get(url)  # the first visit after a change fills the caches
    large, response = count_queries(client, url)

    assert small == large
    assert "days left" in response.content.decode()
