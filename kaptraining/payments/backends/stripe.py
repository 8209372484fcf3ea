"""Stripe: Checkout for on-session payments and card setup, off-session
PaymentIntents for later instalments, refunds, and the event list for
reconciliation. Every call carries an idempotency key derived from our row,
and the client retries network errors with that same key."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

import stripe
from django.conf import settings
from django.utils.translation import gettext as _
from stripe.params.checkout import (
    SessionCreateParams,
    SessionCreateParamsPaymentIntentData,
)

if TYPE_CHECKING:  # a TypedDict stripe does not export at run time
    from stripe._base_address import BaseAddresses

from .base import BasePaymentBackend, ChargeResult, CheckoutStart, TransientPaymentError


def client() -> stripe.StripeClient:
    base_addresses: BaseAddresses = {}
    if settings.STRIPE_API_BASE:
        base_addresses["api"] = settings.STRIPE_API_BASE
    # The requests-based client is named explicitly: it is the one the
    # library picks anyway, and tests intercept it at the HTTP layer.
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        max_network_retries=2,
        http_client=stripe.RequestsClient(),
        base_addresses=base_addresses,
    )


def _redirect_url(session: stripe.checkout.Session) -> str:
    """Hosted Checkout always returns its page's URL; without one the trainee
    would be stranded, so fail loudly rather than redirect nowhere."""
    if not session.url:
        raise TransientPaymentError(f"Stripe returned no URL for session {session.id}.")
    return session.url


def _id_of(payment_method: str | stripe.PaymentMethod | None) -> str:
    """A payment method field is an id, or the object when expanded."""
    if isinstance(payment_method, stripe.PaymentMethod):
        return payment_method.id
    return payment_method or ""


class StripeBackend(BasePaymentBackend):
    name = "stripe"

    def ensure_customer(self, *, account) -> str:
        if account.stripe_customer_id:
            return account.stripe_customer_id
        user = account.enrolment.trainee
        try:
            customer = client().v1.customers.create(
                params={
                    "email": user.email,
                    "name": user.get_full_name() or user.email,
                    "metadata": {
                        "user_id": str(user.pk),
                        "account_id": str(account.pk),
                    },
                },
                options={"idempotency_key": f"customer-account-{account.pk}"},
            )
        except stripe.APIConnectionError as exc:
            raise TransientPaymentError(str(exc)) from exc
        return customer.id

    def start_checkout(
        self,
        *,
        payment,
        customer_id: str,
        save_card: bool,
        success_url: str,
        cancel_url: str,
    ) -> CheckoutStart:
        enrolment = payment.enrolment
        metadata = {"payment_id": str(payment.pk), "enrolment_id": str(enrolment.pk)}
        intent_data: SessionCreateParamsPaymentIntentData = {"metadata": metadata}
        if save_card:
            intent_data["setup_future_usage"] = "off_session"
        params: SessionCreateParams = {
            "mode": "payment",
            "customer": customer_id,
            "client_reference_id": str(payment.pk),
            "metadata": metadata,
            "payment_intent_data": intent_data,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": payment.currency,
                        "unit_amount": payment.amount_cents,
                        "product_data": {
                            "name": _("Tuition: %(cohort)s")
                            % {"cohort": enrolment.cohort}
                        },
                    },
                }
            ],
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
        session = client().v1.checkout.sessions.create(
            params=params,
            options={"idempotency_key": f"checkout-{payment.idempotency_key}"},
        )
        return CheckoutStart(
            provider_ref=session.id, redirect_url=_redirect_url(session)
        )

    def start_card_setup(
        self, *, card_setup, customer_id: str, success_url: str, cancel_url: str
    ) -> CheckoutStart:
        session = client().v1.checkout.sessions.create(
            params={
                "mode": "setup",
                "customer": customer_id,
                "currency": card_setup.account.currency,
                "client_reference_id": f"setup-{card_setup.pk}",
                "metadata": {"card_setup_id": str(card_setup.pk)},
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": card_setup.idempotency_key},
        )
        return CheckoutStart(
            provider_ref=session.id, redirect_url=_redirect_url(session)
        )

    def payment_method_of_payment(self, *, provider_payment_ref: str) -> str:
        intent = client().v1.payment_intents.retrieve(provider_payment_ref)
        return _id_of(intent.payment_method)

    def payment_method_of_setup(self, *, setup_ref: str) -> str:
        intent = client().v1.setup_intents.retrieve(setup_ref)
        return _id_of(intent.payment_method)

    def charge_off_session(
        self, *, payment, customer_id: str, payment_method_id: str
    ) -> ChargeResult:
        try:
            intent = client().v1.payment_intents.create(
                params={
                    "amount": payment.amount_cents,
                    "currency": payment.currency,
                    "customer": customer_id,
                    "payment_method": payment_method_id,
                    "confirm": True,
                    "off_session": True,
                    "metadata": {
                        "payment_id": str(payment.pk),
                        "enrolment_id": str(payment.enrolment_id),
                    },
                },
                options={"idempotency_key": payment.idempotency_key},
            )
        except stripe.CardError as exc:
            return ChargeResult(succeeded=False, error=exc.user_message or str(exc))
        except stripe.APIConnectionError as exc:
            raise TransientPaymentError(str(exc)) from exc
        if intent.status == "succeeded":
            return ChargeResult(succeeded=True, provider_payment_ref=intent.id)
        if intent.status == "processing":
            # Settles later; payment_intent.succeeded will confirm it.
            return ChargeResult(
                succeeded=False, provider_payment_ref=intent.id, error="processing"
            )
        return ChargeResult(
            succeeded=False,
            provider_payment_ref=intent.id,
            error=_("The bank asked for the cardholder to confirm."),
        )

    def refund(self, *, refund) -> str:
        try:
            result = client().v1.refunds.create(
                params={
                    "payment_intent": refund.payment.provider_payment_ref,
                    "amount": refund.amount_cents,
                    "metadata": {
                        "refund_id": str(refund.pk),
                        "payment_id": str(refund.payment_id),
                    },
                },
                options={"idempotency_key": refund.idempotency_key},
            )
        except stripe.APIConnectionError as exc:
            raise TransientPaymentError(str(exc)) from exc
        return result.id

    def recent_events(self, *, since: datetime.datetime) -> Iterable[dict]:
        page = client().v1.events.list(
            params={"created": {"gte": int(since.timestamp())}, "limit": 100}
        )
        for event in page.auto_paging_iter():
            yield event.to_dict()
