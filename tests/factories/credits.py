"""Factories for the credits app's models (requirements, claims, CE)."""

import datetime
import decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from kaptraining.credits.models import (
    AccreditingBody,
    CEActivity,
    CEActivityCredit,
    CEApproval,
    CEParticipation,
    ExternalHoursClaim,
    RequirementSignOff,
    WindowExtension,
)
from tests.factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n% evidence\n"


class WindowExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WindowExtension

    trainee = factory.SubFactory(UserFactory)
    ends_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=400)
    )
    reason = "Medical leave"
    granted_by = factory.SubFactory(UserFactory, is_staff=True)


class RequirementSignOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequirementSignOff

    trainee = factory.SubFactory(UserFactory)
    item = "consent_assessment"
    passed = True


class ExternalHoursClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalHoursClaim

    trainee = factory.SubFactory(UserFactory)
    category = "elective"
    minutes = 120
    activity_title = "Psychedelic ethics seminar"
    provider_name = "Another institute"
    earned_on = factory.LazyFunction(timezone.localdate)
    evidence = factory.LazyFunction(
        lambda: ContentFile(PDF_BYTES, name="certificate.pdf")
    )


class CEApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CEApproval

    body = AccreditingBody.APA
    approval_number = factory.Sequence(lambda n: f"APA-{1000 + n}")
    approval_statement = (
        "This organisation is approved by the American Psychological "
        "Association to sponsor CE."
    )
    ce_broker_provider_number = ""


class CEActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CEActivity

    title = factory.Sequence(lambda n: f"KAP webinar {n}")
    kind = "webinar"
    delivery_format = "live_webinar"
    level = "intermediate"
    start_date = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=1)
    )
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    contact_minutes = 180
    ce_broker_course_number = "20-123456"


class CEActivityCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CEActivityCredit

    activity = factory.SubFactory(CEActivityFactory)
    approval = factory.SubFactory(CEApprovalFactory)
    credit_hours = decimal.Decimal("3.00")


class CEParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CEParticipation

    activity = factory.SubFactory(CEActivityFactory)
    trainee = factory.SubFactory(UserFactory)
