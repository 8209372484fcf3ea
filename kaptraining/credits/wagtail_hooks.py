"""Staff manage requirements, extensions, sign-offs and CE in the Wagtail admin.
Records that are kept (ledger, extensions, sign-offs, CE certificates) are
append-only there; writes go through the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .checks import item_choices
from .forms import RequirementSettingsForm
from .models import (
    CEActivity,
    CEApproval,
    CECertificate,
    ExternalHoursClaim,
    LedgerEntry,
    ProgramRequirementSettings,
    RequirementSignOff,
    TranscriptExport,
    WindowExtension,
)
from .services import requirement_signoff_record, window_extension_grant


class LedgerViewSet(ModelViewSet):
    """The hour ledger, read-only: corrections are reversing entries."""

    model = LedgerEntry
    icon = "time"
    menu_label = _("Hour ledger")
    list_display = [
        "trainee",
        "program",
        "category",
        "minutes",
        "source",
        "earned_on",
        "approved_by",
    ]
    list_filter = ["category", "source", "program"]
    search_fields = ["trainee__email", "description"]
    inspect_view_enabled = True
    form_fields = ["category"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class ExternalClaimViewSet(ModelViewSet):
    """Claims are decided on the review page (/hours/review/); here they are listed."""

    model = ExternalHoursClaim
    icon = "upload"
    menu_label = _("External hours")
    list_display = [
        "activity_title",
        "trainee",
        "program",
        "minutes",
        "status",
        "submitted_at",
    ]
    list_filter = ["status", "category", "program"]
    search_fields = ["trainee__email", "activity_title", "provider_name"]
    inspect_view_enabled = True
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class RequirementSettingsViewSet(ModelViewSet):
    model = ProgramRequirementSettings
    icon = "list-ul"
    menu_label = _("Program requirement items")
    list_display = ["program", "required_items", "updated_at"]
    edit_handler = ObjectList(
        [FieldPanel("program"), FieldPanel("required_items")],
        base_form_class=RequirementSettingsForm,
    )


class ExtensionAdminForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        from .progress import program_progress

        window = program_progress(
            trainee_id=data["trainee"].pk,
            trainee=data["trainee"],
            program=data["program"],
        ).window
        if window is None:
            raise ValidationError(
                _(
                    "This trainee has no cohort in this program, "
                    "so there is no window to extend."
                )
            )
        if data["ends_on"] <= window.base_ends_on:
            self.add_error(
                "ends_on",
                _("The new last day must be after the standard window ends (%(date)s).")
                % {"date": window.base_ends_on.isoformat()},
            )
        return data


class ExtensionCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return window_extension_grant(
            trainee=data["trainee"],
            program=data["program"],
            ends_on=data["ends_on"],
            reason=data["reason"],
            by=self.request.user,
        )


class WindowExtensionViewSet(ModelViewSet):
    """Extensions are added with a reason and kept; the latest applies."""

    model = WindowExtension
    icon = "date"
    menu_label = _("Window extensions")
    list_display = [
        "trainee",
        "program",
        "ends_on",
        "reason",
        "granted_by",
        "created_at",
    ]
    list_filter = ["program"]
    search_fields = ["trainee__email", "reason"]
    add_view_class = ExtensionCreateView
    edit_handler = ObjectList(
        [
            FieldPanel("trainee"),
            FieldPanel("program"),
            FieldPanel("ends_on"),
            FieldPanel("reason"),
        ],
        base_form_class=ExtensionAdminForm,
    )

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model, allow_add=True)


class SignOffAdminForm(WagtailAdminModelForm):
    item = forms.ChoiceField(label=_("Item"), choices=item_choices)


class SignOffCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return requirement_signoff_record(
            trainee=data["trainee"],
            program=data["program"],
            item=data["item"],
            passed=data["passed"],
            note=data.get("note", ""),
            by=self.request.user,
        )


class SignOffViewSet(ModelViewSet):
    """Non-hour items done (or, as a correction, not done); the latest applies."""

    model = RequirementSignOff
    icon = "tick-inverse"
    menu_label = _("Requirement sign-offs")
    list_display = [
        "trainee",
        "program",
        "item",
        "passed",
        "recorded_by",
        "recorded_at",
    ]
    list_filter = ["item", "passed", "program"]
    search_fields = ["trainee__email", "note"]
    add_view_class = SignOffCreateView
    edit_handler = ObjectList(
        [
            FieldPanel("trainee"),
            FieldPanel("program"),
            FieldPanel("item"),
            FieldPanel("passed"),
            FieldPanel("note"),
        ],
        base_form_class=SignOffAdminForm,
    )

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model, allow_add=True)


class CEApprovalViewSet(ModelViewSet):
    model = CEApproval
    icon = "success"
    menu_label = _("CE provider approvals")
    list_display = [
        "body_name",
        "approval_number",
        "ce_broker_provider_number",
        "active",
    ]
    list_filter = ["body", "active"]


class CEActivityViewSet(ModelViewSet):
    model = CEActivity
    icon = "calendar-alt"
    menu_label = _("CE activities")
    list_display = ["title", "kind", "delivery_format", "start_date", "contact_minutes"]
    list_filter = ["kind", "delivery_format", "level"]
    search_fields = ["title"]


class CECertificateViewSet(ModelViewSet):
    model = CECertificate
    icon = "doc-full"
    menu_label = _("CE certificates")
    list_display = [
        "number",
        "participant_name",
        "activity_title",
        "completed_on",
        "status",
    ]
    list_filter = ["status", "delivery_format"]
    search_fields = ["number", "participant_name", "trainee__email"]
    inspect_view_enabled = True
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class TranscriptExportViewSet(ModelViewSet):
    """Transcript PDFs asked for on the site, read-only: who asked, for whom,
    what state of the ledger each was built from, and why a build failed."""

    model = TranscriptExport
    icon = "download"
    menu_label = _("Transcript PDFs")
    list_display = [
        "trainee",
        "requested_by",
        "program",
        "status",
        "ledger_entry_count",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status"]
    search_fields = ["trainee__email", "requested_by__email"]
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["file"]
    form_fields = ["status"]

    def get_queryset(self, request):
        return TranscriptExport.objects.select_related(
            "trainee", "requested_by", "program"
        )

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class CreditsGroup(ViewSetGroup):
    menu_label = _("Hours and CE")
    menu_icon = "time"
    menu_order = 210
    items = (
        LedgerViewSet("ledger_admin"),
        ExternalClaimViewSet("external_hours_admin"),
        RequirementSettingsViewSet("requirement_settings_admin"),
        WindowExtensionViewSet("window_extension_admin"),
        SignOffViewSet("requirement_signoff_admin"),
        CEApprovalViewSet("ce_approval_admin"),
        CEActivityViewSet("ce_activity_admin"),
        CECertificateViewSet("ce_certificate_admin"),
        TranscriptExportViewSet("transcript_export_admin"),
    )


@hooks.register("register_admin_viewset")
def register_credits():
    return CreditsGroup()


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return MenuItem(
        _("Review external hours"),
        reverse("credits:review_list"),
        icon_name="upload",
        order=211,
    )


@hooks.register("register_admin_menu_item")
def register_ce_rosters_menu_item():
    return MenuItem(
        _("CE rosters and exports"),
        reverse("credits:ce_activities"),
        icon_name="calendar-alt",
        order=212,
    )
