from django.apps import AppConfig


class StudyConfig(AppConfig):
    """What trainees do with the curriculum: access, completion, quizzes,
    journal, notes, evaluations, electives."""

    name = "kaptraining.study"
    label = "study"
    verbose_name = "Study records"

    def ready(self):
        from auditlog.registry import auditlog

        # Registers with cohorts and credits; receivers drop the cached structure.
        from . import models, receivers, registrations  # noqa: F401

        # Records a trainer or accreditor may ask about. Journal entries and notes
        # are private drafts of the trainee and are deliberately not logged.
        for model in (
            models.LessonCompletion,
            models.QuizAttempt,
            models.QuizResponse,
            models.EvaluationResponse,
            models.ElectiveChoice,
        ):
            auditlog.register(model)
