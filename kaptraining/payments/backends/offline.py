"""A local "demo checkout": no card, no network. For the demo and development."""

from django.urls import reverse

from .base import BasePaymentBackend, CheckoutStart


class OfflineBackend(BasePaymentBackend):
    name = "offline"

    def start_checkout(self, *, payment, success_url: str, cancel_url: str) -> CheckoutStart:
        return CheckoutStart(
            provider_ref=f"demo_{payment.pk}",
            redirect_url=reverse("payments:demo_checkout", args=[payment.pk]),
        )
