"""Signed links: a confirmation that expires, and an unsubscribe that does
not (a newsletter read a year later must still let its reader leave)."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


def confirm_token(subscriber_id: int) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber_id))


def confirm_subscriber_id(token: str) -> int | None:
    """The subscriber of a confirmation link, or None if forged or expired."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS * 86400
        )
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def unsubscribe_token(subscriber_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber_id))


def unsubscribe_subscriber_id(token: str) -> int | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
