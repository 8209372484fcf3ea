"""CE credit: who gets a CE certificate, and what it says.

The awarding rule is a registry of checks like the non-hour requirement
items (checks.py): each takes a CEParticipation and returns an Outcome.
Credits ships the defaults (attendance verified, evaluation submitted,
post-test passed for home study); another app (e.g. cohorts attendance)
may replace one from its AppConfig.ready() with replace=True.
"""

import decimal
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from kaptraining.core.models import OrganisationSettings

from .checks import MET, Outcome
from .models import CECertificate, CEParticipation, DeliveryFormat
from .signals import ce_certificate_awarded

POST_TEST_PASS_PERCENT = 75


@dataclass(frozen=True)
class AwardCheck:
    key: str
    label: str
    func: Callable[[CEParticipation], Outcome]
    missing: str


_award_checks: dict[str, AwardCheck] = {}


def register_award_check(key: str, *, label, missing, replace: bool = False):
    def decorator(func):
        if key in _award_checks and not replace:
            raise ValueError(f"A CE award check named {key!r} is already registered.")
        _award_checks[key] = AwardCheck(
            key=key, label=label, func=func, missing=missing
        )
        return func

    return decorator


@dataclass(frozen=True)
class AwardStatus:
    key: str
    label: str
    met: bool
    message: str


def award_status(participation: CEParticipation) -> list[AwardStatus]:
    out = []
    for check in _award_checks.values():
        outcome = check.func(participation)
        out.append(
            AwardStatus(
                check.key,
                str(check.label),
                outcome.met,
                "" if outcome.met else (outcome.message or str(check.missing)),
            )
        )
    return out


@register_award_check(
    "attendance_verified",
    label=gettext_lazy("Attendance verified"),
    missing=gettext_lazy("Attendance has not been verified yet."),
)
def attendance_verified(participation):
    if participation.attendance_verified_at is None:
        return Outcome(False)
    if not participation.attended_minutes:
        return Outcome(
            False, _("No attendance was recorded, so no credit can be awarded.")
        )
    return MET


@register_award_check(
    "evaluation_submitted",
    label=gettext_lazy("Evaluation submitted"),
    missing=gettext_lazy("Submit the activity evaluation."),
)
def evaluation_submitted(participation):
    return Outcome(participation.evaluation_submitted_at is not None)


@register_award_check(
    "post_test_passed",
    label=gettext_lazy("Post-test passed (home study)"),
    missing=gettext_lazy("Pass the post-test (75% or more)."),
)
def post_test_passed(participation):
    if participation.activity.delivery_format != DeliveryFormat.HOME_STUDY:
        return MET
    return Outcome(participation.post_test_passed_at is not None)


QUARTER = decimal.Decimal("0.25")


def credit_awarded(
    credit_hours: decimal.Decimal, *, attended: int, contact: int, home_study: bool
) -> decimal.Decimal:
    """Full credit for full attendance (or a passed home-study course);
    partial attendance earns credit in proportion, rounded down to a quarter hour."""
    if home_study or attended >= contact:
        return credit_hours
    share = decimal.Decimal(attended) / decimal.Decimal(contact) * credit_hours
    return (share / QUARTER).to_integral_value(rounding=decimal.ROUND_FLOOR) * QUARTER


def default_credit_rule(participation: CEParticipation) -> list[dict]:
    """Every body the activity carries, attendance in proportion. The ce app
    replaces it (register_credit_rule) with the profession-decides-the-body
    rule and the late-arrival allowance."""
    activity = participation.activity
    home_study = activity.delivery_format == DeliveryFormat.HOME_STUDY
    attended = participation.attended_minutes or 0
    credits = []
    for credit in activity.credits.select_related("approval").order_by("sort_order"):
        awarded = credit_awarded(
            credit.credit_hours,
            attended=attended,
            contact=activity.contact_minutes,
            home_study=home_study,
        )
        if awarded <= 0:
            continue
        credits.append(
            {
                "body": credit.approval.body,
                "body_name": credit.approval.body_name,
                "approval_number": credit.approval.approval_number,
                "statement": credit.approval.approval_statement,
                "ce_broker_provider_number": credit.approval.ce_broker_provider_number,
                "hours": str(awarded),
            }
        )
    return credits


_credit_rule: dict[str, Callable[[CEParticipation], list[dict]]] = {
    "rule": default_credit_rule
}


def register_credit_rule(func: Callable[[CEParticipation], list[dict]]):
    """Replace the rule that turns a participation into the certificate's
    credit lines (one per body: body, body_name, approval_number, statement,
    ce_broker_provider_number, hours as text). Called from an AppConfig.ready()."""
    _credit_rule["rule"] = func
    return func


# --- Services -------------------------------------------------------------------


@transaction.atomic
def ce_participation_open(*, activity, trainee) -> CEParticipation:
    """One participation per trainee and activity; repeat calls return it."""
    participation, _created = CEParticipation.objects.get_or_create(
        activity=activity, trainee=trainee
    )
    return participation


@transaction.atomic
def ce_attendance_verify(
    *, participation_id: int, attended_minutes: int, by
) -> CEParticipation:
    """Staff or a trainer record verified attendance (minutes present)."""
    if attended_minutes < 0:
        raise ValidationError({"attended_minutes": _("Attendance cannot be negative.")})
    participation = (
        CEParticipation.objects.select_for_update()
        .select_related("activity")
        .get(pk=participation_id)
    )
    participation.attended_minutes = min(
        attended_minutes, participation.activity.contact_minutes
    )
    participation.attendance_verified_by = by
    participation.attendance_verified_at = timezone.now()
    participation.save(
        update_fields=[
            "attended_minutes",
            "attendance_verified_by",
            "attendance_verified_at",
        ]
    )
    ce_certificate_award(participation_id=participation.pk)
    return participation


@transaction.atomic
def ce_evaluation_submit(*, participation_id: int, answers: dict) -> CEParticipation:
    """The trainee's evaluation of the activity; submitted once."""
    participation = CEParticipation.objects.select_for_update().get(pk=participation_id)
    if participation.evaluation_submitted_at is not None:
        raise ValidationError(
            _("You have already submitted the evaluation for this activity.")
        )
    participation.evaluation = answers
    participation.evaluation_submitted_at = timezone.now()
    participation.save(update_fields=["evaluation", "evaluation_submitted_at"])
    ce_certificate_award(participation_id=participation.pk)
    return participation


@transaction.atomic
def ce_post_test_record(
    *, participation_id: int, score_percent: int
) -> CEParticipation:
    """Record a post-test score; passing at 75% or more unlocks home-study credit."""
    if not 0 <= score_percent <= 100:
        raise ValidationError(
            {"score_percent": _("A score is a percentage from 0 to 100.")}
        )
    participation = CEParticipation.objects.select_for_update().get(pk=participation_id)
    best = max(score_percent, participation.post_test_score or 0)
    participation.post_test_score = best
    if best >= POST_TEST_PASS_PERCENT and participation.post_test_passed_at is None:
        participation.post_test_passed_at = timezone.now()
    participation.save(update_fields=["post_test_score", "post_test_passed_at"])
    ce_certificate_award(participation_id=participation.pk)
    return participation


def _organisation():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return "kaptraining", ""
    org = OrganisationSettings.for_site(site)
    return org.name, org.address


@transaction.atomic
def ce_certificate_award(*, participation_id: int) -> tuple[CECertificate | None, bool]:
    """At most one CE certificate per participation, and only when every
    award check passes; returns (certificate or None, created)."""
    participation = (
        CEParticipation.objects.select_for_update()
        .select_related("activity", "trainee")
        .get(pk=participation_id)
    )
    existing = CECertificate.objects.filter(participation=participation).first()
    if existing is not None:
        return existing, False
    if not all(s.met for s in award_status(participation)):
        return None, False
    activity = participation.activity
    trainee = participation.trainee
    credits = _credit_rule["rule"](participation)
    provider_name, provider_address = _organisation()
    completed_on = participation.completed_on or min(
        timezone.localdate(), activity.end_date
    )
    if participation.completed_on is None:
        participation.completed_on = completed_on
        participation.save(update_fields=["completed_on"])
    certificate = CECertificate.objects.create(
        participation=participation,
        trainee=trainee,
        activity=activity,
        participant_name=trainee.display_name,
        licence_number=trainee.licence_number,
        licence_state=trainee.licence_state,
        profession=trainee.profession,
        activity_title=activity.title,
        start_date=activity.start_date,
        end_date=activity.end_date,
        completed_on=completed_on,
        delivery_format=activity.delivery_format,
        level=activity.level,
        credits=credits,
        provider_name=provider_name,
        provider_address=provider_address,
    )
    _announce_verifiable_certificate(certificate)
    return certificate, True


def _announce_verifiable_certificate(certificate: CECertificate) -> None:
    """Each CE certificate also gets a public, verifiable certificate (number,
    QR, verification page, signed Open Badges credential) from the certificates
    app, which listens for ce_certificate_awarded and issues it after commit
    under the award key "ce:<activity id>" (idempotent per trainee and key)."""
    # Each accrediting body credits the same contact time, so the certificate
    # states the largest award rather than a sum across bodies.
    hours = max((decimal.Decimal(c["hours"]) for c in certificate.credits), default=0)
    dates = certificate.start_date.isoformat()
    if certificate.end_date and certificate.end_date != certificate.start_date:
        dates = f"{dates} to {certificate.end_date.isoformat()}"
    ce_certificate_awarded.send(
        sender=CECertificate,
        certificate=certificate,
        award_key=f"ce:{certificate.activity_id}",
        award_title=certificate.activity_title,
        hours_minutes=int(hours * 60),
        details={
            "licence_number": certificate.licence_number,
            "activity_dates": dates,
            "delivery_format": certificate.get_delivery_format_display(),
            "credits": [
                {
                    "body": c.get("body_name") or c.get("body"),
                    "credits": c["hours"],
                    "approval": c.get("approval_number", ""),
                }
                for c in certificate.credits
            ],
            "provider_address": certificate.provider_address,
        },
    )