"""Writes of consent practice: submit, score, decide, purge recordings."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaptraining.core.categories import Category
from kaptraining.core.mail import mail_send
from kaptraining.core.uploads import MEDIA_CONTENT_TYPES, sniff_media
from kaptraining.credits.models import Source
from kaptraining.credits.services import ledger_credit

from .models import (
    ConsentAssessment,
    FeedbackNote,
    RecordingAccess,
    Review,
    Submission,
)


class PracticeError(Exception):
    """A request the rules refuse; the message is for the person."""


def may_assess(user, assessment: ConsentAssessment) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or assessment.assessors.filter(pk=user.pk).exists()


def may_open_recording(user, submission: Submission) -> bool:
    """The trainee, the assessment's assessors and staff; nobody else."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.pk == submission.trainee_id or may_assess(user, submission.assessment)


@transaction.atomic
def submission_create(
    *,
    assessment: ConsentAssessment,
    trainee,
    kind: str,
    colleague_confirmed: bool,
    recording=None,
    live_slot: datetime.datetime | None = None,
) -> Submission:
    """A new attempt: only while none is open and none has passed."""
    if not colleague_confirmed:
        raise PracticeError(
            _("Confirm that the role-play is with a colleague, never a client.")
        )
    if not assessment.is_open:
        raise PracticeError(_("This assessment is not taking submissions."))
    mine = Submission.objects.select_for_update().filter(
        assessment=assessment, trainee=trainee
    )
    if any(s.is_open for s in mine):
        raise PracticeError(_("Your last submission is still being assessed."))
    if any(s.status == Submission.Status.PASSED for s in mine):
        raise PracticeError(_("You have already passed this assessment."))
    if kind == Submission.Kind.RECORDING and not recording:
        raise PracticeError(_("Upload the recording of your role-play."))
    if kind == Submission.Kind.LIVE and live_slot is None:
        raise PracticeError(_("Choose a time for the live role-play."))
    submission = Submission(
        assessment=assessment,
        trainee=trainee,
        attempt=len(mine) + 1,
        kind=kind,
        colleague_confirmed=True,
        live_slot=live_slot if kind == Submission.Kind.LIVE else None,
    )
    if kind == Submission.Kind.RECORDING:
        submission.recording_type = MEDIA_CONTENT_TYPES.get(
            sniff_media(recording) or "", "application/octet-stream"
        )
        submission.recording.save(recording.name, recording, save=False)
    submission.save()
    return submission


def _scores(assessment: ConsentAssessment, levels: dict, comments: dict) -> dict:
    scores = {}
    for criterion in assessment.criteria():
        index = levels.get(criterion.id)
        options = criterion.value["levels"]
        if index is None or not 0 <= index < len(options):
            raise PracticeError(
                _("Choose a level for “%(criterion)s”.")
                % {"criterion": criterion.value["title"]}
            )
        scores[criterion.id] = {
            "level": index,
            "points": options[index]["points"],
            "comment": (comments.get(criterion.id) or "").strip()[:2000],
        }
    return scores


@transaction.atomic
def review_record(
    *,
    submission: Submission,
    assessor,
    levels: dict[str, int],
    comments: dict[str, str],
    comment: str = "",
    notes: list[tuple[int, str]] = (),  # type: ignore[assignment]
) -> Review:
    """One assessor's scores; decides the result unless a borderline first
    score calls for a second rater (the result is then the mean of both)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    assessment = submission.assessment
    if not may_assess(assessor, assessment) or assessor.pk == submission.trainee_id:
        raise PracticeError(_("You are not an assessor of this assessment."))
    if not submission.is_open:
        raise PracticeError(_("This submission already has its result."))
    if submission.reviews.filter(assessor=assessor).exists():
        raise PracticeError(
            _(
                "You have scored this submission; a second assessor gives "
                "the other score."
            )
        )
    scores = _scores(assessment, levels, comments)
    total = sum(s["points"] for s in scores.values())
    review = Review.objects.create(
        submission=submission,
        assessor=assessor,
        scores=scores,
        total=total,
        passed=total >= assessment.pass_threshold,
        comment=comment.strip()[:5000],
    )
    FeedbackNote.objects.bulk_create(
        FeedbackNote(review=review, at_seconds=at, text=text[:500])
        for at, text in notes
    )
    reviews = list(submission.reviews.all())
    margin = assessment.borderline_margin  # 0: no second rating
    borderline = margin > 0 and abs(total - assessment.pass_threshold) <= margin
    if len(reviews) == 1 and borderline:
        submission.status = Submission.Status.SECOND_RATING
        submission.save(update_fields=["status"])
        return review
    mean = Decimal(sum(r.total for r in reviews)) / len(reviews)
    _decide(submission, total=mean, by=assessor)
    return review


def _decide(submission: Submission, *, total: Decimal, by) -> None:
    assessment = submission.assessment
    passed = total >= assessment.pass_threshold
    submission.status = Submission.Status.PASSED if passed else Submission.Status.FAILED
    submission.total = total
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "total", "decided_at"])
    if passed:
        ledger_credit(
            trainee=submission.trainee,
            program=assessment.program,
            category=Category.CONSENT_PRACTICE,
            minutes=assessment.credited_minutes,
            source=Source.CONSENT_PRACTICE,
            source_id=submission.pk,
            description=_("Consent-conversation assessment passed: %(title)s")
            % {"title": assessment.title},
            rule=_("Assessed with the rubric (%(total)s of %(max)s points)")
            % {"total": total.normalize(), "max": assessment.max_points},
            approved_by=by,
        )
    mail_send(
        "practice_result",
        to=submission.trainee,
        context={"submission": submission, "passed": passed},
        key=f"practice-result-{submission.pk}",
    )


@transaction.atomic
def recording_access_log(*, submission: Submission, user) -> RecordingAccess:
    """Every opening of a recording is recorded, whoever opens it."""
    return RecordingAccess.objects.create(submission=submission, user=user)


@transaction.atomic
def recordings_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of recordings decided more than the retention period
    ago (the scores, feedback and access log stay); returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.KAP_PRACTICE_RETENTION_DAYS)
    due = (
        Submission.objects.select_for_update()
        .filter(decided_at__lt=cutoff, recording_deleted_at__isnull=True)
        .exclude(recording="")
    )
    count = 0
    for submission in due:
        submission.recording.delete(save=False)
        submission.recording_deleted_at = now
        submission.save(update_fields=["recording", "recording_deleted_at"])
        count += 1
    return count


def agreement(submission: Submission) -> dict | None:
    """Inter-rater agreement of a twice-rated submission (see the model)."""
    return submission.agreement()
