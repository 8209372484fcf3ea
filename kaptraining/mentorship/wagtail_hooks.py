from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from . import admin_views
from .models import (
    FocusArea,
    Language,
    MentorMeeting,
    MentorProfile,
    Pair,
    PairingRound,
    PlannedMeeting,
    Recommendation,
    RematchRequest,
)


class FocusAreaViewSet(ModelViewSet):
    model = FocusArea
    icon = "tag"
    menu_label = _("Specialities and populations")
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    form_fields = ["name", "kind"]


class LanguageViewSet(ModelViewSet):
    model = Language
    icon = "globe"
    list_display = ["name", "code"]
    form_fields = ["name", "code"]


class MentorProfileViewSet(ModelViewSet):
    model = MentorProfile
    icon = "user"
    menu_label = _("Mentor profiles")
    list_display = ["user", "profession", "timezone", "capacity", "is_active"]
    list_filter = ["profession", "is_active"]
    search_fields = ["user__email", "user__last_name"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("user"),
        FieldRowPanel(
            [
                FieldPanel("profession"),
                FieldPanel("licence_type"),
                FieldPanel("licence_state"),
            ]
        ),
        FieldPanel("specialities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("populations", widget=forms.CheckboxSelectMultiple),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel(
            [FieldPanel("timezone"), FieldPanel("capacity"), FieldPanel("is_active")]
        ),
        FieldPanel("availability"),
        FieldPanel("bio"),
    ]


class PairingRoundViewSet(ModelViewSet):
    model = PairingRound
    icon = "group"
    menu_label = _("Pairing rounds")
    list_display = [
        "name",
        "cohort",
        "status",
        TitleColumn(
            "pairing",
            label=_("Pairing"),
            accessor=lambda r: _("Run and review pairs"),
            get_url=lambda r: reverse("mentorship_pairing", args=[r.pk]),
        ),
    ]
    list_filter = ["status", "cohort"]
    panels = [
        FieldPanel("cohort"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("preferences_due")]),
    ]


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class PairViewSet(ReadOnlyViewSet):
    """Pairs change on the pairing screen (services), never by editing rows."""

    model = Pair
    icon = "link"
    menu_label = _("Pairs")
    list_display = [
        "trainee",
        "mentor",
        "round",
        "status",
        "locked",
        Column("score", label=_("Fit score")),
    ]
    list_filter = ["status", "round", "locked"]
    search_fields = ["trainee__email", "trainee__last_name", "mentor__user__last_name"]
    form_fields = ["status"]


class MeetingViewSet(ReadOnlyViewSet):
    model = MentorMeeting
    icon = "date"
    menu_label = _("Meetings")
    list_display = ["pair", "met_on", "minutes", "format", "status"]
    list_filter = ["status", "format"]
    form_fields = ["status"]


class PlannedMeetingViewSet(ReadOnlyViewSet):
    """Planned and cancelled meetings, as the pair's members made them."""

    model = PlannedMeeting
    icon = "calendar"
    menu_label = _("Planned meetings")
    list_display = ["pair", "starts_at", "format", "status", "proposed_by"]
    list_filter = ["status", "format"]
    form_fields = ["status"]


class RematchViewSet(ReadOnlyViewSet):
    model = RematchRequest
    icon = "warning"
    menu_label = _("Re-match requests")
    list_display = ["pair", "requested_by", "status", "created_at"]
    list_filter = ["status"]
    form_fields = ["status"]


class RecommendationViewSet(ReadOnlyViewSet):
    model = Recommendation
    icon = "doc-full"
    menu_label = _("Recommendations")
    list_display = ["pair", "recommendation", "updated_at"]
    list_filter = ["recommendation"]
    form_fields = ["recommendation"]


class MentorshipGroup(ViewSetGroup):
    menu_label = _("Mentorship")
    menu_icon = "group"
    menu_order = 225
    items = (
        PairingRoundViewSet("mentorship_round_admin"),
        PairViewSet("mentorship_pair_admin"),
        RematchViewSet("mentorship_rematch_admin"),
        MentorProfileViewSet("mentorship_profile_admin"),
        MeetingViewSet("mentorship_meeting_admin"),
        PlannedMeetingViewSet("mentorship_planned_admin"),
        RecommendationViewSet("mentorship_recommendation_admin"),
        FocusAreaViewSet("mentorship_focus_admin"),
        LanguageViewSet("mentorship_language_admin"),
    )


@hooks.register("register_admin_viewset")
def register_mentorship():
    return MentorshipGroup()


@hooks.register("register_admin_urls")
def register_pairing_urls():
    return [
        path(
            "mentorship/rounds/<int:pk>/pairing/",
            admin_views.pairing,
            name="mentorship_pairing",
        )
    ]
