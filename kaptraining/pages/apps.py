from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "kaptraining.pages"
    label = "pages"
