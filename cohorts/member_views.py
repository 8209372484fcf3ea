"""Views for cohort members: the cohort page, discussion board, calendars."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaptraining.notifications.models import Follow
from kaptraining.notifications.services import follow_set

from . import ical
from .community import (
    CommunityError,
    can_manage,
    is_member,
    post_hide,
    post_reply,
    thread_moderate,
    thread_start,
    thread_topic,
)
from .forms import HidePostForm, ReplyForm, ThreadForm
from .models import (
    Attendance,
    CalendarToken,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
    Post,
    Thread,
)


def _member_cohort(request, pk) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    if not is_member(request.user, cohort):
        raise Http404
    return cohort


@login_required
def home(request, pk):
    """Sessions (in the viewer's time zone), the viewer's own attendance and
    credit, announcements and the way into the discussion board."""
    cohort = _member_cohort(request, pk)
    enrolment = Enrolment.objects.filter(cohort=cohort, trainee=request.user).first()
    own = {}
    if enrolment is not None:
        own = {
            a.session_id: a
            for a in Attendance.objects.current().filter(enrolment=enrolment)
        }
    sessions = list(cohort.sessions.select_related("facilitator"))
    for s in sessions:
        s.my_attendance = own.get(s.pk)
    now = timezone.now()
    token = CalendarToken.objects.filter(user=request.user).first()
    return render(
        request,
        "cohorts/home.html",
        {
            "cohort": cohort,
            "enrolment": enrolment,
            "upcoming": [s for s in sessions if s.ends_at > now],
            "past": [s for s in sessions if s.ends_at <= now][::-1],
            "announcements": cohort.announcements.select_related("author")[:10],
            "manager": can_manage(request.user, cohort),
            "token": token,
            "credited_minutes": sum(a.credited_minutes for a in own.values()),
        },
    )


@login_required
def discussion(request, pk):
    cohort = _member_cohort(request, pk)
    manager = can_manage(request.user, cohort)
    threads = cohort.threads.select_related("author", "session").annotate(
        replies=Count("posts", filter=Q(posts__is_hidden=False))
    )
    if not manager:
        threads = threads.filter(is_hidden=False)
    form = ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            thread = thread_start(
                cohort=cohort, author=request.user, **form.cleaned_data
            )
            return redirect("cohorts:thread", thread.pk)
        status = 400
    return render(
        request,
        "cohorts/discussion.html",
        {"cohort": cohort, "threads": threads, "form": form, "manager": manager},
        status=status,
    )


def _thread(request, pk) -> tuple[Thread, bool]:
    thread = get_object_or_404(Thread.objects.select_related("cohort", "author"), pk=pk)
    if not is_member(request.user, thread.cohort):
        raise Http404
    manager = can_manage(request.user, thread.cohort)
    if thread.is_hidden and not manager:
        raise Http404
    return thread, manager


@login_required
def thread_detail(request, pk):
    thread, manager = _thread(request, pk)
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                post_reply(
                    thread_id=thread.pk,
                    author=request.user,
                    body=form.cleaned_data["body"],
                )
            except CommunityError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                return redirect(reverse("cohorts:thread", args=[thread.pk]) + "#latest")
        else:
            status = 400
    posts = thread.posts.select_related("author", "hidden_by")
    return render(
        request,
        "cohorts/thread.html",
        {
            "following": Follow.objects.filter(
                user=request.user, topic=thread_topic(thread.pk)
            ).exists(),
            "thread": thread,
            "cohort": thread.cohort,
            "posts": posts,
            "form": form,
            "manager": manager,
            "hide_form": HidePostForm(),
        },
        status=status,
    )


@login_required
@require_POST
def thread_moderate_view(request, pk, action):
    thread, manager = _thread(request, pk)
    if not manager:
        raise Http404
    try:
        thread_moderate(thread_id=thread.pk, action=action)
    except CommunityError as exc:
        messages.error(request, str(exc))
        return redirect("cohorts:thread", thread.pk)
    messages.success(request, _("Discussion updated."))
    return redirect("cohorts:thread", thread.pk)


@login_required
@require_POST
def post_hide_view(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__cohort"), pk=pk)
    if not can_manage(request.user, post.thread.cohort):
        raise Http404
    form = HidePostForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for hiding the post."))
        return redirect("cohorts:thread", post.thread_id)
    post_hide(post_id=post.pk, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("The post is hidden from trainees."))
    return redirect("cohorts:thread", post.thread_id)


# --- calendars --------------------------------------------------------------


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def cohort_calendar(request, pk):
    """Public schedule of a published cohort: times and places, no meeting links."""
    cohort = get_object_or_404(Cohort.objects.exclude(status=CohortStatus.DRAFT), pk=pk)
    sessions = cohort.sessions.select_related("facilitator")
    return _ics(
        ical.feed(sessions, name=cohort.name, private=False), f"cohort-{cohort.pk}.ics"
    )


def trainee_calendar(request, token):
    """Private feed by secret URL (calendar apps cannot sign in): every session
    of the cohorts the token's owner studies in or trains."""
    owner = get_object_or_404(
        CalendarToken.objects.select_related("user"), token=token
    ).user
    if not owner.is_active:
        raise Http404
    sessions = (
        LiveSession.objects.filter(
            Q(
                cohort__enrolments__trainee=owner,
                cohort__enrolments__status__in=[
                    EnrolmentStatus.ACTIVE,
                    EnrolmentStatus.COMPLETED,
                    EnrolmentStatus.PENDING_PAYMENT,
                ],
            )
            | Q(cohort__trainers=owner)
        )
        .distinct()
        .select_related("facilitator")
    )
    # A reserved place shows the schedule; the join links come with payment.
    studying = Enrolment.objects.filter(
        trainee=owner,
        status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED],
    ).values_list("cohort_id", flat=True)
    trained = Cohort.objects.filter(trainers=owner).values_list("pk", flat=True)
    return _ics(
        ical.feed(
            sessions,
            name=_("My KAP training sessions"),
            private=True,
            link_cohorts={*studying, *trained},
        ),
        "my-sessions.ics",
    )


@login_required
@require_POST
def calendar_token_reset(request):
    """Create the private feed URL, or replace it (the old one stops working)."""
    CalendarToken.objects.filter(user=request.user).delete()
    CalendarToken.objects.create(user=request.user)
    messages.success(
        request,
        _("Your private calendar link is ready. Any older link no longer works."),
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("dashboard")
    return redirect(target)


@login_required
@require_POST
def thread_follow(request, pk):
    """Follow a thread (hear of replies) or stop following it."""
    thread, _manager = _thread(request, pk)
    following = request.POST.get("follow") == "1"
    follow_set(user=request.user, topic=thread_topic(thread.pk), following=following)
    messages.success(
        request,
        _("You follow this discussion: replies reach your notifications.")
        if following
        else _("You no longer follow this discussion."),
    )
    return redirect("cohorts:thread", thread.pk)
