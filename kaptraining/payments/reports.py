"""Staff reports: each is one or two aggregate queries, whatever the data size.
Rows carry integer cents; formatting happens in templates or the CSV writer."""

from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import (
    DiscountRedemption,
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    TierApplication,
    TierApplicationStatus,
    TuitionAccount,
)

SETTLED = [PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED]


def revenue_by_cohort() -> list[dict]:
    """Collected, refunded and net revenue per program and cohort."""
    return list(
        Payment.objects.filter(status__in=SETTLED)
        .values(
            "currency",
            program=F("enrolment__cohort__program__title"),
            cohort=F("enrolment__cohort__name"),
        )
        .annotate(
            collected_cents=Sum("amount_cents"),
            refunded_total_cents=Sum("refunded_cents"),
        )
        .annotate(net_cents=F("collected_cents") - F("refunded_total_cents"))
        .order_by("program", "cohort", "currency")
    )


def outstanding_balances() -> list[dict]:
    """Open accounts whose total is not yet paid."""
    paid = (
        Payment.objects.filter(
            enrolment_id=OuterRef("enrolment_id"), status__in=SETTLED
        )
        .values("enrolment_id")
        .annotate(s=Sum("amount_cents"))
        .values("s")
    )
    return list(
        TuitionAccount.objects.filter(closed_at__isnull=True)
        .exclude(arrangement="")
        .annotate(
            paid_cents=Coalesce(Subquery(paid, output_field=IntegerField()), Value(0))
        )
        .annotate(balance_cents=F("total_cents") - F("paid_cents"))
        .filter(balance_cents__gt=0)
        .values(
            "balance_cents",
            "paid_cents",
            "total_cents",
            "currency",
            "arrangement",
            "needs_attention",
            trainee=F("enrolment__trainee__email"),
            cohort=F("enrolment__cohort__name"),
        )
        .order_by("-needs_attention", "cohort", "trainee")
    )


def failed_instalments() -> list[dict]:
    return list(
        Instalment.objects.filter(
            status__in=[InstalmentStatus.FAILED, InstalmentStatus.OVERDUE]
        )
        .values(
            "sequence",
            "due_date",
            "amount_cents",
            "status",
            "attempts",
            "next_attempt_on",
            "last_error",
            currency=F("account__currency"),
            trainee=F("account__enrolment__trainee__email"),
            cohort=F("account__enrolment__cohort__name"),
        )
        .order_by("due_date", "trainee")
    )


def scholarships() -> list[dict]:
    """Scholarship codes redeemed and sliding-scale tiers granted."""
    codes = (
        DiscountRedemption.objects.filter(
            Q(code__is_scholarship=True) | Q(code__percent_off=100)
        )
        .values(
            "amount_off_cents",
            granted_at=F("created_at"),
            kind=Value("code"),
            name=F("code__code"),
            currency=F("enrolment__tuition__currency"),
            trainee=F("enrolment__trainee__email"),
            cohort=F("enrolment__cohort__name"),
        )
        .order_by("created_at")
    )
    tiers = (
        TierApplication.objects.filter(status=TierApplicationStatus.GRANTED)
        .values(
            kind=Value("tier"),
            name=F("tier__name"),
            amount_off_cents=F("enrolment__tuition__tier_discount_cents"),
            currency=F("enrolment__tuition__currency"),
            trainee=F("enrolment__trainee__email"),
            cohort=F("enrolment__cohort__name"),
            granted_at=F("decided_at"),
        )
        .order_by("decided_at")
    )
    return list(codes) + list(tiers)


REPORTS = {
    "revenue": (
        revenue_by_cohort,
        [
            "program",
            "cohort",
            "currency",
            "collected_cents",
            "refunded_total_cents",
            "net_cents",
        ],
    ),
    "outstanding": (
        outstanding_balances,
        [
            "trainee",
            "cohort",
            "arrangement",
            "currency",
            "total_cents",
            "paid_cents",
            "balance_cents",
            "needs_attention",
        ],
    ),
    "failed": (
        failed_instalments,
        [
            "trainee",
            "cohort",
            "sequence",
            "due_date",
            "currency",
            "amount_cents",
            "status",
            "attempts",
            "next_attempt_on",
            "last_error",
        ],
    ),
    "scholarships": (
        scholarships,
        [
            "kind",
            "name",
            "trainee",
            "cohort",
            "currency",
            "amount_off_cents",
            "granted_at",
        ],
    ),
}
