from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    """Wagtail pages (Program > Course > Module > Lesson) and StreamField blocks."""

    name = "kaptraining.curriculum"
    label = "curriculum"
