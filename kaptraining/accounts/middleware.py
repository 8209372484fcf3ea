import logging
import zoneinfo

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kaptraining.core.access import access_for_match

from .privilege import (
    email_verified,
    holds_any_role,
    mfa_passed,
    requires_mfa,
)

logger = logging.getLogger(__name__)


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


class AccessMiddleware:
    """Enforces each route's declared access (kaptraining.routes) before its
    view runs, so no view can forget it:

    - undeclared route: 404 (and an error in the log);
    - signed-in route, anonymous visitor: to the sign-in page;
    - a role the route needs and the person lacks: 404 (not advertised), or
      in the admin areas a 403 page saying what they can do instead;
    - unverified e-mail: to allauth's e-mail page, to confirm it;
    - staff or trainer without a session that passed MFA: to set up TOTP, or
      to confirm their code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        access = access_for_match(match)
        if access is None:
            logger.error(
                "Route %s (%s) has no access declaration.", match.route, match.view_name
            )
            raise Http404
        if not access.signed_in:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access.roles and not holds_any_role(user, access.roles):
            if access.deny_status == 403:
                return render(request, "admin_denied.html", status=403)
            raise Http404
        if not email_verified(request):
            messages.warning(
                request,
                _(
                    "Please confirm your e-mail address to continue. We can send "
                    "the confirmation link again from this page."
                ),
            )
            return redirect("account_email")
        if requires_mfa(user) and not mfa_passed(request):
            return self._to_mfa(request)
        return None

    def _to_mfa(self, request):
        from allauth.mfa.utils import is_mfa_enabled

        next_url = urlencode({"next": request.get_full_path()})
        if not is_mfa_enabled(request.user):
            messages.info(
                request,
                _(
                    "Staff and trainers sign in with an authenticator app. Set "
                    "one up to continue."
                ),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{next_url}")
        return redirect(f"{reverse('mfa_reauthenticate')}?{next_url}")
