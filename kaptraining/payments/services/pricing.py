"""Quotes, the account, discounts, tiers, and the chosen arrangement's schedule."""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Enrolment, EnrolmentStatus
from cohorts.services import enrolment_activate

from .. import money
from ..models import (
    Arrangement,
    DiscountCode,
    DiscountKind,
    DiscountRedemption,
    Instalment,
    InstalmentStatus,
    SlidingScaleTier,
    TierApplication,
    TierApplicationStatus,
    TuitionAccount,
    TuitionPrice,
)
from .common import OPEN_INSTALMENT, PaymentError, _paid_anything, pace_consent_check

# --- Quotes -------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """An extra priced line on one enrolment (e.g. a retreat's lodging)."""

    label: str
    amount_cents: int


@dataclass(frozen=True)
class Quote:
    amount_cents: int
    currency: str
    deposit_cents: int = 0
    balance_due_days_before_start: int = 14
    plans: tuple[int, ...] = field(default_factory=tuple)
    # Extra lines already included in amount_cents (see quotes_for_enrolments).
    lines: tuple[Line, ...] = field(default_factory=tuple)
    tuition_cents: int | None = None


# Apps above payments (retreats' lodging) add priced lines to an enrolment's
# quote without payments importing them: a source takes enrolments and returns
# {enrolment.pk: [Line, ...]} in a fixed number of queries. Filled from each
# app's registrations.py.
LineSource = Callable[[list], Mapping[int, Sequence[Line]]]
_line_sources: dict[str, LineSource] = {}


def register_line_source(name: str) -> Callable[[LineSource], LineSource]:
    """Decorator: add a source of extra priced lines, keyed by name."""

    def decorator(source: LineSource) -> LineSource:
        _line_sources[name] = source
        return source

    return decorator


def quotes_for_cohorts(cohorts) -> dict[int, Quote]:
    """THE pricing rule, for any number of cohorts in two queries: the
    cohort's price if set, else its program's, else the cohort's own tuition
    field. Checkout, accounts, the cohort pages (through cohorts.pricing),
    reports and e-mails all price through here."""
    cohorts = list(cohorts)
    if not cohorts:
        return {}
    by_cohort: dict[int, TuitionPrice] = {}
    by_program: dict[int, TuitionPrice] = {}
    for price in TuitionPrice.objects.filter(
        Q(cohort_id__in=[c.pk for c in cohorts])
        | Q(program_id__in={c.program_id for c in cohorts})
    ).prefetch_related("plans"):
        if price.cohort_id is not None:
            by_cohort[price.cohort_id] = price
        elif price.program_id is not None:
            by_program[price.program_id] = price
    quotes = {}
    for cohort in cohorts:
        chosen = by_cohort.get(cohort.pk) or by_program.get(cohort.program_id)
        quotes[cohort.pk] = (
            Quote(amount_cents=cohort.tuition_cents, currency=cohort.currency)
            if chosen is None
            else Quote(
                amount_cents=chosen.amount_cents,
                currency=chosen.currency,
                deposit_cents=chosen.deposit_cents,
                balance_due_days_before_start=chosen.balance_due_days_before_start,
                plans=tuple(p.instalments for p in chosen.plans.all() if p.active),
            )
        )
    return quotes


def quote_for_cohort(cohort) -> Quote:
    """The price of a place in one cohort (see quotes_for_cohorts)."""
    return quotes_for_cohorts([cohort])[cohort.pk]


def quotes_for_enrolments(enrolments) -> dict[int, Quote]:
    """THE price of enrolments: their cohort's quote (quotes_for_cohorts) plus
    every registered line source's lines (tuition + lodging for a retreat),
    summed here and nowhere else. {enrolment.pk: Quote}."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    cohorts = {e.cohort_id: e.cohort for e in enrolments}
    cohort_quotes = quotes_for_cohorts(cohorts.values())
    extra: dict[int, list[Line]] = {}
    for source in _line_sources.values():
        for enrolment_id, lines in source(enrolments).items():
            extra.setdefault(enrolment_id, []).extend(lines)
    quotes = {}
    for enrolment in enrolments:
        base = cohort_quotes[enrolment.cohort_id]
        lines = tuple(extra.get(enrolment.pk, ()))
        quotes[enrolment.pk] = Quote(
            amount_cents=base.amount_cents + sum(line.amount_cents for line in lines),
            currency=base.currency,
            deposit_cents=base.deposit_cents,
            balance_due_days_before_start=base.balance_due_days_before_start,
            plans=base.plans,
            lines=lines,
            tuition_cents=base.amount_cents,
        )
    return quotes


def quote_for_enrolment(enrolment) -> Quote:
    """The price of one enrolment (see quotes_for_enrolments)."""
    return quotes_for_enrolments([enrolment])[enrolment.pk]


# --- The account --------------------------------------------------------------


@transaction.atomic
def account_for_enrolment(*, enrolment: Enrolment) -> TuitionAccount:
    """One account per enrolment, priced when first opened."""
    account = (
        TuitionAccount.objects.select_for_update().filter(enrolment=enrolment).first()
    )
    if account is not None:
        return account
    quote = quote_for_enrolment(enrolment)
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
        # The code's check constraint gives each kind its one amount.
        off = (
            money.percent_of(after_tier, code.percent_off or 0)
            if code.kind == DiscountKind.PERCENT
            else min(after_tier, code.amount_off_cents or 0)
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
    """What this account may choose: full, deposit (if configured), each plan.
    The calendar decides too: a deposit "before the cohort starts" only while
    it has not started, and only plans whose last instalment falls due on or
    before the cohort's last day."""
    if account.total_cents == 0:
        return [(Arrangement.SCHOLARSHIP, None)]
    cohort = account.enrolment.cohort
    today = cohort.local_today()
    options: list[tuple[str, int | None]] = [(Arrangement.FULL, None)]
    if 0 < quote.deposit_cents < account.total_cents and not cohort.has_started(today):
        options.append((Arrangement.DEPOSIT, None))
    options.extend(
        (Arrangement.PLAN, n)
        for n in quote.plans
        if n <= account.total_cents
        and money.monthly_dates(today, n)[-1] <= cohort.end_date
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
    *,
    enrolment: Enrolment,
    arrangement: str,
    instalments: int | None = None,
    short_window_consent: bool = False,
) -> TuitionAccount:
    """Fix how the tuition is paid: one line, deposit + balance, or n
    monthly lines that sum exactly to the total. Like checkout, it needs
    consent today to an implausible pace before scheduling any money."""
    account = _lock_account(enrolment)
    if enrolment.status == EnrolmentStatus.WITHDRAWN or account.closed_at:
        raise PaymentError(_("This enrolment is closed."))
    pace_consent_check(enrolment, consent=short_window_consent)
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
