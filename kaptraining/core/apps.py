from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kaptraining.core"
    label = "core"

    def ready(self):
        from . import (  # noqa: F401  (register their system checks)
            access,
            checks,
            receivers,
            wagtail_fixes,
        )

        wagtail_fixes.apply()
