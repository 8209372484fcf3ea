"""Refunds staff confirm, closing an account, and read helpers for pages."""

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.admissions import enrolment_withdraw
from kaptraining.core.mail import mail_send

from .. import money
from ..backends import get_backend
from ..backends.base import TransientPaymentError
from ..models import (
    InstalmentStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
    TuitionAccount,
)
from .common import OPEN_INSTALMENT, PaymentError

# --- Refunds -------------------------------------------------------------------


def refund_suggestion(
    *, payment: Payment, today: datetime.date | None = None
) -> tuple[int, int]:
    """(percent, cents) the program's policy suggests for this payment today."""
    today = today or timezone.localdate()
    cohort = payment.enrolment.cohort
    tiers = list(
        cohort.program.refund_tiers.values_list("days_before_start", "percent")
    )
    percent = money.refund_percent(
        days_until_start=(cohort.start_date - today).days, tiers=tiers
    )
    return percent, money.percent_of(payment.net_cents, percent)


def refund_create(
    *, payment_id: int, amount_cents: int, reason: str, withdraw: bool, staff
) -> Refund:
    """Return money staff confirmed. The refund row is the idempotency key; a
    withdrawal closes the schedule so no later instalment is charged."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .select_related("enrolment__cohort__program")
            .get(pk=payment_id)
        )
        if payment.status not in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
            raise PaymentError(_("Only a completed payment can be refunded."))
        if not (reason or "").strip():
            raise PaymentError(_("Please give a reason for the refund."))
        in_flight = (
            payment.refunds.filter(status=RefundStatus.PENDING).aggregate(
                s=Sum("amount_cents")
            )["s"]
            or 0
        )
        refundable = payment.net_cents - in_flight
        if amount_cents < 1 or amount_cents > refundable:
            raise PaymentError(
                _("The amount must be between 0.01 and the %(max)s still refundable.")
                % {"max": f"{refundable / 100:.2f}"}
            )
        _percent, suggested = refund_suggestion(payment=payment)
        refund = Refund.objects.create(
            payment=payment,
            amount_cents=amount_cents,
            suggested_cents=suggested,
            reason=reason.strip(),
            withdraw=withdraw,
            created_by=staff,
        )
    try:
        provider_ref = get_backend(payment.backend).refund(refund=refund)
    except TransientPaymentError:
        raise PaymentError(
            _("The payment provider could not be reached. Please try again.")
        ) from None
    except Exception as exc:  # noqa: BLE001 - any provider refusal is recorded and shown
        Refund.objects.filter(pk=refund.pk).update(
            status=RefundStatus.FAILED, failure_message=str(exc)[:300]
        )
        raise PaymentError(
            _("The payment provider refused the refund: %(error)s") % {"error": exc}
        ) from exc
    with transaction.atomic():
        Refund.objects.filter(pk=refund.pk).update(
            status=RefundStatus.SUCCEEDED, provider_ref=provider_ref
        )
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        refunded = (
            payment.refunds.filter(status=RefundStatus.SUCCEEDED).aggregate(
                s=Sum("amount_cents")
            )["s"]
            or 0
        )
        _set_refunded(payment, refunded)
        if withdraw:
            account_close(enrolment_id=payment.enrolment_id, reason=reason, staff=staff)
        refund.refresh_from_db()
        mail_send(
            "refund_issued",
            to=payment.enrolment.trainee,
            context={"refund": refund},
            key=f"refund-issued:{refund.pk}",
        )
    return refund


def _set_refunded(payment: Payment, refunded_cents: int) -> None:
    """Refunded amounts only grow (events and our own calls may both report one)."""
    refunded = min(payment.amount_cents, max(payment.refunded_cents, refunded_cents))
    status = (
        PaymentStatus.REFUNDED if refunded >= payment.amount_cents else payment.status
    )
    if refunded != payment.refunded_cents or status != payment.status:
        payment.refunded_cents = refunded
        payment.status = status
        payment.save(update_fields=["refunded_cents", "status"])


@transaction.atomic
def account_close(*, enrolment_id: int, reason: str, staff=None) -> TuitionAccount:
    """End the schedule (open instalments cancelled) and withdraw the enrolment."""
    account = TuitionAccount.objects.select_for_update().get(enrolment_id=enrolment_id)
    if account.closed_at is None:
        account.closed_at = timezone.now()
        account.save(update_fields=["closed_at"])
        account.instalments.filter(status__in=OPEN_INSTALMENT).update(
            status=InstalmentStatus.CANCELLED
        )
    enrolment_withdraw(enrolment_id=enrolment_id)
    return account


# --- Read helpers for pages -----------------------------------------------------


def account_summary(account: TuitionAccount) -> dict:
    """Paid, refunded and outstanding amounts, from the payment rows."""
    rows = Payment.objects.filter(
        enrolment_id=account.enrolment_id,
        status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED],
    ).aggregate(paid=Sum("amount_cents"), refunded=Sum("refunded_cents"))
    paid = rows["paid"] or 0
    refunded = rows["refunded"] or 0
    balance = 0 if account.closed_at else max(0, account.total_cents - paid)
    return {"paid_cents": paid, "refunded_cents": refunded, "balance_cents": balance}
