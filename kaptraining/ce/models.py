"""What makes a CE activity run itself: what it is attached to (a cohort's live
sessions, a home-study course's post-test), its learning objectives,
presenters and disclosures, its evaluation form, and staff overrides.

The activity itself, its credit per body, participations and CE certificates
stay in credits (credits/models/ce.py): the ledger and the certificate path
they feed live there."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from kaptraining.core.append_only import append_only
from kaptraining.core.categories import Category

DEFAULT_PASS_MARK = 75


class ActivityProfile(models.Model):
    """One CE activity's link to what people actually do, and what the
    accreditors ask it to state."""

    activity = models.OneToOneField(
        "credits.CEActivity", on_delete=models.PROTECT, related_name="profile"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ce_profiles",
        help_text=_(
            "Trainees enrolled (and paid) in this cohort take part; a self-paced "
            "cohort makes this a home-study course."
        ),
    )
    sessions = models.ManyToManyField(
        "cohorts.LiveSession",
        blank=True,
        related_name="ce_profiles",
        help_text=_("Live sessions whose attendance counts towards this activity."),
    )
    post_test = models.ForeignKey(
        "curriculum.LessonPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ce_profiles",
        help_text=_("The lesson whose quiz is this activity's post-test."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("post-test pass mark (%)"),
        default=DEFAULT_PASS_MARK,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    late_grace_minutes = models.PositiveSmallIntegerField(
        _("late arrival / early departure allowance (minutes)"),
        default=10,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Missing up to this many minutes in all still earns full credit; "
            "missing more earns credit for the time attended only, rounded "
            "down to a quarter hour."
        ),
    )
    ledger_category = models.CharField(
        _("ledger category"),
        max_length=32,
        choices=Category.choices,
        blank=True,
        help_text=_(
            "Also credit the CE hours to the program's ledger in this category. "
            "Leave empty when the lessons or sessions already credit them."
        ),
    )
    learning_objectives = models.TextField(
        _("learning objectives"), help_text=_("One objective per line.")
    )
    presenters = models.TextField(
        _("presenters and their disclosures"),
        help_text=_(
            "One presenter per line: name, credentials — financial relationships "
            "disclosed (or 'nothing to disclose')."
        ),
    )
    commercial_support = models.TextField(
        _("commercial support disclosure"),
        default=_("This activity received no commercial support."),
    )

    panels = [
        FieldPanel("activity"),
        MultiFieldPanel(
            [
                FieldPanel("cohort"),
                FieldPanel("sessions"),
                FieldRowPanel([FieldPanel("post_test"), FieldPanel("pass_mark")]),
                FieldRowPanel(
                    [FieldPanel("late_grace_minutes"), FieldPanel("ledger_category")]
                ),
            ],
            heading=_("What earns the credit"),
        ),
        FieldPanel("learning_objectives"),
        FieldPanel("presenters"),
        FieldPanel("commercial_support"),
    ]

    class Meta:
        verbose_name = _("CE activity set-up")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100),
                name="ce_pass_mark_percent",
            ),
        ]

    def __str__(self):
        return str(self.activity)

    @property
    def objectives(self) -> list[str]:
        return [
            line.strip()
            for line in self.learning_objectives.splitlines()
            if line.strip()
        ]

    @property
    def presenter_lines(self) -> list[str]:
        return [line.strip() for line in self.presenters.splitlines() if line.strip()]


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Rating from 1 (poor) to 5 (excellent)")
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Free text")


class QuestionTopic(models.TextChoices):
    OBJECTIVES = "objectives", _("Learning objectives met")
    PRESENTER = "presenter", _("Presenter quality")
    RELEVANCE = "relevance", _("Relevance to practice")
    BIAS = "bias", _("Free of commercial bias")
    COMMENT = "comment", _("Comments")
    OTHER = "other", _("Other")


class EvaluationQuestion(models.Model):
    """One question of an activity's evaluation form, configured by staff.
    An activity without questions uses the default form (DEFAULT_QUESTIONS)."""

    activity = models.ForeignKey(
        "credits.CEActivity",
        on_delete=models.PROTECT,
        related_name="evaluation_questions",
    )
    key = models.SlugField(
        max_length=40, help_text=_("Stable name the answers are stored under.")
    )
    prompt = models.CharField(_("question"), max_length=300)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    topic = models.CharField(
        max_length=12, choices=QuestionTopic.choices, default=QuestionTopic.OTHER
    )
    required = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("activity"),
        FieldRowPanel([FieldPanel("key"), FieldPanel("sort_order")]),
        FieldPanel("prompt"),
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("topic"), FieldPanel("required")]
        ),
    ]

    class Meta:
        ordering = ["activity", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "key"], name="one_question_key_per_activity"
            ),
        ]

    def __str__(self):
        return self.prompt


class CreditOverride(models.Model):
    """A staff decision that replaces the recorded attendance of one
    participation (e.g. a verified connection failure), always with a reason.
    Appended, never edited or deleted; the latest one counts."""

    participation = models.ForeignKey(
        "credits.CEParticipation",
        on_delete=models.PROTECT,
        related_name="overrides",
    )
    attended_minutes = models.PositiveIntegerField(_("minutes to credit"))
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="ce_override_has_reason"
            ),
        ]
        triggers = append_only(
            "creditoverride",
            frozen=["participation", "attended_minutes", "reason", "by", "created_at"],
        )

    def __str__(self):
        return f"Override of {self.participation_id}: {self.attended_minutes} min"
