from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    label = "cohorts"
    verbose_name = "Cohorts"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Cohort)
        auditlog.register(models.Enrolment)
        auditlog.register(models.LessonCompletion)
