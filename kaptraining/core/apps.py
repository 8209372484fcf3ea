from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kaptraining.core"
    label = "core"
