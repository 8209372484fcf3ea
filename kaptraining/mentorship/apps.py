from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    name = "kaptraining.mentorship"
    label = "mentorship"
    verbose_name = "Mentorship"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, registrations  # noqa: F401 (relationships)

        auditlog.register(
            models.MentorProfile,
            m2m_fields={"specialities", "populations", "languages"},
        )
        auditlog.register(models.PairingRound)
        auditlog.register(models.TraineePreference)
        auditlog.register(models.Pair)
        auditlog.register(models.MentorMeeting)
        auditlog.register(models.RematchRequest)
        auditlog.register(models.Recommendation)
        auditlog.register(models.PlannedMeeting)
