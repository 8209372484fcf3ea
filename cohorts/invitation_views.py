"""The invited person's page: see the invitation, accept or decline it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .invitations import (
    InvitationError,
    check_addressee,
    invitation_for_token,
    roster_invitation_accept,
    roster_invitation_decline,
)


def _refused(request, exc: InvitationError, invitation=None):
    return render(
        request,
        "cohorts/invitation.html",
        {"invitation": invitation, "error": str(exc)},
        status=exc.status,
    )


def invitation(request, token):
    """Signed in (the route requires it) as the address the link was sent to."""
    try:
        invitation = invitation_for_token(token)
        check_addressee(invitation, request.user)
    except InvitationError as exc:
        return _refused(request, exc)
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                enrolment = roster_invitation_accept(
                    invitation_id=invitation.pk, user=request.user
                )
                if enrolment.is_active:
                    messages.success(
                        request,
                        _("Welcome to %(cohort)s.") % {"cohort": invitation.cohort},
                    )
                    return redirect("cohorts:home", invitation.cohort_id)
                messages.success(
                    request, _("Your place is reserved. Pay tuition to confirm it.")
                )
                return redirect("payments:account", enrolment.pk)
            if answer == "decline":
                roster_invitation_decline(
                    invitation_id=invitation.pk, user=request.user
                )
                messages.info(
                    request,
                    _(
                        "You declined the invitation. Nothing was shared with the "
                        "cohort."
                    ),
                )
                return redirect("dashboard")
        except InvitationError as exc:
            invitation.refresh_from_db()
            return _refused(request, exc, invitation)
        return render(
            request,
            "cohorts/invitation.html",
            {"invitation": invitation, "error": _("Choose accept or decline.")},
            status=400,
        )
    return render(request, "cohorts/invitation.html", {"invitation": invitation})
