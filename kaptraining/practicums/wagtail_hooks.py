from django import forms
from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from . import admin_views
from .models import Placement, PracticumLog, PracticumSite
from .services import PracticumError, placement_create, placement_set_status


class PracticumSiteViewSet(ModelViewSet):
    model = PracticumSite
    icon = "home"
    menu_label = _("Sites")
    list_display = ["name", "kind", "city", "state", "mode", "is_active"]
    list_filter = ["kind", "mode", "state", "is_active"]
    search_fields = ["name", "city"]
    inspect_view_enabled = True
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("address"),
        FieldRowPanel(
            [FieldPanel("city"), FieldPanel("state"), FieldPanel("zip_code")]
        ),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("is_active")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("supervisors", widget=forms.CheckboxSelectMultiple)],
            heading=_("Supervisors with an account"),
        ),
        InlinePanel(
            "external_supervisors",
            heading=_("External supervisors (sign off by e-mailed link)"),
            label=_("External supervisor"),
        ),
        InlinePanel("capacities", heading=_("Places per cohort"), label=_("Cohort")),
    ]


class PlacementCreateView(generic.CreateView):
    """Staff assign a placement through the same service as trainee requests,
    so capacity is checked under a row lock here too."""

    def save_instance(self):
        data = self.form.cleaned_data
        return placement_create(
            trainee=data["trainee"],
            site=data["site"],
            cohort=data["cohort"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            by=self.request.user,
            confirmed=True,
            note=data.get("note", ""),
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PracticumError as exc:
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)


class PlacementEditView(generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return placement_set_status(
            placement=self.object, status=data["status"], note=data.get("note", "")
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PracticumError as exc:
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)


class PlacementViewSet(ModelViewSet):
    model = Placement
    icon = "date"
    menu_label = _("Placements")
    list_display = ["trainee", "site", "cohort", "starts_on", "ends_on", "status"]
    list_filter = ["status", "site", "cohort"]
    search_fields = ["trainee__email", "trainee__last_name", "site__name"]
    inspect_view_enabled = True
    add_view_class = PlacementCreateView
    edit_view_class = PlacementEditView

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.get_internal_type() == "DateField":
            kwargs["widget"] = AdminDateInput
        return db_field.formfield(**kwargs)

    def get_form_class(self, for_update=False):
        # Creating picks trainee, site, cohort and window; afterwards only the
        # status and note change (through placement_set_status).
        fields = (
            ["status", "note"]
            if for_update
            else ["trainee", "site", "cohort", "starts_on", "ends_on", "note"]
        )
        return modelform_factory(
            self.model, formfield_callback=self.formfield_for_dbfield, fields=fields
        )

    @property
    def permission_policy(self):
        return PlacementPermissionPolicy(self.model)


class PlacementPermissionPolicy(AppendOnlyPermissionPolicy):
    """Staff add and change placements (through services); nobody deletes them."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "view"):
            return user.is_active and user.is_staff
        return False


class PracticumLogViewSet(ModelViewSet):
    """Session logs are the trainee's record, reviewed by supervisors:
    read-only here."""

    model = PracticumLog
    icon = "doc-full"
    menu_label = _("Session logs")
    list_display = [
        "placement",
        "session_date",
        "minutes",
        "phase",
        "role",
        "status",
        TitleColumn(
            "links",
            label=_("External sign-off"),
            accessor=lambda log: _("Send new links"),
            get_url=lambda log: reverse("practicum_resend_links", args=[log.pk]),
        ),
    ]
    list_filter = ["status", "phase", "role", "placement__site"]
    search_fields = ["placement__trainee__email", "placement__site__name"]
    inspect_view_enabled = True
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class PracticumGroup(ViewSetGroup):
    menu_label = _("Practicums")
    menu_icon = "home"
    menu_order = 220
    items = (
        PracticumSiteViewSet("practicum_site_admin"),
        PlacementViewSet("practicum_placement_admin"),
        PracticumLogViewSet("practicum_log_admin"),
    )


@hooks.register("register_admin_viewset")
def register_practicums():
    return PracticumGroup()


@hooks.register("register_admin_urls")
def register_practicum_urls():
    return [
        path(
            "practicums/logs/<int:pk>/resend-links/",
            admin_views.resend_links,
            name="practicum_resend_links",
        )
    ]
