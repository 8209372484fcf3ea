from django.conf import settings
from django.utils.module_loading import import_string

from .base import BasePaymentBackend, CheckoutStart

BACKENDS = {
    "offline": "kaptraining.payments.backends.offline.OfflineBackend",
    "stripe": "kaptraining.payments.backends.stripe.StripeBackend",
}


def get_backend(name: str | None = None) -> BasePaymentBackend:
    name = name or settings.PAYMENTS_BACKEND
    return import_string(BACKENDS[name])()


__all__ = ["BasePaymentBackend", "CheckoutStart", "get_backend"]
