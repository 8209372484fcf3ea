from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "kaptraining.pages"
    label = "pages"

    def ready(self):
        from . import i18n

        # Spanish pages with an English fallback (issue 21).
        i18n.apply()
