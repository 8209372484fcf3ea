from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "kaptraining.credits"
    label = "credits"
    verbose_name = "Hours and credit"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import LedgerEntry

        auditlog.register(LedgerEntry)
