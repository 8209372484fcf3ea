from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .models import LedgerEntry


class LedgerViewSet(ModelViewSet):
    """The hour ledger, read-only: corrections are reversing entries."""

    model = LedgerEntry
    icon = "time"
    menu_label = "Hour ledger"
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["trainee", "program", "category", "minutes", "source", "earned_on", "approved_by"]
    list_filter = ["category", "source", "program"]
    search_fields = ["trainee__email", "description"]
    inspect_view_enabled = True
    form_fields = ["category"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_ledger():
    return LedgerViewSet("ledger")
