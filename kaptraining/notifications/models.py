from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IMMEDIATELY = "immediately", _("E-mail me at once")
    DIGEST = "digest", _("One e-mail a day (digest)")
    OFF = "off", _("No e-mail, only on the site")


class Notification(models.Model):
    """Something that needs a person's attention or action. One per person
    and event (`event_key`), however often the sender runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=40)
    event_key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when it went out by e-mail (at once or in a digest), or was never
    # to be e-mailed; digests pick the rows still without it.
    mailed_at = models.DateTimeField(null=True, blank=True)
    wants_digest = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], name="one_notification_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["user"],
                condition=Q(wants_digest=True, mailed_at__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self):
        return self.title


class Preference(models.Model):
    """How a person wants e-mail for one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=12, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="one_preference_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.channel}"


class Follow(models.Model):
    """A person follows a topic (e.g. "thread:12") to hear of new activity."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    topic = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], name="one_follow_per_topic"
            )
        ]

    def __str__(self):
        return self.topic
