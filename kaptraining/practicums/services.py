"""Practicum writes: placements, session logs, sign-off and the ledger credit."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Cohort, Enrolment, EnrolmentStatus
from kaptraining.accounts.models import User
from kaptraining.accounts.relationships import may_decide_for_trainee
from kaptraining.core.categories import Category
from kaptraining.core.identifiers import find_identifiers, identifier_message
from kaptraining.core.mail import mail_send
from kaptraining.core.urls import absolute_url
from kaptraining.credits.models import Source
from kaptraining.credits.services import ledger_credit
from kaptraining.notifications.services import notification_create

from .models import (
    ExternalSupervisor,
    LogStatus,
    Placement,
    PlacementStatus,
    PracticumLog,
    PracticumSite,
    SiteCapacity,
)

SIGNOFF_SALT = "kaptraining.practicums.signoff"
# How long an external supervisor's link stays valid.
SIGNOFF_LINK_MAX_AGE = getattr(
    settings, "PRACTICUM_SIGNOFF_LINK_MAX_AGE", 14 * 24 * 3600
)


class PracticumError(Exception):
    """A user-facing reason a practicum action cannot be done."""


# --- placements --------------------------------------------------------------


@transaction.atomic
def placement_create(
    *,
    trainee,
    site: PracticumSite,
    cohort: Cohort,
    starts_on,
    ends_on,
    by,
    confirmed: bool = False,
    note: str = "",
) -> Placement:
    """Request (trainee) or assign (staff) a place at a site. The capacity row
    is locked, so two requests can never both take the last place."""
    capacity = (
        SiteCapacity.objects.select_for_update()
        .filter(site=site, cohort=cohort)
        .first()
    )
    if not site.is_active or capacity is None:
        raise PracticumError(_("This site does not take trainees from your cohort."))
    if not Enrolment.objects.filter(
        trainee=trainee,
        cohort=cohort,
        status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED],
    ).exists():
        raise PracticumError(
            _("Placements are open to trainees with an active enrolment in the cohort.")
        )
    if ends_on < starts_on:
        raise PracticumError(_("The last day must be on or after the first day."))
    if starts_on < cohort.start_date or ends_on > cohort.end_date:
        raise PracticumError(
            _("Choose dates within your cohort, from %(start)s to %(end)s.")
            % {"start": cohort.start_date, "end": cohort.end_date}
        )
    if Placement.objects.filter(
        trainee=trainee,
        site=site,
        cohort=cohort,
        status__in=[PlacementStatus.REQUESTED, PlacementStatus.CONFIRMED],
    ).exists():
        raise PracticumError(_("You already have a placement at this site."))
    taken = Placement.objects.holding_a_place().filter(site=site, cohort=cohort).count()
    if taken >= capacity.places:
        raise PracticumError(_("Sorry, this site has no places left for your cohort."))
    return Placement.objects.create(
        trainee=trainee,
        site=site,
        cohort=cohort,
        starts_on=starts_on,
        ends_on=ends_on,
        requested_by=by,
        note=note[:300],
        status=PlacementStatus.CONFIRMED if confirmed else PlacementStatus.REQUESTED,
    )


@transaction.atomic
def placement_set_status(
    *, placement: Placement, status: str, note: str = ""
) -> Placement:
    """Staff confirm, decline or close a placement; taking a place back
    checks capacity."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    holding = PlacementStatus.HOLDING_A_PLACE
    if status in holding and placement.status not in holding:
        capacity = (
            SiteCapacity.objects.select_for_update()
            .filter(site=placement.site, cohort=placement.cohort)
            .first()
        )
        taken = (
            Placement.objects.holding_a_place()
            .filter(site=placement.site, cohort=placement.cohort)
            .count()
        )
        if capacity is None or taken >= capacity.places:
            raise PracticumError(_("This site has no places left for the cohort."))
    placement.status = status
    if note:
        placement.note = note[:300]
    placement.save(update_fields=["status", "note"])
    return placement


# --- session logs ------------------------------------------------------------


def _check_log_data(*, placement: Placement, data: dict) -> None:
    today = timezone.localdate()
    session_date = data["session_date"]
    if session_date > today:
        raise PracticumError(_("The session date cannot be in the future."))
    if not placement.starts_on <= session_date <= placement.ends_on:
        raise PracticumError(
            _(
                "The session date must fall within your "
                "placement, from %(start)s to %(end)s."
            )
            % {"start": placement.starts_on, "end": placement.ends_on}
        )
    findings = find_identifiers(data.get("reflection", ""))
    if findings:
        raise PracticumError(identifier_message(findings))


LOG_FIELDS = ("session_date", "minutes", "phase", "route", "role", "reflection")


@transaction.atomic
def practicum_log_submit(
    *, placement: Placement, trainee, data: dict, revises: PracticumLog | None = None
) -> PracticumLog:
    """Record an observed session for sign-off. Nothing is credited yet. A
    revision of a returned entry is a new row; the old one is kept."""
    if placement.trainee_id != trainee.pk:
        raise PracticumError(_("You can only log sessions for your own placements."))
    if not placement.can_log:
        raise PracticumError(
            _("You can log sessions once staff have confirmed your placement.")
        )
    _check_log_data(placement=placement, data=data)
    if revises is not None:
        revises = PracticumLog.objects.select_for_update().get(pk=revises.pk)
        if revises.placement_id != placement.pk or revises.status != LogStatus.RETURNED:
            raise PracticumError(_("Only an entry returned to you can be revised."))
        revises.status = LogStatus.REVISED
        revises.save(update_fields=["status"])
    log = PracticumLog.objects.create(
        placement=placement, revises=revises, **{f: data[f] for f in LOG_FIELDS}
    )
    externals = list(placement.site.external_supervisors.filter(is_active=True))
    links = signoff_links_issue(log=log, supervisors=externals) if externals else []
    supervisors = list(
        placement.site.supervisors.filter(is_active=True, is_supervisor=True).exclude(
            pk=trainee.pk
        )
    )
    _notify_supervisors(log=log, supervisors=supervisors, links=links)
    return log


def _notify_supervisors(*, log: PracticumLog, supervisors, links) -> None:
    review_url = absolute_url("practicums:review_detail", log.pk)
    for user in supervisors:
        mail_send(
            "practicum_signoff_request",
            to=user,
            context={"log": log, "name": user.display_name, "url": review_url},
            key=f"practicum-signoff-request:{log.pk}:{user.pk}",
        )
    for supervisor, path in links:
        # Each link is new (a resend replaces the old ones): no key.
        mail_send(
            "practicum_signoff_request",
            to=supervisor.email,
            context={
                "log": log,
                "name": supervisor.name,
                "url": absolute_url(path),
                "external": True,
                "days": SIGNOFF_LINK_MAX_AGE // 86400,
            },
        )


def _can_sign(log: PracticumLog, user) -> bool:
    """A supervisor of the site; or, where the organisation lets trainers
    decide, a trainer of the placement's cohort (accounts.relationships)."""
    if not user.is_authenticated or user.pk == log.placement.trainee_id:
        return False
    if (
        user.is_supervisor
        and log.placement.site.supervisors.filter(pk=user.pk).exists()
    ):
        return True
    return (
        bool(user.is_trainer)
        and log.placement.cohort.trainers.filter(pk=user.pk).exists()
        and may_decide_for_trainee(user, log.placement.trainee)
    )


@dataclass(frozen=True)
class Reviewer:
    user: User | None = None
    external: ExternalSupervisor | None = None

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.display_name
        if self.external is not None:
            return f"{self.external.name} (external supervisor)"
        return ""


def _review(
    *, log: PracticumLog, reviewer: Reviewer, status: str, comment: str
) -> PracticumLog:
    log = (
        PracticumLog.objects.select_for_update()
        .select_related(
            "placement__site", "placement__cohort__program", "placement__trainee"
        )
        .get(pk=log.pk)
    )
    if reviewer.user is None and reviewer.external is None:
        raise PracticumError(_("Only a supervisor of this site can review this entry."))
    if reviewer.user is not None and not _can_sign(log, reviewer.user):
        raise PracticumError(_("Only a supervisor of this site can review this entry."))
    if (
        reviewer.external is not None
        and reviewer.external.site_id != log.placement.site_id
    ):
        raise PracticumError(_("Only a supervisor of this site can review this entry."))
    if log.status != LogStatus.SUBMITTED:
        raise PracticumError(_("This entry has already been reviewed."))
    log.status = status
    log.review_comment = comment.strip()[:2000]
    log.reviewed_at = timezone.now()
    log.reviewed_by = reviewer.user
    log.reviewed_by_external = reviewer.external
    log.link_nonce = ""
    log.save(
        update_fields=[
            "status",
            "review_comment",
            "reviewed_at",
            "reviewed_by",
            "reviewed_by_external",
            "link_nonce",
        ]
    )
    return log


@transaction.atomic
def practicum_log_sign_off(
    *,
    log: PracticumLog,
    by=None,
    external: ExternalSupervisor | None = None,
    comment: str = "",
) -> PracticumLog:
    """Sign an entry off and credit its minutes, once, in the practicum category."""
    reviewer = Reviewer(by, external)
    log = _review(
        log=log, reviewer=reviewer, status=LogStatus.SIGNED_OFF, comment=comment
    )
    placement = log.placement
    ledger_credit(
        trainee=placement.trainee,
        program=placement.cohort.program,
        category=Category.PRACTICUM,
        minutes=log.minutes,
        source=Source.PRACTICUM,
        source_id=log.pk,
        description=(
            f"Observed {log.get_phase_display().lower()} at {placement.site.name}"
        ),
        rule=f"practicum log {log.pk} signed off by {reviewer.name}",
        approved_by=by,
        earned_on=log.session_date,
    )
    notification_create(
        user=placement.trainee,
        kind="practicum_signed_off",
        event_key=f"practicum-signed-off:{log.pk}",
        title=gettext_lazy(
            "Your practicum log of %(date)s was signed off and credited."
        ),
        title_params={"date": log.session_date.isoformat()},
        url=reverse("practicums:log_detail", args=[log.pk]),
    )
    return log


@transaction.atomic
def practicum_log_return(
    *,
    log: PracticumLog,
    comment: str,
    by=None,
    external: ExternalSupervisor | None = None,
) -> PracticumLog:
    """Send an entry back to the trainee with a comment; nothing is credited."""
    if not comment.strip():
        raise PracticumError(
            _("Please write a comment telling the trainee what to change.")
        )
    log = _review(
        log=log,
        reviewer=Reviewer(by, external),
        status=LogStatus.RETURNED,
        comment=comment,
    )
    mail_send(
        "practicum_returned",
        to=log.placement.trainee,
        context={"log": log, "url": absolute_url("practicums:log_detail", log.pk)},
        key=f"practicum-returned:{log.pk}",
    )
    notification_create(
        user=log.placement.trainee,
        kind="practicum_decided",
        event_key=f"practicum-returned:{log.pk}",
        title=gettext_lazy(
            "Your practicum log of %(date)s was returned: please correct it."
        ),
        title_params={"date": log.session_date.isoformat()},
        body=comment.strip()[:2000],
        url=reverse("practicums:log_detail", args=[log.pk]),
        mailed_by_caller=True,
    )
    return log


# --- signed one-time links for external supervisors --------------------------


class SignoffLinkError(PracticumError):
    """The link is expired, altered or already used."""


def signoff_links_issue(
    *, log: PracticumLog, supervisors
) -> list[tuple[ExternalSupervisor, str]]:
    """Give each external supervisor a link; a new nonce voids earlier links."""
    log.link_nonce = secrets.token_urlsafe(16)
    log.save(update_fields=["link_nonce"])
    links = []
    for supervisor in supervisors:
        token = signing.dumps(
            {"l": log.pk, "s": supervisor.pk, "n": log.link_nonce}, salt=SIGNOFF_SALT
        )
        links.append((supervisor, reverse("practicums:external_review", args=[token])))
    return links


def signoff_link_resolve(
    token: str, *, lock: bool = False
) -> tuple[PracticumLog, ExternalSupervisor]:
    """The entry and supervisor a link is for, or SignoffLinkError."""
    try:
        data = signing.loads(token, salt=SIGNOFF_SALT, max_age=SIGNOFF_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise SignoffLinkError(
            _(
                "This sign-off link has expired. Please ask the trainee "
                "or the training team for a new one."
            )
        ) from exc
    except signing.BadSignature as exc:
        raise SignoffLinkError(
            _(
                "This sign-off link is not valid. Please use the "
                "link exactly as it was sent."
            )
        ) from exc
    logs = PracticumLog.objects.select_related("placement__site", "placement__trainee")
    if lock:
        logs = logs.select_for_update(of=("self",))
    log = logs.filter(pk=data.get("l")).first()
    supervisor = ExternalSupervisor.objects.filter(
        pk=data.get("s"), is_active=True
    ).first()
    if log is None or supervisor is None or supervisor.site_id != log.placement.site_id:
        raise SignoffLinkError(
            _(
                "This sign-off link is not valid. Please use the "
                "link exactly as it was sent."
            )
        )
    if not log.link_nonce or not secrets.compare_digest(
        log.link_nonce, str(data.get("n", ""))
    ):
        raise SignoffLinkError(
            _("This sign-off link has already been used or replaced by a newer one.")
        )
    return log, supervisor


@transaction.atomic
def signoff_link_use(*, token: str, decision: str, comment: str = "") -> PracticumLog:
    """Sign off or return through a one-time link; the link is void afterwards."""
    log, supervisor = signoff_link_resolve(token, lock=True)
    if decision == "sign_off":
        return practicum_log_sign_off(log=log, external=supervisor, comment=comment)
    return practicum_log_return(log=log, external=supervisor, comment=comment)


@transaction.atomic
def signoff_links_resend(*, log: PracticumLog) -> int:
    """Staff send fresh links (the old ones stop working); returns how many."""
    if log.status != LogStatus.SUBMITTED:
        raise PracticumError(_("Only entries awaiting sign-off can be sent again."))
    externals = list(log.placement.site.external_supervisors.filter(is_active=True))
    links = signoff_links_issue(log=log, supervisors=externals)
    _notify_supervisors(log=log, supervisors=[], links=links)
    return len(links)
