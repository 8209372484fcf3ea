"""allauth adapters: the client address from core, and the MFA rule."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from kaptraining.core.clientip import client_ip

from .privilege import requires_mfa


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits key on the same address as axes and
        django-ratelimit (behind our proxies, see core.clientip)."""
        return client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff and trainers keep their TOTP: without it they could not sign in
        to anything their role gives them."""
        if authenticator.type == Authenticator.Type.TOTP and requires_mfa(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
