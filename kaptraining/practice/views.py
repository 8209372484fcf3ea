"""The trainee's and the assessor's pages of consent practice. Every view
checks whose record it is (routes.py only requires a signed-in member)."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cohorts.models import Enrolment, EnrolmentStatus
from kaptraining.core.private_media import private_file_response

from .forms import ReviewForm, SubmissionForm
from .models import ConsentAssessment, Submission
from .services import (
    PracticeError,
    agreement,
    may_assess,
    may_open_recording,
    recording_access_log,
    review_record,
    submission_create,
)


def _my_assessments(user):
    programs = Enrolment.objects.filter(
        trainee=user, status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED]
    ).values("cohort__program")
    return ConsentAssessment.objects.filter(program__in=programs)


def home(request):
    """The trainee's assessments and attempts; the assessor's queue link."""
    assessments = list(_my_assessments(request.user).filter(is_open=True))
    submissions = list(
        Submission.objects.filter(trainee=request.user).select_related("assessment")
    )
    for assessment in assessments:
        mine = [s for s in submissions if s.assessment_id == assessment.pk]
        assessment.mine = mine
        assessment.can_submit = not any(
            s.is_open or s.status == Submission.Status.PASSED for s in mine
        )
    assessor = (
        request.user.is_staff
        or ConsentAssessment.objects.filter(assessors=request.user).exists()
    )
    return render(
        request,
        "practice/home.html",
        {"assessments": assessments, "is_assessor": assessor},
    )


def submit(request, pk):
    assessment = get_object_or_404(_my_assessments(request.user), pk=pk, is_open=True)
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = submission_create(
                assessment=assessment,
                trainee=request.user,
                kind=form.cleaned_data["kind"],
                colleague_confirmed=form.cleaned_data["colleague_confirmed"],
                recording=form.cleaned_data.get("recording"),
                live_slot=form.cleaned_data.get("live_slot"),
            )
        except PracticeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your role-play was sent to the assessors."))
            return redirect("practice:submission", submission.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "practice/submit.html",
        {"assessment": assessment, "form": form},
        status=status,
    )


def _visible_submission(request, pk) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("assessment", "trainee"), pk=pk
    )
    if not may_open_recording(request.user, submission):
        raise Http404
    return submission


def submission_detail(request, pk):
    """The scenario, the result, and the rubric with each assessor's levels,
    comments and time-stamped notes (the trainee sees them once decided)."""
    submission = _visible_submission(request, pk)
    is_trainee = request.user.pk == submission.trainee_id
    reviewer = may_assess(request.user, submission.assessment) and not is_trainee
    show_scores = reviewer or not submission.is_open
    reviews = list(
        submission.reviews.prefetch_related("notes").select_related("assessor")
    )
    rubric = []
    for criterion in submission.assessment.criteria():
        rubric.append(
            {
                "title": criterion.value["title"],
                "description": criterion.value["description"],
                "levels": criterion.value["levels"],
                "scores": [
                    (review, review.scores.get(criterion.id)) for review in reviews
                ]
                if show_scores
                else [],
            }
        )
    can_resubmit = (
        is_trainee
        and submission.status == Submission.Status.FAILED
        and not Submission.objects.filter(
            assessment=submission.assessment,
            trainee=submission.trainee,
            attempt__gt=submission.attempt,
        ).exists()
    )
    return render(
        request,
        "practice/submission.html",
        {
            "submission": submission,
            "assessment": submission.assessment,
            "rubric": rubric,
            "reviews": reviews if show_scores else [],
            "is_trainee": is_trainee,
            "may_review": reviewer
            and submission.is_open
            and not any(r.assessor_id == request.user.pk for r in reviews),
            "agreement": agreement(submission) if request.user.is_staff else None,
            "can_resubmit": can_resubmit,
        },
    )


def recording(request, pk):
    """The recording, to the trainee, the assessors and staff only; logged."""
    submission = _visible_submission(request, pk)
    if not submission.recording:
        raise Http404
    recording_access_log(submission=submission, user=request.user)
    return private_file_response(
        request, submission.recording, content_type=submission.recording_type
    )


def review(request, pk):
    submission = get_object_or_404(
        Submission.objects.select_related("assessment"), pk=pk
    )
    if not may_assess(request.user, submission.assessment) or (
        request.user.pk == submission.trainee_id
    ):
        raise Http404
    form = ReviewForm(request.POST or None, assessment=submission.assessment)
    if request.method == "POST" and form.is_valid():
        try:
            review_record(
                submission=submission,
                assessor=request.user,
                levels=form.levels(),
                comments=form.comments(),
                comment=form.cleaned_data["comment"],
                notes=form.cleaned_data["notes"],
            )
        except PracticeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your scores were recorded."))
            return redirect("practice:submission", submission.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "practice/review.html",
        {"submission": submission, "assessment": submission.assessment, "form": form},
        status=status,
    )


def queue(request):
    """Submissions waiting for this assessor's scores."""
    assessments = ConsentAssessment.objects.all()
    if not request.user.is_staff:
        assessments = assessments.filter(assessors=request.user)
    waiting = (
        Submission.objects.filter(
            assessment__in=assessments,
            status__in=[Submission.Status.AWAITING, Submission.Status.SECOND_RATING],
        )
        .exclude(Q(trainee=request.user) | Q(reviews__assessor=request.user))
        .select_related("assessment", "trainee")
        .order_by("submitted_at")
    )
    return render(request, "practice/queue.html", {"waiting": waiting})
