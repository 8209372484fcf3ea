"""The staff operations counts on the Wagtail admin dashboard: the same
function (roles.staff_counts) as the operations part of /dashboard/."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .roles import staff_counts


class OperationsPanel(Component):
    name = "kap_operations"
    order = 50
    template_name = "workspace/admin/operations_panel.html"

    def get_context_data(self, parent_context=None):
        return {"staff_counts": staff_counts()}


@hooks.register("construct_homepage_panels")
def add_operations_panel(request, panels):
    panels.insert(0, OperationsPanel())
