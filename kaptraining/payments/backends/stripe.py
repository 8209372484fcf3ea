"""Stripe Checkout. Every call carries an idempotency key derived from our row."""

import stripe
from django.conf import settings

from .base import BasePaymentBackend, CheckoutStart


def client() -> stripe.StripeClient:
    kwargs = {}
    if settings.STRIPE_API_BASE:
        kwargs["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2, **kwargs)


class StripeBackend(BasePaymentBackend):
    name = "stripe"

    def ensure_customer(self, *, user) -> str:
        customer = client().v1.customers.create(
            params={"email": user.email, "name": user.display_name, "metadata": {"user_id": str(user.pk)}},
            options={"idempotency_key": f"customer-user-{user.pk}"},
        )
        return customer.id

    def start_checkout(self, *, payment, success_url: str, cancel_url: str) -> CheckoutStart:
        enrolment = payment.enrolment
        customer_id = self.ensure_customer(user=enrolment.trainee)
        session = client().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "customer": customer_id,
                "client_reference_id": str(payment.pk),
                "metadata": {"payment_id": str(payment.pk), "enrolment_id": str(enrolment.pk)},
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": payment.currency,
                            "unit_amount": payment.amount_cents,
                            "product_data": {"name": f"Tuition: {enrolment.cohort}"},
                        },
                    }
                ],
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": f"checkout-payment-{payment.pk}"},
        )
        return CheckoutStart(provider_ref=session.id, redirect_url=session.url)
