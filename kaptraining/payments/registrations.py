"""What payments plugs into the registries of lower apps; imported once from
PaymentsConfig.ready()."""

from cohorts.pricing import register_quote_provider

from .services.pricing import quotes_for_cohorts

# Cohort pages show the price checkout charges: payments' one pricing rule.
register_quote_provider(quotes_for_cohorts)
