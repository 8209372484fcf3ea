"""One enrolment's tuition: account, schedule, tier requests, codes applied."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .config import DiscountCode, SlidingScaleTier

# --- One enrolment's tuition ---------------------------------------------------


class Arrangement(models.TextChoices):
    FULL = "full", _("Pay in full")
    DEPOSIT = "deposit", _("Deposit, then the balance")
    PLAN = "plan", _("Monthly payment plan")
    SCHOLARSHIP = "scholarship", _("Full scholarship")


class TuitionAccount(models.Model):
    """What one enrolment owes and how it pays. The price is fixed here when
    the trainee chooses, so later price changes never alter it."""

    enrolment = models.OneToOneField(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="tuition"
    )
    currency = models.CharField(max_length=3)
    list_price_cents = models.PositiveIntegerField()
    tier = models.ForeignKey(
        SlidingScaleTier,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tier_discount_cents = models.PositiveIntegerField(default=0)
    code_discount_cents = models.PositiveIntegerField(default=0)
    total_cents = models.PositiveIntegerField()
    arrangement = models.CharField(
        max_length=12, choices=Arrangement.choices, blank=True
    )
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    payment_method_id = models.CharField(
        max_length=255, blank=True, help_text=_("The saved card for later instalments.")
    )
    needs_attention = models.BooleanField(default=False)
    attention_reason = models.CharField(max_length=300, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Set when a refund or withdrawal ends the schedule."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    total_cents=F("list_price_cents")
                    - F("tier_discount_cents")
                    - F("code_discount_cents")
                ),
                name="account_total_is_price_less_discounts",
            ),
        ]

    def __str__(self):
        return f"Tuition for {self.enrolment}"


class InstalmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed, will retry")
    OVERDUE = "overdue", _("Failed, needs a new card")
    CANCELLED = "cancelled", _("Cancelled")


class Instalment(models.Model):
    """One line of an account's schedule. A new choice of arrangement cancels
    the old lines rather than deleting them."""

    account = models.ForeignKey(
        TuitionAccount, on_delete=models.PROTECT, related_name="instalments"
    )
    sequence = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    amount_cents = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12,
        choices=InstalmentStatus.choices,
        default=InstalmentStatus.SCHEDULED,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_on = models.DateField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["account", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "sequence"],
                condition=~Q(status="cancelled"),
                name="one_live_instalment_per_sequence",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="instalment_due_idx")
        ]

    def __str__(self):
        return f"#{self.sequence} {self.amount_cents} due {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.status in (
            InstalmentStatus.SCHEDULED,
            InstalmentStatus.FAILED,
            InstalmentStatus.OVERDUE,
        )


class TierApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")


class TierApplication(models.Model):
    """A trainee asks for a sliding-scale tier; staff decide."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="tier_applications"
    )
    tier = models.ForeignKey(
        SlidingScaleTier, on_delete=models.PROTECT, related_name="applications"
    )
    statement = models.TextField(
        help_text=_("The trainee's own words about their circumstances.")
    )
    status = models.CharField(
        max_length=10,
        choices=TierApplicationStatus.choices,
        default=TierApplicationStatus.PENDING,
    )
    staff_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="pending"),
                name="one_pending_tier_application",
            ),
        ]

    def __str__(self):
        return f"{self.tier} for {self.enrolment}"


class DiscountRedemption(models.Model):
    """A code applied to an enrolment: one code per enrolment."""

    code = models.ForeignKey(
        DiscountCode, on_delete=models.PROTECT, related_name="redemptions"
    )
    enrolment = models.OneToOneField(
        "cohorts.Enrolment",
        on_delete=models.PROTECT,
        related_name="discount_redemption",
    )
    amount_off_cents = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.code} on {self.enrolment}"
