from .models import Notification


def unread(request):
    """The header's unread count (one indexed COUNT, signed-in pages only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifications_unread": lambda: Notification.objects.filter(
            user=user, read_at__isnull=True
        ).count()
    }
