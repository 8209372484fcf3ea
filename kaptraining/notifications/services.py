"""Creating notifications, following topics and sending digests. Every
e-mail goes through core.mail.mail_send (stored, delivered after commit)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from kaptraining.core.mail import mail_send

from .kinds import KINDS
from .models import Channel, Follow, Notification, Preference

DIGEST_BATCH = 200
UNREAD_TTL = 24 * 60 * 60


# The header's unread count is read from the cache, so no page pays a query
# for it: the home page and the notification centre count and store it, a new
# notification adds one to a stored count, marking read stores the new count.
def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count_cached(user_id: int) -> int | None:
    """The stored unread count, or None when nothing is stored (no query)."""
    return cache.get(_unread_key(user_id))


def unread_count_refresh(user_id: int) -> int:
    """Count the unread notifications (one query) and store the count."""
    n = Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
    cache.set(_unread_key(user_id), n, UNREAD_TTL)
    return n


def _unread_bump(user_id: int) -> None:
    try:
        cache.incr(_unread_key(user_id))
    except ValueError:  # nothing stored: the next count will include it
        pass


def channel_for(*, user, kind: str) -> str:
    """The e-mail channel for this person and kind (required kinds: at once)."""
    spec = KINDS[kind]
    if spec.required:
        return Channel.IMMEDIATELY
    chosen = (
        Preference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return chosen or spec.default


@transaction.atomic
def notification_create(
    *,
    user,
    kind: str,
    event_key: str,
    title,
    title_params: dict | None = None,
    url: str = "",
    body: str = "",
    mailed_by_caller: bool = False,
) -> Notification | None:
    """One notification per person and event: a second call with the same
    event_key changes nothing and returns None. E-mails at once, or leaves it
    for the daily digest, as the person chose for this kind. An event whose
    own operational e-mail the caller sends (`mailed_by_caller`, a required
    kind) is only listed, so nobody gets the same news twice. A lazy `title`
    (gettext_lazy, with `title_params` filled in) is stored in the person's
    own language, not the language of whoever caused it."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if mailed_by_caller and not KINDS[kind].required:
        raise ValueError(f"Kind {kind!r} is not required mail; let it mail itself")
    if Notification.objects.filter(user=user, event_key=event_key).exists():
        return None
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        title = str(title) % title_params if title_params else str(title)
    channel = Channel.OFF if mailed_by_caller else channel_for(user=user, kind=kind)
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        event_key=event_key,
        title=title[:300],
        body=body,
        url=url[:500],
        wants_digest=channel == Channel.DIGEST,
        mailed_at=None if channel == Channel.DIGEST else timezone.now(),
    )
    transaction.on_commit(lambda: _unread_bump(user.pk))
    if channel == Channel.IMMEDIATELY:
        mail_send(
            "notification",
            to=user,
            context={"notification": notification},
            key=f"notification:{notification.pk}",
        )
    return notification


@transaction.atomic
def notify_followers(
    *,
    topic: str,
    kind: str,
    event_key: str,
    title,
    url: str,
    title_params: dict | None = None,
    exclude=None,
) -> int:
    """Notify everyone following `topic` (except `exclude`), once per event."""
    followers = get_user_model().objects.filter(follows__topic=topic, is_active=True)
    if exclude is not None:
        followers = followers.exclude(pk=exclude.pk)
    made = 0
    for user in followers:
        if notification_create(
            user=user,
            kind=kind,
            event_key=event_key,
            title=title,
            title_params=title_params,
            url=url,
        ):
            made += 1
    return made


@transaction.atomic
def follow_set(*, user, topic: str, following: bool) -> bool:
    """Follow or stop following a topic; returns whether the user follows it."""
    if following:
        Follow.objects.get_or_create(user=user, topic=topic)
    else:
        Follow.objects.filter(user=user, topic=topic).delete()
    return following


@transaction.atomic
def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them (None)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    changed = unread.update(read_at=timezone.now())
    transaction.on_commit(lambda: unread_count_refresh(user.pk))
    return changed


@transaction.atomic
def preference_save(*, user, kind: str, channel: str) -> None:
    """Remember how a person wants e-mail for a kind (required kinds ignore it)."""
    if kind not in KINDS or channel not in Channel.values:
        raise ValueError("Unknown kind or channel")
    Preference.objects.update_or_create(
        user=user, kind=kind, defaults={"channel": channel}
    )


def digest_send(*, user_id: int, now: datetime.datetime | None = None) -> int:
    """One e-mail with everything waiting for this person's digest; each row
    is marked in the same transaction, so a second run sends nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update()
            .filter(user_id=user_id, wants_digest=True, mailed_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not due:
            return 0
        user = due[0].user
        mail_send(
            "notification_digest",
            to=user,
            context={"notifications": due},
            key=f"digest:{user_id}:{due[-1].pk}",
        )
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(mailed_at=now)
    return len(due)


def digests_due(*, after_user_id: int = 0, limit: int = DIGEST_BATCH) -> list[int]:
    """The next batch of people with a digest waiting (a cursor on user id)."""
    return list(
        Notification.objects.filter(
            wants_digest=True, mailed_at__isnull=True, user_id__gt=after_user_id
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()[:limit]
    )
