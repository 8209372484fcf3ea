"""Placements: requests, capacity (also under concurrency) and staff assignment."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from kaptraining.practicums.models import Placement, PlacementStatus
from kaptraining.practicums.services import PracticumError, placement_create
from tests.conftest import service_or_skip
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.practicums import (
    PlacementFactory,
    PracticumSiteFactory,
    SiteCapacityFactory,
)


def _window(cohort):
    return {
        "starts_on": cohort.start_date + datetime.timedelta(days=30),
        "ends_on": cohort.start_date + datetime.timedelta(days=120),
    }


def _form(cap, cohort, **overrides):
    window = _window(cohort)
    data = {
        "capacity": cap.pk,
        "starts_on": window["starts_on"].isoformat(),
        "ends_on": window["ends_on"].isoformat(),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_placement_request_free_place_is_requested(client, practicum):
    site = PracticumSiteFactory(name="Harbor Integrative Psychiatry")
    capacity = SiteCapacityFactory(site=site, cohort=practicum.cohort, places=1)
    client.force_login(practicum.trainee)

    page = client.get(reverse("practicums:home")).content.decode()
    response = client.post(
        reverse("practicums:placement_request"), _form(capacity, practicum.cohort)
    )

    assert "Harbor Integrative Psychiatry" in page and "1 of 1 places left" in page
    assert response.status_code == 302
    placement = Placement.objects.get(site=site)
    assert (placement.trainee, placement.status) == (
        practicum.trainee,
        PlacementStatus.REQUESTED,
    )


@pytest.mark.django_db
def test_placement_request_full_site_is_refused(client, practicum):
    capacity = SiteCapacityFactory(
        site=PracticumSiteFactory(), cohort=practicum.cohort, places=1
    )
    PlacementFactory(
        site=capacity.site, cohort=practicum.cohort, status=PlacementStatus.REQUESTED
    )
    client.force_login(practicum.trainee)

    response = client.post(
        reverse("practicums:placement_request"), _form(capacity, practicum.cohort)
    )

    assert response.status_code == 409
    assert "no places left" in response.content.decode()
    assert not Placement.objects.filter(
        site=capacity.site, trainee=practicum.trainee
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_on", "2000-01-01", "The last day must be on or after the first day."),
        ("starts_on", "not-a-date", "Enter a valid date."),
        ("capacity", "999999", "Choose one of the sites listed for your cohort."),
    ],
)
def test_placement_request_bad_input_is_refused(
    client, practicum, field, value, message
):
    capacity = SiteCapacityFactory(site=PracticumSiteFactory(), cohort=practicum.cohort)
    client.force_login(practicum.trainee)

    response = client.post(
        reverse("practicums:placement_request"),
        _form(capacity, practicum.cohort, **{field: value}),
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Placement.objects.filter(site=capacity.site).exists()


@pytest.mark.django_db
def test_placement_request_site_of_other_cohort_is_not_offered(client, practicum):
    other_cohort = CohortFactory(program=practicum.program)
    capacity = SiteCapacityFactory(site=PracticumSiteFactory(), cohort=other_cohort)
    client.force_login(practicum.trainee)

    response = client.post(
        reverse("practicums:placement_request"), _form(capacity, practicum.cohort)
    )

    assert response.status_code == 400
    assert not Placement.objects.filter(site=capacity.site).exists()


@pytest.mark.django_db
def test_placement_create_outside_cohort_dates_is_refused(practicum):
    capacity = SiteCapacityFactory(site=PracticumSiteFactory(), cohort=practicum.cohort)

    with pytest.raises(PracticumError, match="within your cohort"):
        placement_create(
            trainee=practicum.trainee,
            site=capacity.site,
            cohort=practicum.cohort,
            starts_on=practicum.cohort.start_date - datetime.timedelta(days=1),
            ends_on=practicum.cohort.start_date,
            by=practicum.trainee,
        )


@pytest.mark.django_db(transaction=True)
def test_placement_create_concurrent_requests_never_exceed_capacity(home_page):
    service_or_skip("PostgreSQL", connection.vendor == "postgresql")
    from tests.factories import make_program

    cohort = CohortFactory(
        program=make_program(home_page),
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=300),
    )
    capacity = SiteCapacityFactory(site=PracticumSiteFactory(), cohort=cohort, places=1)
    trainees = [EnrolmentFactory(cohort=cohort).trainee for _ in range(4)]
    barrier = threading.Barrier(len(trainees))
    outcomes = []

    def request(trainee):
        try:
            barrier.wait(timeout=20)
            placement_create(
                trainee=trainee,
                site=capacity.site,
                cohort=cohort,
                by=trainee,
                **_window(cohort),
            )
            outcomes.append("ok")
        except PracticumError:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request, args=(t,)) for t in trainees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["full", "full", "full", "ok"]
    assert Placement.objects.filter(site=capacity.site).count() == 1


@pytest.mark.django_db
def test_admin_assign_over_capacity_is_refused_and_within_capacity_confirms(
    client, practicum, settings
):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    staff = UserFactory(is_staff=True, is_superuser=True)
    capacity = SiteCapacityFactory(
        site=PracticumSiteFactory(), cohort=practicum.cohort, places=1
    )
    first, second = (
        EnrolmentFactory(cohort=practicum.cohort).trainee,
        EnrolmentFactory(cohort=practicum.cohort).trainee,
    )
    client.force_login(staff)
    url = reverse("practicum_placement_admin:add")
    window = _window(practicum.cohort)

    def post(trainee):
        return client.post(
            url,
            {
                "trainee": trainee.pk,
                "site": capacity.site.pk,
                "cohort": practicum.cohort.pk,
                "starts_on": window["starts_on"].isoformat(),
                "ends_on": window["ends_on"].isoformat(),
                "note": "",
            },
        )

    ok, refused = post(first), post(second)

    assert ok.status_code == 302
    assert refused.status_code == 200  # Wagtail re-renders an invalid form with 200
    assert "no places left" in refused.content.decode()
    assert list(
        Placement.objects.filter(site=capacity.site).values_list("trainee", "status")
    ) == [(first.pk, PlacementStatus.CONFIRMED)]
