"""allauth, on the site's own rules: the client address from core (behind our
proxies), the MFA rule, and e-mail (confirmation, password reset,
notifications) goes through core.mail like every other message (stored,
delivered after commit by the mail task, retried on transient errors), and the
links in it are built from SITE_URL, never from the request's Host header."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from kaptraining.core.clientip import client_ip
from kaptraining.core.mail import mail_send_message
from kaptraining.core.urls import absolute_url, url_in_language

from .privilege import requires_mfa


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """allauth's rate limits key on the same address as axes and
        django-ratelimit (behind our proxies, see core.clientip)."""
        return client_ip(request)

    def get_login_redirect_url(self, request) -> str:
        """Where sign-in leads, in the language the person chose (issue 21)."""
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "language", "")
        if language in dict(settings.LANGUAGES):
            url = url_in_language(url, language)
        return url

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        mail_send_message(message, template=template_prefix.rsplit("/", 1)[-1])

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url("account_confirm_email", emailconfirmation.key)

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
        )
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email: str) -> None:
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "signup_url": absolute_url("account_signup"),
                "password_reset_url": absolute_url("account_reset_password"),
            },
        )


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff and trainers keep their TOTP: without it they could not sign in
        to anything their role gives them."""
        if authenticator.type == Authenticator.Type.TOTP and requires_mfa(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
