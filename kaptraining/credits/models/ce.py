"""Continuing-education credit: activities, credit per accrediting body,
participation (attendance, evaluation, post-test) and CE certificates."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from kaptraining.core.append_only import append_only


class AccreditingBody(models.TextChoices):
    APA = "apa", _("APA (psychologists)")
    ASWB_ACE = "aswb_ace", _("ASWB ACE (social workers)")
    NBCC = "nbcc", _("NBCC (counsellors)")
    ANCC = "ancc", _("ANCC / Joint Accreditation (nurses, physicians)")
    AMA = "ama_pra1", _("AMA PRA Category 1 (physicians, Joint Accreditation)")
    STATE_BOARD = "state_board", _("State board")


class DeliveryFormat(models.TextChoices):
    LIVE = "live", _("Live, in person")
    LIVE_WEBINAR = "live_webinar", _("Live interactive webinar")
    HOME_STUDY = "home_study", _("Home study (self-paced)")


class CEActivityKind(models.TextChoices):
    HOME_STUDY = "home_study", _("Home-study course")
    WEBINAR = "webinar", _("Webinar")
    RETREAT = "retreat", _("Retreat / intensive")


class CELevel(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CEApproval(models.Model):
    """The organisation's approval as a CE provider with one accrediting body."""

    body = models.CharField(
        _("accrediting body"), max_length=16, choices=AccreditingBody.choices
    )
    board_name = models.CharField(
        _("board name"),
        max_length=120,
        blank=True,
        help_text=_("For state boards, e.g. CAMFT."),
    )
    approval_number = models.CharField(
        _("provider approval number"), max_length=60, blank=True
    )
    approval_statement = models.TextField(
        _("approval statement"),
        help_text=_("Printed on certificates exactly as the body requires."),
    )
    ce_broker_provider_number = models.CharField(
        _("CE Broker provider tracking number"), max_length=40, blank=True
    )
    active = models.BooleanField(default=True)

    panels = [
        FieldRowPanel([FieldPanel("body"), FieldPanel("board_name")]),
        FieldRowPanel(
            [FieldPanel("approval_number"), FieldPanel("ce_broker_provider_number")]
        ),
        FieldPanel("approval_statement"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["body", "board_name"]
        verbose_name = _("CE provider approval")
        constraints = [
            models.CheckConstraint(
                condition=~Q(body="state_board") | ~Q(board_name=""),
                name="state_board_named",
            ),
        ]

    def __str__(self):
        return self.body_name

    @property
    def body_name(self) -> str:
        if self.body == AccreditingBody.STATE_BOARD:
            return self.board_name
        return self.get_body_display()


class CEActivity(ClusterableModel):
    """A CE activity (home-study course, webinar, retreat), configured by staff."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CEActivityKind.choices)
    delivery_format = models.CharField(
        _("delivery format"), max_length=16, choices=DeliveryFormat.choices
    )
    level = models.CharField(
        _("level"), max_length=16, choices=CELevel.choices, default=CELevel.INTERMEDIATE
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    contact_minutes = models.PositiveIntegerField(
        _("instruction time (minutes)"),
        validators=[MinValueValidator(1)],
        help_text=_(
            "Full attendance; late arrival or early departure "
            "reduces credit in proportion."
        ),
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ce_activities",
    )
    ce_broker_course_number = models.CharField(
        _("CE Broker course number"), max_length=40, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldPanel("title"),
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("delivery_format"), FieldPanel("level")]
        ),
        FieldPanel("description"),
        FieldRowPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("contact_minutes"),
            ]
        ),
        FieldRowPanel([FieldPanel("program"), FieldPanel("ce_broker_course_number")]),
        MultiFieldPanel(
            [InlinePanel("credits", label=_("Credit"))],
            heading=_("Credit by accrediting body"),
        ),
    ]

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("CE activity")
        verbose_name_plural = _("CE activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="ce_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(contact_minutes__gt=0), name="ce_contact_minutes_positive"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def needs_post_test(self) -> bool:
        return self.delivery_format == DeliveryFormat.HOME_STUDY


class CEActivityCredit(Orderable):
    activity = ParentalKey(CEActivity, on_delete=models.CASCADE, related_name="credits")
    approval = models.ForeignKey(CEApproval, on_delete=models.PROTECT, related_name="+")
    credit_hours = models.DecimalField(
        _("credit hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    panels = [FieldRowPanel([FieldPanel("approval"), FieldPanel("credit_hours")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "approval"], name="one_credit_per_body"
            ),
            models.CheckConstraint(
                condition=Q(credit_hours__gt=0), name="ce_credit_positive"
            ),
        ]

    def __str__(self):
        return f"{self.credit_hours} {self.approval}"


class CEParticipation(models.Model):
    """One trainee in one CE activity: the facts the awarding rule checks."""

    activity = models.ForeignKey(
        CEActivity, on_delete=models.PROTECT, related_name="participations"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ce_participations",
    )
    attended_minutes = models.PositiveIntegerField(null=True, blank=True)
    attendance_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendance_verified_at = models.DateTimeField(null=True, blank=True)
    evaluation = models.JSONField(default=dict, blank=True)
    evaluation_submitted_at = models.DateTimeField(null=True, blank=True)
    post_test_score = models.PositiveSmallIntegerField(null=True, blank=True)
    post_test_passed_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "trainee"], name="one_participation_per_activity"
            ),
            models.CheckConstraint(
                condition=Q(attendance_verified_at__isnull=True)
                | Q(attended_minutes__isnull=False),
                name="verified_attendance_has_minutes",
            ),
        ]

    def __str__(self):
        return f"{self.trainee} in {self.activity}"


class CECertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


def new_ce_certificate_number() -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    body = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"CE-{body[:5]}-{body[5:]}"


class CECertificate(models.Model):
    """A CE certificate with the fields accreditors require, copied at award
    time so later edits to the activity or profile never change it."""

    number = models.CharField(
        max_length=20, unique=True, default=new_ce_certificate_number, editable=False
    )
    participation = models.OneToOneField(
        CEParticipation, on_delete=models.PROTECT, related_name="certificate"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ce_certificates",
    )
    activity = models.ForeignKey(
        CEActivity, on_delete=models.PROTECT, related_name="certificates"
    )
    participant_name = models.CharField(max_length=200)
    licence_number = models.CharField(max_length=40, blank=True)
    licence_state = models.CharField(max_length=2, blank=True)
    profession = models.CharField(max_length=32, blank=True)
    activity_title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    completed_on = models.DateField()
    delivery_format = models.CharField(max_length=16, choices=DeliveryFormat.choices)
    level = models.CharField(max_length=16, choices=CELevel.choices)
    credits = models.JSONField(
        default=list,
        help_text=_(
            "Per body: name, approval number, statement, credit hours (as text)."
        ),
    )
    provider_name = models.CharField(max_length=200)
    provider_address = models.TextField(blank=True)
    status = models.CharField(
        max_length=16,
        choices=CECertificateStatus.choices,
        default=CECertificateStatus.VALID,
    )
    status_reason = models.CharField(max_length=300, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("CE certificate")
        # The accreditor's record: frozen at issue but for its status.
        triggers = append_only(
            "cecertificate",
            frozen=[
                "number",
                "participation",
                "trainee",
                "activity",
                "participant_name",
                "licence_number",
                "licence_state",
                "profession",
                "activity_title",
                "start_date",
                "end_date",
                "completed_on",
                "delivery_format",
                "level",
                "credits",
                "provider_name",
                "provider_address",
                "issued_at",
            ],
        )

    def __str__(self):
        return f"{self.number} ({self.participant_name})"
