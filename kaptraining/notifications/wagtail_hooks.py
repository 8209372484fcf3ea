"""Staff read the notifications the site sent (who, what, when read, how
e-mailed) in the Wagtail admin; nothing is edited or deleted there."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .models import Notification


class NotificationViewSet(ModelViewSet):
    model = Notification
    icon = "mail"
    menu_label = _("Sent notifications")
    menu_order = 860
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        "title",
        "user",
        Column("kind", label=_("Kind")),
        "created_at",
        "read_at",
        "mailed_at",
    ]
    list_filter = ["kind", "wants_digest"]
    search_fields = ["title", "user__email", "user__last_name", "event_key"]
    form_fields = ["title"]
    inspect_view_fields = [
        "user",
        "kind",
        "event_key",
        "title",
        "body",
        "url",
        "created_at",
        "read_at",
        "wants_digest",
        "mailed_at",
    ]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_notifications():
    return NotificationViewSet("notification_admin")
