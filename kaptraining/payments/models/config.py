"""Staff configuration (Wagtail admin): prices, plans, tiers, codes, refund policy."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
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
