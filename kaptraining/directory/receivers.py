"""The directory follows certificates: connected from DirectoryConfig.ready()."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from kaptraining.certificates.models import Certificate

from .models import Listing, refresh_certification


@receiver(post_save, sender=Certificate, dispatch_uid="directory_follows_certificates")
def certificate_saved(sender, instance, **kwargs):
    """Issue, revocation, reissue or a changed expiry: the holder's listing
    follows in the same transaction."""
    if instance.program_id is None:  # CE certificates do not list anyone
        return
    refresh_certification(Listing.objects.filter(user_id=instance.trainee_id))
