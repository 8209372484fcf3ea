import zoneinfo

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone


class TimezoneMiddleware:
    """Show times in the signed-in user's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.timezone:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except zoneinfo.ZoneInfoNotFoundError:
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


def mfa_satisfied(request) -> bool:
    """True when this session signed in with a second factor."""
    from allauth.mfa.utils import is_mfa_enabled

    user = request.user
    if not is_mfa_enabled(user):
        return False
    methods = request.session.get("account_authentication_methods", [])
    return any(m.get("method") == "mfa" for m in methods)


class StaffMFAMiddleware:
    """Staff and trainers reach the Wagtail admin only after TOTP.

    allauth has no built-in "require MFA", so the admin prefix is guarded here:
    without an authenticator the user is sent to set one up; with one but a
    password-only session, they are asked to sign in again with their code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.KAP_REQUIRE_STAFF_MFA and request.path.startswith("/admin/"):
            user = request.user
            if user.is_authenticated and user.needs_mfa_for_admin:
                from allauth.mfa.utils import is_mfa_enabled

                if not is_mfa_enabled(user):
                    return redirect(
                        reverse("mfa_activate_totp") + "?next=" + request.path
                    )
                if not mfa_satisfied(request):
                    return redirect(
                        reverse("mfa_reauthenticate") + "?next=" + request.path
                    )
        return self.get_response(request)
