"""Factories for the delivery models (applications, sessions, attendance)."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from cohorts.models import (
    Application,
    ApplicationStatus,
    CreditRule,
    CreditRuleKind,
    LiveSession,
    SessionKind,
)
from kaptraining.core.categories import Category
from tests.factories import CohortFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n% licence scan\n"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    cohort = factory.SubFactory(CohortFactory, admission="application")
    applicant = factory.SubFactory(UserFactory)
    status = ApplicationStatus.SUBMITTED
    licence_type = "lcsw"
    licence_state = "WA"
    licence_number = factory.Sequence(lambda n: f"LW {600000 + n}")
    licence_expiry = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )
    licence_document = factory.LazyFunction(
        lambda: ContentFile(PDF_BYTES, name="licence.pdf")
    )
    professional_background = "Ten years in community mental health."
    statement = "I want to offer KAP to clients with treatment-resistant depression."
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == ApplicationStatus.WAITLISTED else None
    )


class LiveSessionFactory(factory.django.DjangoModelFactory):
    """A two-hour webinar crediting two didactic hours; by default it ended
    yesterday, so attendance can be marked."""

    class Meta:
        model = LiveSession

    cohort = factory.SubFactory(CohortFactory)
    kind = SessionKind.WEBINAR
    title = factory.Sequence(lambda n: f"Webinar {n}")
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) - datetime.timedelta(days=1)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    meeting_url = "https://meet.example.org/kap-webinar"
    credited_minutes = 120
    category = Category.DIDACTIC


class CreditRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditRule

    kind = CreditRuleKind.STEPS
    step_minutes = 15
    forfeit_after_minutes = 15
