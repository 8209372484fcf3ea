from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications, e-mail preferences per kind, daily digests and
    follows (discussion threads). A low layer, so every app can notify."""

    name = "kaptraining.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"
