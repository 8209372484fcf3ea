from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .models import Cohort, Enrolment


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    list_display = ["name", "program", "start_date", "status", "capacity"]
    list_filter = ["status", "format", "program"]
    search_fields = ["name"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("program"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("timezone"), FieldPanel("format")]),
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("status")]),
        MultiFieldPanel([FieldRowPanel([FieldPanel("tuition_cents"), FieldPanel("currency")])], heading="Tuition"),
        FieldPanel("trainers"),
    ]


class EnrolmentViewSet(ModelViewSet):
    """Enrolments change through enrolment and payment services, not by hand."""

    model = Enrolment
    icon = "user"
    list_display = ["trainee", "cohort", "status", "created_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["trainee__email", "trainee__last_name"]
    inspect_view_enabled = True
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class DeliveryGroup(ViewSetGroup):
    menu_label = "Cohorts"
    menu_icon = "group"
    menu_order = 200
    items = (CohortViewSet("cohort_admin"), EnrolmentViewSet("enrolment_admin"))


@hooks.register("register_admin_viewset")
def register_delivery():
    return DeliveryGroup()
