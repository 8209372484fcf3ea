"""Staff tools for a retreat run (routes: STAFF). The sensitive reports also
need the permission retreats.view_sensitive (403 otherwise)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.attendance import AttendanceError
from cohorts.models import Attendance, LiveSession, SessionKind, SessionStatus
from kaptraining.core.csv import csv_response
from kaptraining.core.pdf import font_dir_uri, html_to_pdf

from . import reports
from .forms import MessageForm, TransferForm
from .models import RetreatRegistration, RetreatRun, RoomType
from .services import (
    RetreatError,
    day_attendance_save,
    registration_cancel,
    registration_check_in,
    registration_transfer,
    run_certificates_issue,
    run_days_schedule,
    run_message_send,
)

SENSITIVE_PERMISSION = "retreats.view_sensitive"


def _run(pk) -> RetreatRun:
    return get_object_or_404(RetreatRun.objects.select_related("cohort", "page"), pk=pk)


def _sensitive(request) -> None:
    if not request.user.has_perm(SENSITIVE_PERMISSION):
        raise PermissionDenied(
            _(
                "Dietary, accessibility and emergency details need the permission "
                "to see them; ask an administrator."
            )
        )


def _pdf(template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, {**context, "font_dir": font_dir_uri()})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def manage(request):
    runs = (
        RetreatRun.objects.select_related("cohort", "page")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status="registered")
            ),
            waitlisted=Count(
                "registrations", filter=Q(registrations__status="waitlisted")
            ),
        )
        .order_by("-cohort__start_date")
    )
    return render(request, "retreats/staff/manage.html", {"runs": runs})


def _days(run):
    return list(
        LiveSession.objects.filter(cohort=run.cohort, kind=SessionKind.INTENSIVE)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at")
    )


def run_detail(request, pk):
    run = _run(pk)
    later_rooms = RoomType.objects.filter(
        run__page=run.page, run__cohort__start_date__gt=run.cohort.start_date
    ).select_related("run__cohort")
    return render(
        request,
        "retreats/staff/run.html",
        {
            "run": run,
            "rooms": reports.by_room(run),
            "days": _days(run),
            "can_see_sensitive": request.user.has_perm(SENSITIVE_PERMISSION),
            "message_form": MessageForm(),
            "later_rooms": list(later_rooms),
            "messages_sent": run.messages.select_related("sent_by")[:10],
        },
    )


def venue_report(request, pk):
    _sensitive(request)
    run = _run(pk)
    return render(
        request,
        "retreats/staff/venue.html",
        {"run": run, "summary": reports.venue_summary(run)},
    )


def venue_csv(request, pk):
    _sensitive(request)
    run = _run(pk)
    return csv_response(f"venue-{run.cohort.start_date}.csv", reports.venue_rows(run))


def venue_pdf(request, pk):
    _sensitive(request)
    run = _run(pk)
    return _pdf(
        "retreats/pdf/venue.html",
        {"run": run, "summary": reports.venue_summary(run)},
        f"venue-{run.cohort.start_date}.pdf",
    )


def arrivals(request, pk):
    run = _run(pk)
    return render(
        request,
        "retreats/staff/arrivals.html",
        {"run": run, "rows": reports.arrivals(run)},
    )


def check_in(request, pk):
    run = _run(pk)
    if request.method == "POST":
        registration = get_object_or_404(
            RetreatRegistration, pk=request.POST.get("registration") or 0, run=run
        )
        try:
            registration_check_in(registration_id=registration.pk)
        except RetreatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s is checked in.")
                % {"name": registration.trainee.display_name},
            )
        return redirect("retreats:check_in", run.pk)
    return render(
        request,
        "retreats/staff/check_in.html",
        {"run": run, "rows": reports.registrations(run)},
    )


def badges(request, pk):
    run = _run(pk)
    return _pdf(
        "retreats/pdf/badges.html",
        {"run": run, "rows": reports.registrations(run)},
        f"badges-{run.cohort.start_date}.pdf",
    )


@require_POST
def days_schedule(request, pk):
    run = _run(pk)
    sessions = run_days_schedule(run=run)
    messages.success(
        request, _("%(n)s retreat days are scheduled.") % {"n": len(sessions)}
    )
    return redirect("retreats:run", run.pk)


def attendance(request, pk, session_id):
    run = _run(pk)
    session = get_object_or_404(
        LiveSession, pk=session_id, cohort=run.cohort, kind=SessionKind.INTENSIVE
    )
    rows = [
        r
        for r in reports.registrations(run)
        if r.enrolment and r.enrolment.status in ("active", "completed")
    ]
    unpaid = [
        r
        for r in reports.registrations(run)
        if not r.enrolment or r.enrolment.status not in ("active", "completed")
    ]
    status = 200
    if request.method == "POST":
        present = set()
        for value in request.POST.getlist("present"):
            if not value.isdigit():
                return HttpResponse(_("Bad attendance value."), status=400)
            present.add(int(value))
        try:
            changed = day_attendance_save(
                session=session, present=present, by=request.user
            )
        except (RetreatError, AttendanceError) as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(
                request, _("Attendance saved (%(n)s changes).") % {"n": changed}
            )
            return redirect("retreats:attendance", run.pk, session.pk)
    current = dict(
        Attendance.objects.current()
        .filter(session=session)
        .values_list("enrolment_id", "status")
    )
    for r in rows:
        r.day_status = current.get(r.enrolment_id)
    return render(
        request,
        "retreats/staff/attendance.html",
        {
            "run": run,
            "session": session,
            "rows": rows,
            "unpaid": unpaid,
            "days": _days(run),
        },
        status=status,
    )


@require_POST
def message(request, pk):
    run = _run(pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            sent = run_message_send(
                run=run,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except RetreatError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Message sent to %(n)s people.") % {"n": sent.recipients}
            )
            return redirect("retreats:run", run.pk)
    else:
        messages.error(request, _("Please write a subject and a message."))
    return redirect("retreats:run", run.pk)


@require_POST
def certificates(request, pk):
    run = _run(pk)
    try:
        n = run_certificates_issue(run=run)
    except RetreatError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Certificates of completion are being issued to %(n)s participants.")
            % {"n": n},
        )
    return redirect("retreats:run", run.pk)


@require_POST
def staff_cancel(request, pk):
    run = _run(pk)
    registration = get_object_or_404(
        RetreatRegistration, pk=request.POST.get("registration") or 0, run=run
    )
    registration_cancel(registration_id=registration.pk)
    messages.success(request, _("The registration is cancelled."))
    return redirect("retreats:run", run.pk)


@require_POST
def transfer(request, pk):
    run = _run(pk)
    rooms = RoomType.objects.filter(
        run__page=run.page, run__cohort__start_date__gt=run.cohort.start_date
    )
    form = TransferForm(request.POST, rooms=rooms)
    if not form.is_valid():
        messages.error(request, _("Choose a room on a later run."))
        return redirect("retreats:run", run.pk)
    registration = get_object_or_404(
        RetreatRegistration, pk=form.cleaned_data["registration"], run=run
    )
    room = form.cleaned_data["room_type"]
    try:
        new = registration_transfer(
            registration_id=registration.pk, to_run_id=room.run_id, room_type_id=room.pk
        )
    except RetreatError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Transferred to %(run)s (%(status)s).")
            % {"run": new.run, "status": new.get_status_display()},
        )
    return redirect("retreats:run", run.pk)
