"""Curriculum pages (editorial, revisioned) and the study records trainees make."""

from .pages import (
    CoursePage,
    LessonPage,
    LessonTag,
    ModulePage,
    ProgramCategoryRequirement,
    ProgramPage,
)
from .study import (
    ElectiveChoice,
    EvaluationResponse,
    JournalEntry,
    LessonNote,
    QuizAttempt,
    QuizAttemptStatus,
    QuizResponse,
    StudyPosition,
)

__all__ = [
    "CoursePage",
    "ElectiveChoice",
    "EvaluationResponse",
    "JournalEntry",
    "LessonNote",
    "LessonPage",
    "LessonTag",
    "ModulePage",
    "ProgramCategoryRequirement",
    "ProgramPage",
    "QuizAttempt",
    "QuizAttemptStatus",
    "QuizResponse",
    "StudyPosition",
]
