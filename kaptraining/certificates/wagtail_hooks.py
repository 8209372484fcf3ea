"""Certificates in the Wagtail admin: the register (read-only, with revoke and
reissue actions), holds, layouts (snippets) and per-program settings."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton, MenuItem

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from . import admin_views
from .models import (
    Certificate,
    CertificateHold,
    CertificateStatus,
    CertificateTemplate,
    ProgramCertificateSettings,
)
from .services import CertificateError, certificate_hold_place


def _can_manage(user) -> bool:
    return user.is_staff and user.has_perm("certificates.change_certificate")


class CertificateIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if _can_manage(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Issue to a cohort"),
                    url=reverse("certificate_admin:issue_cohort"),
                    icon_name="group",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status == CertificateStatus.VALID and _can_manage(
            self.request.user
        ):
            buttons += [
                MenuItem(
                    _("Reissue"),
                    url=reverse("certificate_admin:reissue", args=[instance.pk]),
                    icon_name="repeat",
                    priority=40,
                ),
                MenuItem(
                    _("Revoke"),
                    url=reverse("certificate_admin:revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=50,
                ),
            ]
        return buttons


class CertificateInspectView(InspectView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        certificate = self.object
        if certificate.pdf:
            buttons.append(
                Button(
                    _("Download PDF"),
                    url=reverse("certificates:pdf", args=[certificate.number]),
                    icon_name="download",
                    priority=30,
                )
            )
        if certificate.status == CertificateStatus.VALID and _can_manage(
            self.request.user
        ):
            buttons += [
                Button(
                    _("Reissue"),
                    url=reverse("certificate_admin:reissue", args=[certificate.pk]),
                    icon_name="repeat",
                    priority=40,
                ),
                Button(
                    _("Revoke"),
                    url=reverse("certificate_admin:revoke", args=[certificate.pk]),
                    icon_name="cross",
                    priority=50,
                ),
            ]
        return buttons


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Issued certificates")
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    list_display = [
        "number",
        "holder_name",
        "award_title",
        Column("public_status_label", label=_("Status")),
        "issued_at",
        "expires_at",
    ]
    list_filter = ["status", "kind", "program"]
    search_fields = ["number", "holder_name", "trainee__email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "holder_name",
        "trainee",
        "kind",
        "award_title",
        "program",
        "template",
        "status",
        "issued_at",
        "expires_at",
        "hours_minutes",
        "notified_at",
        "status_reason",
        "status_changed_at",
        "status_changed_by",
        "superseded_by",
    ]
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("revoke/<int:pk>/", admin_views.RevokeView.as_view(), name="revoke"),
            path(
                "reissue/<int:pk>/", admin_views.ReissueView.as_view(), name="reissue"
            ),
            path(
                "issue-to-cohort/",
                admin_views.IssueToCohortView.as_view(),
                name="issue_cohort",
            ),
        ]


class HoldCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return certificate_hold_place(
            trainee=data["trainee"],
            program=data["program"],
            reason=data["reason"],
            by=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except CertificateError as exc:
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)


class HoldIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.is_active and _can_manage(self.request.user):
            buttons.append(
                MenuItem(
                    _("Release"),
                    url=reverse("certificate_hold_admin:release", args=[instance.pk]),
                    icon_name="lock-open",
                    priority=40,
                )
            )
        return buttons


class CertificateHoldViewSet(ModelViewSet):
    model = CertificateHold
    icon = "lock"
    menu_label = _("Holds")
    add_view_class = HoldCreateView
    index_view_class = HoldIndexView
    form_fields = ["trainee", "program", "reason"]
    list_display = ["trainee", "program", "reason", "placed_at", "released_at"]
    list_filter = ["program"]
    search_fields = ["trainee__email", "reason"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model, allow_add=True)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "release/<int:pk>/",
                admin_views.ReleaseHoldView.as_view(),
                name="release",
            ),
        ]


class CertificateTemplateViewSet(ModelViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Layouts")
    list_display = ["name", "organisation_name", "heading"]


class ProgramCertificateSettingsViewSet(ModelViewSet):
    model = ProgramCertificateSettings
    icon = "cog"
    menu_label = _("Program settings")
    list_display = [
        "program",
        "template",
        "validity_years",
        "renewal_ce_hours",
        "reminder_days",
    ]


class CertificatesGroup(ViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full"
    menu_order = 230
    items = (
        CertificateViewSet("certificate_admin"),
        CertificateHoldViewSet("certificate_hold_admin"),
        CertificateTemplateViewSet("certificate_template_admin"),
        ProgramCertificateSettingsViewSet("program_certificate_settings_admin"),
    )


@hooks.register("register_admin_viewset")
def register_certificates():
    return CertificatesGroup()
