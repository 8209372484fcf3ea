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
