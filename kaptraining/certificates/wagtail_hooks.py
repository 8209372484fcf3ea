from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .models import Certificate


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = "Certificates"
    add_to_admin_menu = True
    menu_order = 230
    list_display = ["number", "holder_name", "award_title", "status", "issued_at", "expires_at"]
    list_filter = ["status", "program"]
    search_fields = ["number", "holder_name", "trainee__email"]
    inspect_view_enabled = True
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_certificates():
    return CertificateViewSet("certificate_admin")
