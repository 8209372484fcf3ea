"""Curriculum: the Wagtail pages (editorial, revisioned) and nothing else. What
trainees do while studying them lives in kaptraining.study."""

from .media import LessonMedia
from .pages import (
    CoursePage,
    LessonPage,
    LessonTag,
    ModulePage,
    ProgramCategoryRequirement,
    ProgramPage,
)

__all__ = [
    "CoursePage",
    "LessonMedia",
    "LessonPage",
    "LessonTag",
    "ModulePage",
    "ProgramCategoryRequirement",
    "ProgramPage",
]
