"""Trainee and mentor pages. A pair is visible to its two members (once staff
have published it) and to staff; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts.models import Enrolment
from kaptraining.credits.progress import program_progress

from .forms import (
    DisputeForm,
    MeetingForm,
    MentorProfileForm,
    PlanMeetingForm,
    PreferenceForm,
    RecommendationForm,
    RematchForm,
)
from .models import (
    MeetingStatus,
    MentorMeeting,
    MentorProfile,
    Pair,
    PairingRound,
    PairStatus,
    PlannedMeeting,
    Recommendation,
    RematchRequest,
    RematchStatus,
    RoundStatus,
    TraineePreference,
)
from .services import (
    STUDYING,
    MentorshipError,
    meeting_confirm,
    meeting_dispute,
    meeting_log,
    meeting_plan,
    meeting_plan_cancel,
    preference_save,
    recommendation_save,
    rematch_request,
)

VISIBLE = [PairStatus.ACTIVE, PairStatus.ENDED]


def _pairs_for(user):
    """Pairs the user belongs to and may see."""
    if user.is_staff:
        return Pair.objects.all()
    return Pair.objects.for_member(user).filter(status__in=VISIBLE)


@login_required
def home(request):
    user = request.user
    awaiting = Count(
        "meetings",
        filter=Q(meetings__status=MeetingStatus.AWAITING)
        & ~Q(meetings__logged_by=user),
        distinct=True,
    )
    pairs = (
        Pair.objects.filter(trainee=user, status__in=VISIBLE)
        .select_related("mentor__user", "round__cohort")
        .annotate(awaiting=awaiting)
    )
    mentees = (
        Pair.objects.filter(mentor__user=user, status__in=VISIBLE)
        .select_related("trainee", "round__cohort")
        .annotate(awaiting=awaiting)
        if user.is_mentor
        else Pair.objects.none()
    )
    cohort_ids = Enrolment.objects.filter(trainee=user, status__in=STUDYING).values(
        "cohort_id"
    )
    rounds = PairingRound.objects.filter(
        cohort_id__in=cohort_ids, status=RoundStatus.OPEN
    ).select_related("cohort")
    answered = set(
        TraineePreference.objects.filter(trainee=user, round__in=rounds).values_list(
            "round_id", flat=True
        )
    )
    profile = (
        MentorProfile.objects.filter(user=user).first() if user.is_mentor else None
    )
    return render(
        request,
        "mentorship/home.html",
        {
            "pairs": pairs,
            "mentees": mentees,
            "rounds": rounds,
            "answered": answered,
            "profile": profile,
        },
    )


@login_required
def preferences(request, round_id):
    cohort_ids = Enrolment.objects.filter(
        trainee=request.user, status__in=STUDYING
    ).values("cohort_id")
    round_ = get_object_or_404(
        PairingRound.objects.select_related("cohort"),
        pk=round_id,
        cohort_id__in=cohort_ids,
    )
    instance = TraineePreference.objects.filter(
        round=round_, trainee=request.user
    ).first()
    form = PreferenceForm(request.POST or None, instance=instance, trainee=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                preference_save(round_=round_, trainee=request.user, form=form)
            except MentorshipError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your preferences are saved; staff "
                        "will let you know your mentor."
                    ),
                )
                return redirect("mentorship:home")
        else:
            status = 400
    return render(
        request,
        "mentorship/preferences.html",
        {"form": form, "round": round_},
        status=status,
    )


@login_required
def profile(request):
    if not request.user.is_mentor:
        raise Http404
    instance = MentorProfile.objects.filter(user=request.user).first()
    initial = {}
    if instance is None:
        initial = {
            "profession": request.user.profession,
            "licence_type": request.user.licence_type,
            "licence_state": request.user.licence_state,
            "timezone": request.user.timezone,
        }
    form = MentorProfileForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            profile = form.save(commit=False)
            profile.user = request.user
            profile.save()
            form.save_m2m()
            messages.success(request, _("Your mentor profile is saved."))
            return redirect("mentorship:home")
        return render(request, "mentorship/profile.html", {"form": form}, status=400)
    return render(request, "mentorship/profile.html", {"form": form})


def _pair_context(request, pair, **forms):
    meetings = list(pair.meetings.select_related("logged_by", "confirmed_by"))
    is_mentor = pair.mentor.user_id == request.user.pk
    recommendation = Recommendation.objects.filter(pair=pair).first()
    mentee = {}
    if is_mentor:
        # The mentor's page is about the mentee: goals and progress.
        mentee = {
            "mentee_preference": TraineePreference.objects.filter(
                round_id=pair.round_id, trainee_id=pair.trainee_id
            )
            .prefetch_related("focus_areas")
            .first(),
            "mentee_progress": program_progress(
                trainee_id=pair.trainee_id, program=pair.round.cohort.program
            ),
        }
    # Upcoming meetings, planned or cancelled (a cancelled one stays as a
    # record); past ones drop off.
    planned = list(
        PlannedMeeting.objects.filter(pair=pair, starts_at__gt=timezone.now())
        .select_related("proposed_by", "cancelled_by")
        .order_by("starts_at", "pk")[:10]
    )
    return {
        **mentee,
        "pair": pair,
        "planned": planned,
        "plan_form": forms.get("plan_form") or PlanMeetingForm(),
        "meetings": meetings,
        "confirmed_minutes": sum(
            m.minutes for m in meetings if m.status == MeetingStatus.CONFIRMED
        ),
        "is_mentor": is_mentor,
        "is_member": pair.is_member(request.user),
        "open_rematch": RematchRequest.objects.filter(
            pair=pair, status=RematchStatus.OPEN
        ).first(),
        "recommendation": recommendation,
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
        "rematch_form": forms.get("rematch_form") or RematchForm(),
        "dispute_form": DisputeForm(),
        "recommendation_form": forms.get("recommendation_form")
        or RecommendationForm(instance=recommendation),
    }


def _get_pair(request, pk):
    return get_object_or_404(
        _pairs_for(request.user).select_related(
            "trainee", "mentor__user", "round__cohort__program"
        ),
        pk=pk,
    )


@login_required
def pair_detail(request, pk):
    return _render_pair(request, _get_pair(request, pk))


def _render_pair(request, pair, *, status=200, **forms):
    """The pair page, re-shown with a bound form or a message after a refusal."""
    return render(
        request,
        "mentorship/pair_detail.html",
        _pair_context(request, pair, **forms),
        status=status,
    )


def _member_pair(request, pk):
    pair = _get_pair(request, pk)
    if not pair.is_member(request.user):
        raise Http404
    return pair


@login_required
@require_POST
def log_meeting(request, pk):
    pair = _member_pair(request, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting_log(pair=pair, user=request.user, data=form.cleaned_data)
        except MentorshipError as exc:
            form.add_error(None, str(exc))
            return _render_pair(request, pair, status=409, meeting_form=form)
        messages.success(
            request, _("Meeting logged. We asked the other person to confirm it.")
        )
        return redirect("mentorship:pair", pair.pk)
    return _render_pair(request, pair, status=400, meeting_form=form)


def _member_meeting(request, pk):
    meeting = get_object_or_404(
        MentorMeeting.objects.select_related(
            "pair__mentor__user", "pair__trainee"
        ).filter(
            pair__in=Pair.objects.for_member(request.user).filter(status__in=VISIBLE)
        ),
        pk=pk,
    )
    return meeting


@login_required
@require_POST
def confirm_meeting(request, pk):
    meeting = _member_meeting(request, pk)
    try:
        meeting_confirm(meeting=meeting, user=request.user)
    except MentorshipError as exc:
        messages.error(request, str(exc))
        return _render_pair(request, meeting.pair, status=409)
    messages.success(
        request,
        _("Meeting confirmed. The minutes now count towards the mentorship hours."),
    )
    return redirect("mentorship:pair", meeting.pair_id)


@login_required
@require_POST
def dispute_meeting(request, pk):
    meeting = _member_meeting(request, pk)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please say what is wrong with this entry."))
        return _render_pair(request, meeting.pair, status=400)
    try:
        meeting_dispute(
            meeting=meeting, user=request.user, comment=form.cleaned_data["comment"]
        )
    except MentorshipError as exc:
        messages.error(request, str(exc))
        return _render_pair(request, meeting.pair, status=409)
    messages.info(
        request,
        _("Thank you. The meeting was marked as not confirmed; nothing was credited."),
    )
    return redirect("mentorship:pair", meeting.pair_id)


@login_required
@require_POST
def request_rematch(request, pk):
    pair = _member_pair(request, pk)
    form = RematchForm(request.POST)
    if form.is_valid():
        try:
            rematch_request(
                pair=pair, user=request.user, reason=form.cleaned_data["reason"]
            )
        except MentorshipError as exc:
            form.add_error(None, str(exc))
            return _render_pair(request, pair, status=409, rematch_form=form)
        messages.success(
            request, _("Your request was sent to staff. They will contact you.")
        )
        return redirect("mentorship:pair", pair.pk)
    return _render_pair(request, pair, status=400, rematch_form=form)


@login_required
@require_POST
def recommend(request, pk):
    pair = _member_pair(request, pk)
    if pair.mentor.user_id != request.user.pk:
        raise Http404
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            recommendation_save(pair=pair, user=request.user, **form.cleaned_data)
        except MentorshipError as exc:
            form.add_error(None, str(exc))
            return _render_pair(request, pair, status=409, recommendation_form=form)
        messages.success(request, _("Your recommendation is saved."))
        return redirect("mentorship:pair", pair.pk)
    return _render_pair(request, pair, status=400, recommendation_form=form)


@login_required
@require_POST
def plan_meeting(request, pk):
    pair = _member_pair(request, pk)
    form = PlanMeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting_plan(pair=pair, user=request.user, **form.cleaned_data)
        except MentorshipError as exc:
            form.add_error(None, str(exc))
            return _render_pair(request, pair, status=409, plan_form=form)
        messages.success(request, _("Meeting planned. We let the other person know."))
        return redirect("mentorship:pair", pair.pk)
    return _render_pair(request, pair, status=400, plan_form=form)


@login_required
@require_POST
def cancel_planned(request, pk):
    planned = get_object_or_404(
        PlannedMeeting.objects.select_related("pair").filter(
            pair__in=Pair.objects.for_member(request.user).filter(status__in=VISIBLE)
        ),
        pk=pk,
    )
    try:
        meeting_plan_cancel(planned=planned, user=request.user)
    except MentorshipError as exc:
        messages.error(request, str(exc))
        return _render_pair(request, _get_pair(request, planned.pair_id), status=409)
    messages.info(
        request, _("The meeting was cancelled; we let the other person know.")
    )
    return redirect("mentorship:pair", planned.pair_id)
