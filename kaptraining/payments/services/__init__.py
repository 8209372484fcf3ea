"""Tuition writes: quote, discounts and tiers, the chosen arrangement and its
schedule, checkout, saved cards, off-session instalments and refunds.

Provider calls never run inside a transaction that holds locks: a row is
written first (its id is the idempotency key), the call is made, and the
result is written in a second short transaction. A retry after a crash finds
the same row and so sends the same key."""

from .checkout import (
    account_save_card,
    card_setup_complete,
    card_setup_start,
    payment_fail,
    payment_start,
    payment_succeed,
)
from .common import (
    OPEN_INSTALMENT,
    RETRY_DAYS,
    ChoiceNeeded,
    PaceConsentNeeded,
    PaymentError,
)
from .instalments import instalment_charge, instalment_fail, instalments_due_ids
from .pricing import (
    Line,
    Quote,
    account_for_enrolment,
    arrangement_choose,
    arrangement_options,
    discount_apply,
    next_open_instalment,
    quote_for_cohort,
    quote_for_enrolment,
    register_line_source,
    tier_application_decide,
    tier_application_submit,
)
from .refunds import (
    _set_refunded,
    account_close,
    account_summary,
    refund_create,
    refund_suggestion,
)

__all__ = [
    "OPEN_INSTALMENT",
    "RETRY_DAYS",
    "ChoiceNeeded",
    "PaceConsentNeeded",
    "PaymentError",
    "Quote",
    "_set_refunded",
    "account_close",
    "account_for_enrolment",
    "account_save_card",
    "account_summary",
    "arrangement_choose",
    "arrangement_options",
    "card_setup_complete",
    "card_setup_start",
    "discount_apply",
    "instalment_charge",
    "instalment_fail",
    "instalments_due_ids",
    "next_open_instalment",
    "payment_fail",
    "payment_start",
    "payment_succeed",
    "quote_for_cohort",
    "quote_for_enrolment",
    "register_line_source",
    "Line",
    "refund_create",
    "refund_suggestion",
    "tier_application_decide",
    "tier_application_submit",
]
