from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "kaptraining.payments"
    label = "payments"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Payment

        auditlog.register(Payment)
