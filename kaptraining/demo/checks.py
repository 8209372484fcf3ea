"""Demo accounts must never work on a live site.

`load_demo` creates accounts on DEMO_DOMAIN with a password printed in the
README. Where demo data is not allowed (production settings), a database that
still holds such an account with that password is an error: `migrate` and
`check --database default` report it, so a deploy stops there."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, is_password_usable
from django.core import checks
from django.db import DatabaseError

from .constants import DEMO_DOMAIN, DEMO_PASSWORD


def demo_accounts_with_published_password(using: str = "default") -> list[str]:
    """E-mail addresses of demo-domain accounts whose password is still the
    published one. Each distinct hash is checked once (the loader gives every
    demo account the same one), so this costs one hash check, not one each."""
    rows = (
        get_user_model()
        .objects.using(using)
        .filter(email__iendswith="@" + DEMO_DOMAIN, is_active=True)
        .values_list("email", "password")
    )
    by_hash: dict[str, list[str]] = {}
    for email, encoded in rows:
        if encoded and is_password_usable(encoded):
            by_hash.setdefault(encoded, []).append(email)
    found: list[str] = []
    for encoded, emails in by_hash.items():
        if check_password(DEMO_PASSWORD, encoded):
            found.extend(emails)
    return sorted(found)


@checks.register(checks.Tags.security, checks.Tags.database)
def demo_accounts_refused(app_configs=None, databases=None, **kwargs):
    if settings.KAP_DEMO_ALLOWED or not databases:
        return []
    errors = []
    for alias in databases:
        try:
            emails = demo_accounts_with_published_password(alias)
        except DatabaseError:  # not migrated yet: nothing to find
            continue
        if emails:
            errors.append(
                checks.Error(
                    f"{len(emails)} demo account(s) on {DEMO_DOMAIN} still sign in "
                    f"with the published demo password in database {alias!r} "
                    f"(for example {emails[0]}).",
                    hint=(
                        "Demo data must not reach a live site. Remove these "
                        "accounts, or give each an unusable password "
                        "(User.set_unusable_password()), before going live."
                    ),
                    id="demo.E001",
                )
            )
    return errors
