"""Every write of the mailing list: sign-up with double opt-in, confirmation,
unsubscribe, suppression, sending a broadcast in batches, export and erasure."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import expand_db_html

from kaptraining.core.mail import mail_send
from kaptraining.core.models import OutboundEmail
from kaptraining.core.urls import absolute_url

from .audiences import recipients
from .models import (
    TOPIC_FIELDS,
    Broadcast,
    BroadcastStatus,
    ConsentAction,
    ConsentRecord,
    Delivery,
    Subscriber,
    SubscriberStatus,
    Suppression,
    Topic,
)
from .rendering import broadcast_context, organisation
from .tokens import confirm_token, unsubscribe_token

BATCH_SIZE = 500


def _clip(text: str | None, size: int) -> str:
    return (text or "").replace("\x00", "")[:size]


def _consent(
    subscriber: Subscriber,
    action: str,
    *,
    topics: list[str],
    source: str = "",
    wording: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> ConsentRecord:
    return ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        topics=topics,
        source=_clip(source, 120),
        wording=_clip(wording, 2000),
        ip_address=ip or None,
        user_agent=_clip(user_agent, 300),
    )


@transaction.atomic
def subscription_request(
    *,
    email: str,
    name: str = "",
    topics: list[str],
    source: str,
    wording: str,
    ip: str | None = None,
    user_agent: str = "",
) -> Subscriber | None:
    """Record a request to subscribe and mail a confirmation link; nothing is
    sent to the list's reader until they confirm. Returns None (and sends
    nothing) for a suppressed address; the visitor is told the same either way."""
    email = email.strip().lower()
    topics = [t for t in Topic.values if t in topics]
    if not topics or Suppression.objects.filter(email=email).exists():
        return None
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
        email=email, defaults={"name": _clip(name, 120)}
    )
    subscriber.pending_topics = topics
    if name and not subscriber.name:
        subscriber.name = _clip(name, 120)
    subscriber.save(update_fields=["pending_topics", "name"])
    _consent(
        subscriber,
        ConsentAction.REQUESTED,
        topics=topics,
        source=source,
        wording=wording,
        ip=ip,
        user_agent=user_agent,
    )
    mail_send(
        "newsletter_confirm",
        to=email,
        context={
            "name": subscriber.name,
            "confirm_url": absolute_url(
                "newsletter:confirm", confirm_token(subscriber.pk)
            ),
            "topics": [str(Topic(t).label) for t in topics],
            "days": settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS,
            "organisation_name": organisation().name,
        },
    )
    return subscriber


@transaction.atomic
def subscription_confirm(
    *, subscriber_id: int, ip: str | None = None, user_agent: str = ""
) -> Subscriber | None:
    """Apply the topics the person asked for; confirming twice changes nothing."""
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    if not subscriber.pending_topics:
        return subscriber  # already confirmed (a second click, a link scanner)
    for topic, field in TOPIC_FIELDS.items():
        setattr(subscriber, field, topic in subscriber.pending_topics)
    topics = subscriber.pending_topics
    subscriber.pending_topics = []
    subscriber.status = SubscriberStatus.SUBSCRIBED
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save()
    _consent(
        subscriber,
        ConsentAction.CONFIRMED,
        topics=topics,
        source="confirmation link",
        ip=ip,
        user_agent=user_agent,
    )
    return subscriber


@transaction.atomic
def subscription_unsubscribe(
    *,
    subscriber_id: int,
    source: str,
    ip: str | None = None,
    user_agent: str = "",
) -> Subscriber | None:
    """Take the person off every topic; idempotent (one record per change)."""
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return subscriber
    for field in TOPIC_FIELDS.values():
        setattr(subscriber, field, False)
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    subscriber.pending_topics = []
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save()
    _consent(
        subscriber,
        ConsentAction.UNSUBSCRIBED,
        topics=[],
        source=source,
        ip=ip,
        user_agent=user_agent,
    )
    return subscriber


@transaction.atomic
def suppression_add(*, email: str, reason: str, detail: str = "") -> Suppression:
    """Never send a newsletter to `email` again (bounce, complaint, staff)."""
    suppression, _created = Suppression.objects.get_or_create(
        email=email.strip().lower(),
        defaults={"reason": reason, "detail": _clip(detail, 300)},
    )
    return suppression


@transaction.atomic
def broadcast_start(*, broadcast: Broadcast, user) -> bool:
    """Freeze a draft and enqueue its sending after commit; False if it was
    already started (a double click starts it once)."""
    from .tasks import broadcast_send  # tasks import services: same app

    locked = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if locked.status != BroadcastStatus.DRAFT:
        return False
    locked.status = BroadcastStatus.SENDING
    locked.started_at = timezone.now()
    locked.started_by = user
    locked.recipient_count = recipients(
        audience=locked.audience, topic=locked.topic
    ).count()
    locked.save()
    broadcast_send.delay_on_commit(locked.pk, 0)
    return True


def _headers(token: str) -> dict[str, str]:
    # RFC 8058 one-click: the https URL alone, taking a POST without cookies.
    # No mailto: nothing reads an unsubscribe mailbox, and an address that
    # silently ignores requests breaks the law (CAN-SPAM honours any offered
    # way out) and earns spam complaints; Gmail and Yahoo ask only for this.
    return {
        "List-Unsubscribe": f"<{absolute_url('newsletter:unsubscribe', token)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Precedence": "bulk",
    }


@transaction.atomic
def broadcast_send_batch(
    *, broadcast_id: int, after_id: int, batch_size: int = BATCH_SIZE
) -> int | None:
    """Queue the next batch of recipients (subscribers with id > after_id), one
    Delivery and one message each, skipping anyone already sent this broadcast.
    Returns the cursor for the next batch, or None when the broadcast is done."""
    broadcast = Broadcast.objects.select_for_update().filter(pk=broadcast_id).first()
    if broadcast is None or broadcast.status != BroadcastStatus.SENDING:
        return None
    batch = list(
        recipients(audience=broadcast.audience, topic=broadcast.topic)
        .filter(pk__gt=after_id)
        .order_by("pk")
        .only("pk", "email", "name")[:batch_size]
    )
    if not batch:
        broadcast.status = BroadcastStatus.SENT
        broadcast.finished_at = timezone.now()
        broadcast.save(update_fields=["status", "finished_at"])
        return None
    done = set(
        Delivery.objects.filter(
            broadcast=broadcast, subscriber_id__in=[s.pk for s in batch]
        ).values_list("subscriber_id", flat=True)
    )
    body_html = expand_db_html(broadcast.body)
    org = organisation()
    deliveries = []
    for subscriber in batch:
        if subscriber.pk in done:
            continue
        token = unsubscribe_token(subscriber.pk)
        unsubscribe_url = absolute_url("newsletter:unsubscribe", token)
        outbound = mail_send(
            "newsletter_broadcast",
            to=subscriber.email,
            context=broadcast_context(
                broadcast,
                name=subscriber.name,
                unsubscribe_url=unsubscribe_url,
                body_html=body_html,
                org=org,
            ),
            key=f"newsletter:{broadcast.pk}:{subscriber.pk}",
            headers=_headers(token),
        )
        deliveries.append(
            Delivery(broadcast=broadcast, subscriber=subscriber, outbound=outbound)
        )
    Delivery.objects.bulk_create(deliveries)
    return batch[-1].pk


def broadcast_test_send(*, broadcast: Broadcast, user) -> OutboundEmail | None:
    """Send the newsletter to the staff member alone, marked as a test; its
    unsubscribe link is inert (no subscriber behind it)."""
    token = unsubscribe_token(0)
    return mail_send(
        "newsletter_broadcast",
        to=user.email,
        context={
            **broadcast_context(
                broadcast,
                name=user.get_full_name(),
                unsubscribe_url=absolute_url("newsletter:unsubscribe", token),
            ),
            "test": True,
        },
        headers=_headers(token),
    )


def _audit(subscriber: Subscriber, *, actor, what: str) -> None:
    # The entry names the row, never the address: an erasure must not leave it.
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Subscriber),
        object_pk=str(subscriber.pk),
        object_id=subscriber.pk,
        object_repr=f"subscriber #{subscriber.pk}",
        action=LogEntry.Action.DELETE if what == "erased" else LogEntry.Action.ACCESS,
        changes={"request": ["", what]},
        actor=actor,
        timestamp=timezone.now(),
    )


def subscriber_data(subscriber: Subscriber) -> dict[str, Any]:
    """What the list holds about a person (the export on request)."""
    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "status": subscriber.status,
        "topics": subscriber.topics,
        "pending_topics": subscriber.pending_topics,
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at and subscriber.confirmed_at.isoformat(),
        "unsubscribed_at": subscriber.unsubscribed_at
        and subscriber.unsubscribed_at.isoformat(),
        "consents": [
            {
                "at": c.at.isoformat(),
                "action": c.action,
                "topics": c.topics,
                "source": c.source,
                "wording": c.wording,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
            }
            for c in subscriber.consents.all()
        ],
        "newsletters_sent": [
            {"subject": d.broadcast.subject, "at": d.created_at.isoformat()}
            for d in subscriber.deliveries.select_related("broadcast")
        ],
    }


@transaction.atomic
def subscriber_export(*, subscriber: Subscriber, actor) -> dict[str, Any]:
    """The person's data for a subject-access request; audit-logged."""
    _audit(subscriber, actor=actor, what="exported")
    return subscriber_data(subscriber)


@transaction.atomic
def subscriber_erase(*, subscriber: Subscriber, actor) -> None:
    """Erase a person on request: the subscriber, their consent records and
    delivery rows. The audit log keeps that it happened, not who it was."""
    _audit(subscriber, actor=actor, what="erased")
    subscriber.delete()
