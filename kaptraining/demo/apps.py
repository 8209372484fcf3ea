from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kaptraining.demo"
    label = "demo"
    verbose_name = "Demo data"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
