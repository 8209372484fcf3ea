"""Staff send fresh one-time sign-off links when an external supervisor's
link expired or was lost (the old links stop working)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .models import LogStatus, PracticumLog
from .services import PracticumError, signoff_links_resend


def resend_links(request, pk):
    if not request.user.is_staff:
        raise PermissionDenied
    log = get_object_or_404(
        PracticumLog.objects.select_related("placement__site", "placement__trainee"),
        pk=pk,
    )
    externals = log.placement.site.external_supervisors.filter(is_active=True)
    if request.method == "POST":
        try:
            count = signoff_links_resend(log=log)
        except PracticumError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(n)s new sign-off links sent; earlier links no longer work.")
                % {"n": count},
            )
        return redirect("practicum_log_admin:index")
    return TemplateResponse(
        request,
        "practicums/admin/resend_links.html",
        {
            "log": log,
            "externals": externals,
            "waiting": log.status == LogStatus.SUBMITTED,
            "page_title": _("Send new sign-off links"),
        },
    )
