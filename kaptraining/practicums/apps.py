from django.apps import AppConfig


class PracticumsConfig(AppConfig):
    name = "kaptraining.practicums"
    label = "practicums"
    verbose_name = "Practicums"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, registrations  # noqa: F401 (relationships)

        auditlog.register(models.PracticumSite, m2m_fields={"supervisors"})
        auditlog.register(models.ExternalSupervisor)
        auditlog.register(models.SiteCapacity)
        auditlog.register(models.Placement)
        auditlog.register(models.PracticumLog, exclude_fields=["link_nonce"])
