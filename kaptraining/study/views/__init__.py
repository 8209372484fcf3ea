"""Study views, by where they are used (lessons.py, program.py, trainers.py).
Thin: services do the writes. urls.py takes them from here."""

from .lessons import (
    attempt_review,
    complete_lesson,
    completion_message,
    journal,
    journal_save_view,
    media_progress_view,
    note_save_view,
    quiz_submit_view,
)
from .program import elective_choose_view, evaluation, search
from .trainers import cohort_quizzes, item_analysis, review_response

__all__ = [
    "attempt_review",
    "cohort_quizzes",
    "complete_lesson",
    "completion_message",
    "elective_choose_view",
    "evaluation",
    "item_analysis",
    "journal",
    "journal_save_view",
    "media_progress_view",
    "note_save_view",
    "quiz_submit_view",
    "review_response",
    "search",
]
