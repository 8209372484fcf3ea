"""Factories for practicum sites, capacities, placements and session logs."""

import datetime

import factory
from django.utils import timezone

from kaptraining.practicums.models import (
    ExternalSupervisor,
    LogStatus,
    Placement,
    PlacementStatus,
    PracticumLog,
    PracticumSite,
    SiteCapacity,
)

from . import UserFactory


class PracticumSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticumSite
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bayview KAP Clinic {n}")
    city = "Oakland"
    state = "CA"

    @factory.post_generation
    def supervisors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.supervisors.add(*extracted)


class SupervisorFactory(UserFactory):
    is_supervisor = True


class ExternalSupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalSupervisor

    site = factory.SubFactory(PracticumSiteFactory)
    name = "Dr. Jordan Ellis"
    email = factory.Sequence(lambda n: f"external{n}@clinic.example.org")


class SiteCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteCapacity

    site = factory.SubFactory(PracticumSiteFactory)
    places = 2


class PlacementFactory(factory.django.DjangoModelFactory):
    """A confirmed placement covering the last 60 days and the next 30."""

    class Meta:
        model = Placement

    site = factory.SubFactory(PracticumSiteFactory)
    trainee = factory.SubFactory(UserFactory)
    status = PlacementStatus.CONFIRMED
    starts_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=60)
    )
    ends_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )


class PracticumLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticumLog

    placement = factory.SubFactory(PlacementFactory)
    session_date = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=3)
    )
    minutes = 150
    phase = "dosing"
    route = "sublingual"
    role = "observer"
    reflection = (
        "I watched how the therapist held silence during the peak of the session."
    )
    status = LogStatus.SUBMITTED
