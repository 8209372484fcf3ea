"""What trainees do while studying: lesson completions, quiz attempts and
responses, journal, notes, evaluations, elective choices and where they left
off. Plain models, not pages (the pages are curriculum's).

These models lived in cohorts (LessonCompletion) and curriculum (the rest);
study/migrations/0001 took them over with their tables and data."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonCompletion(models.Model):
    """A trainee finished a lesson; kept with the page revision they studied."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.PROTECT, related_name="completions"
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        on_delete=models.PROTECT,
        related_name="lesson_completions",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "lesson"], name="one_completion_per_lesson"
            ),
        ]

    def __str__(self):
        return f"{self.trainee} completed {self.lesson_id}"


class QuizAttemptStatus(models.TextChoices):
    PENDING_REVIEW = "pending_review", _("Awaiting a trainer's review")
    GRADED = "graded", _("Graded")


class QuizAttempt(models.Model):
    """One submitted attempt at a lesson's quiz. Kept for the record; never edited
    by the trainee. The questions as they were asked live in its responses."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.PROTECT, related_name="quiz_attempts"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    status = models.CharField(max_length=16, choices=QuizAttemptStatus.choices)
    pass_mark = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    score_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    passed = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=timezone.now)
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["lesson_id", "trainee_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "lesson", "number"],
                name="one_attempt_number_per_quiz",
            ),
            models.CheckConstraint(
                condition=Q(score_percent__lte=100), name="quiz_score_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(passed=False)
                | Q(status="graded", score_percent__isnull=False),
                name="quiz_pass_needs_grade",
            ),
        ]

    def __str__(self):
        return f"Attempt {self.number} by {self.trainee_id} at lesson {self.lesson_id}"


class QuizResponse(models.Model):
    """The answer to one question in an attempt, with the question as it was asked."""

    class Kind(models.TextChoices):
        SINGLE = "single_choice", _("Single choice")
        MULTIPLE = "multiple_choice", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT = "short_answer", _("Short answer")

    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.PROTECT, related_name="responses"
    )
    question_id = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    prompt = models.TextField()
    options = models.JSONField(
        default=list,
        blank=True,
        help_text=_("The options shown: id, text, correct, feedback."),
    )
    explanation = models.TextField(blank=True)
    selected = models.JSONField(
        default=list, blank=True, help_text=_("Ids of the options chosen.")
    )
    text = models.TextField(blank=True)
    is_correct = models.BooleanField(
        null=True, help_text=_("Empty while a short answer awaits review.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewer_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="one_response_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id}:{self.question_id}"

    @property
    def chosen_options(self) -> list[dict]:
        return [o for o in self.options if o["id"] in self.selected]


class JournalEntry(models.Model):
    """A trainee's private answer to a reflection prompt. Only its author sees it."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="journal_entries",
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    block_id = models.CharField(max_length=64)
    prompt = models.TextField()
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "lesson", "block_id"],
                name="one_journal_entry_per_prompt",
            ),
        ]

    def __str__(self):
        return f"Journal of {self.trainee_id} on {self.lesson_id}"


class LessonNote(models.Model):
    """A trainee's private notes on a lesson."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_notes"
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "lesson"], name="one_note_per_lesson"
            )
        ]

    def __str__(self):
        return f"Note of {self.trainee_id} on {self.lesson_id}"


class StudyPosition(models.Model):
    """The lesson a trainee last opened in a program ("resume where you left off")."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage", on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    visited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "program"], name="one_position_per_program"
            )
        ]

    def __str__(self):
        return f"{self.trainee_id} at {self.lesson_id}"


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class EvaluationResponse(models.Model):
    """An end-of-module or end-of-course evaluation, as CE accreditors require."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations"
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="evaluations"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="+"
    )
    objectives_met = models.PositiveSmallIntegerField(
        _("the learning objectives were met"), validators=RATING
    )
    relevance = models.PositiveSmallIntegerField(
        _("the content is relevant to my practice"), validators=RATING
    )
    quality = models.PositiveSmallIntegerField(
        _("the teaching materials were clear and useful"), validators=RATING
    )
    free_of_bias = models.BooleanField(_("the content was free of commercial bias"))
    comments = models.TextField(_("comments"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "page"], name="one_evaluation_per_page"
            ),
            models.CheckConstraint(
                condition=Q(
                    objectives_met__range=(1, 5),
                    relevance__range=(1, 5),
                    quality__range=(1, 5),
                ),
                name="evaluation_ratings_1_to_5",
            ),
        ]

    def __str__(self):
        return f"Evaluation of {self.page_id} by {self.trainee_id}"


class ElectiveChoice(models.Model):
    """A trainee chose an elective course (one of the N a program asks for)."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="elective_choices",
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="elective_choices"
    )
    course = models.ForeignKey(
        "curriculum.CoursePage", on_delete=models.PROTECT, related_name="choices"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "course"], name="one_choice_per_elective"
            )
        ]

    def __str__(self):
        return f"{self.trainee_id} chose {self.course_id}"


# --- evidence of study (issue 15) ---------------------------------------------------


class StudyPolicy(models.Model):
    """What a program asks as evidence before a lesson counts as studied. Without
    a policy a program asks the defaults: the lesson's full estimated study time
    (its credited minutes) since the trainee first opened it, and 90% of every
    video or audio recording in it."""

    DEFAULT_TIME_PERCENT = 100
    DEFAULT_MEDIA_PERCENT = 90

    program = models.OneToOneField(
        "curriculum.ProgramPage", on_delete=models.CASCADE, related_name="+"
    )
    minimum_time_percent = models.PositiveSmallIntegerField(
        _("minimum time with a lesson (% of its estimated study time)"),
        default=DEFAULT_TIME_PERCENT,
        validators=[MaxValueValidator(200)],
        help_text=_(
            "Measured on the server from the moment the trainee first opens the "
            "lesson. 100 means the lesson's full credited minutes; 0 turns it off."
        ),
    )
    media_watch_percent = models.PositiveSmallIntegerField(
        _("share of each video or audio recording to watch (%)"),
        default=DEFAULT_MEDIA_PERCENT,
        validators=[MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("study evidence policy")
        verbose_name_plural = _("study evidence policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    minimum_time_percent__lte=200, media_watch_percent__lte=100
                ),
                name="study_policy_percent_range",
            )
        ]

    def __str__(self):
        return f"Study evidence for {self.program_id}"


class LessonVisit(models.Model):
    """When a trainee first opened a lesson: the server's clock, not the browser's,
    starts the minimum time with it."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    first_opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "lesson"], name="one_first_visit_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.trainee_id} opened {self.lesson_id}"


class MediaProgress(models.Model):
    """What a trainee has watched of one video or audio block of a lesson: the
    merged ranges in seconds, never beyond the recording's duration."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    block_id = models.CharField(max_length=64)
    duration_seconds = models.FloatField()
    ranges = models.JSONField(default=list, help_text=_("[[start, end], ...] merged"))
    watched_seconds = models.FloatField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("media progress")
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "lesson", "block_id"],
                name="one_media_progress_per_block",
            ),
            models.CheckConstraint(
                condition=Q(duration_seconds__gt=0)
                & Q(watched_seconds__gte=0)
                & Q(watched_seconds__lte=models.F("duration_seconds")),
                name="media_watched_within_duration",
            ),
        ]

    def __str__(self):
        return f"{self.trainee_id} watched {self.block_id} of {self.lesson_id}"

    @property
    def percent(self) -> int:
        return int(100 * self.watched_seconds // self.duration_seconds)
