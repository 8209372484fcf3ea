from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kaptraining.directory"
    label = "directory"
