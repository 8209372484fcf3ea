from django.apps import AppConfig


class CEConfig(AppConfig):
    """Continuing education that runs itself: CE activities attached to what
    trainees do (attendance, post-tests, evaluations), the body each profession
    earns credit from, home-study courses, evaluation reports, CE Broker files
    and CE transcripts."""

    name = "kaptraining.ce"
    label = "ce"
    verbose_name = "Continuing education"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, receivers, registrations  # noqa: F401

        for model in (
            models.ActivityProfile,
            models.EvaluationQuestion,
            models.CreditOverride,
        ):
            auditlog.register(model)
