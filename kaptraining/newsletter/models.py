"""The mailing list: subscribers with per-topic consent, the record of that
consent, a suppression list, and broadcasts with one delivery row per
recipient (the unique constraint makes a second send run send nothing twice)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin

from .rendering import broadcast_context


class Topic(models.TextChoices):
    TRAININGS = "trainings", _("Trainings and retreats")
    RESEARCH = "research", _("Research news")
    DIRECTORY = "directory", _("Directory updates")


TOPIC_FIELDS = {topic.value: f"topic_{topic.value}" for topic in Topic}


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    SUBSCRIBED = "subscribed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class SubscriberQuerySet(models.QuerySet):
    def subscribed(self):
        return self.filter(status=SubscriberStatus.SUBSCRIBED)

    def for_topic(self, topic: str):
        return self.filter(**{TOPIC_FIELDS[topic]: True})

    def not_suppressed(self):
        return self.exclude(email__in=Suppression.objects.values("email"))


class Subscriber(models.Model):
    """One address on the list. Topics are the confirmed ones; a request to
    change them waits in `pending_topics` until its link is confirmed."""

    email = models.EmailField(_("e-mail address"), unique=True)  # stored lower-case
    name = models.CharField(_("name"), max_length=120, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    topic_trainings = models.BooleanField(_("trainings and retreats"), default=False)
    topic_research = models.BooleanField(_("research news"), default=False)
    topic_directory = models.BooleanField(_("directory updates"), default=False)
    pending_topics = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("first request"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        ordering = ["email"]
        indexes = [models.Index(fields=["status", "id"])]

    def __str__(self):
        return self.email

    @property
    def topics(self) -> list[str]:
        return [t for t, field in TOPIC_FIELDS.items() if getattr(self, field)]

    def topic_labels(self) -> str:
        return ", ".join(str(Topic(t).label) for t in self.topics)

    topic_labels.short_description = _("topics")  # type: ignore[attr-defined]


class ConsentAction(models.TextChoices):
    REQUESTED = "requested", _("Asked to subscribe (confirmation e-mail sent)")
    CONFIRMED = "confirmed", _("Confirmed by the link in the e-mail")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    EXPORTED = "exported", _("Data exported on request")


class ConsentRecord(models.Model):
    """When, how and to what a person agreed (or withdrew): append-only."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="consents"
    )
    action = models.CharField(_("action"), max_length=16, choices=ConsentAction.choices)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    source = models.CharField(
        _("how"), max_length=120, blank=True, help_text=_("footer, page, link, …")
    )
    wording = models.TextField(_("what they were shown"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d})"


class SuppressionReason(models.TextChoices):
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Marked as spam")
    REJECTED = "rejected", _("Rejected by the provider")
    MANUAL = "manual", _("Blocked by staff")


class Suppression(models.Model):
    """An address no newsletter goes to, whatever its consent says."""

    email = models.EmailField(_("e-mail address"), unique=True)
    reason = models.CharField(
        _("reason"), max_length=16, choices=SuppressionReason.choices
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppression list")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Audience(models.TextChoices):
    ALL = "all", _("Everyone subscribed")
    APPLICANTS = "applicants", _("Applicants")
    TRAINEES = "trainees", _("Trainees (enrolled)")
    ALUMNI = "alumni", _("Alumni and certified practitioners")
    DIRECTORY = "directory", _("Practitioners listed in the directory")


class BroadcastStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Broadcast(PreviewableMixin, models.Model):
    """A newsletter: composed in the admin, sent once to subscribers of its
    topic within its audience, in batches by a Celery task."""

    subject = models.CharField(_("subject"), max_length=200)
    body = RichTextField(
        _("message"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"],
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=BroadcastStatus.choices,
        default=BroadcastStatus.DRAFT,
        editable=False,
    )
    recipient_count = models.PositiveIntegerField(
        _("recipients"), default=0, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("sending since"), null=True, editable=False)
    finished_at = models.DateTimeField(_("sent at"), null=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("newsletter")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    def progress(self) -> str:
        if self.status == BroadcastStatus.DRAFT:
            return "–"
        done = self.deliveries.count()
        return f"{done} / {self.recipient_count}"

    progress.short_description = _("queued / recipients")  # type: ignore[attr-defined]

    def get_preview_template(self, request, mode_name):
        return "emails/newsletter_broadcast.html"

    def get_preview_context(self, request, mode_name):
        return broadcast_context(
            self, name=request.user.get_full_name() or "Alex", unsubscribe_url="#"
        )


class Delivery(models.Model):
    """One recipient of one broadcast. Unique: a second run sends nothing
    twice; the address is kept for the record of who was sent what."""

    broadcast = models.ForeignKey(
        Broadcast, on_delete=models.PROTECT, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    outbound = models.ForeignKey(
        "core.OutboundEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["broadcast", "subscriber"], name="one_delivery_per_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.broadcast_id} → {self.subscriber_id}"
