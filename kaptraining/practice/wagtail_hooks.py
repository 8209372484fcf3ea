"""Staff screens: assessments (scenario, rubric, threshold, assessors) and
submissions with their result and inter-rater agreement."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ConsentAssessment, Submission


class ConsentAssessmentViewSet(ModelViewSet):
    model = ConsentAssessment
    icon = "clipboard-list"
    list_display = ["title", "program", "pass_threshold", "is_open"]
    list_filter = ["is_open"]
    search_fields = ["title"]
    panels = [
        FieldPanel("program"),
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldPanel("vignette"),
                FieldPanel("setting"),
                FieldRowPanel(
                    [FieldPanel("route"), FieldPanel("prescriber_arrangement")]
                ),
            ],
            heading="Scenario",
        ),
        FieldPanel("rubric"),
        FieldRowPanel(
            [
                FieldPanel("pass_threshold"),
                FieldPanel("borderline_margin"),
                FieldPanel("credited_minutes"),
            ]
        ),
        FieldPanel("assessors"),
        FieldPanel("is_open"),
    ]


class SubmissionViewSet(ModelViewSet):
    model = Submission
    icon = "media"
    inspect_view_enabled = True
    add_view_enabled = False  # trainees submit; staff read and follow up
    list_display = [
        "trainee",
        "assessment",
        "attempt",
        "kind",
        "status",
        "total",
        "agreement_display",
        "submitted_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["trainee__email", "trainee__last_name"]
    form_fields = ["live_slot"]
    inspect_view_fields = [
        "trainee",
        "assessment",
        "attempt",
        "kind",
        "live_slot",
        "status",
        "total",
        "submitted_at",
        "decided_at",
        "recording_deleted_at",
    ]


class PracticeGroup(ViewSetGroup):
    menu_label = "Consent practice"
    menu_icon = "clipboard-list"
    menu_order = 260
    items = (
        ConsentAssessmentViewSet("consent_assessment_admin"),
        SubmissionViewSet("consent_submission_admin"),
    )


@hooks.register("register_admin_viewset")
def register_practice():
    return PracticeGroup()
