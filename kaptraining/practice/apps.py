from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """Assessed consent-conversation practice: scenarios, rubrics, recorded or
    live role-plays, assessors' scores, second rating, credit and requirement."""

    name = "kaptraining.practice"
    label = "practice"
    verbose_name = _("Consent practice")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, registrations  # noqa: F401 (the requirement check)

        auditlog.register(models.ConsentAssessment, m2m_fields={"assessors"})
        auditlog.register(models.Submission, exclude_fields=["recording"])
        auditlog.register(models.Review)
