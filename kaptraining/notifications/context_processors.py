from .services import unread_count_cached


def unread(request):
    """The header's unread count, from the cache (no query on any page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": unread_count_cached(user.pk)}
