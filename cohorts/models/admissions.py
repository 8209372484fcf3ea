"""Applications to a cohort, and waitlist offers of a freed place."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.models import LicenceType
from kaptraining.accounts.states import US_STATES
from kaptraining.core.storage import private_storage


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Wait-listed")
    OFFERED = "offered", _("Offered a place from the waitlist")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Waitlist offer not taken in time")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")


def licence_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return f"licences/{instance.applicant_id}/{stamp}.{ext}"


class Application(models.Model):
    """A trainee's request for a place, with their licence as they declared it.

    The licence fields are a snapshot at the time of applying; the decision and
    its message are kept on the row (audit-logged), never deleted."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    licence_type = models.CharField(
        _("licence type"), max_length=32, choices=LicenceType.choices
    )
    licence_state = models.CharField(
        _("licence state"), max_length=2, choices=US_STATES
    )
    licence_number = models.CharField(_("licence number"), max_length=40, blank=True)
    licence_expiry = models.DateField(_("licence expiry"), null=True, blank=True)
    licence_document = models.FileField(
        _("licence document"),
        storage=private_storage,
        upload_to=licence_upload_to,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"])],
        help_text=_(
            "A PDF or photo of your licence (or, if pre-licensed, your "
            "associate registration). At most 5 MB."
        ),
    )
    professional_background = models.TextField(_("professional background"))
    statement = models.TextField(_("why you are applying"))
    pre_licensed = models.BooleanField(
        default=False,
        help_text=_(
            "Pre-licensed trainees may train but cannot be certified until licensed."
        ),
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_message = models.TextField(
        blank=True, help_text=_("Sent to the applicant by e-mail with the decision.")
    )
    enrolment = models.OneToOneField(
        "cohorts.Enrolment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "applicant"], name="one_application_per_cohort"
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="waitlisted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.applicant} → {self.cohort}"


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class SeatOffer(models.Model):
    """A freed place offered to a wait-listed applicant until a deadline.
    An open offer reserves the place: nobody else can take it meanwhile."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="offers"
    )
    status = models.CharField(
        max_length=12, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    offered_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-offered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="open"),
                name="one_open_offer_per_application",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("offered_at")),
                name="offer_expires_after_offered",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"Offer to {self.application}"

    @property
    def is_open(self) -> bool:
        return self.status == OfferStatus.OPEN and self.expires_at > timezone.now()
