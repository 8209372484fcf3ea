"""Bounces and complaints from the e-mail provider (django-anymail tracking
webhooks, any ESP): the address goes on the suppression list."""

from anymail.signals import tracking
from django.dispatch import receiver

from .models import SuppressionReason
from .services import suppression_add

SUPPRESSING_EVENTS = {
    "bounced": SuppressionReason.BOUNCED,
    "complained": SuppressionReason.COMPLAINED,
    "rejected": SuppressionReason.REJECTED,
}


@receiver(tracking, dispatch_uid="newsletter.suppress_on_bounce")
def suppress_on_bounce(sender, event, esp_name, **kwargs):
    reason = SUPPRESSING_EVENTS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    detail = f"{esp_name}: {event.description or event.mta_response or ''}"
    suppression_add(email=event.recipient, reason=reason, detail=detail.strip())
