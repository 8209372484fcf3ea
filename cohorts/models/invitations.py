"""Roster invitations: a trainer's import asks; the trainee answers.

Importing a roster never enrols an account by itself. Each row becomes an
invitation to the address it names; the person signs in with that address
(or creates an account with it), and only their "accept" enrols them. Until
then the trainer sees nothing of theirs but what the trainer's own file said.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class RosterInvitation(models.Model):
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    # As the trainer's file gave them; copied into the account on acceptance
    # only where the account has nothing yet.
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    licence_type = models.CharField(max_length=32, blank=True)
    licence_state = models.CharField(max_length=2, blank=True)
    licence_number = models.CharField(max_length=40, blank=True)
    licence_expiry = models.DateField(null=True, blank=True)
    activate = models.BooleanField(
        _("starts active"),
        default=False,
        help_text=_("Tuition settled elsewhere: the place is active on acceptance."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roster_invitations",
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "email"],
                condition=Q(status="pending"),
                name="cohorts_invitation_one_open_per_address",
            ),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="cohorts_invitation_email_lowercase",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.cohort}"

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.EXPIRED or (
            self.status == InvitationStatus.PENDING
            and self.expires_at <= timezone.now()
        )

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.PENDING and not self.is_expired
