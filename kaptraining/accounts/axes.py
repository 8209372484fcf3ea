"""django-axes needs the same username for failures and lockout checks.
allauth posts the address as `login` and authenticates with `email`."""


def axes_username(request, credentials) -> str:
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
    )
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()
