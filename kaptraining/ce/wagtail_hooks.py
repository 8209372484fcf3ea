"""Staff set up CE in the Wagtail admin: what each activity is attached to
(cohort, live sessions, post-test), its objectives, presenters and
disclosures, its evaluation form, and overrides (with a reason, kept)."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .models import ActivityProfile, CreditOverride, EvaluationQuestion
from .services import ce_credit_override


class ActivityProfileViewSet(ModelViewSet):
    model = ActivityProfile
    icon = "link"
    menu_label = _("CE activity set-up")
    list_display = [
        "activity",
        "cohort",
        "post_test",
        "pass_mark",
        "late_grace_minutes",
    ]
    search_fields = ["activity__title"]


class EvaluationQuestionViewSet(ModelViewSet):
    model = EvaluationQuestion
    icon = "list-ul"
    menu_label = _("CE evaluation questions")
    list_display = ["prompt", "activity", "kind", "topic", "sort_order"]
    list_filter = ["activity", "kind", "topic"]


class OverrideCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        try:
            return ce_credit_override(
                participation_id=data["participation"].pk,
                attended_minutes=data["attended_minutes"],
                reason=data["reason"],
                by=self.request.user,
            )
        except ValidationError as exc:
            self.form.add_error(None, exc)
            raise


class CreditOverrideViewSet(ModelViewSet):
    """Overrides are added with a reason and kept; the latest applies."""

    model = CreditOverride
    icon = "warning"
    menu_label = _("CE credit overrides")
    list_display = ["participation", "attended_minutes", "reason", "by", "created_at"]
    search_fields = ["reason", "participation__trainee__email"]
    add_view_class = OverrideCreateView
    edit_handler = ObjectList(
        [
            FieldPanel("participation"),
            FieldPanel("attended_minutes"),
            FieldPanel("reason"),
        ]
    )

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model, allow_add=True)


class CEGroup(ViewSetGroup):
    menu_label = _("Continuing education")
    menu_icon = "success"
    menu_order = 213
    items = (
        ActivityProfileViewSet("ce_profile_admin"),
        EvaluationQuestionViewSet("ce_question_admin"),
        CreditOverrideViewSet("ce_override_admin"),
    )


@hooks.register("register_admin_viewset")
def register_ce():
    return CEGroup()


@hooks.register("register_admin_menu_item")
def register_home_study_menu_item():
    return MenuItem(
        _("Home-study courses"),
        reverse("ce:home_study"),
        icon_name="doc-full",
        order=214,
    )
