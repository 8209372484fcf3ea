from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """Role homes (the dashboard) and panels that read several feature apps."""

    name = "kaptraining.workspace"
    label = "workspace"
