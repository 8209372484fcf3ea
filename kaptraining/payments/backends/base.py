"""The one seam between our payment logic and a payment provider.

Each method takes our own rows and derives the provider's idempotency key
from them, so a retried call can never charge or refund twice."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckoutStart:
    provider_ref: str
    redirect_url: str


@dataclass(frozen=True)
class ChargeResult:
    succeeded: bool
    provider_payment_ref: str = ""
    error: str = ""


class TransientPaymentError(Exception):
    """The provider could not be reached; the same call may be retried."""


class BasePaymentBackend:
    name: str = ""

    def ensure_customer(self, *, account) -> str:
        raise NotImplementedError

    def start_checkout(
        self,
        *,
        payment,
        customer_id: str,
        save_card: bool,
        success_url: str,
        cancel_url: str,
    ) -> CheckoutStart:
        raise NotImplementedError

    def start_card_setup(
        self, *, card_setup, customer_id: str, success_url: str, cancel_url: str
    ) -> CheckoutStart:
        raise NotImplementedError

    def payment_method_of_payment(self, *, provider_payment_ref: str) -> str:
        """The card a completed payment used (saved for later instalments)."""
        raise NotImplementedError

    def payment_method_of_setup(self, *, setup_ref: str) -> str:
        raise NotImplementedError

    def charge_off_session(
        self, *, payment, customer_id: str, payment_method_id: str
    ) -> ChargeResult:
        raise NotImplementedError

    def refund(self, *, refund) -> str:
        """Return the provider's refund id; raise on failure."""
        raise NotImplementedError

    def recent_events(self, *, since: datetime.datetime) -> Iterable[dict]:
        return []
