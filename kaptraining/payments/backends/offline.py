"""A local "demo checkout": no card, no network. For the demo and development."""

from django.urls import reverse

from .base import BasePaymentBackend, ChargeResult, CheckoutStart


class OfflineBackend(BasePaymentBackend):
    name = "offline"

    def ensure_customer(self, *, account) -> str:
        return f"demo_cus_{account.pk}"

    def start_checkout(
        self,
        *,
        payment,
        customer_id: str,
        save_card: bool,
        success_url: str,
        cancel_url: str,
    ) -> CheckoutStart:
        return CheckoutStart(
            provider_ref=f"demo_{payment.pk}",
            redirect_url=reverse("payments:demo_checkout", args=[payment.pk]),
        )

    def start_card_setup(
        self, *, card_setup, customer_id: str, success_url: str, cancel_url: str
    ) -> CheckoutStart:
        return CheckoutStart(
            provider_ref=f"demo_setup_{card_setup.pk}",
            redirect_url=reverse("payments:demo_card", args=[card_setup.pk]),
        )

    def payment_method_of_payment(self, *, provider_payment_ref: str) -> str:
        return "demo_pm_card"

    def payment_method_of_setup(self, *, setup_ref: str) -> str:
        return f"demo_pm_{setup_ref}"

    def charge_off_session(
        self, *, payment, customer_id: str, payment_method_id: str
    ) -> ChargeResult:
        return ChargeResult(
            succeeded=True, provider_payment_ref=f"demo_pi_{payment.pk}"
        )

    def refund(self, *, refund) -> str:
        return f"demo_re_{refund.pk}"
