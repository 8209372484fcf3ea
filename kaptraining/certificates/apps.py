from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "kaptraining.certificates"
    label = "certificates"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Certificate

        auditlog.register(Certificate)
