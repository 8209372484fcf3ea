from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "kaptraining.certificates"
    label = "certificates"

    def ready(self):
        from auditlog.registry import auditlog

        # System checks, what credits announces, what credits shows of ours.
        from . import checks, receivers, registrations  # noqa: F401
        from .models import (
            Certificate,
            CertificateHold,
            CertificateReminder,
            CertificateTemplate,
            ProgramCertificateSettings,
        )

        # The signed credential and PDF path are derived data, not audit facts.
        auditlog.register(Certificate, exclude_fields=["credential"])
        auditlog.register(CertificateHold)
        auditlog.register(CertificateReminder)
        auditlog.register(CertificateTemplate)
        auditlog.register(ProgramCertificateSettings)
