"""Curriculum: the Wagtail pages (editorial, revisioned) and nothing else. What
trainees do while studying them lives in kaptraining.study."""

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
    "LessonPage",
    "LessonTag",
    "ModulePage",
    "ProgramCategoryRequirement",
    "ProgramPage",
]
