"""Signal receivers of the accounts app, connected in AccountsConfig.ready()."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .privilege import remember_verified_email


@receiver(user_logged_in, dispatch_uid="accounts.remember_verified_email")
def _remember_verified_email(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_verified_email(request, user)
