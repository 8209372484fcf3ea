"""Tuition: the program's price with a deposit and payment plans, the retreat
cohort's own price, a sliding-scale tier, a scholarship code and a refund
policy; and trainees enrolling and paying through the demo checkout, exactly
as the checkout pages do (no card, no network: the offline backend)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cohorts.models import Enrolment
from cohorts.services import enrolment_create
from kaptraining.payments.models import (
    Arrangement,
    DiscountCode,
    Instalment,
    InstalmentStatus,
    PaymentPlan,
    RefundPolicyTier,
    SlidingScaleTier,
    TuitionPrice,
)
from kaptraining.payments.services import (
    account_save_card,
    arrangement_choose,
    discount_apply,
    instalment_charge,
    payment_start,
    payment_succeed,
)

from .base import Timeline
from .delivery import RETREAT_TUITION_CENTS, TUITION_CENTS

SCHOLARSHIP_CODE = "DEMOSCHOLAR"


def load_tuition(program) -> None:
    """The program's price (with a deposit and 3, 6 and 12-month plans), its
    refund policy, a sliding-scale tier and a scholarship code."""
    price = TuitionPrice.objects.create(
        program=program,
        amount_cents=TUITION_CENTS,
        currency="usd",
        deposit_cents=50000,
    )
    for n in (3, 6, 12):
        PaymentPlan.objects.create(price=price, instalments=n)
    RefundPolicyTier.objects.create(program=program, days_before_start=30, percent=100)
    RefundPolicyTier.objects.create(program=program, days_before_start=0, percent=50)
    SlidingScaleTier.objects.create(
        name="Community clinician",
        percent_off=25,
        description="For clinicians in community or public settings.",
    )
    DiscountCode.objects.create(
        code=SCHOLARSHIP_CODE,
        percent_off=100,
        is_scholarship=True,
        max_uses=5,
        description="Demo full scholarship.",
    )


def retreat_price(cohort) -> None:
    """The retreat cohort has its own price, the one its page shows."""
    price = TuitionPrice.objects.create(
        cohort=cohort,
        amount_cents=RETREAT_TUITION_CENTS,
        currency="usd",
        deposit_cents=100000,
    )
    for n in (3, 6):
        PaymentPlan.objects.create(price=price, instalments=n)


def enrol(cohort, learner) -> Enrolment:
    """The trainee takes a place (awaiting payment, or active if free)."""
    learner.enrolment = enrolment_create(cohort_id=cohort.pk, trainee=learner.user)
    return learner.enrolment


def checkout(enrolment) -> None:
    """Pay the next open instalment in the demo checkout and confirm it, as
    the demo checkout page does."""
    payment, _url = payment_start(
        enrolment=enrolment, success_url="/dashboard/", cancel_url="/dashboard/"
    )
    payment_succeed(payment_id=payment.pk, provider_payment_ref=f"demo_pi_{payment.pk}")


def enrol_and_pay(
    timeline: Timeline,
    cohort,
    learner,
    moment: datetime.datetime,
    *,
    how: str = "full",
    instalments: int | None = None,
) -> None:
    """Enrol at `moment` and pay: in full, a deposit now and the balance when
    due, a monthly plan charged to the saved card, or a scholarship code."""

    def start():
        enrolment = enrol(cohort, learner)
        if how == "scholarship":
            discount_apply(enrolment=enrolment, code=SCHOLARSHIP_CODE)
            arrangement_choose(enrolment=enrolment, arrangement=Arrangement.SCHOLARSHIP)
            return
        arrangement = {
            "full": Arrangement.FULL,
            "deposit": Arrangement.DEPOSIT,
            "plan": Arrangement.PLAN,
        }[how]
        arrangement_choose(
            enrolment=enrolment, arrangement=arrangement, instalments=instalments
        )
        checkout(enrolment)
        if how == "plan":
            # What the task queued by the first payment does: keep the card.
            account_save_card(payment_id=enrolment.payments.latest("pk").pk)

    timeline.add(moment, start)
    if how == "deposit":
        # The balance, paid in the checkout on its due date (or at once, for
        # a place taken less than two weeks before the start).
        due = cohort.start_date - datetime.timedelta(days=14)
        timeline.add(
            max(moment + datetime.timedelta(hours=1), at_utc(due, 18)),
            lambda: checkout(learner.enrolment),
        )
    if how == "plan":
        # The nightly task charges each instalment the morning after it is due.
        first = moment.astimezone(datetime.UTC).date()
        for n in range(1, instalments or 1):
            due = first + relativedelta(months=n)
            timeline.add(
                at_utc(due + datetime.timedelta(days=1), 6),
                lambda: charge_due(learner.enrolment),
            )


def at_utc(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def charge_due(enrolment) -> None:
    """What the nightly instalment task does for one account."""
    today = timezone.localdate()
    for instalment in Instalment.objects.filter(
        account__enrolment=enrolment,
        status=InstalmentStatus.SCHEDULED,
        due_date__lte=today,
    ).order_by("sequence"):
        instalment_charge(instalment_id=instalment.pk, today=today)
