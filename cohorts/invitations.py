"""Roster invitations (see cohorts.models.invitations): create them from a
validated import, e-mail them, and let the invited person accept or decline.

The link carries a signed invitation id; it works only for the account whose
verified e-mail address is the one invited, so a forwarded link enrols nobody
else, and an import naming someone's address reaches none of their records.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaptraining.core.mail import mail_send
from kaptraining.core.urls import absolute_url

from .meeting_import import ImportFileError
from .models import (
    Cohort,
    Enrolment,
    EnrolmentStatus,
    InvitationStatus,
    RosterInvitation,
    seats_taken,
)

INVITATION_DAYS = 21
TOKEN_SALT = "cohorts.roster-invitation"  # noqa: S105 - a salt, not a secret


class InvitationError(Exception):
    """The invitation cannot be answered; the message says why."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def invitation_token(invitation: RosterInvitation) -> str:
    return signing.dumps(invitation.pk, salt=TOKEN_SALT)


def invitation_url(invitation: RosterInvitation) -> str:
    return absolute_url("cohorts:invitation", invitation_token(invitation))


def invitation_for_token(token: str) -> RosterInvitation:
    """The invitation a link names; InvitationError (4xx) for a forged,
    mangled or expired link."""
    try:
        pk = signing.loads(
            token, salt=TOKEN_SALT, max_age=datetime.timedelta(days=INVITATION_DAYS)
        )
    except signing.SignatureExpired:
        raise InvitationError(
            _(
                "This invitation has expired. Ask your trainer to send a new one "
                "from the cohort's roster."
            ),
            status=410,
        ) from None
    except signing.BadSignature:
        raise InvitationError(
            _(
                "This invitation link is not valid. Open the link from the e-mail "
                "again, making sure it was not cut short."
            ),
            status=404,
        ) from None
    invitation = (
        RosterInvitation.objects.select_related("cohort__program", "invited_by")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise InvitationError(_("This invitation no longer exists."), status=404)
    return invitation


def invitations_create(*, cohort: Cohort, rows, activate: bool, by) -> list:
    """One invitation per validated import row (the caller holds the cohort
    lock and the transaction); open invitations count against the places."""
    now = timezone.now()
    emails = [r.email for r in rows]
    RosterInvitation.objects.filter(
        cohort=cohort,
        email__in=emails,
        status=InvitationStatus.PENDING,
        expires_at__lte=now,
    ).update(status=InvitationStatus.EXPIRED)
    open_ = dict(
        RosterInvitation.objects.filter(
            cohort=cohort, email__in=emails, status=InvitationStatus.PENDING
        ).values_list("email", "pk")
    )
    errors = [
        _("Row %(n)s: %(e)s already has an open invitation to this cohort.")
        % {"n": r.number, "e": r.email}
        for r in rows
        if r.email in open_
    ]
    pending = RosterInvitation.objects.filter(
        cohort=cohort, status=InvitationStatus.PENDING, expires_at__gt=now
    ).count()
    free = cohort.capacity - seats_taken(cohort.pk) - pending
    if not errors and len(rows) > free:
        errors.append(
            _(
                "The file lists %(n)s trainees but only %(free)s places are free "
                "(open invitations hold places until they are answered)."
            )
            % {"n": len(rows), "free": max(0, free)}
        )
    if errors:
        raise ImportFileError(errors)
    invitations = RosterInvitation.objects.bulk_create(
        RosterInvitation(
            cohort=cohort,
            email=r.email,
            first_name=r.first_name,
            last_name=r.last_name,
            licence_type=r.licence_type,
            licence_state=r.licence_state,
            licence_number=r.licence_number,
            licence_expiry=r.licence_expiry,
            activate=activate,
            invited_by=by,
            expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
        )
        for r in rows
    )
    for invitation in invitations:
        _invitation_mail(invitation)
    return invitations


def _belongs_to(invitation: RosterInvitation, user) -> bool:
    return user.is_authenticated and user.email.lower() == invitation.email


@transaction.atomic
def roster_invitation_accept(*, invitation_id: int, user) -> Enrolment:
    """Enrol the invited person, once, if the cohort still has a place. The
    caller has checked the e-mail is verified (the route requires it)."""
    invitation = RosterInvitation.objects.select_for_update().get(pk=invitation_id)
    _check_answerable(invitation, user)
    cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=invitation.cohort_id)
    )
    if user.is_staff:
        raise InvitationError(_("Staff accounts cannot be enrolled in a cohort."))
    enrolment = Enrolment.objects.filter(cohort=cohort, trainee=user).first()
    if enrolment is None or enrolment.status == EnrolmentStatus.WITHDRAWN:
        if seats_taken(cohort.pk) >= cohort.capacity:
            raise InvitationError(
                _("Sorry, this cohort is full. Contact your trainer.")
            )
        status = (
            EnrolmentStatus.ACTIVE
            if invitation.activate
            else EnrolmentStatus.PENDING_PAYMENT
        )
        activated_at = timezone.now() if invitation.activate else None
        if enrolment is None:
            enrolment = Enrolment.objects.create(
                cohort=cohort, trainee=user, status=status, activated_at=activated_at
            )
        else:
            enrolment.status, enrolment.activated_at = status, activated_at
            enrolment.save(update_fields=["status", "activated_at"])
    _fill_empty_profile(user, invitation)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.answered_by = user
    invitation.enrolment = enrolment
    invitation.save(update_fields=["status", "answered_at", "answered_by", "enrolment"])
    from .admissions import cohort_sync_full

    cohort_sync_full(cohort)
    return enrolment


@transaction.atomic
def roster_invitation_decline(*, invitation_id: int, user) -> RosterInvitation:
    """Say no: nothing about the person is shared with the cohort."""
    invitation = RosterInvitation.objects.select_for_update().get(pk=invitation_id)
    _check_answerable(invitation, user)
    invitation.status = InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.answered_by = user
    invitation.save(update_fields=["status", "answered_at", "answered_by"])
    return invitation


def check_addressee(invitation: RosterInvitation, user) -> None:
    if not _belongs_to(invitation, user):
        raise InvitationError(
            _(
                "This invitation was sent to a different e-mail address. Sign out "
                "and sign in (or create an account) with the address it was sent "
                "to."
            ),
            status=403,
        )


def _check_answerable(invitation: RosterInvitation, user) -> None:
    check_addressee(invitation, user)
    if invitation.is_expired:
        raise InvitationError(
            _("This invitation has expired. Ask your trainer to send a new one."),
            status=410,
        )
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationError(
            _("You have already answered this invitation (%(status)s).")
            % {"status": invitation.get_status_display().lower()}
        )


def _fill_empty_profile(user, invitation: RosterInvitation) -> None:
    """The trainer's file fills only what the account leaves empty."""
    changed = []
    for field in (
        "first_name",
        "last_name",
        "licence_type",
        "licence_state",
        "licence_number",
        "licence_expiry",
    ):
        value = getattr(invitation, field)
        if value and not getattr(user, field):
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.save(update_fields=changed)


def _invitation_mail(invitation: RosterInvitation) -> None:
    """E-mail the invitation its link, once (sent after commit by core.mail)."""
    mail_send(
        "roster_invitation",
        to=invitation.email,
        context={
            "invitation": invitation,
            "url": invitation_url(invitation),
            "signup_url": absolute_url("account_signup"),
            "login_url": absolute_url("account_login"),
        },
        key=f"roster-invitation:{invitation.pk}",
    )
