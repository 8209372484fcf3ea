"""Payments: one row per attempt to collect money; never deleted."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")


class Payment(models.Model):
    enrolment = models.ForeignKey("cohorts.Enrolment", on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="usd")
    backend = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.CREATED)
    provider_ref = models.CharField(
        max_length=255, blank=True, help_text=_("Checkout Session id (Stripe) or demo reference.")
    )
    provider_payment_ref = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "provider_ref"],
                condition=~models.Q(provider_ref=""),
                name="unique_provider_ref",
            )
        ]

    def __str__(self):
        return f"Payment {self.pk} ({self.get_status_display()})"


class StripeEvent(models.Model):
    """Every webhook event, stored once by its Stripe id, processed by a task."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"
