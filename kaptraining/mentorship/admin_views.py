"""The staff pairing screen in the Wagtail admin: run, review, adjust, lock,
publish, and handle re-match requests for one round."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Enrolment
from kaptraining.core.parsing import parse_id

from .models import (
    MadeBy,
    MentorProfile,
    Pair,
    PairingRound,
    PairStatus,
    RematchRequest,
    RematchStatus,
)
from .services import (
    STUDYING,
    MentorshipError,
    may_pair,
    pair_assign,
    pair_set_locked,
    pairing_run,
    pairs_publish,
    rematch_handle,
)


class AssignForm(forms.Form):
    trainee = forms.ModelChoiceField(label=gettext_lazy("Trainee"), queryset=None)
    mentor = forms.ModelChoiceField(label=gettext_lazy("Mentor"), queryset=None)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["trainee"].queryset = get_user_model().objects.filter(
            enrolments__cohort_id=round_.cohort_id, enrolments__status__in=STUDYING
        )
        self.fields[
            "mentor"
        ].queryset = MentorProfile.objects.available().select_related("user")


def _context(request, round_, assign_form=None):
    return {
        **pairing_context(round_, assign_form=assign_form),
        "page_title": _("Pairing: %(round)s") % {"round": round_},
        "header_icon": "group",
    }


def pairing_context(round_, *, assign_form=None) -> dict:
    """What a pairing screen shows (staff's in the admin, a trainer's on the
    site): pairs, unpaired trainees, mentors' capacity, the hand-pair form."""
    pairs = (
        Pair.objects.filter(round=round_)
        .exclude(status=PairStatus.SUPERSEDED)
        .select_related("trainee", "mentor__user")
        .order_by("status", "trainee__last_name", "trainee__first_name")
    )
    paired = {p.trainee_id for p in pairs if p.status in PairStatus.CURRENT}
    unpaired = [
        e.trainee
        for e in Enrolment.objects.filter(
            cohort_id=round_.cohort_id, status__in=STUDYING
        ).select_related("trainee")
        if e.trainee_id not in paired
    ]
    mentors = (
        MentorProfile.objects.available()
        .select_related("user")
        .annotate(taken=Count("pairs", filter=Q(pairs__status__in=PairStatus.CURRENT)))
    )
    return {
        "round": round_,
        "pairs": pairs,
        "unpaired": unpaired,
        "mentors": mentors,
        "proposed": sum(1 for p in pairs if p.status == PairStatus.PROPOSED),
        "rematches": RematchRequest.objects.filter(
            pair__round=round_, status=RematchStatus.OPEN
        ).select_related("pair__trainee", "pair__mentor__user", "requested_by"),
        "assign_form": assign_form or AssignForm(round_=round_),
    }


def pairing(request, pk):
    """GET shows the round; POST runs one action and comes back here."""
    round_ = get_object_or_404(PairingRound.objects.select_related("cohort"), pk=pk)
    if not request.user.is_staff or not may_pair(request.user, round_):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            invalid = pairing_act(request, round_, action)
        except MentorshipError as exc:
            messages.error(request, str(exc))
            return TemplateResponse(
                request,
                "mentorship/admin/pairing.html",
                _context(request, round_),
                status=409,
            )
        if invalid is not None:
            return TemplateResponse(
                request,
                "mentorship/admin/pairing.html",
                _context(request, round_, assign_form=invalid),
                status=400,
            )
        return redirect("mentorship_pairing", round_.pk)
    return TemplateResponse(
        request, "mentorship/admin/pairing.html", _context(request, round_)
    )


def _pair(round_, request):
    return get_object_or_404(Pair, round=round_, pk=parse_id(request.POST.get("pair")))


class UnknownPairingAction(MentorshipError):
    """The POST named no action this screen offers (400, not a conflict)."""


def pairing_act(request, round_, action, *, made_by=MadeBy.STAFF, rematches=True):
    """Run one pairing action for the staff screen or a trainer's page, through
    the mentorship services; the one dispatcher both screens call. Returns an
    invalid AssignForm to show again (400), else None; raises MentorshipError
    (409) or UnknownPairingAction. Re-match requests are staff's alone."""
    if action == "run":
        result = pairing_run(round_=round_)
        messages.success(
            request,
            _(
                "Pairing run: %(paired)s trainees paired, %(unpaired)s left "
                "unpaired. Check the proposals, then publish them."
            )
            % {"paired": len(result.matches), "unpaired": len(result.unmatched)},
        )
    elif action == "publish":
        count = pairs_publish(round_=round_)
        messages.success(
            request,
            _("%(n)s pairs published; trainees and mentors were told.") % {"n": count},
        )
    elif action in ("lock", "unlock"):
        pair_set_locked(pair=_pair(round_, request), locked=action == "lock")
    elif action == "assign":
        form = AssignForm(request.POST, round_=round_)
        if not form.is_valid():
            return form
        pair_assign(
            round_=round_,
            trainee=form.cleaned_data["trainee"],
            mentor=form.cleaned_data["mentor"],
            made_by=made_by,
        )
        messages.success(request, _("Pair saved and locked."))
    elif rematches and action in ("grant", "decline"):
        rematch = get_object_or_404(
            RematchRequest, pair__round=round_, pk=parse_id(request.POST.get("rematch"))
        )
        rematch_handle(
            request=rematch,
            by=request.user,
            grant=action == "grant",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Re-match request handled."))
    else:
        raise UnknownPairingAction(_("Choose one of the pairing actions."))
    return None
