"""Factories for tuition configuration and money rows."""

import datetime

import factory
from django.utils import timezone

from cohorts.models import EnrolmentStatus
from kaptraining.payments.models import (
    DiscountCode,
    DiscountKind,
    PaymentPlan,
    RefundPolicyTier,
    SlidingScaleTier,
    TuitionPrice,
)
from tests.factories import CohortFactory, EnrolmentFactory


class TuitionPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TuitionPrice

    amount_cents = 480000
    currency = "usd"
    deposit_cents = 50000


class PaymentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentPlan

    price = factory.SubFactory(TuitionPriceFactory)
    instalments = 3


class SlidingScaleTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SlidingScaleTier

    name = factory.Sequence(lambda n: f"Tier {n}")
    percent_off = 25


class DiscountCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscountCode

    code = factory.Sequence(lambda n: f"CODE{n}")
    kind = DiscountKind.PERCENT
    percent_off = 10


class RefundPolicyTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefundPolicyTier

    days_before_start = 30
    percent = 100


def priced_cohort(
    program,
    *,
    amount_cents=480000,
    deposit_cents=50000,
    plans=(3, 6, 12),
    **cohort_kwargs,
):
    """A cohort whose program has a price, a deposit and monthly plans; it
    starts in a month by default, so it still takes enrolments and deposits."""
    cohort_kwargs.setdefault(
        "start_date", timezone.localdate() + datetime.timedelta(days=30)
    )
    cohort = CohortFactory(program=program, tuition_cents=amount_cents, **cohort_kwargs)
    price = TuitionPrice.objects.filter(program=program).first() or TuitionPriceFactory(
        program=program, amount_cents=amount_cents, deposit_cents=deposit_cents
    )
    for n in plans:
        PaymentPlan.objects.get_or_create(price=price, instalments=n)
    return cohort


def pending_enrolment(cohort, **kwargs):
    return EnrolmentFactory(
        cohort=cohort, status=EnrolmentStatus.PENDING_PAYMENT, **kwargs
    )
