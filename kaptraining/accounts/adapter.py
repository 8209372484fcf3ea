"""allauth, on the site's own rules: its e-mail (confirmation, password reset,
notifications) goes through core.mail like every other message (stored,
delivered after commit by the mail task, retried on transient errors), and the
links in it are built from SITE_URL, never from the request's Host header."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from kaptraining.core.mail import mail_send_message
from kaptraining.core.urls import absolute_url


class AccountAdapter(DefaultAccountAdapter):
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
