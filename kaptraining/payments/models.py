"""Tuition: prices, plans, discounts, each enrolment's account and schedule,
and every attempt to collect or return money. Money rows are never deleted."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CURRENCY_HELP = _("Three-letter ISO code in lower case, e.g. usd.")


# --- Configuration (staff, Wagtail admin) ------------------------------------


class TuitionPrice(models.Model):
    """The price of a program, or of one cohort (a cohort's price wins). With
    neither, the cohort's own tuition field is charged in full."""

    program = models.OneToOneField(
        "curriculum.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tuition_price",
    )
    cohort = models.OneToOneField(
        "cohorts.Cohort",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tuition_price",
    )
    amount_cents = models.PositiveIntegerField(
        _("tuition (cents)"),
        validators=[MinValueValidator(1)],
        help_text=_("In minor units: 480000 is $4,800.00."),
    )
    currency = models.CharField(max_length=3, default="usd", help_text=CURRENCY_HELP)
    deposit_cents = models.PositiveIntegerField(
        _("deposit (cents)"),
        default=0,
        help_text=_("0 means no deposit option. Must be less than the tuition."),
    )
    balance_due_days_before_start = models.PositiveIntegerField(
        _("balance due (days before start)"),
        default=14,
        help_text=_(
            "When a deposit is paid, the rest is charged to the saved card "
            "this many days before the cohort starts."
        ),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(program__isnull=False, cohort__isnull=True)
                    | Q(program__isnull=True, cohort__isnull=False)
                ),
                name="price_for_program_xor_cohort",
            ),
            models.CheckConstraint(
                condition=Q(deposit_cents__lt=F("amount_cents")),
                name="deposit_below_price",
            ),
        ]

    def __str__(self):
        return str(self.cohort or self.program)

    def clean(self):
        if bool(self.program_id) == bool(self.cohort_id):
            raise ValidationError(_("Choose either a program or a cohort, not both."))
        if self.amount_cents and self.deposit_cents >= self.amount_cents:
            raise ValidationError(
                {"deposit_cents": _("The deposit must be less than the tuition.")}
            )


class PaymentPlan(models.Model):
    """Monthly instalments offered for a price (e.g. 3, 6 or 12)."""

    price = models.ForeignKey(
        TuitionPrice, on_delete=models.CASCADE, related_name="plans"
    )
    instalments = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2), MaxValueValidator(24)],
        help_text=_("Number of monthly payments."),
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["instalments"]
        constraints = [
            models.UniqueConstraint(
                fields=["price", "instalments"], name="one_plan_per_length"
            ),
            models.CheckConstraint(
                condition=Q(instalments__gte=2, instalments__lte=24),
                name="plan_2_to_24",
            ),
        ]

    def __str__(self):
        return _("%(n)s monthly payments") % {"n": self.instalments}


class SlidingScaleTier(models.Model):
    """A reduced-tuition tier that staff grant after reviewing an application."""

    program = models.ForeignKey(
        "curriculum.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sliding_scale_tiers",
        help_text=_("Leave empty to offer the tier for every program."),
    )
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    percent_off = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["percent_off", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_off__gte=1, percent_off__lte=100),
                name="tier_percent_1_100",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.percent_off}%)"


class DiscountKind(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    FIXED = "fixed", _("Fixed amount")


class DiscountCode(models.Model):
    """A scholarship or discount code. 100% makes a full scholarship."""

    code = models.CharField(
        max_length=40,
        unique=True,
        help_text=_("Stored in capitals; trainees may type any case."),
    )
    description = models.CharField(max_length=200, blank=True)
    is_scholarship = models.BooleanField(
        default=False, help_text=_("Counted in the scholarships report.")
    )
    kind = models.CharField(
        max_length=8, choices=DiscountKind.choices, default=DiscountKind.PERCENT
    )
    percent_off = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    amount_off_cents = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    currency = models.CharField(max_length=3, default="usd", help_text=CURRENCY_HELP)
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discount_codes",
        help_text=_("Leave empty to accept the code for every program."),
    )
    max_uses = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="percent",
                        percent_off__isnull=False,
                        amount_off_cents__isnull=True,
                    )
                    | Q(
                        kind="fixed",
                        amount_off_cents__isnull=False,
                        percent_off__isnull=True,
                    )
                ),
                name="discount_percent_xor_fixed",
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        self.code = (self.code or "").strip().upper()
        if self.kind == DiscountKind.PERCENT and (
            self.percent_off is None or self.amount_off_cents is not None
        ):
            raise ValidationError(
                _("A percentage code needs a percentage and no fixed amount.")
            )
        if self.kind == DiscountKind.FIXED and (
            self.amount_off_cents is None or self.percent_off is not None
        ):
            raise ValidationError(
                _("A fixed-amount code needs an amount and no percentage.")
            )


class RefundPolicyTier(models.Model):
    """Refund policy of a program: until `days_before_start` days before the
    cohort starts, `percent` of what was paid is refundable. The most
    generous tier that still applies is suggested; staff confirm."""

    program = models.ForeignKey(
        "curriculum.ProgramPage", on_delete=models.CASCADE, related_name="refund_tiers"
    )
    days_before_start = models.IntegerField(
        help_text=_(
            "0 means until the start date; a negative number means after the start."
        )
    )
    percent = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["-days_before_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "days_before_start"], name="one_refund_tier_per_day"
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="refund_percent_max_100"
            ),
        ]

    def __str__(self):
        return _("%(p)s%% until %(d)s days before start") % {
            "p": self.percent,
            "d": self.days_before_start,
        }


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

    def __str__(self):
        return f"Refund {self.pk} of payment {self.payment_id}"

    @property
    def idempotency_key(self) -> str:
        return f"refund-{self.pk}"


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
