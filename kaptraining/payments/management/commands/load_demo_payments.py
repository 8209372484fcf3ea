"""Demo tuition options for every live program: a price with a deposit,
3/6/12-month plans, a sliding-scale tier, a scholarship code and a refund
policy. Idempotent: running it twice changes nothing."""

from django.core.management.base import BaseCommand

from cohorts.models import Cohort
from kaptraining.payments.models import (
    DiscountCode,
    PaymentPlan,
    RefundPolicyTier,
    SlidingScaleTier,
    TuitionPrice,
)


class Command(BaseCommand):
    help = "Add demo tuition options (plans, deposit, tier, code, refund policy)."

    def handle(self, *args, **options):
        programs = {
            c.program
            for c in Cohort.objects.select_related("program")
            if c.tuition_cents
        }
        for program in programs:
            cohort = program.cohorts.order_by("start_date").first()
            price, _ = TuitionPrice.objects.get_or_create(
                program=program,
                defaults={
                    "amount_cents": cohort.tuition_cents,
                    "currency": cohort.currency,
                    "deposit_cents": min(50000, cohort.tuition_cents // 4),
                },
            )
            for n in (3, 6, 12):
                PaymentPlan.objects.get_or_create(price=price, instalments=n)
            RefundPolicyTier.objects.get_or_create(
                program=program, days_before_start=30, defaults={"percent": 100}
            )
            RefundPolicyTier.objects.get_or_create(
                program=program, days_before_start=0, defaults={"percent": 50}
            )
        SlidingScaleTier.objects.get_or_create(
            name="Community clinician",
            defaults={
                "percent_off": 25,
                "description": "For clinicians in community or public settings.",
            },
        )
        DiscountCode.objects.get_or_create(
            code="DEMOSCHOLAR",
            defaults={
                "percent_off": 100,
                "is_scholarship": True,
                "max_uses": 5,
                "description": "Demo full scholarship.",
            },
        )
        self.stdout.write(
            f"Demo tuition options ready for {len(programs)} program(s); "
            "scholarship code DEMOSCHOLAR."
        )
