from django.conf import settings


def site(request):
    """Values every template may need (the payments mode is shown in the demo)."""
    return {
        "PAYMENTS_BACKEND": settings.PAYMENTS_BACKEND,
        "SITE_URL": settings.SITE_URL,
    }
