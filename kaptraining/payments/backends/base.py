"""The one seam between our payment logic and a payment provider."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckoutStart:
    provider_ref: str
    redirect_url: str


class BasePaymentBackend:
    name: str = ""

    def start_checkout(self, *, payment, success_url: str, cancel_url: str) -> CheckoutStart:
        raise NotImplementedError
