"""Staff manage retreat runs and their room types in the Wagtail admin; the
run tools (reports, check-in, attendance, messages) are one menu item away."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from .models import RetreatRun


class RetreatRunViewSet(ModelViewSet):
    model = RetreatRun
    icon = "date"
    menu_label = _("Retreat runs")
    add_to_admin_menu = True
    list_display = ["cohort", "page"]
    search_fields = ["cohort__name"]


@hooks.register("register_admin_viewset")
def register_viewset():
    return RetreatRunViewSet("retreat_runs")


@hooks.register("register_admin_menu_item")
def register_tools_menu_item():
    return MenuItem(
        _("Retreat tools"), reverse("retreats:manage"), icon_name="clipboard-list"
    )
