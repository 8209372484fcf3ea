from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kaptraining.core"
    label = "core"

    def ready(self):
        from . import access, checks  # noqa: F401  (register their system checks)
        from . import wagtail_fixes

        wagtail_fixes.apply()
