"""Study's Wagtail hooks: the gate in front of every lesson page, the study
context of curriculum pages, and the staff screens of study records.

Curriculum's pages know nothing of study: a lesson is served only after
`lesson_gate` (Wagtail's before_serve_page hook) lets the viewer in, and the
pages' get_context() asks the `curriculum_page_context` hook for the rest.
Wagtail previews call page.serve() without before_serve_page hooks, so an
editor can always preview; the context hook works out their preview access."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy
from kaptraining.curriculum.models import LessonPage
from kaptraining.curriculum.models.pages import PAGE_CONTEXT_HOOK

from .access import lesson_access
from .context import curriculum_page_context
from .models import ElectiveChoice, EvaluationResponse, QuizAttempt, StudyPolicy
from .services import lesson_visit_record, study_position_record


@hooks.register("before_serve_page")
def lesson_gate(page, request, serve_args, serve_kwargs):
    """Lessons are for enrolled trainees, their trainers and staff only."""
    if not isinstance(page, LessonPage):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    access = lesson_access(request.user, page)
    if not access.allowed:
        return render(
            request,
            "study/lesson_locked.html",
            {"page": page, "access": access},
            status=403,
        )
    request.lesson_access = access
    if access.can_complete:
        study_position_record(
            trainee=request.user, program=access.outline.program, lesson=page
        )
        if not access.completed:
            # The server's clock starts the minimum time with the lesson.
            request.lesson_visit = lesson_visit_record(
                trainee=request.user, lesson=page
            )
    return None


hooks.register(PAGE_CONTEXT_HOOK, curriculum_page_context)


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


class StudyPolicyViewSet(ModelViewSet):
    """Staff set, per program, the evidence a lesson completion needs."""

    model = StudyPolicy
    icon = "time"
    menu_label = "Study evidence"
    list_display = ["program", "minimum_time_percent", "media_watch_percent"]
    form_fields = ["program", "minimum_time_percent", "media_watch_percent"]


class StudyGroup(ViewSetGroup):
    menu_label = "Study records"
    menu_icon = "tasks"
    menu_order = 250
    items = (
        QuizAttemptViewSet("quiz_attempt_admin"),
        EvaluationResponseViewSet("evaluation_response_admin"),
        ElectiveChoiceViewSet("elective_choice_admin"),
        StudyPolicyViewSet("study_policy_admin"),
    )


@hooks.register("register_admin_viewset")
def register_study_records():
    return StudyGroup()
