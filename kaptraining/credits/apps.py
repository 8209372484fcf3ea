from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "kaptraining.credits"
    label = "credits"
    verbose_name = "Hours and credit"

    def ready(self):
        from auditlog.registry import auditlog

        # Registers the default checks and the progress cache's receivers.
        from . import ce, checks, models, receivers  # noqa: F401

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
