from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import BasePaymentBackend, CheckoutStart

BACKENDS = {
    "offline": "kaptraining.payments.backends.offline.OfflineBackend",
    "stripe": "kaptraining.payments.backends.stripe.StripeBackend",
}


def get_backend(name: str | None = None) -> BasePaymentBackend:
    name = name or settings.PAYMENTS_BACKEND
    # Production never falls back to the free demo checkout, even when started
    # without its system checks (kaptraining.core.checks).
    if name not in BACKENDS or (
        name == "offline" and getattr(settings, "KAP_PRODUCTION", False)
    ):
        raise ImproperlyConfigured(
            f"PAYMENTS_BACKEND {name!r} cannot take payments here; set it to "
            "'stripe' (production) or 'offline' (demo)."
        )
    return import_string(BACKENDS[name])()


__all__ = ["BasePaymentBackend", "CheckoutStart", "get_backend"]
