from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "kaptraining.payments"
    label = "payments"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, registrations  # noqa: F401 - fills lower registries

        # Every money row and every setting that changes what a trainee owes.
        for model in (
            models.Payment,
            models.Refund,
            models.TuitionAccount,
            models.Instalment,
            models.CardSetup,
            models.DiscountRedemption,
            models.TierApplication,
            models.TuitionPrice,
            models.PaymentPlan,
            models.SlidingScaleTier,
            models.DiscountCode,
            models.RefundPolicyTier,
        ):
            auditlog.register(model)
