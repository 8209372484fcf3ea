from django.apps import AppConfig


class RetreatsConfig(AppConfig):
    name = "kaptraining.retreats"
    label = "retreats"
    verbose_name = "Retreat trainings"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, registrations  # noqa: F401 - fills lower registries

        auditlog.register(models.RetreatRun)
        auditlog.register(models.RoomType)
        # Sensitive details stay out of the audit log, so the purge removes them.
        auditlog.register(
            models.RetreatRegistration, exclude_fields=list(models.SENSITIVE_FIELDS)
        )
