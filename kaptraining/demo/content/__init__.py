"""The demo program's curriculum as data; kaptraining.demo.curriculum builds
it into Wagtail pages."""

from .core import CORE_COURSE
from .courses import OTHER_COURSES

CURRICULUM = [CORE_COURSE, *OTHER_COURSES]
ELECTIVES_REQUIRED = 2

__all__ = ["CURRICULUM", "ELECTIVES_REQUIRED"]
