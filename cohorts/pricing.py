"""The price of a cohort, as checkout charges it: a small registry cohorts owns.

Payments owns the pricing rule (program price, cohort price, deposit, plans).
Cohorts sits below payments, so it cannot import it: payments registers its
quote function here from its AppConfig.ready(), and every cohort page (list,
detail, "pay to confirm") and the free-cohort check ask ``cohort_quote``.
Nothing in cohorts reads ``Cohort.tuition_cents`` to show or decide a price.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class CohortQuote(Protocol):
    """What a cohort page needs from a quote (payments' Quote has more)."""

    amount_cents: int
    currency: str
    deposit_cents: int
    plans: tuple[int, ...]


# Takes cohorts, returns {cohort.pk: quote} in a fixed number of queries.
QuoteProvider = Callable[[list], Mapping[int, CohortQuote]]

_provider: QuoteProvider | None = None


def register_quote_provider(provider: QuoteProvider) -> QuoteProvider:
    """Make `provider` the one source of cohort prices (payments calls this)."""
    global _provider
    _provider = provider
    return provider


def cohort_quotes(cohorts: Iterable) -> Mapping[int, CohortQuote]:
    """Quotes for many cohorts at once: {cohort.pk: quote}."""
    if _provider is None:
        raise ImproperlyConfigured(
            "No cohort quote provider is registered; kaptraining.payments "
            "registers one from its AppConfig.ready()."
        )
    cohorts = list(cohorts)
    return _provider(cohorts) if cohorts else {}


def cohort_quote(cohort) -> CohortQuote:
    """The price checkout charges for a place in `cohort` (before any
    sliding-scale tier or discount code the trainee applies)."""
    return cohort_quotes([cohort])[cohort.pk]


def with_quotes(cohorts: Iterable) -> list:
    """The cohorts, each with ``.quote`` set, for a list page."""
    cohorts = list(cohorts)
    quotes = cohort_quotes(cohorts)
    for cohort in cohorts:
        cohort.quote = quotes[cohort.pk]
    return cohorts


def is_free(cohort) -> bool:
    """True when a place costs nothing, so enrolment needs no checkout."""
    return cohort_quote(cohort).amount_cents == 0
