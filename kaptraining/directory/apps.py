from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kaptraining.directory"
    label = "directory"

    def ready(self):
        from auditlog.registry import auditlog

        from . import receivers  # noqa: F401 (listings follow certificates)
        from .models import Listing

        # Who approved what, and what a practitioner changed, stays on record.
        auditlog.register(
            Listing,
            exclude_fields=[
                "search_text",
                "search_vector",
                "latitude",
                "longitude",
                "certificate",
                "certified_until",
            ],
        )
