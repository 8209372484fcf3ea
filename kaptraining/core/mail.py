"""E-mail: the one way every app sends mail.

``mail_send("certificate_issued", to=user, context={...}, key=...)`` renders
``templates/emails/<name>_subject.txt``, ``<name>.txt`` and, when it exists,
``<name>.html``, in the recipient's language and time zone (a user's; the
site's for bare addresses), and stores the message as an ``OutboundEmail``
row in the caller's transaction. After that transaction commits, one Celery
task (``mail_deliver``) sends it; if the transaction rolls back, nothing is
sent. SMTP replies in the 4xx range, dropped connections and network errors
are retried with exponential backoff; anything else is given up at once and
recorded on the row. A caller that passes a ``key`` gets at most one message
per key, however often it runs (a redelivered task, a double click).
"""

from __future__ import annotations

import logging
import smtplib
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail
from .urls import site_host

logger = logging.getLogger(__name__)

TEMPLATE_DIR = "emails"
SUBJECT_MAX = 255


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body: str
    html: str


def _single_line(text: str) -> str:
    # A header holds one line; a subject made from user input must not break it.
    return " ".join(text.split())[:SUBJECT_MAX]


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL in text, and no mail client shows one.
    return text.replace("\x00", "")


def _zone(name: str | None):
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def render_mail(
    template: str,
    context: Mapping[str, Any],
    *,
    language: str | None = None,
    time_zone: str | None = None,
) -> RenderedMail:
    """Render the subject, text and (optional) HTML templates of `template`
    in `language` and `time_zone` (the site's when not given)."""
    base = f"{TEMPLATE_DIR}/{template}"
    with (
        translation.override(language or settings.LANGUAGE_CODE),
        timezone.override(_zone(time_zone)),
    ):
        subject = render_to_string(f"{base}_subject.txt", context)
        body = render_to_string(f"{base}.txt", context)
        try:
            html_template = get_template(f"{base}.html")
        except TemplateDoesNotExist:
            html = ""
        else:
            html = html_template.render(dict(context))
    return RenderedMail(
        subject=_clean(_single_line(subject)), body=_clean(body), html=_clean(html)
    )


def _recipients(to) -> tuple[list[str], Any]:
    """Addresses, and the one user whose language and zone to render in."""
    items = [to] if isinstance(to, str) or hasattr(to, "email") else list(to)
    addresses = [item if isinstance(item, str) else item.email for item in items]
    users = [item for item in items if not isinstance(item, str)]
    reader = users[0] if len(items) == 1 and users else None
    return [a for a in addresses if a], reader


def _enqueue(email: OutboundEmail) -> None:
    email_id = email.pk

    def deliver_after_commit():
        mail_deliver.delay(email_id)

    # robust: the sender's data is committed; a broker hiccup must not turn
    # that into an error page. The row stays unsent and visible to staff.
    transaction.on_commit(deliver_after_commit, robust=True)


def _store(
    *,
    key: str | None,
    template: str,
    to: list[str],
    reply_to: Sequence[str],
    from_email: str | None,
    rendered: RenderedMail,
    headers: Mapping[str, str] | None = None,
) -> OutboundEmail | None:
    fields = {
        "template": template[:100],
        "to": to,
        "reply_to": list(reply_to),
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "subject": rendered.subject,
        "body": rendered.body,
        "html": rendered.html,
        # One line each: a value must not smuggle in another header.
        "headers": {k: " ".join(str(v).split()) for k, v in (headers or {}).items()},
    }
    if key is None:
        email = OutboundEmail.objects.create(**fields)
    else:
        try:
            with transaction.atomic():
                email = OutboundEmail.objects.create(key=key, **fields)
        except IntegrityError:  # sent (or queued) before: once per key
            return None
    _enqueue(email)
    return email


def mail_send(
    template: str,
    *,
    to,
    context: Mapping[str, Any] | None = None,
    key: str | None = None,
    reply_to: Sequence[str] = (),
    from_email: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> OutboundEmail | None:
    """Render `emails/<template>*` for `to` (a user, an address, or a list of
    them) and deliver it after the current transaction commits. Returns the
    queued row, or None when `key` was used before or there is no recipient.
    `headers` are added to the message (e.g. a newsletter's List-Unsubscribe)."""
    addresses, reader = _recipients(to)
    if not addresses:
        return None
    if key is not None and OutboundEmail.objects.filter(key=key).exists():
        return None
    rendered = render_mail(
        template,
        {**(context or {}), "recipient": reader},
        language=getattr(reader, "language", None),
        time_zone=getattr(reader, "timezone", None),
    )
    return _store(
        key=key,
        template=template,
        to=addresses,
        reply_to=reply_to,
        from_email=from_email,
        rendered=rendered,
        headers=headers,
    )


def mail_send_message(
    message: EmailMessage, *, template: str = "", key: str | None = None
) -> OutboundEmail | None:
    """Queue a message rendered elsewhere (allauth renders its own) on the
    same path: stored now, delivered after commit, retried."""
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    body = message.body
    if message.content_subtype == "html":
        body, html = "", message.body
    return _store(
        key=key,
        template=template,
        to=list(message.to),
        reply_to=list(message.reply_to),
        from_email=message.from_email,
        rendered=RenderedMail(
            subject=_clean(_single_line(str(message.subject))),
            body=_clean(body),
            html=_clean(str(html)),
        ),
    )


# --- delivery ---------------------------------------------------------------------


def is_transient(exc: BaseException) -> bool:
    """Worth trying again later: a 4xx SMTP reply, a dropped connection, a
    network error. A 5xx reply (bad address, refused content) is final."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, OSError)


def retry_delay(retries: int) -> int:
    """Seconds before retry number `retries` + 1: doubling, capped below the
    broker's visibility timeout so a waiting retry is never redelivered."""
    base = settings.MAIL_RETRY_BASE_SECONDS
    return int(min(settings.MAIL_RETRY_MAX_SECONDS, base * 2**retries))


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        reply_to=email.reply_to or None,
        # One Message-ID per stored message, so a receiving server can drop a
        # copy if a retry follows a delivery whose reply was lost.
        headers={
            **(email.headers or {}),
            "Message-ID": (
                f"<kap.{email.pk}.{int(email.created_at.timestamp())}"
                f"@{site_host() or 'localhost'}>"
            ),
        },
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def mail_deliver_now(*, email_id: int) -> bool:
    """Send one stored message unless it was sent or given up; the row lock
    keeps two deliveries of the task from sending it twice at once."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        try:
            _message(email).send()
        except (smtplib.SMTPException, OSError) as exc:
            error = exc
        else:
            OutboundEmail.objects.filter(pk=email.pk).update(
                sent_at=timezone.now(),
                attempts=F("attempts") + 1,
                last_error="",
                body="",
                html="",
                headers={},
            )
            return True
    OutboundEmail.objects.filter(pk=email_id).update(
        attempts=F("attempts") + 1, last_error=repr(error)[:500]
    )
    raise error


def mail_give_up(*, email_id: int, error: BaseException) -> None:
    """Record that a message will not be sent (final error, or out of retries)."""
    OutboundEmail.objects.filter(pk=email_id, sent_at__isnull=True).update(
        failed_at=timezone.now(), last_error=repr(error)[:500]
    )
    logger.error("E-mail %s not delivered: %r", email_id, error)


@shared_task(
    name="core.mail_deliver",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # counted below, so the last failure is recorded
)
def mail_deliver(self, email_id: int) -> bool:
    """Deliver one queued e-mail; retry transient SMTP and network errors with
    backoff, give up on anything else. Delivering twice sends once."""
    try:
        return mail_deliver_now(email_id=email_id)
    except (smtplib.SMTPException, OSError) as exc:
        retries = self.request.retries
        if not is_transient(exc) or retries >= settings.MAIL_MAX_RETRIES:
            mail_give_up(email_id=email_id, error=exc)
            raise
        if self.request.is_eager:
            # In-process tasks (the demo, tests): no worker comes back later,
            # so the retries run now, without the waits.
            return self.apply((email_id,), retries=retries + 1, throw=True).get()
        raise self.retry(exc=exc, countdown=retry_delay(retries)) from exc
