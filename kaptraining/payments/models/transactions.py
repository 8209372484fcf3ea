"""Money moving: payments, refunds, card setups and Stripe events. Never deleted."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.append_only import append_only

from .account import Instalment, TuitionAccount

# --- Money moving ---------------------------------------------------------------


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")


class Payment(models.Model):
    """One attempt to collect money; never deleted."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="payments"
    )
    instalment = models.ForeignKey(
        Instalment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="usd")
    backend = models.CharField(max_length=16)
    off_session = models.BooleanField(
        default=False,
        help_text=_("Charged to the saved card without the trainee present."),
    )
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.CREATED
    )
    provider_ref = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Checkout Session id (Stripe) or demo reference."),
    )
    provider_payment_ref = models.CharField(
        max_length=255, blank=True, help_text=_("Stripe PaymentIntent id.")
    )
    refunded_cents = models.PositiveIntegerField(default=0)
    disputed_at = models.DateTimeField(null=True, blank=True)
    failure_message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "provider_ref"],
                condition=~models.Q(provider_ref=""),
                name="unique_provider_ref",
            ),
            models.CheckConstraint(
                condition=Q(refunded_cents__lte=F("amount_cents")),
                name="refund_within_payment",
            ),
        ]
        indexes = [models.Index(fields=["provider_payment_ref"], name="payment_pi_idx")]
        # What was charged, to whom and how never changes; the status moves
        # on, and money refunded only grows (each refund is its own row).
        triggers = append_only(
            "payment",
            frozen=[
                "enrolment",
                "instalment",
                "amount_cents",
                "currency",
                "backend",
                "off_session",
                "created_at",
            ],
            set_once=("paid_at",),
            never_decrease=("refunded_cents",),
        )

    def __str__(self):
        return f"Payment {self.pk} ({self.get_status_display()})"

    @property
    def idempotency_key(self) -> str:
        return f"payment-{self.pk}"

    @property
    def net_cents(self) -> int:
        if self.status not in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED):
            return 0
        return self.amount_cents - self.refunded_cents

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Payments are never deleted; refund instead."))


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


class Refund(models.Model):
    """Money returned by staff decision; the policy only suggested the amount."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds"
    )
    amount_cents = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    suggested_cents = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=300)
    withdraw = models.BooleanField(
        default=False, help_text=_("The refund ends the enrolment's schedule.")
    )
    status = models.CharField(
        max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    provider_ref = models.CharField(max_length=255, blank=True)
    failure_message = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gte=1), name="refund_positive"
            )
        ]
        # Staff's decision is kept as made; only the provider's answer is added.
        triggers = append_only(
            "refund",
            frozen=[
                "payment",
                "amount_cents",
                "suggested_cents",
                "reason",
                "withdraw",
                "created_by",
                "created_at",
            ],
        )

    def __str__(self):
        return f"Refund {self.pk} of payment {self.payment_id}"

    @property
    def idempotency_key(self) -> str:
        return f"refund-{self.pk}"

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Refunds are never deleted."))


class CardSetup(models.Model):
    """A request to save a new card for an account's later instalments."""

    account = models.ForeignKey(
        TuitionAccount, on_delete=models.PROTECT, related_name="card_setups"
    )
    backend = models.CharField(max_length=16)
    provider_ref = models.CharField(max_length=255, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Card setup {self.pk}"

    @property
    def idempotency_key(self) -> str:
        return f"card-setup-{self.pk}"


class StripeEvent(models.Model):
    """Every webhook event, stored once by its Stripe id, processed by a task.
    An event about a payment we cannot match yet stays unprocessed and is
    applied when the payment learns its PaymentIntent id."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    object_ref = models.CharField(max_length=255, blank=True, db_index=True)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(
        max_length=16, default="webhook", help_text=_("webhook or reconciliation")
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"
