from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    label = "cohorts"
    verbose_name = "Cohorts"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, registrations  # noqa: F401 (registers with credits)

        for model in (
            models.Cohort,
            models.Enrolment,
            models.Application,
            models.SeatOffer,
            models.LiveSession,
            models.Attendance,
            models.AttendanceImport,
            models.AttendanceMarking,
            models.CreditRule,
            models.Announcement,
            models.Thread,
            models.Post,
        ):
            auditlog.register(model)
