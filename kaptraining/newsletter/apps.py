from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "kaptraining.newsletter"
    label = "newsletter"
    verbose_name = "Mailing list"

    def ready(self):
        from auditlog.registry import auditlog

        from . import receivers  # noqa: F401 (bounces and complaints from the ESP)
        from .models import Broadcast, Suppression

        # Who sent what to whom, and who was blocked by hand, stays on record.
        # Subscribers are not registered: their erasure must not leave their
        # address in the log (services.subscriber_erase writes its own entry).
        auditlog.register(Broadcast, exclude_fields=["body"])
        auditlog.register(Suppression)
