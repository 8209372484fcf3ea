"""Staff screens in the Wagtail admin: configuration (prices, plans, tiers,
codes, refund policy) as viewsets; money rows read-only; tuition overview,
reports, tier decisions and refunds as admin views calling services."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from . import admin_views
from .models import (
    DiscountCode,
    Payment,
    PaymentPlan,
    RefundPolicyTier,
    SlidingScaleTier,
    StripeEvent,
    TierApplication,
    TuitionAccount,
    TuitionPrice,
)


class TuitionPriceViewSet(ModelViewSet):
    model = TuitionPrice
    icon = "tag"
    menu_label = _("Prices")
    list_display = ["__str__", "amount_cents", "currency", "deposit_cents"]
    form_fields = [
        "program",
        "cohort",
        "amount_cents",
        "currency",
        "deposit_cents",
        "balance_due_days_before_start",
    ]


class PaymentPlanViewSet(ModelViewSet):
    model = PaymentPlan
    icon = "date"
    menu_label = _("Payment plans")
    list_display = ["price", "instalments", "active"]
    list_filter = ["active", "instalments"]
    form_fields = ["price", "instalments", "active"]


class SlidingScaleTierViewSet(ModelViewSet):
    model = SlidingScaleTier
    icon = "group"
    menu_label = _("Sliding-scale tiers")
    list_display = ["name", "percent_off", "program", "active"]
    list_filter = ["active"]
    form_fields = ["name", "description", "percent_off", "program", "active"]


class DiscountCodeViewSet(ModelViewSet):
    model = DiscountCode
    icon = "key"
    menu_label = _("Scholarship and discount codes")
    list_display = [
        "code",
        "kind",
        "percent_off",
        "amount_off_cents",
        "max_uses",
        "expires_at",
        "active",
    ]
    list_filter = ["active", "is_scholarship", "kind"]
    search_fields = ["code", "description"]
    form_fields = [
        "code",
        "description",
        "is_scholarship",
        "kind",
        "percent_off",
        "amount_off_cents",
        "currency",
        "program",
        "max_uses",
        "expires_at",
        "active",
    ]


class RefundPolicyTierViewSet(ModelViewSet):
    model = RefundPolicyTier
    icon = "undo"
    menu_label = _("Refund policy")
    list_display = ["program", "days_before_start", "percent"]
    form_fields = ["program", "days_before_start", "percent"]


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class PaymentViewSet(ReadOnlyViewSet):
    model = Payment
    icon = "form"
    list_display = [
        "enrolment",
        "amount_cents",
        "refunded_cents",
        "currency",
        "status",
        "off_session",
        "created_at",
        TitleColumn(
            "refund",
            label=_("Refund"),
            accessor=lambda p: _("Refund…")
            if p.status in ("succeeded", "refunded")
            else "",
            get_url=lambda p: reverse("payments_refund", args=[p.pk])
            if p.status in ("succeeded", "refunded")
            else None,
        ),
    ]
    list_filter = ["status", "backend", "off_session"]
    search_fields = [
        "enrolment__trainee__email",
        "provider_ref",
        "provider_payment_ref",
    ]
    form_fields = ["status"]


class TuitionAccountViewSet(ReadOnlyViewSet):
    model = TuitionAccount
    icon = "doc-full"
    menu_label = _("Tuition accounts")
    list_display = [
        "enrolment",
        "arrangement",
        "total_cents",
        "needs_attention",
        "attention_reason",
    ]
    list_filter = ["needs_attention", "arrangement"]
    search_fields = ["enrolment__trainee__email"]
    form_fields = ["arrangement"]


class TierApplicationViewSet(ReadOnlyViewSet):
    model = TierApplication
    icon = "help"
    menu_label = _("Tier requests")
    list_display = ["enrolment", "tier", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    form_fields = ["status"]


class StripeEventViewSet(ReadOnlyViewSet):
    model = StripeEvent
    icon = "warning"
    list_display = ["event_id", "type", "source", "received_at", "processed_at"]
    list_filter = ["type", "source"]
    search_fields = ["event_id", "object_ref"]
    form_fields = ["type"]


class PaymentsGroup(ViewSetGroup):
    menu_label = _("Payments")
    menu_icon = "form"
    menu_order = 220
    items = (
        TuitionPriceViewSet("tuition_price_admin"),
        PaymentPlanViewSet("payment_plan_admin"),
        SlidingScaleTierViewSet("sliding_scale_tier_admin"),
        DiscountCodeViewSet("discount_code_admin"),
        RefundPolicyTierViewSet("refund_policy_admin"),
        TierApplicationViewSet("tier_application_admin"),
        TuitionAccountViewSet("tuition_account_admin"),
        PaymentViewSet("payment_admin"),
        StripeEventViewSet("stripe_event_admin"),
    )


@hooks.register("register_admin_viewset")
def register_payments():
    return PaymentsGroup()


@hooks.register("register_admin_urls")
def register_payments_urls():
    return [
        path("tuition/", admin_views.overview, name="payments_overview"),
        path(
            "tuition/reports/<slug:report>.csv",
            admin_views.report_csv,
            name="payments_report_csv",
        ),
        path(
            "tuition/tiers/<int:application_id>/decide/",
            admin_views.tier_decide,
            name="payments_tier_decide",
        ),
        path(
            "tuition/payments/<int:payment_id>/refund/",
            admin_views.refund,
            name="payments_refund",
        ),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_tuition_menu_item():
    return StaffMenuItem(
        _("Tuition and reports"),
        reverse("payments_overview"),
        icon_name="table",
        order=219,
    )
