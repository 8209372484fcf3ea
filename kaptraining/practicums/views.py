"""Trainee, supervisor and external-supervisor pages. Thin: services do the writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import PlacementRequestForm, PracticumLogForm, ReviewForm
from .models import LogStatus, Placement, PracticumLog
from .services import (
    LOG_FIELDS,
    PracticumError,
    SignoffLinkError,
    placement_create,
    practicum_log_return,
    practicum_log_sign_off,
    practicum_log_submit,
    signoff_link_resolve,
    signoff_link_use,
)

LOG_RELATED = (
    "placement__site",
    "placement__trainee",
    "placement__cohort",
    "reviewed_by",
    "reviewed_by_external",
)


def _home_context(request, form=None):
    placements = Placement.objects.filter(trainee=request.user).select_related(
        "site", "cohort"
    )
    logs = PracticumLog.objects.filter(placement__trainee=request.user).select_related(
        *LOG_RELATED
    )
    signed = sum(log.minutes for log in logs if log.status == LogStatus.SIGNED_OFF)
    return {
        "placements": placements,
        "logs": logs,
        "signed_minutes": signed,
        "form": form or PlacementRequestForm(trainee=request.user),
    }


@login_required
def home(request):
    """The trainee's practicum: placements, a request form and their logs."""
    return render(request, "practicums/home.html", _home_context(request))


@login_required
@require_POST
def placement_request(request):
    form = PlacementRequestForm(request.POST, trainee=request.user)
    if form.is_valid():
        capacity = form.cleaned_data["capacity"]
        try:
            placement_create(
                trainee=request.user,
                site=capacity.site,
                cohort=capacity.cohort,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                by=request.user,
            )
        except PracticumError as exc:
            form.add_error(None, str(exc))
            return render(
                request,
                "practicums/home.html",
                _home_context(request, form),
                status=409,
            )
        messages.success(
            request,
            _("Your placement request was sent. Staff will confirm it with the site."),
        )
        return redirect("practicums:home")
    return render(
        request, "practicums/home.html", _home_context(request, form), status=400
    )


def _log_form_response(request, *, placement, form, revises=None):
    if request.method == "POST" and form.is_valid():
        try:
            log = practicum_log_submit(
                placement=placement,
                trainee=request.user,
                data={f: form.cleaned_data[f] for f in LOG_FIELDS},
                revises=revises,
            )
        except PracticumError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Your session was logged and sent to your supervisor for sign-off."),
            )
            return redirect("practicums:log_detail", log.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "practicums/log_form.html",
        {"form": form, "placement": placement, "revises": revises},
        status=status,
    )


@login_required
def log_create(request, placement_id):
    placement = get_object_or_404(
        Placement.objects.select_related("site", "cohort"),
        pk=placement_id,
        trainee=request.user,
    )
    if not placement.can_log:
        messages.error(
            request, _("You can log sessions once staff have confirmed your placement.")
        )
        return redirect("practicums:home")
    form = PracticumLogForm(request.POST or None, placement=placement)
    return _log_form_response(request, placement=placement, form=form)


@login_required
def log_revise(request, pk):
    original = get_object_or_404(
        PracticumLog.objects.select_related("placement__site", "placement__cohort"),
        pk=pk,
        placement__trainee=request.user,
    )
    if original.status != LogStatus.RETURNED:
        messages.error(request, _("Only an entry returned to you can be revised."))
        return redirect("practicums:log_detail", original.pk)
    initial = {f: getattr(original, f) for f in LOG_FIELDS}
    form = PracticumLogForm(
        request.POST or None, placement=original.placement, initial=initial
    )
    return _log_form_response(
        request, placement=original.placement, form=form, revises=original
    )


@login_required
def log_detail(request, pk):
    """The trainee, a supervisor of the site, or staff; everyone else gets 404."""
    visible = Q(placement__trainee=request.user) | Q(
        placement__site__supervisors=request.user
    )
    logs = (
        PracticumLog.objects.all()
        if request.user.is_staff
        else PracticumLog.objects.filter(visible)
    )
    log = get_object_or_404(logs.select_related(*LOG_RELATED).distinct(), pk=pk)
    return render(request, "practicums/log_detail.html", {"log": log})


def _require_supervisor(request):
    if not request.user.is_supervisor:
        raise Http404


@login_required
def review_list(request):
    """A supervisor's queue: entries at the sites they supervise, and no others."""
    _require_supervisor(request)
    logs = (
        PracticumLog.objects.for_supervisor(request.user)
        .exclude(placement__trainee=request.user)
        .exclude(status=LogStatus.REVISED)
        .select_related(*LOG_RELATED)
        .order_by("status", "-session_date", "-pk")
    )
    waiting = [log for log in logs if log.status == LogStatus.SUBMITTED]
    reviewed = [log for log in logs if log.status != LogStatus.SUBMITTED][:50]
    return render(
        request,
        "practicums/review_list.html",
        {"waiting": waiting, "reviewed": reviewed},
    )


@login_required
def review_detail(request, pk):
    _require_supervisor(request)
    log = get_object_or_404(
        PracticumLog.objects.for_supervisor(request.user)
        .exclude(placement__trainee=request.user)
        .select_related(*LOG_RELATED),
        pk=pk,
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                _decide(request, log=log, form=form)
            except PracticumError as exc:
                messages.error(request, str(exc))
                log.refresh_from_db()
                return render(
                    request,
                    "practicums/review_detail.html",
                    {"log": log, "form": form},
                    status=409,
                )
            return redirect("practicums:review_list")
        return render(
            request,
            "practicums/review_detail.html",
            {"log": log, "form": form},
            status=400,
        )
    return render(request, "practicums/review_detail.html", {"log": log, "form": form})


def _decide(request, *, log, form):
    comment = form.cleaned_data.get("comment", "")
    if form.cleaned_data["decision"] == "sign_off":
        practicum_log_sign_off(log=log, by=request.user, comment=comment)
        messages.success(
            request, _("Signed off. The minutes now count towards the trainee's hours.")
        )
    else:
        practicum_log_return(log=log, by=request.user, comment=comment)
        messages.info(request, _("Returned to the trainee with your comment."))


@never_cache
def external_review(request, token):
    """For a supervisor without an account: the signed one-time link is the key."""
    try:
        log, supervisor = signoff_link_resolve(token)
    except SignoffLinkError as exc:
        return render(
            request,
            "practicums/external_refused.html",
            {"reason": str(exc)},
            status=403,
        )
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = signoff_link_use(
                    token=token,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data.get("comment", ""),
                )
            except SignoffLinkError as exc:
                return render(
                    request,
                    "practicums/external_refused.html",
                    {"reason": str(exc)},
                    status=403,
                )
            except PracticumError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                return render(
                    request,
                    "practicums/external_done.html",
                    {"log": done, "supervisor": supervisor},
                )
        else:
            status = 400
    return render(
        request,
        "practicums/external_review.html",
        {"log": log, "supervisor": supervisor, "form": form},
        status=status,
    )
