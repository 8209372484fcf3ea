from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "kaptraining.credits"
    label = "credits"
    verbose_name = "Hours and credit"

    def ready(self):
        from auditlog.registry import auditlog

        from . import ce, checks, models  # noqa: F401  (registers the default checks)

        for model in (
            models.LedgerEntry,
            models.ProgramRequirementSettings,
            models.WindowExtension,
            models.RequirementSignOff,
            models.ExternalHoursClaim,
            models.CEApproval,
            models.CEActivity,
            models.CEActivityCredit,
            models.CEParticipation,
            models.CECertificate,
        ):
            auditlog.register(model)
