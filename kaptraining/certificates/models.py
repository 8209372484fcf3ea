"""Certificates: the credential for completing a program."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.storage import private_storage


# Unambiguous characters for numbers people read aloud or type from paper.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_certificate_number() -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"KAP-{body[:5]}-{body[5:]}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class CertificateQuerySet(models.QuerySet):
    def current(self):
        now = timezone.now()
        return self.filter(status=CertificateStatus.VALID).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class Certificate(models.Model):
    """Never deleted: revocation and reissue are status changes with a reason."""

    number = models.CharField(max_length=20, unique=True, default=new_certificate_number, editable=False)
    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    program = models.ForeignKey("curriculum.ProgramPage", on_delete=models.PROTECT, related_name="certificates")
    award_title = models.CharField(max_length=200)
    holder_name = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    hours_minutes = models.PositiveIntegerField(default=0, help_text=_("Minutes counted at issue."))
    pdf = models.FileField(storage=private_storage, upload_to="certificates/", blank=True)
    status_reason = models.CharField(max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            # One valid certificate per trainee and award.
            models.UniqueConstraint(
                fields=["trainee", "program"],
                condition=Q(status="valid"),
                name="one_valid_certificate_per_award",
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.holder_name})"

    def get_absolute_url(self):
        return reverse("certificates:verify", args=[self.number])

    @property
    def verification_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.get_absolute_url()

    @property
    def public_status(self) -> str:
        if self.status == CertificateStatus.VALID and self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return self.status

    @property
    def is_current(self) -> bool:
        return self.public_status == CertificateStatus.VALID
