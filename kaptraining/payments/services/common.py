"""Shared pieces of the payment services: limits, errors and task hooks."""

import logging

from cohorts.services import PaceConsentNeeded as CohortsPaceConsentNeeded
from cohorts.services import enrolment_pace_consent

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


class PaceConsentNeeded(PaymentError):
    """The place's pace is implausible today and the trainee has not
    consented to it today; `pace` is the warning to show (nothing charged)."""

    def __init__(self, message: str, *, pace):
        self.pace = pace
        super().__init__(message)


def pace_consent_check(enrolment, *, consent: bool) -> None:
    """Before any money is scheduled or taken for an unpaid place: the same
    rule and record as the enrol form (cohorts.services.enrolment_pace_consent,
    credits.windows.implausible_pace), re-checked at the time of payment."""
    try:
        enrolment_pace_consent(enrolment=enrolment, consent=consent)
    except CohortsPaceConsentNeeded as exc:
        raise PaceConsentNeeded(str(exc), pace=exc.pace) from exc


def _paid_anything(account: TuitionAccount) -> bool:
    return Payment.objects.filter(
        enrolment_id=account.enrolment_id,
        status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED],
    ).exists()


def _enqueue(task_name: str, arg) -> None:
    from .. import tasks

    getattr(tasks, task_name).delay(arg)
