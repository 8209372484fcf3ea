"""The privilege rule: who holds which role, and what a session must have
passed to use it. One place, read by the access middleware, the admin and the
MFA adapter.

- Roles: staff (is_staff or superuser), trainer, mentor, supervisor.
- Every signed-in route needs a verified e-mail address.
- Staff and trainers (KAP_REQUIRE_STAFF_MFA) need a session that passed MFA
  (TOTP, or a recovery code) before they use any signed-in route other than
  allauth's account pages, where they set it up.
"""

# allauth 65 keeps the record of how a session authenticated here (pinned).
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailAddress
from django.conf import settings

# Set at sign-in (receivers.py) and on the first check, so a page does not
# ask the database again: the address that was verified for this session.
VERIFIED_EMAIL_SESSION_KEY = "kap_verified_email"
ROLES = ("staff", "trainer", "mentor", "supervisor")


def is_staff(user) -> bool:
    return bool(user.is_active and (user.is_staff or user.is_superuser))


def holds_role(user, role: str) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if role == "staff":
        return is_staff(user)
    if role in ("trainer", "mentor", "supervisor"):
        return bool(getattr(user, f"is_{role}"))
    raise ValueError(f"Unknown role {role!r}")


def holds_any_role(user, roles) -> bool:
    return any(holds_role(user, role) for role in roles)


def requires_mfa(user) -> bool:
    """Staff and trainers sign in with a second factor (KAP_REQUIRE_STAFF_MFA)."""
    if not settings.KAP_REQUIRE_STAFF_MFA or not user.is_authenticated:
        return False
    return is_staff(user) or bool(user.is_trainer)


def mfa_passed(request) -> bool:
    """This session signed in (or re-authenticated) with a second factor.
    allauth records the methods a session used, for the user it records them
    for; "mfa" is only recorded once a TOTP or recovery code was accepted."""
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" for r in records if isinstance(r, dict))


def email_verified(request) -> bool:
    """The signed-in user's address is verified (remembered for the session)."""
    user = request.user
    if request.session.get(VERIFIED_EMAIL_SESSION_KEY) == user.email:
        return True
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists()
    if verified:
        request.session[VERIFIED_EMAIL_SESSION_KEY] = user.email
    return verified


def remember_verified_email(request, user) -> None:
    """At sign-in: note a verified address, so pages need no extra query."""
    if EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists():
        request.session[VERIFIED_EMAIL_SESSION_KEY] = user.email
    else:
        request.session.pop(VERIFIED_EMAIL_SESSION_KEY, None)
