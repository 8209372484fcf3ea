"""Tuition writes: quote, discounts and tiers, the chosen arrangement and its
schedule, checkout, saved cards, off-session instalments and refunds.

Provider calls never run inside a transaction that holds locks: a row is
written first (its id is the idempotency key), the call is made, and the
result is written in a second short transaction. A retry after a crash finds
the same row and so sends the same key."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.admissions import enrolment_withdraw
from cohorts.models import Enrolment, EnrolmentStatus
from cohorts.services import enrolment_activate

from . import money
from .backends import get_backend
from .backends.base import TransientPaymentError
from .models import (
    Arrangement,
    CardSetup,
    DiscountCode,
    DiscountKind,
    DiscountRedemption,
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
    SlidingScaleTier,
    TierApplication,
    TierApplicationStatus,
    TuitionAccount,
    TuitionPrice,
)

logger = logging.getLogger(__name__)

# Days after each failed attempt before the next; after the last, staff are told.
RETRY_DAYS = (3, 5, 7)
OPEN_INSTALMENT = (
    InstalmentStatus.SCHEDULED,
    InstalmentStatus.FAILED,
    InstalmentStatus.OVERDUE,
)


class PaymentError(Exception):
    """A user-facing reason a payment step cannot be taken."""


# --- Quotes -------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    amount_cents: int
    currency: str
    deposit_cents: int = 0
    balance_due_days_before_start: int = 14
    plans: tuple[int, ...] = field(default_factory=tuple)


def quote_for_cohort(cohort) -> Quote:
    """The cohort's price if set, else its program's, else the cohort's tuition."""
    prices = {
        ("cohort" if p.cohort_id else "program"): p
        for p in TuitionPrice.objects.filter(
            Q(cohort=cohort) | Q(program_id=cohort.program_id)
        ).prefetch_related("plans")
    }
    price = prices.get("cohort") or prices.get("program")
    if price is None:
        return Quote(amount_cents=cohort.tuition_cents, currency=cohort.currency)
    return Quote(
        amount_cents=price.amount_cents,
        currency=price.currency,
        deposit_cents=price.deposit_cents,
        balance_due_days_before_start=price.balance_due_days_before_start,
        plans=tuple(p.instalments for p in price.plans.all() if p.active),
    )


# --- The account --------------------------------------------------------------


def _paid_anything(account: TuitionAccount) -> bool:
    return Payment.objects.filter(
        enrolment_id=account.enrolment_id,
        status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED],
    ).exists()


@transaction.atomic
def account_for_enrolment(*, enrolment: Enrolment) -> TuitionAccount:
    """One account per enrolment, priced when first opened."""
    account = (
        TuitionAccount.objects.select_for_update().filter(enrolment=enrolment).first()
    )
    if account is not None:
        return account
    quote = quote_for_cohort(enrolment.cohort)
    account, _created = TuitionAccount.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "currency": quote.currency,
            "list_price_cents": quote.amount_cents,
            "total_cents": quote.amount_cents,
        },
    )
    return account


def _lock_account(enrolment: Enrolment) -> TuitionAccount:
    account_for_enrolment(enrolment=enrolment)
    return (
        TuitionAccount.objects.select_for_update()
        .select_related("enrolment__cohort")
        .get(enrolment=enrolment)
    )


def _recompute_total(account: TuitionAccount) -> None:
    """Tier first, then the code on what is left; the total never goes below 0."""
    base = account.list_price_cents
    account.tier_discount_cents = (
        money.percent_of(base, account.tier.percent_off) if account.tier else 0
    )
    after_tier = base - account.tier_discount_cents
    redemption = (
        DiscountRedemption.objects.select_related("code")
        .filter(enrolment_id=account.enrolment_id)
        .first()
    )
    off = 0
    if redemption is not None:
        code = redemption.code
        off = (
            money.percent_of(after_tier, code.percent_off)
            if code.kind == DiscountKind.PERCENT
            else min(after_tier, code.amount_off_cents)
        )
        if off != redemption.amount_off_cents:
            DiscountRedemption.objects.filter(pk=redemption.pk).update(
                amount_off_cents=off
            )
    account.code_discount_cents = off
    account.total_cents = after_tier - off


def _after_price_change(account: TuitionAccount) -> None:
    _recompute_total(account)
    account.save(
        update_fields=[
            "tier",
            "tier_discount_cents",
            "code_discount_cents",
            "total_cents",
        ]
    )
    if account.total_cents == 0:
        _schedule(account, Arrangement.SCHOLARSHIP, None)
        enrolment_activate(enrolment=account.enrolment)
    elif account.arrangement:
        _schedule(account, account.arrangement, _plan_length(account))


def _plan_length(account: TuitionAccount) -> int | None:
    if account.arrangement != Arrangement.PLAN:
        return None
    return (
        account.instalments.exclude(status=InstalmentStatus.CANCELLED).count() or None
    )


@transaction.atomic
def discount_apply(*, enrolment: Enrolment, code: str) -> DiscountRedemption:
    """Apply one code to an unpaid enrolment, within the code's limits.
    The code row is locked so that two trainees cannot both take its last use."""
    account = _lock_account(enrolment)
    text = (code or "").strip().upper()
    if not text:
        raise PaymentError(_("Please enter a code."))
    if _paid_anything(account):
        raise PaymentError(_("Codes can only be applied before the first payment."))
    if DiscountRedemption.objects.filter(enrolment=enrolment).exists():
        raise PaymentError(_("A code is already applied to this enrolment."))
    discount = DiscountCode.objects.select_for_update().filter(code=text).first()
    now = timezone.now()
    program_id = enrolment.cohort.program_id
    if discount is None or not discount.active:
        raise PaymentError(
            _("We do not recognise that code. Please check it and try again.")
        )
    if discount.expires_at and discount.expires_at <= now:
        raise PaymentError(_("That code has expired."))
    if discount.program_id and discount.program_id != program_id:
        raise PaymentError(_("That code is not valid for this program."))
    if discount.kind == DiscountKind.FIXED and discount.currency != account.currency:
        raise PaymentError(_("That code is in a different currency from this tuition."))
    if (
        discount.max_uses is not None
        and discount.redemptions.count() >= discount.max_uses
    ):
        raise PaymentError(_("That code has been used the maximum number of times."))
    redemption = DiscountRedemption.objects.create(
        code=discount, enrolment=enrolment, amount_off_cents=0
    )
    _after_price_change(account)
    redemption.refresh_from_db()
    return redemption


@transaction.atomic
def tier_application_submit(
    *, enrolment: Enrolment, tier_id: int, statement: str
) -> TierApplication:
    """A trainee asks for a sliding-scale tier before paying; staff decide."""
    account = _lock_account(enrolment)
    tier = SlidingScaleTier.objects.filter(
        Q(program__isnull=True) | Q(program_id=enrolment.cohort.program_id),
        pk=tier_id,
        active=True,
    ).first()
    if tier is None:
        raise PaymentError(
            _("Please choose one of the tiers offered for this program.")
        )
    if not (statement or "").strip():
        raise PaymentError(_("Please tell us briefly about your circumstances."))
    if _paid_anything(account):
        raise PaymentError(_("Tiers can only be requested before the first payment."))
    if TierApplication.objects.filter(
        enrolment=enrolment, status=TierApplicationStatus.PENDING
    ).exists():
        raise PaymentError(_("You already have a request waiting for review."))
    return TierApplication.objects.create(
        enrolment=enrolment, tier=tier, statement=statement.strip()
    )


@transaction.atomic
def tier_application_decide(
    *, application_id: int, grant: bool, staff, note: str = ""
) -> TierApplication:
    """Grant (the account is re-priced) or decline; a decided request is final."""
    application = (
        TierApplication.objects.select_for_update()
        .select_related("enrolment")
        .get(pk=application_id)
    )
    if application.status != TierApplicationStatus.PENDING:
        raise PaymentError(_("This request has already been decided."))
    account = _lock_account(application.enrolment)
    if grant and _paid_anything(account):
        raise PaymentError(
            _(
                "The trainee has already paid; refund the difference "
                "instead of granting a tier."
            )
        )
    application.status = (
        TierApplicationStatus.GRANTED if grant else TierApplicationStatus.DECLINED
    )
    application.decided_by = staff
    application.decided_at = timezone.now()
    application.staff_note = note
    application.save(update_fields=["status", "decided_by", "decided_at", "staff_note"])
    if grant:
        account.tier = application.tier
        _after_price_change(account)
    return application


# --- Arrangement and schedule ------------------------------------------------


def arrangement_options(
    account: TuitionAccount, quote: Quote
) -> list[tuple[str, int | None]]:
    """What this account may choose: full, deposit (if configured), each plan."""
    if account.total_cents == 0:
        return [(Arrangement.SCHOLARSHIP, None)]
    options: list[tuple[str, int | None]] = [(Arrangement.FULL, None)]
    if 0 < quote.deposit_cents < account.total_cents:
        options.append((Arrangement.DEPOSIT, None))
    options.extend(
        (Arrangement.PLAN, n) for n in quote.plans if n <= account.total_cents
    )
    return options


def _schedule(
    account: TuitionAccount, arrangement: str, instalments: int | None, today=None
) -> None:
    """Replace the open schedule (old lines are cancelled, never deleted)."""
    today = today or timezone.localdate()
    paid = account.instalments.filter(status=InstalmentStatus.PAID).exists()
    if paid:
        raise PaymentError(
            _(
                "You have already started paying; please contact us "
                "to change your arrangement."
            )
        )
    account.instalments.filter(status__in=OPEN_INSTALMENT).update(
        status=InstalmentStatus.CANCELLED
    )
    total = account.total_cents
    cohort = account.enrolment.cohort
    if arrangement == Arrangement.SCHOLARSHIP:
        lines = []
    elif arrangement == Arrangement.FULL:
        lines = [(today, total)]
    elif arrangement == Arrangement.DEPOSIT:
        quote = quote_for_cohort(cohort)
        balance_due = max(
            today,
            cohort.start_date
            - datetime.timedelta(days=quote.balance_due_days_before_start),
        )
        lines = [
            (today, quote.deposit_cents),
            (balance_due, total - quote.deposit_cents),
        ]
    else:
        amounts = money.split_evenly(total, instalments or 1)
        lines = list(
            zip(money.monthly_dates(today, len(amounts)), amounts, strict=True)
        )
    Instalment.objects.bulk_create(
        Instalment(account=account, sequence=i, due_date=due, amount_cents=amount)
        for i, (due, amount) in enumerate(lines, start=1)
    )
    account.arrangement = arrangement
    account.save(update_fields=["arrangement"])


@transaction.atomic
def arrangement_choose(
    *, enrolment: Enrolment, arrangement: str, instalments: int | None = None
) -> TuitionAccount:
    """Fix how the tuition is paid: one line, deposit + balance, or n
    monthly lines that sum exactly to the total."""
    account = _lock_account(enrolment)
    if enrolment.status == EnrolmentStatus.WITHDRAWN or account.closed_at:
        raise PaymentError(_("This enrolment is closed."))
    allowed = arrangement_options(account, quote_for_cohort(enrolment.cohort))
    if (arrangement, instalments) not in allowed:
        raise PaymentError(_("Please choose one of the payment options offered."))
    _schedule(account, arrangement, instalments)
    if arrangement == Arrangement.SCHOLARSHIP:
        enrolment_activate(enrolment=enrolment)
    return account


def next_open_instalment(account: TuitionAccount) -> Instalment | None:
    return (
        account.instalments.filter(status__in=OPEN_INSTALMENT)
        .order_by("sequence")
        .first()
    )


# --- Paying on-session (Checkout) --------------------------------------------


class ChoiceNeeded(Exception):
    """The trainee must choose an arrangement (or apply a code) first."""


def payment_start(
    *, enrolment: Enrolment, success_url: str, cancel_url: str
) -> tuple[Payment, str]:
    """Open (or reuse) the payment for the next open instalment; return
    where to pay."""
    backend = get_backend()
    with transaction.atomic():
        account = _lock_account(enrolment)
        if account.closed_at:
            raise PaymentError(_("This enrolment is closed."))
        if not account.arrangement:
            quote = quote_for_cohort(enrolment.cohort)
            if arrangement_options(account, quote) != [
                (Arrangement.FULL, None)
            ] or _offers_reductions(enrolment):
                raise ChoiceNeeded
            _schedule(account, Arrangement.FULL, None)
        instalment = next_open_instalment(account)
        if instalment is None:
            raise PaymentError(_("Nothing is due on this enrolment."))
        payment = (
            Payment.objects.select_for_update()
            .filter(
                instalment=instalment,
                backend=backend.name,
                off_session=False,
                status__in=[PaymentStatus.CREATED, PaymentStatus.PENDING],
            )
            .first()
        )
        if payment is None:
            payment = Payment.objects.create(
                enrolment=enrolment,
                instalment=instalment,
                amount_cents=instalment.amount_cents,
                currency=account.currency,
                backend=backend.name,
            )
        save_card = account.instalments.filter(
            status__in=OPEN_INSTALMENT, sequence__gt=instalment.sequence
        ).exists()
    customer_id = backend.ensure_customer(account=account)
    if customer_id != account.stripe_customer_id:
        TuitionAccount.objects.filter(pk=account.pk).update(
            stripe_customer_id=customer_id
        )
    start = backend.start_checkout(
        payment=payment,
        customer_id=customer_id,
        save_card=save_card,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.CREATED).update(
        status=PaymentStatus.PENDING
    )
    Payment.objects.filter(pk=payment.pk).update(provider_ref=start.provider_ref)
    payment.refresh_from_db()
    return payment, start.redirect_url


def _offers_reductions(enrolment: Enrolment) -> bool:
    program_id = enrolment.cohort.program_id
    scope = Q(program__isnull=True) | Q(program_id=program_id)
    return (
        DiscountCode.objects.filter(scope, active=True).exists()
        or SlidingScaleTier.objects.filter(scope, active=True).exists()
    )


@transaction.atomic
def payment_succeed(*, payment_id: int, provider_payment_ref: str = "") -> Payment:
    """Mark paid, settle its instalment, activate the enrolment; repeats are
    harmless."""
    payment = (
        Payment.objects.select_for_update()
        .select_related("enrolment")
        .get(pk=payment_id)
    )
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
        return payment
    payment.status = PaymentStatus.SUCCEEDED
    payment.paid_at = timezone.now()
    payment.failure_message = ""
    if provider_payment_ref:
        payment.provider_payment_ref = provider_payment_ref
    payment.save(
        update_fields=["status", "paid_at", "provider_payment_ref", "failure_message"]
    )
    if payment.instalment_id:
        instalment = Instalment.objects.select_for_update().get(
            pk=payment.instalment_id
        )
        if instalment.status != InstalmentStatus.PAID:
            instalment.status = InstalmentStatus.PAID
            instalment.paid_at = payment.paid_at
            instalment.next_attempt_on = None
            instalment.save(update_fields=["status", "paid_at", "next_attempt_on"])
        account = TuitionAccount.objects.select_for_update().get(
            pk=instalment.account_id
        )
        if (
            account.needs_attention
            and not account.instalments.filter(status=InstalmentStatus.OVERDUE).exists()
        ):
            if account.attention_reason.startswith("instalment:"):
                account.needs_attention = False
                account.attention_reason = ""
                account.save(update_fields=["needs_attention", "attention_reason"])
        if not account.payment_method_id and not payment.off_session:
            if account.instalments.filter(status__in=OPEN_INSTALMENT).exists():
                transaction.on_commit(lambda: _enqueue("account_save_card", payment.pk))
    enrolment_activate(enrolment=payment.enrolment)
    if payment.provider_payment_ref:
        ref = payment.provider_payment_ref
        transaction.on_commit(lambda: _enqueue("stripe_events_retry_for", ref))
    return payment


def _enqueue(task_name: str, arg) -> None:
    from . import tasks

    getattr(tasks, task_name).delay(arg)


@transaction.atomic
def payment_fail(*, payment_id: int, message: str = "") -> Payment:
    """A failed attempt never undoes a success that arrived first."""
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.status in (PaymentStatus.CREATED, PaymentStatus.PENDING):
        payment.status = PaymentStatus.FAILED
        payment.failure_message = (message or "")[:300]
        payment.save(update_fields=["status", "failure_message"])
    return payment


def account_save_card(*, payment_id: int) -> str:
    """Remember the card a checkout used, for the later instalments."""
    payment = Payment.objects.get(pk=payment_id)
    account = TuitionAccount.objects.get(enrolment_id=payment.enrolment_id)
    if account.payment_method_id or not payment.provider_payment_ref:
        return account.payment_method_id
    method = get_backend(payment.backend).payment_method_of_payment(
        provider_payment_ref=payment.provider_payment_ref
    )
    if method:
        TuitionAccount.objects.filter(pk=account.pk, payment_method_id="").update(
            payment_method_id=method
        )
    return method


# --- Saved card -----------------------------------------------------------------


def card_setup_start(
    *, enrolment: Enrolment, success_url: str, cancel_url: str
) -> tuple[CardSetup, str]:
    """Send the trainee to save a new card for the remaining instalments."""
    backend = get_backend()
    account = account_for_enrolment(enrolment=enrolment)
    if (
        not account.instalments.filter(status__in=OPEN_INSTALMENT).exists()
        or not account.arrangement
    ):
        raise PaymentError(_("There are no instalments left to pay with a saved card."))
    setup = CardSetup.objects.create(account=account, backend=backend.name)
    customer_id = backend.ensure_customer(account=account)
    if customer_id != account.stripe_customer_id:
        TuitionAccount.objects.filter(pk=account.pk).update(
            stripe_customer_id=customer_id
        )
    start = backend.start_card_setup(
        card_setup=setup,
        customer_id=customer_id,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    CardSetup.objects.filter(pk=setup.pk).update(provider_ref=start.provider_ref)
    setup.refresh_from_db()
    return setup, start.redirect_url


@transaction.atomic
def card_setup_complete(
    *, card_setup_id: int, payment_method_id: str
) -> TuitionAccount:
    """Save the new card and retry failed instalments with it at once."""
    setup = CardSetup.objects.select_for_update().get(pk=card_setup_id)
    account = TuitionAccount.objects.select_for_update().get(pk=setup.account_id)
    if setup.completed_at is None:
        setup.completed_at = timezone.now()
        setup.save(update_fields=["completed_at"])
    if payment_method_id and account.payment_method_id != payment_method_id:
        account.payment_method_id = payment_method_id
        account.save(update_fields=["payment_method_id"])
        today = timezone.localdate()
        retry = list(
            account.instalments.filter(
                status__in=[InstalmentStatus.FAILED, InstalmentStatus.OVERDUE]
            ).values_list("pk", flat=True)
        )
        Instalment.objects.filter(pk__in=retry).update(
            status=InstalmentStatus.FAILED, next_attempt_on=today
        )
        for pk in retry:
            transaction.on_commit(lambda pk=pk: _enqueue("instalment_charge", pk))
    return account


# --- Off-session instalments --------------------------------------------------


def instalments_due_ids(
    *, today: datetime.date, after_id: int = 0, limit: int = 200
) -> list[int]:
    """Open instalments to charge today, on accounts that have started paying."""
    return list(
        Instalment.objects.filter(
            Q(status=InstalmentStatus.SCHEDULED, due_date__lte=today)
            | Q(status=InstalmentStatus.FAILED, next_attempt_on__lte=today),
            pk__gt=after_id,
            account__closed_at__isnull=True,
            account__instalments__status=InstalmentStatus.PAID,
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def instalment_charge(
    *, instalment_id: int, today: datetime.date | None = None
) -> Payment | None:
    """Charge one due instalment to the saved card. Safe to repeat: an attempt
    in flight is reused with the same idempotency key; a paid one is skipped."""
    today = today or timezone.localdate()
    backend = get_backend()
    with transaction.atomic():
        instalment = (
            Instalment.objects.select_for_update()
            .select_related("account__enrolment")
            .get(pk=instalment_id)
        )
        account = instalment.account
        due = (
            instalment.status == InstalmentStatus.SCHEDULED
            and instalment.due_date <= today
        ) or (
            instalment.status == InstalmentStatus.FAILED
            and instalment.next_attempt_on is not None
            and instalment.next_attempt_on <= today
        )
        if not due or account.closed_at:
            return None
        payment = (
            instalment.payments.select_for_update()
            .filter(
                off_session=True,
                status__in=[PaymentStatus.CREATED, PaymentStatus.PENDING],
            )
            .first()
        )
        if payment is None:
            payment = Payment.objects.create(
                enrolment=account.enrolment,
                instalment=instalment,
                amount_cents=instalment.amount_cents,
                currency=account.currency,
                backend=backend.name,
                off_session=True,
            )
        elif payment.status == PaymentStatus.PENDING and payment.provider_payment_ref:
            return payment  # processing at the provider; its webhook settles it
    if not account.payment_method_id:
        return instalment_fail(
            payment_id=payment.pk,
            message=_("No card is saved for this plan."),
            today=today,
        )
    # A TransientPaymentError propagates: the task retries, and the same row
    # gives the same idempotency key.
    result = backend.charge_off_session(
        payment=payment,
        customer_id=account.stripe_customer_id,
        payment_method_id=account.payment_method_id,
    )
    if result.succeeded:
        return payment_succeed(
            payment_id=payment.pk, provider_payment_ref=result.provider_payment_ref
        )
    if result.error == "processing":
        Payment.objects.filter(pk=payment.pk).update(
            status=PaymentStatus.PENDING,
            provider_payment_ref=result.provider_payment_ref,
        )
        return payment
    return instalment_fail(payment_id=payment.pk, message=result.error, today=today)


@transaction.atomic
def instalment_fail(
    *, payment_id: int, message: str, today: datetime.date | None = None
) -> Payment:
    """Record a failed charge: retry later, tell the trainee; after the last
    retry flag the account for staff. Access to the curriculum is never removed."""
    today = today or timezone.localdate()
    payment = payment_fail(payment_id=payment_id, message=message)
    if payment.status != PaymentStatus.FAILED or payment.instalment_id is None:
        return payment
    instalment = (
        Instalment.objects.select_for_update()
        .select_related("account__enrolment__trainee")
        .get(pk=payment.instalment_id)
    )
    if not instalment.is_open:
        return payment
    counted = instalment.payments.filter(
        off_session=True, status=PaymentStatus.FAILED
    ).count()
    if counted <= instalment.attempts:
        return payment  # this failure was already counted
    instalment.attempts = counted
    instalment.last_error = (message or "")[:300]
    account = TuitionAccount.objects.select_for_update().get(pk=instalment.account_id)
    final = instalment.attempts > len(RETRY_DAYS)
    if final:
        instalment.status = InstalmentStatus.OVERDUE
        instalment.next_attempt_on = None
        account.needs_attention = True
        account.attention_reason = (
            f"instalment: #{instalment.sequence} failed {instalment.attempts} times"
        )
        account.flagged_at = timezone.now()
        account.save(
            update_fields=["needs_attention", "attention_reason", "flagged_at"]
        )
    else:
        instalment.status = InstalmentStatus.FAILED
        instalment.next_attempt_on = today + datetime.timedelta(
            days=RETRY_DAYS[instalment.attempts - 1]
        )
    instalment.save(
        update_fields=["attempts", "last_error", "status", "next_attempt_on"]
    )
    trainee = account.enrolment.trainee
    context = {
        "trainee": trainee,
        "instalment": instalment,
        "account": account,
        "final": final,
        "card_url": settings.SITE_URL
        + reverse("payments:card", args=[account.enrolment_id]),
    }
    transaction.on_commit(
        lambda: _mail([trainee.email], "payments/emails/instalment_failed", context)
    )
    if final:
        transaction.on_commit(
            lambda: _mail(
                [settings.STAFF_NOTIFICATION_EMAIL],
                "payments/emails/staff_instalment_overdue",
                context,
            )
        )
    return payment


def _mail(to: list[str], template: str, context: dict) -> None:
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


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
    trainee = payment.enrolment.trainee
    transaction.on_commit(
        lambda: _mail(
            [trainee.email], "payments/emails/refund_issued", {"refund": refund}
        )
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
