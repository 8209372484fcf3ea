from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kaptraining.directory"
    label = "directory"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from kaptraining.certificates.models import Certificate

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
        post_save.connect(
            _certificate_saved,
            sender=Certificate,
            dispatch_uid="directory_follows_certificates",
        )


def _certificate_saved(sender, instance, **kwargs):
    """Issue, revocation, reissue or a changed expiry: the holder's listing
    follows in the same transaction."""
    if instance.program_id is None:  # CE certificates do not list anyone
        return
    from .models import Listing, refresh_certification

    refresh_certification(Listing.objects.filter(user_id=instance.trainee_id))
