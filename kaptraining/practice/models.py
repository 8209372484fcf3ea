"""Consent-conversation practice, assessed with a rubric.

Staff define an assessment (a scenario and a rubric of criteria x levels, a
pass threshold and the assessors). A trainee submits a recorded role-play
with a colleague (never a client) or books a live slot; assessors score each
criterion. A result near the threshold needs a second rater; a pass credits
the consent-practice category and meets the program's consent-assessment
requirement (registrations.py). Recordings are private, access-logged and
deleted on a retention schedule (tasks.py)."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField

from kaptraining.core.append_only import append_only
from kaptraining.core.storage import PrivateStorage


class LevelBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    descriptor = blocks.TextBlock(help_text=_("What a role-play at this level shows."))
    points = blocks.IntegerBlock(min_value=0, max_value=100)

    class Meta:
        icon = "radio-full"


class CriterionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    description = blocks.TextBlock(required=False)
    levels = blocks.ListBlock(LevelBlock(), min_num=2, max_num=6)

    class Meta:
        icon = "tasks"


class RubricBlock(blocks.StreamBlock):
    criterion = CriterionBlock()


class ConsentAssessment(models.Model):
    program = models.ForeignKey(
        "curriculum.ProgramPage", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=160)
    vignette = models.TextField(
        _("client vignette"),
        help_text=_("The fictional client the colleague plays. No real client."),
    )
    setting = models.CharField(_("setting"), max_length=200)
    route = models.CharField(
        _("route"), max_length=120, help_text=_("e.g. sublingual lozenges, IM, IV")
    )
    prescriber_arrangement = models.CharField(
        _("prescriber arrangement"),
        max_length=200,
        help_text=_("e.g. the therapist works with an outside prescriber"),
    )
    rubric = StreamField(RubricBlock(), min_num=1)
    pass_threshold = models.PositiveIntegerField(
        _("pass threshold (points)"),
        help_text=_("A total at or above this passes."),
    )
    borderline_margin = models.PositiveIntegerField(
        _("borderline margin (points)"),
        default=2,
        help_text=_(
            "A first score within this many points of the threshold needs a "
            "second rater before a result is given."
        ),
    )
    credited_minutes = models.PositiveIntegerField(
        _("credited minutes"),
        default=60,
        help_text=_("Consent-practice minutes credited on a pass."),
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="consent_assessments", blank=True
    )
    is_open = models.BooleanField(_("open for submissions"), default=True)

    class Meta:
        verbose_name = _("consent assessment")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def criteria(self) -> list:
        return [child for child in self.rubric if child.block_type == "criterion"]

    @property
    def max_points(self) -> int:
        return sum(
            max(lv["points"] for lv in c.value["levels"]) for c in self.criteria()
        )


class Submission(models.Model):
    class Kind(models.TextChoices):
        RECORDING = "recording", _("Recorded role-play")
        LIVE = "live", _("Live role-play with an assessor")

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting an assessor")
        SECOND_RATING = "second_rating", _("Awaiting a second assessor")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not yet passed")

    assessment = models.ForeignKey(
        ConsentAssessment, on_delete=models.PROTECT, related_name="submissions"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attempt = models.PositiveIntegerField(default=1)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    recording = models.FileField(
        upload_to="av/practice", storage=PrivateStorage(), blank=True
    )
    recording_type = models.CharField(max_length=40, blank=True)
    recording_deleted_at = models.DateTimeField(null=True, blank=True)
    live_slot = models.DateTimeField(_("requested slot"), null=True, blank=True)
    colleague_confirmed = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.AWAITING
    )
    total = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent-practice submission")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "trainee", "attempt"], name="practice_one_attempt"
            ),
            models.UniqueConstraint(
                fields=["assessment", "trainee"],
                condition=models.Q(status__in=["awaiting", "second_rating"]),
                name="practice_one_open_submission",
            ),
            models.CheckConstraint(
                condition=models.Q(colleague_confirmed=True),
                name="practice_role_play_with_a_colleague",
            ),
        ]

    def __str__(self):
        return f"{self.assessment} · {self.trainee} · #{self.attempt}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.AWAITING, self.Status.SECOND_RATING)

    def agreement(self) -> dict | None:
        """Inter-rater agreement of a twice-rated submission: the share of
        criteria scored at the same level, and the difference of the totals."""
        reviews = list(self.reviews.all()[:2])
        if len(reviews) < 2:
            return None
        first, second = reviews
        keys = list(first.scores)
        same = sum(
            1
            for key in keys
            if key in second.scores
            and first.scores[key]["level"] == second.scores[key]["level"]
        )
        return {
            "same": same,
            "criteria": len(keys),
            "percent": round(100 * same / len(keys)) if keys else 0,
            "difference": abs(first.total - second.total),
        }

    @admin.display(description=_("inter-rater agreement"))
    def agreement_display(self) -> str:
        found = self.agreement()
        if found is None:
            return "—"
        return _("%(percent)s%% of criteria; totals %(difference)s apart") % found


class Review(models.Model):
    """One assessor's scores of one submission."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="reviews"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # {criterion block id: {"level": index, "points": n, "comment": "..."}}
    scores = models.JSONField()
    total = models.PositiveIntegerField()
    passed = models.BooleanField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "assessor"], name="practice_one_review_each"
            )
        ]
        # An assessor's scores are a record: never changed nor deleted.
        triggers = append_only(
            "practice_review",
            frozen=["submission", "assessor", "scores", "total", "passed", "comment"],
        )

    def __str__(self):
        return f"{self.submission} · {self.assessor} · {self.total}"


class FeedbackNote(models.Model):
    """Feedback tied to a moment of the recording (or the live session)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="notes")
    at_seconds = models.PositiveIntegerField()
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["at_seconds"]

    def __str__(self):
        return f"{self.timestamp} {self.text}"

    @property
    def timestamp(self) -> str:
        return f"{self.at_seconds // 60}:{self.at_seconds % 60:02d}"


class RecordingAccess(models.Model):
    """Who opened a recording, and when (kept after the recording is gone)."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        triggers = append_only("practice_access", frozen=["submission", "user", "at"])

    def __str__(self):
        return f"{self.user} · {self.submission} · {self.at:%Y-%m-%d %H:%M}"
