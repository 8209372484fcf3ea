"""Shared pieces of the payment services: limits, errors and task hooks."""

import logging

from ..models import (
    InstalmentStatus,
    Payment,
    PaymentStatus,
    TuitionAccount,
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


class ChoiceNeeded(Exception):
    """The trainee must choose an arrangement (or apply a code) first."""


def _paid_anything(account: TuitionAccount) -> bool:
    return Payment.objects.filter(
        enrolment_id=account.enrolment_id,
        status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED],
    ).exists()


def _enqueue(task_name: str, arg) -> None:
    from .. import tasks

    getattr(tasks, task_name).delay(arg)
