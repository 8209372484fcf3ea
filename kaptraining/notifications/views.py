from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .kinds import KINDS
from .models import Channel, Notification
from .services import (
    channel_for,
    notification_mark_read,
    preference_save,
    unread_count_refresh,
)

PAGE = 50


@login_required
def index(request):
    notifications = list(Notification.objects.filter(user=request.user)[:PAGE])
    unread_count_refresh(request.user.pk)
    return render(request, "notifications/index.html", {"notifications": notifications})


@login_required
@require_POST
def mark_read(request, pk):
    notification_mark_read(user=request.user, notification_id=pk)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:index")


@login_required
@require_POST
def mark_all_read(request):
    n = notification_mark_read(user=request.user)
    messages.success(request, _("%(n)s notifications marked read.") % {"n": n})
    return redirect("notifications:index")


@login_required
def preferences(request):
    rows = [
        {"kind": k, "channel": channel_for(user=request.user, kind=k.key)}
        for k in KINDS.values()
    ]
    status = 200
    if request.method == "POST":
        # A kind the form did not send keeps its choice (a page loaded before
        # a new kind was added); a value that is not offered is refused.
        chosen = {
            k.key: request.POST[f"kind_{k.key}"]
            for k in KINDS.values()
            if not k.required and f"kind_{k.key}" in request.POST
        }
        if any(c not in Channel.values for c in chosen.values()):
            messages.error(
                request, _("Choose one of the offered options for each kind.")
            )
            status = 400
        else:
            for kind, channel in chosen.items():
                preference_save(user=request.user, kind=kind, channel=channel)
            messages.success(request, _("Your e-mail preferences are saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "channels": Channel.choices},
        status=status,
    )
