"""Off-session instalments: charge when due, retry on a schedule, flag for staff."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import EnrolmentStatus
from kaptraining.core.mail import mail_send
from kaptraining.core.urls import absolute_url
from kaptraining.notifications.services import notification_create

from ..backends import get_backend
from ..models import (
    Instalment,
    InstalmentStatus,
    Payment,
    PaymentStatus,
    TuitionAccount,
)
from .checkout import payment_fail, payment_succeed
from .common import RETRY_DAYS

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
            # a withdrawal (by staff or the cohorts app) stops the schedule
            account__enrolment__status__in=[
                EnrolmentStatus.ACTIVE,
                EnrolmentStatus.COMPLETED,
            ],
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
        if (
            not due
            or account.closed_at
            or account.enrolment.status == EnrolmentStatus.WITHDRAWN
        ):
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
        "card_url": absolute_url("payments:card", account.enrolment_id),
    }
    mail_send(
        "instalment_failed",
        to=trainee,
        context=context,
        key=f"instalment-failed:{instalment.pk}:{instalment.attempts}",
    )
    notification_create(
        user=trainee,
        kind="instalment_failed",
        event_key=f"instalment-failed:{instalment.pk}:{instalment.attempts}",
        title=gettext_lazy(
            "A tuition instalment could not be charged: please check your card."
        ),
        url=reverse("payments:card", args=[account.enrolment_id]),
        mailed_by_caller=True,
    )
    if final:
        mail_send(
            "staff_instalment_overdue",
            to=settings.STAFF_NOTIFICATION_EMAIL,
            context=context,
            key=f"instalment-overdue:{instalment.pk}",
        )
    return payment
