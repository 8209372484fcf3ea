"""Trainer tools. Every view resolves the cohort through visible_to_manager:
a trainer reaches only their own cohorts (404 otherwise), staff reach all."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaptraining.core.csv import csv_response
from kaptraining.credits.transcripts import cohort_transcript_csv

from .attendance import AttendanceError, attendance_save, default_rule
from .community import announcement_post
from .forms import (
    AnnouncementForm,
    AttendanceForm,
    CancelSessionForm,
    CsvUploadForm,
    ImportReviewForm,
    RosterImportForm,
    SessionForm,
)
from .live import (
    SessionError,
    live_session_cancel,
    live_session_schedule,
    live_session_update,
)
from .meeting_import import (
    ImportFileError,
    attendance_import_apply,
    attendance_import_create,
)
from .models import (
    Attendance,
    AttendanceImport,
    AttendanceMarking,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
    MarkingStatus,
)
from .roster import cohort_roster, roster_csv, roster_import


def _cohort(request, pk) -> Cohort:
    return get_object_or_404(
        Cohort.objects.visible_to_manager(request.user).select_related("program"), pk=pk
    )


def _session(request, pk) -> LiveSession:
    return get_object_or_404(
        LiveSession.objects.filter(
            cohort__in=Cohort.objects.visible_to_manager(request.user)
        ).select_related("cohort__program", "facilitator"),
        pk=pk,
    )


@login_required
def manage(request, pk):
    return _manage_page(request, _cohort(request, pk), AnnouncementForm())


ROSTER_SORTS = {
    "name": lambda r: (r.trainee.last_name.lower(), r.trainee.first_name.lower()),
    "hours": lambda r: r.progress.counted_minutes if r.progress else -1,
    "risk": lambda r: (not r.at_risk, r.trainee.last_name.lower()),
    "attendance": lambda r: (r.attended, -r.absent),
}


def _roster_view(rows, summary, params) -> tuple[list, dict]:
    """The roster as the trainer asked for it: filtered (at risk, short in a
    category, a registered column's state such as payment) and sorted."""
    state = {
        "at_risk": params.get("filter") == "at_risk",
        "short": params.get("short", ""),
        "sort": params.get("sort", "name"),
        "column_filters": {},
    }
    if state["at_risk"]:
        rows = [r for r in rows if r.at_risk]
    categories = [c for c, _label in summary["categories"]]
    if state["short"] in categories:
        rows = [
            r
            for r in rows
            if r.progress
            and any(
                c.category == state["short"] and not c.met
                for c in r.progress.categories
            )
        ]
    else:
        state["short"] = ""
    for column in summary["columns"]:
        wanted = params.get(column.key, "")
        if column.filters and wanted in dict(column.filters):
            state["column_filters"][column.key] = wanted
            rows = [
                r for r in rows if column.cell(r.enrolment.pk).get("filter") == wanted
            ]
    key = state["sort"].lstrip("-")
    if key not in ROSTER_SORTS:
        key, state["sort"] = "name", "name"
    rows = sorted(rows, key=ROSTER_SORTS[key], reverse=state["sort"].startswith("-"))
    state["filtered"] = bool(
        state["at_risk"] or state["short"] or state["column_filters"]
    )
    return rows, state


def _manage_page(request, cohort, announcement_form, status=200):
    all_rows, summary = cohort_roster(cohort)
    rows, roster_state = _roster_view(all_rows, summary, request.GET)
    sessions = list(cohort.sessions.select_related("facilitator"))
    now = timezone.now()
    return render(
        request,
        "cohorts/manage.html",
        {
            "cohort": cohort,
            "rows": rows,
            "all_rows": all_rows,
            "roster_state": roster_state,
            "summary": summary,
            "upcoming": [s for s in sessions if s.ends_at > now],
            "past": [s for s in sessions if s.ends_at <= now][::-1],
            "announcement_form": announcement_form,
        },
        status=status,
    )


@login_required
def roster_export(request, pk):
    cohort = _cohort(request, pk)
    return csv_response(f"roster-cohort-{cohort.pk}.csv", roster_csv(cohort))


@login_required
def cohort_transcript(request, cohort_id):
    """Every trainee's counted hours as CSV (credits builds it from the
    cohort's enrolments); for the cohort's trainers and staff."""
    cohort = _cohort(request, cohort_id)
    enrolments = cohort.enrolments.select_related("trainee").order_by(
        "trainee__last_name", "trainee__email"
    )
    return csv_response(
        f"cohort-{cohort.pk}-transcript.csv",
        cohort_transcript_csv(program=cohort.program, enrolments=enrolments),
    )


@login_required
def roster_import_view(request, pk):
    cohort = _cohort(request, pk)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitations = roster_import(
                    cohort_id=cohort.pk,
                    data=form.cleaned_data["file"].read(),
                    activate=form.cleaned_data["activate"],
                    by=request.user,
                )
            except ImportFileError as exc:
                errors, status = exc.errors, 400
            else:
                messages.success(
                    request,
                    _(
                        "%(n)s invitations sent. Each person joins %(cohort)s when "
                        "they accept."
                    )
                    % {"n": len(invitations), "cohort": cohort},
                )
                return redirect("cohorts:roster_import", cohort.pk)
        else:
            status = 400
    return render(
        request,
        "cohorts/roster_import.html",
        {
            "cohort": cohort,
            "form": form,
            "errors": errors,
            "invitations": cohort.invitations.all()[:200],
        },
        status=status,
    )


@login_required
def session_edit(request, pk, session_id=None):
    cohort = _cohort(request, pk)
    session = (
        get_object_or_404(LiveSession, pk=session_id, cohort=cohort)
        if session_id
        else None
    )
    form = SessionForm(request.POST or None, instance=session, cohort=cohort)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if session is None:
                    session = live_session_schedule(cohort=cohort, **data)
                    messages.success(request, _("Session scheduled."))
                else:
                    session = live_session_update(session_id=session.pk, **data)
                    messages.success(
                        request,
                        _("Session updated; calendars will pick up the change."),
                    )
            except SessionError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                return redirect("cohorts:manage", cohort.pk)
        else:
            status = 400
    return render(
        request,
        "cohorts/session_form.html",
        {
            "cohort": cohort,
            "form": form,
            "session": session,
            "cancel_form": CancelSessionForm() if session else None,
        },
        status=status,
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = _session(request, pk)
    form = CancelSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for cancelling the session."))
        return redirect("cohorts:session_edit", session.cohort_id, session.pk)
    try:
        live_session_cancel(session_id=session.pk, reason=form.cleaned_data["reason"])
    except SessionError as exc:
        messages.error(request, str(exc))
        return redirect("cohorts:session_edit", session.cohort_id, session.pk)
    messages.success(
        request, _("Session cancelled; calendars will show it as cancelled.")
    )
    return redirect("cohorts:manage", session.cohort_id)


def _studying(session):
    return list(
        Enrolment.objects.filter(
            cohort_id=session.cohort_id,
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED],
        )
        .select_related("trainee")
        .order_by("trainee__last_name", "trainee__first_name", "trainee__email")
    )


@login_required
def attendance(request, pk):
    session = _session(request, pk)
    enrolments = _studying(session)
    current = {
        a.enrolment_id: a
        for a in Attendance.objects.current()
        .filter(session=session)
        .select_related("ledger_entry")
    }
    form = AttendanceForm(
        request.POST or None, session=session, enrolments=enrolments, current=current
    )
    status = 200
    if request.method == "POST":
        if session.starts_at > timezone.now():
            form.add_error(
                None, _("Attendance can be recorded once the session has started.")
            )
            status = 400
        elif form.is_valid():
            marks = form.marks()
            if form.errors:
                status = 400
            else:
                try:
                    changed, marking = attendance_save(
                        session=session, marks=marks, by=request.user
                    )
                except AttendanceError as exc:
                    for error in exc.errors:
                        form.add_error(None, error)
                    status = 400
                else:
                    if marking is not None:
                        return redirect("cohorts:attendance_marking", marking.pk)
                    messages.success(
                        request,
                        _("Attendance saved: %(n)s changes recorded.") % {"n": changed},
                    )
                    return redirect("cohorts:attendance", session.pk)
        else:
            status = 400
    return render(
        request,
        "cohorts/attendance.html",
        {
            "session": session,
            "cohort": session.cohort,
            "form": form,
            "rule": default_rule(session.cohort.program),
            "upload_form": CsvUploadForm(),
            "markings_running": list(
                session.markings.filter(
                    status__in=[MarkingStatus.QUEUED, MarkingStatus.RUNNING]
                )
            ),
        },
        status=status,
    )


@login_required
def attendance_marking(request, pk):
    """Progress of a queued marking, for the cohort's trainers and staff."""
    marking = get_object_or_404(
        AttendanceMarking.objects.filter(
            session__cohort__in=Cohort.objects.visible_to_manager(request.user)
        ).select_related("session__cohort", "requested_by", "attendance_import"),
        pk=pk,
    )
    return render(
        request,
        "cohorts/attendance_progress.html",
        {"marking": marking, "session": marking.session},
    )


@login_required
def attendance_upload(request, pk):
    session = _session(request, pk)
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imp = attendance_import_create(
                    session=session,
                    data=upload.read(),
                    filename=upload.name,
                    by=request.user,
                )
            except ImportFileError as exc:
                errors, status = exc.errors, 400
            else:
                return redirect("cohorts:attendance_review", imp.pk)
        else:
            status = 400
    return render(
        request,
        "cohorts/attendance_upload.html",
        {"session": session, "cohort": session.cohort, "form": form, "errors": errors},
        status=status,
    )


@login_required
def attendance_review(request, pk):
    imp = get_object_or_404(
        AttendanceImport.objects.filter(
            session__cohort__in=Cohort.objects.visible_to_manager(request.user)
        ).select_related("session__cohort__program"),
        pk=pk,
    )
    session = imp.session
    enrolments = _studying(session)
    form = ImportReviewForm(request.POST or None, imp=imp, enrolments=enrolments)
    errors, status = [], 200
    if request.method == "POST" and imp.applied_at is None:
        if form.is_valid():
            try:
                n = attendance_import_apply(
                    import_id=imp.pk, assignments=form.assignments(), by=request.user
                )
            except (ImportFileError, AttendanceError) as exc:
                errors = getattr(exc, "errors", [str(exc)])
                status = 400
            else:
                marking = AttendanceMarking.objects.filter(attendance_import=imp)
                if marking := marking.first():
                    return redirect("cohorts:attendance_marking", marking.pk)
                messages.success(
                    request, _("Attendance imported for %(n)s trainees.") % {"n": n}
                )
                return redirect("cohorts:attendance", session.pk)
        else:
            status = 400
    matched = {row["enrolment_id"] for row in imp.rows if row["enrolment_id"]}
    return render(
        request,
        "cohorts/attendance_review.html",
        {
            "imp": imp,
            "session": session,
            "cohort": session.cohort,
            "form": form,
            "errors": errors,
            "without_rows": [e for e in enrolments if e.pk not in matched],
        },
        status=status,
    )


@login_required
@require_POST
def announce(request, pk):
    cohort = _cohort(request, pk)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, cohort, form, status=400)
    announcement_post(cohort=cohort, author=request.user, **form.cleaned_data)
    messages.success(
        request, _("Announcement posted and being e-mailed to the cohort.")
    )
    return redirect("cohorts:manage", cohort.pk)
