"""Paying on-session (Checkout), settling payments, and saved cards."""

from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Enrolment
from cohorts.services import enrolment_activate
from kaptraining.core.mail import mail_send
from kaptraining.core.urls import absolute_url

from ..backends import get_backend
from ..models import (
    Arrangement,
    CardSetup,
    DiscountCode,
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    SlidingScaleTier,
    TuitionAccount,
)
from .common import (
    OPEN_INSTALMENT,
    ChoiceNeeded,
    PaymentError,
    _enqueue,
    pace_consent_check,
)
from .pricing import (
    _lock_account,
    _schedule,
    account_for_enrolment,
    arrangement_options,
    next_open_instalment,
    quote_for_cohort,
)

# --- Paying on-session (Checkout) --------------------------------------------


def payment_start(
    *,
    enrolment: Enrolment,
    success_url: str,
    cancel_url: str,
    short_window_consent: bool = False,
) -> tuple[Payment, str]:
    """Open (or reuse) the payment for the next open instalment; return
    where to pay. An unpaid place whose pace is implausible today is paid for
    only with the trainee's consent today (PaceConsentNeeded; nothing opened)."""
    backend = get_backend()
    with transaction.atomic():
        account = _lock_account(enrolment)
        if account.closed_at:
            raise PaymentError(_("This enrolment is closed."))
        pace_consent_check(enrolment, consent=short_window_consent)
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
    """Mark paid, settle its instalment, activate the enrolment and e-mail a
    receipt; repeats are harmless."""
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
    # A receipt after every payment (checkout, deposit, instalment), once.
    mail_send(
        "payment_receipt",
        to=payment.enrolment.trainee,
        context={
            "payment": payment,
            "cohort": payment.enrolment.cohort,
            "receipt_url": absolute_url("payments:receipt", payment.pk),
        },
        key=f"payment-receipt:{payment.pk}",
    )
    if payment.provider_payment_ref:
        ref = payment.provider_payment_ref
        transaction.on_commit(lambda: _enqueue("stripe_events_retry_for", ref))
    return payment


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
            transaction.on_commit(partial(_enqueue, "instalment_charge", pk))
    return account
