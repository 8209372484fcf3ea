from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .models import Payment, StripeEvent


class PaymentViewSet(ModelViewSet):
    model = Payment
    icon = "form"
    list_display = [
        "enrolment",
        "amount_cents",
        "currency",
        "status",
        "backend",
        "created_at",
    ]
    list_filter = ["status", "backend"]
    search_fields = ["enrolment__trainee__email", "provider_ref"]
    inspect_view_enabled = True
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class StripeEventViewSet(ModelViewSet):
    model = StripeEvent
    icon = "warning"
    list_display = ["event_id", "type", "received_at", "processed_at"]
    list_filter = ["type"]
    inspect_view_enabled = True
    form_fields = ["type"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class PaymentsGroup(ViewSetGroup):
    menu_label = "Payments"
    menu_icon = "form"
    menu_order = 220
    items = (PaymentViewSet("payment_admin"), StripeEventViewSet("stripe_event_admin"))


@hooks.register("register_admin_viewset")
def register_payments():
    return PaymentsGroup()
