from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "kaptraining.curriculum"
    label = "curriculum"
