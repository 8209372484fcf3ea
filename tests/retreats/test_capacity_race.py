"""Five people take a two-bed room at the same moment: two get beds, three
are waitlisted. Real concurrent transactions on PostgreSQL (row lock on the
room type)."""

import threading

import pytest
from django.db import connection, connections

from kaptraining.retreats.models import RetreatRegistration
from kaptraining.retreats.services import registration_create
from tests.conftest import service_or_skip
from tests.factories import UserFactory

from .conftest import details_for, make_retreat_page, make_run


@pytest.mark.django_db(transaction=True)
def test_room_capacity_holds_under_concurrency(program):
    service_or_skip("PostgreSQL", connection.vendor == "postgresql")
    run = make_run(make_retreat_page(program))
    room = run.room_types.get()  # two beds
    racers = [UserFactory() for _ in range(5)]
    barrier = threading.Barrier(len(racers))
    outcomes = {}

    def take(user):
        try:
            barrier.wait(timeout=10)
            registration = registration_create(
                run_id=run.pk,
                trainee=user,
                room_type_id=room.pk,
                details=details_for(run),
            )
            outcomes[user.pk] = registration.status
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            outcomes[user.pk] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(u,)) for u in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(outcomes.values()) == ["registered"] * 2 + ["waitlisted"] * 3
    assert RetreatRegistration.objects.filter(status="registered").count() == 2
    assert (
        RetreatRegistration.objects.filter(
            status="registered", enrolment__isnull=False
        ).count()
        == 2
    )
