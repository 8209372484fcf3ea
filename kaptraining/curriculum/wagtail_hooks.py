"""Staff views of study records. Read-only: they change through study services."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .models import ElectiveChoice, EvaluationResponse, QuizAttempt


class _ReadOnly(ModelViewSet):
    inspect_view_enabled = True

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class QuizAttemptViewSet(_ReadOnly):
    model = QuizAttempt
    icon = "tasks"
    list_display = [
        "trainee",
        "lesson",
        "number",
        "score_percent",
        "passed",
        "status",
        "submitted_at",
    ]
    list_filter = ["passed", "status"]
    search_fields = ["trainee__email", "trainee__last_name"]
    form_fields = ["status"]


class EvaluationResponseViewSet(_ReadOnly):
    model = EvaluationResponse
    icon = "form"
    list_display = [
        "trainee",
        "page",
        "objectives_met",
        "relevance",
        "quality",
        "free_of_bias",
        "submitted_at",
    ]
    search_fields = ["trainee__email", "comments"]
    form_fields = ["comments"]


class ElectiveChoiceViewSet(_ReadOnly):
    model = ElectiveChoice
    icon = "list-ul"
    list_display = ["trainee", "course", "chosen_at"]
    search_fields = ["trainee__email"]
    form_fields = ["course"]


class StudyGroup(ViewSetGroup):
    menu_label = "Study records"
    menu_icon = "tasks"
    menu_order = 250
    items = (
        QuizAttemptViewSet("quiz_attempt_admin"),
        EvaluationResponseViewSet("evaluation_response_admin"),
        ElectiveChoiceViewSet("elective_choice_admin"),
    )


@hooks.register("register_admin_viewset")
def register_study_records():
    return StudyGroup()
