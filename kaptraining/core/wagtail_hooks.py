"""Staff screens of core: the outgoing e-mail log (read only)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from .models import OutboundEmail
from .permissions import AppendOnlyPermissionPolicy


def _status(email: OutboundEmail) -> str:
    if email.sent_at:
        return _("Sent")
    if email.failed_at:
        return _("Not delivered")
    return _("Waiting (attempts: %(n)s)") % {"n": email.attempts}


class OutboundEmailViewSet(ModelViewSet):
    """What the site sent, is still trying to send, or gave up on, and why."""

    model = OutboundEmail
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    menu_order = 900
    url_prefix = "outgoing-email"
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        "subject",
        Column("to", label=_("To"), accessor=lambda e: ", ".join(e.to)),
        Column("status", label=_("Status"), accessor=_status),
        "created_at",
        "last_error",
    ]
    list_filter = ["template"]
    search_fields = ["subject", "template"]
    form_fields = ["subject"]
    inspect_view_fields = [
        "subject",
        "to",
        "reply_to",
        "template",
        "created_at",
        "attempts",
        "sent_at",
        "failed_at",
        "last_error",
    ]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_outbound_email():
    return OutboundEmailViewSet("outbound_email_admin")
