from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "kaptraining.curriculum"
    label = "curriculum"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # Records a trainer or accreditor may ask about. Journal entries and notes
        # are private drafts of the trainee and are deliberately not logged.
        auditlog.register(models.QuizAttempt)
        auditlog.register(models.QuizResponse)
        auditlog.register(models.EvaluationResponse)
        auditlog.register(models.ElectiveChoice)
