"""Tuition: prices, plans, discounts, each enrolment's account and schedule,
and every attempt to collect or return money. Money rows are never deleted."""

from .account import (
    Arrangement,
    DiscountRedemption,
    Instalment,
    InstalmentStatus,
    TierApplication,
    TierApplicationStatus,
    TuitionAccount,
)
from .config import (
    CURRENCY_HELP,
    DiscountCode,
    DiscountKind,
    PaymentPlan,
    RefundPolicyTier,
    SlidingScaleTier,
    TuitionPrice,
)
from .transactions import (
    CardSetup,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
    StripeEvent,
)

__all__ = [
    "CURRENCY_HELP",
    "Arrangement",
    "CardSetup",
    "DiscountCode",
    "DiscountKind",
    "DiscountRedemption",
    "Instalment",
    "InstalmentStatus",
    "Payment",
    "PaymentPlan",
    "PaymentStatus",
    "Refund",
    "RefundPolicyTier",
    "RefundStatus",
    "SlidingScaleTier",
    "StripeEvent",
    "TierApplication",
    "TierApplicationStatus",
    "TuitionAccount",
    "TuitionPrice",
]
