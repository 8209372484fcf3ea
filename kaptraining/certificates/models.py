"""Certificates: the credential for completing a program or a CE activity,
the layouts staff design for them, and the per-program rules for expiry."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from kaptraining.core.append_only import append_only
from kaptraining.core.storage import private_storage
from kaptraining.core.urls import absolute_url

# Unambiguous characters for numbers people read aloud or type from paper.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_certificate_number() -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"KAP-{body[:5]}-{body[5:]}"


def program_award_key(program_id: int) -> str:
    """The award a program certificate stands for; CE awards use "ce:<activity>"."""
    return f"program:{program_id}"


class CertificateKind(models.TextChoices):
    PROGRAM = "program", _("Program completion")
    CE = "ce", _("Continuing education (CE) activity")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


PUBLIC_STATUS_LABELS = {
    "valid": _("Valid"),
    "expired": _("Expired"),
    "revoked": _("Revoked"),
    "superseded": _("Superseded"),
}


class CertificateQuerySet(models.QuerySet):
    def current(self):
        now = timezone.now()
        return self.filter(status=CertificateStatus.VALID).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class CertificateTemplate(ClusterableModel):
    """A certificate layout designed by staff and chosen per program."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the organisation name from the site settings."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    heading = models.CharField(
        _("heading"), max_length=100, default="Certificate of Completion"
    )
    preamble = models.CharField(
        _("text before the name"), max_length=200, default="This certifies that"
    )
    wording = models.TextField(
        _("wording after the name"),
        default=(
            "has completed the requirements of {program}, {hours} hours of training, "
            "and is recognised as"
        ),
        help_text=_(
            "You may use {program}, {hours} and {award}; they are replaced by the "
            "program title, the hours counted and the award title."
        ),
    )
    accreditation_statement = models.TextField(
        _("accreditation statement"),
        blank=True,
        help_text=_(
            "Printed in small type, e.g. the APA or ASWB ACE sponsor statement."
        ),
    )
    footer = models.CharField(_("footer note"), max_length=300, blank=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("logo")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("heading"), FieldPanel("preamble"), FieldPanel("wording")],
            heading=_("Wording"),
        ),
        FieldPanel("accreditation_statement"),
        FieldPanel("footer"),
        InlinePanel("signatories", label=_("Signatories"), max_num=3),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("certificate template")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        try:
            self.wording.format(program="", hours="", award="")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(
                {
                    "wording": _(
                        "The wording may only use {program}, {hours} and {award} "
                        "in braces."
                    )
                }
            ) from exc


class CertificateSignatory(Orderable):
    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title or role"), max_length=160)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A scan of the signature on a transparent or white background."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("title")]),
        FieldPanel("signature"),
    ]

    def __str__(self):
        return f"{self.name}, {self.title}"


class ProgramCertificateSettings(models.Model):
    """How a program's certificate looks and how long it lasts."""

    program = models.OneToOneField(
        "curriculum.ProgramPage",
        on_delete=models.CASCADE,
        related_name="certificate_settings",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validity_years = models.PositiveSmallIntegerField(
        _("valid for (years)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a certificate that does not expire."),
    )
    renewal_ce_hours = models.PositiveIntegerField(
        _("CE hours to recertify"),
        default=0,
        help_text=_(
            "Hours the holder must log after issue to be recertified before expiry. "
            "0 means the certificate simply expires."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before expiry"), default=60
    )

    panels = [
        FieldPanel("program"),
        FieldPanel("template"),
        FieldRowPanel(
            [
                FieldPanel("validity_years"),
                FieldPanel("renewal_ce_hours"),
                FieldPanel("reminder_days"),
            ]
        ),
    ]

    class Meta:
        verbose_name = _("program certificate settings")
        verbose_name_plural = _("program certificate settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_years__isnull=True) | Q(validity_years__gte=1),
                name="certificate_validity_at_least_one_year",
            ),
        ]

    def __str__(self):
        return str(self.program)


class Certificate(models.Model):
    """Never deleted: revocation and reissue are status changes with a reason."""

    number = models.CharField(
        max_length=20, unique=True, default=new_certificate_number, editable=False
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(
        max_length=16, choices=CertificateKind.choices, default=CertificateKind.PROGRAM
    )
    award_key = models.CharField(
        max_length=100,
        help_text=_('What was awarded: "program:<id>" or "ce:<activity id>".'),
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    award_title = models.CharField(max_length=200)
    holder_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    hours_minutes = models.PositiveIntegerField(
        default=0, help_text=_("Minutes counted at issue.")
    )
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Facts printed on the certificate, frozen at issue."),
    )
    pdf = models.FileField(
        storage=private_storage, upload_to="certificates/", blank=True
    )
    credential = models.JSONField(
        null=True, blank=True, help_text=_("The signed Open Badges 3.0 credential.")
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.CharField(max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            # One valid certificate per trainee and award.
            models.UniqueConstraint(
                fields=["trainee", "award_key"],
                condition=Q(status="valid"),
                name="one_valid_certificate_per_award",
            ),
            models.CheckConstraint(
                condition=~Q(award_key=""), name="certificate_has_award_key"
            ),
            models.CheckConstraint(
                condition=~Q(status="valid") | Q(status_reason=""),
                name="valid_certificate_has_no_status_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="valid") | ~Q(status_reason=""),
                name="status_change_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]
        # What was awarded, to whom and when is frozen at issue. Revocation and
        # reissue change the status (never back to valid) with a reason; the
        # signed credential and the successor are written once.
        triggers = append_only(
            "certificate",
            frozen=[
                "number",
                "trainee",
                "kind",
                "award_key",
                "program",
                "template",
                "award_title",
                "holder_name",
                "issued_at",
                "expires_at",
                "hours_minutes",
                "details",
            ],
            set_once=("credential", "superseded_by"),
            never_back={"status": "valid"},
        )

    def __str__(self):
        return f"{self.number} ({self.holder_name})"

    def save(self, *args, **kwargs):
        # A program certificate's award is its program; derive the key so that
        # rows made without it (fixtures, scripts) still meet the constraint.
        if not self.award_key and self.program_id:
            self.award_key = program_award_key(self.program_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("certificates:verify", args=[self.number])

    @property
    def verification_url(self) -> str:
        return absolute_url(self.get_absolute_url())

    @property
    def public_status(self) -> str:
        if (
            self.status == CertificateStatus.VALID
            and self.expires_at
            and self.expires_at <= timezone.now()
        ):
            return "expired"
        return self.status

    @property
    def public_status_label(self) -> str:
        return str(PUBLIC_STATUS_LABELS[self.public_status])

    @property
    def is_current(self) -> bool:
        return self.public_status == CertificateStatus.VALID

    def delete(self, *args, **kwargs):
        raise ValidationError(
            _("Certificates are never deleted; revoke or reissue them instead.")
        )


class CertificateHold(models.Model):
    """Staff withhold issuance of an award (e.g. while a licence is checked).
    Released holds stay as a record; only an active hold blocks issuance."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificate_holds",
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="certificate_holds",
    )
    award_key = models.CharField(max_length=100, editable=False)
    reason = models.CharField(_("reason"), max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "award_key"],
                condition=Q(released_at__isnull=True),
                name="one_active_hold_per_award",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="hold_has_reason"),
        ]

    def __str__(self):
        return f"Hold on {self.award_key} for {self.trainee_id}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class CertificateReminder(models.Model):
    """One row per reminder sent, so the daily job never sends it twice."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "kind"], name="one_reminder_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.kind} for {self.certificate_id}"
