"""After pairing: re-match requests, meetings confirmed by both sides (and
credited), recommendations."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaptraining.core.categories import Category
from kaptraining.core.identifiers import find_identifiers, identifier_message
from kaptraining.core.mail import mail_send
from kaptraining.credits.models import Source
from kaptraining.credits.services import ledger_credit
from kaptraining.notifications.services import notification_create

from ..models import (
    MeetingStatus,
    MentorMeeting,
    Pair,
    PairStatus,
    PlannedMeeting,
    PlannedStatus,
    Recommendation,
    RematchRequest,
    RematchStatus,
)
from .common import (
    MentorshipError,
    _pair_url,
)

# --- re-match requests -----------------------------------------------------------


@transaction.atomic
def rematch_request(*, pair: Pair, user, reason: str) -> RematchRequest:
    """Either side asks staff for a different pairing, with a reason."""
    if not pair.is_member(user):
        raise MentorshipError(
            _("Only the trainee or the mentor of this pair can ask for a re-match.")
        )
    if pair.status != PairStatus.ACTIVE:
        raise MentorshipError(_("Only an active pair can be re-matched."))
    if not reason.strip():
        raise MentorshipError(
            _("Please give a reason so that staff can find a better match.")
        )
    if RematchRequest.objects.filter(pair=pair, status=RematchStatus.OPEN).exists():
        raise MentorshipError(
            _("A re-match request for this pair is already with staff.")
        )
    request = RematchRequest.objects.create(
        pair=pair, requested_by=user, reason=reason.strip()[:1000]
    )
    mail_send(
        "mentor_rematch_requested",
        to=settings.STAFF_NOTIFICATION_EMAIL,
        context={"request": request},
        key=f"mentor-rematch-requested:{request.pk}",
    )
    return request


@transaction.atomic
def rematch_handle(
    *, request: RematchRequest, by, grant: bool, note: str = ""
) -> RematchRequest:
    """Staff grant (the pair ends; the next run pairs the trainee with someone
    else) or decline a re-match request."""
    request = (
        RematchRequest.objects.select_for_update()
        .select_related("pair")
        .get(pk=request.pk)
    )
    if request.status != RematchStatus.OPEN:
        raise MentorshipError(_("This request has already been handled."))
    request.status = RematchStatus.GRANTED if grant else RematchStatus.DECLINED
    request.handled_by = by
    request.handled_at = timezone.now()
    request.staff_note = note.strip()[:500]
    request.save(update_fields=["status", "handled_by", "handled_at", "staff_note"])
    if grant:
        pair = Pair.objects.select_for_update().get(pk=request.pair_id)
        pair.status = PairStatus.ENDED
        pair.ended_at = timezone.now()
        pair.end_reason = f"Re-match: {request.reason}"[:300]
        pair.save(update_fields=["status", "ended_at", "end_reason"])
    return request


# --- meetings ------------------------------------------------------------------


@transaction.atomic
def meeting_log(*, pair: Pair, user, data: dict) -> MentorMeeting:
    """Either side logs a meeting; the other side is asked to confirm it."""
    if not pair.is_member(user):
        raise MentorshipError(
            _("Only the trainee or the mentor of this pair can log meetings.")
        )
    if pair.status != PairStatus.ACTIVE:
        raise MentorshipError(_("Meetings can be logged for active pairs only."))
    if data["met_on"] > timezone.localdate():
        raise MentorshipError(_("The meeting date cannot be in the future."))
    findings = find_identifiers(data.get("topics", ""))
    if findings:
        raise MentorshipError(identifier_message(findings))
    meeting = MentorMeeting.objects.create(
        pair=pair,
        logged_by=user,
        met_on=data["met_on"],
        minutes=data["minutes"],
        format=data["format"],
        topics=data["topics"],
    )
    other = pair.mentor.user if user.pk == pair.trainee_id else pair.trainee
    mail_send(
        "mentor_meeting_confirm",
        to=other,
        context={
            "meeting": meeting,
            "name": other.display_name,
            "by": user.display_name,
            "url": _pair_url(pair),
        },
        key=f"mentor-meeting-confirm:{meeting.pk}",
    )
    notification_create(
        user=other,
        kind="meeting_to_confirm",
        event_key=f"mentor-meeting-confirm:{meeting.pk}",
        title=gettext_lazy("%(name)s logged a meeting on %(date)s: please confirm it."),
        title_params={"name": user.display_name, "date": date_format(meeting.met_on)},
        url=reverse("mentorship:pair", args=[pair.pk]),
        mailed_by_caller=True,
    )
    return meeting


# --- planned meetings ------------------------------------------------------------


def _other_side(pair: Pair, user):
    return pair.mentor.user if user.pk == pair.trainee_id else pair.trainee


@transaction.atomic
def meeting_plan(
    *, pair: Pair, user, starts_at, format: str, note: str = ""
) -> PlannedMeeting:
    """Either side proposes a date and time; the other is notified once."""
    if not pair.is_member(user):
        raise MentorshipError(
            _("Only the trainee or the mentor of this pair can plan meetings.")
        )
    if pair.status != PairStatus.ACTIVE:
        raise MentorshipError(_("Meetings can be planned for active pairs only."))
    if starts_at <= timezone.now():
        raise MentorshipError(_("Choose a date and time in the future."))
    findings = find_identifiers(note)
    if findings:
        raise MentorshipError(identifier_message(findings))
    planned = PlannedMeeting.objects.create(
        pair=pair,
        proposed_by=user,
        starts_at=starts_at,
        format=format,
        note=note.strip()[:300],
    )
    other = _other_side(pair, user)
    notification_create(
        user=other,
        kind="meeting_planned",
        event_key=f"mentor-meeting-planned:{planned.pk}",
        title=gettext_lazy("%(name)s planned a meeting for %(when)s (%(format)s)."),
        title_params={
            "name": user.display_name,
            "when": date_format(timezone.localtime(starts_at), "DATETIME_FORMAT"),
            "format": planned.get_format_display(),
        },
        url=reverse("mentorship:pair", args=[pair.pk]),
    )
    return planned


@transaction.atomic
def meeting_plan_cancel(*, planned: PlannedMeeting, user) -> PlannedMeeting:
    """Either side cancels a planned meeting; the row stays as a record and
    the other side is notified once."""
    planned = (
        PlannedMeeting.objects.select_for_update()
        .select_related("pair__trainee", "pair__mentor__user")
        .get(pk=planned.pk)
    )
    if not planned.pair.is_member(user):
        raise MentorshipError(
            _("Only the trainee or the mentor of this pair can cancel it.")
        )
    if planned.status != PlannedStatus.PLANNED:
        raise MentorshipError(_("This meeting was already cancelled."))
    if planned.starts_at <= timezone.now():
        raise MentorshipError(_("This meeting is in the past; log it instead."))
    planned.status = PlannedStatus.CANCELLED
    planned.cancelled_by = user
    planned.cancelled_at = timezone.now()
    planned.save(update_fields=["status", "cancelled_by", "cancelled_at"])
    notification_create(
        user=_other_side(planned.pair, user),
        kind="meeting_planned",
        event_key=f"mentor-meeting-cancelled:{planned.pk}",
        title=gettext_lazy("%(name)s cancelled the meeting planned for %(when)s."),
        title_params={
            "name": user.display_name,
            "when": date_format(
                timezone.localtime(planned.starts_at), "DATETIME_FORMAT"
            ),
        },
        url=reverse("mentorship:pair", args=[planned.pair_id]),
    )
    return planned


def _respond(*, meeting: MentorMeeting, user) -> MentorMeeting:
    meeting = (
        MentorMeeting.objects.select_for_update()
        .select_related(
            "pair__trainee", "pair__mentor__user", "pair__round__cohort__program"
        )
        .get(pk=meeting.pk)
    )
    if not meeting.pair.is_member(user) or meeting.logged_by_id == user.pk:
        raise MentorshipError(
            _("Only the other person in the pair can confirm this meeting.")
        )
    if meeting.status != MeetingStatus.AWAITING:
        raise MentorshipError(_("This meeting has already been answered."))
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: MentorMeeting, user) -> MentorMeeting:
    """The other side confirms; the minutes are credited once, as mentorship."""
    meeting = _respond(meeting=meeting, user=user)
    meeting.status = MeetingStatus.CONFIRMED
    meeting.confirmed_by = user
    meeting.responded_at = timezone.now()
    meeting.save(update_fields=["status", "confirmed_by", "responded_at"])
    pair = meeting.pair
    ledger_credit(
        trainee=pair.trainee,
        program=pair.round.cohort.program,
        category=Category.MENTORSHIP,
        minutes=meeting.minutes,
        source=Source.MENTORSHIP,
        source_id=meeting.pk,
        description=(
            f"Mentorship meeting with {pair.mentor.user.display_name} "
            f"({meeting.get_format_display().lower()})"
        ),
        rule=(
            f"meeting {meeting.pk} logged by user "
            f"{meeting.logged_by_id}, confirmed by user {user.pk}"
        ),
        # The mentor vouches for the meeting (by logging or by confirming it);
        # the trainee is never the approver of their own hours.
        approved_by=pair.mentor.user,
        earned_on=meeting.met_on,
    )
    return meeting


@transaction.atomic
def meeting_dispute(*, meeting: MentorMeeting, user, comment: str) -> MentorMeeting:
    """The other side says the meeting did not happen as logged; nothing is credited."""
    if not comment.strip():
        raise MentorshipError(_("Please say what is wrong with this entry."))
    meeting = _respond(meeting=meeting, user=user)
    meeting.status = MeetingStatus.DISPUTED
    meeting.responded_at = timezone.now()
    meeting.response_comment = comment.strip()[:500]
    meeting.save(update_fields=["status", "responded_at", "response_comment"])
    return meeting


# --- recommendation --------------------------------------------------------------


@transaction.atomic
def recommendation_save(
    *, pair: Pair, user, recommendation: str, statement: str
) -> Recommendation:
    """The mentor's end-of-program recommendation; edits are audit-logged."""
    if pair.mentor.user_id != user.pk:
        raise MentorshipError(_("Only the mentor can write the recommendation."))
    if pair.status not in (PairStatus.ACTIVE, PairStatus.ENDED):
        raise MentorshipError(
            _("A recommendation can be written once the pairing has started.")
        )
    findings = find_identifiers(statement)
    if findings:
        raise MentorshipError(identifier_message(findings))
    rec, _created = Recommendation.objects.update_or_create(
        pair=pair,
        defaults={"recommendation": recommendation, "statement": statement.strip()},
    )
    return rec
