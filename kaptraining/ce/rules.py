"""How attendance becomes CE credit (the late-arrival / early-departure rule)
and the credit lines a CE certificate carries, per body."""

import decimal

from django.utils.translation import gettext as _

from kaptraining.credits.models import CEParticipation, DeliveryFormat

from .bodies import ATTENDANCE, WORDING, credit_decision

QUARTER = decimal.Decimal("0.25")


def credited_minutes(
    *, attended: int, contact: int, grace: int, home_study: bool
) -> int:
    """Minutes that earn credit: all of them for a home-study course (its
    post-test proves completion) or when no more than `grace` minutes were
    missed; otherwise only the minutes attended."""
    if home_study or contact - attended <= grace:
        return contact
    return max(0, attended)


def credit_hours(
    credit: decimal.Decimal,
    *,
    attended: int,
    contact: int,
    grace: int,
    home_study: bool,
) -> decimal.Decimal:
    """The body's credit in proportion to the credited minutes, rounded down
    to a quarter hour (full credit when nothing beyond the allowance was missed)."""
    minutes = credited_minutes(
        attended=attended, contact=contact, grace=grace, home_study=home_study
    )
    if minutes >= contact:
        return credit
    share = decimal.Decimal(minutes) / decimal.Decimal(contact) * credit
    return (share / QUARTER).to_integral_value(rounding=decimal.ROUND_FLOOR) * QUARTER


def _hours_text(minutes: int) -> str:
    hours = decimal.Decimal(minutes) / 60
    return str(
        (hours / QUARTER).to_integral_value(rounding=decimal.ROUND_FLOOR) * QUARTER
    )


def participation_minutes(participation: CEParticipation) -> int:
    """Attendance as recorded, or the latest staff override of it."""
    override = participation.overrides.order_by("-created_at", "-pk").first()
    if override is not None:
        return override.attended_minutes
    return participation.attended_minutes or 0


def ce_credit_lines(participation: CEParticipation) -> list[dict]:
    """The certificate's credit lines: the one body the trainee's profession
    reports to (with its required wording), or a certificate of attendance.
    Registered as credits' credit rule."""
    activity = participation.activity
    trainee = participation.trainee
    profile = getattr(activity, "profile", None)
    grace = profile.late_grace_minutes if profile is not None else 0
    home_study = activity.delivery_format == DeliveryFormat.HOME_STUDY
    attended = participation_minutes(participation)
    credits = list(activity.credits.select_related("approval").order_by("sort_order"))
    decision = credit_decision(
        profession=trainee.profession,
        licence_state=trainee.licence_state,
        credits=credits,
    )
    if decision.eligible:
        credit = decision.credit
        approval = credit.approval
        hours = credit_hours(
            credit.credit_hours,
            attended=attended,
            contact=activity.contact_minutes,
            grace=grace,
            home_study=home_study,
        )
        if hours <= 0:
            return []
        wording = WORDING[approval.body]
        return [
            {
                "body": approval.body,
                "body_name": approval.body_name,
                "approval_number": approval.approval_number,
                "statement": approval.approval_statement,
                "required_wording": str(wording.statement_suffix),
                "credit_label": str(wording.credit_label),
                "ce_broker_provider_number": approval.ce_broker_provider_number,
                "hours": str(hours),
            }
        ]
    minutes = credited_minutes(
        attended=attended,
        contact=activity.contact_minutes,
        grace=grace,
        home_study=home_study,
    )
    if minutes <= 0:
        return []
    return [
        {
            "body": ATTENDANCE,
            "body_name": _("Certificate of attendance"),
            "approval_number": "",
            "statement": _(
                "This certificate records attendance; it carries no "
                "continuing-education credit."
            ),
            "required_wording": decision.message,
            "credit_label": _("Hours attended"),
            "ce_broker_provider_number": "",
            "hours": _hours_text(minutes),
        }
    ]
