"""Staff manage cohorts in the Wagtail admin. Writes with side effects (a
decision e-mail, a freed place, a calendar SEQUENCE) go through the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from kaptraining.core.permissions import AppendOnlyPermissionPolicy

from .admissions import AdmissionError, application_decide, enrolment_withdraw
from .community import announcement_post
from .live import CALENDAR_FIELDS
from .models import (
    Announcement,
    Application,
    Attendance,
    Cohort,
    CreditRule,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
    Post,
    SeatOffer,
    Thread,
)


class KeptRecordPolicy(ModelPermissionPolicy):
    """Staff may add and change but never delete: these records are kept."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    list_display = ["name", "program", "start_date", "status", "admission", "capacity"]
    list_filter = ["status", "format", "admission", "program"]
    search_fields = ["name"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("program"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("late_join_until"),
        FieldRowPanel([FieldPanel("timezone"), FieldPanel("format")]),
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("admission"), FieldPanel("waitlist_offer_hours")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("tuition_cents"), FieldPanel("currency")])],
            heading=_("Tuition"),
            help_text=_(
                "Checkout charges the price set for this cohort under Payments, "
                "Prices, or else the price set there for its program. This field "
                "is charged only when neither exists. The cohort pages always "
                "show the price checkout charges."
            ),
        ),
        FieldPanel("trainers"),
    ]

    @property
    def permission_policy(self):
        return KeptRecordPolicy(self.model)


class WithdrawForm(WagtailAdminModelForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=EnrolmentStatus.choices,
        help_text=_(
            "Only withdrawal is made here; payment activates a place. "
            "Withdrawing frees the place for the waitlist."
        ),
    )

    class Meta:
        model = Enrolment
        fields = ["status"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status != self.instance.status and status != EnrolmentStatus.WITHDRAWN:
            raise forms.ValidationError(
                _("An enrolment can only be withdrawn here; payment activates it.")
            )
        return status


class EnrolmentEditView(generic.EditView):
    def save_instance(self):
        if self.form.cleaned_data["status"] == EnrolmentStatus.WITHDRAWN:
            return enrolment_withdraw(enrolment_id=self.object.pk)
        return self.object


class EnrolmentViewSet(ModelViewSet):
    """Enrolments change through enrolment and payment services; staff can
    withdraw one here, which offers the place to the waitlist."""

    model = Enrolment
    icon = "user"
    list_display = ["trainee", "cohort", "status", "created_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["trainee__email", "trainee__last_name"]
    inspect_view_enabled = True
    form_fields = ["status"]
    edit_view_class = EnrolmentEditView

    def get_form_class(self, for_update=False):
        return WithdrawForm

    @property
    def permission_policy(self):
        return KeptRecordPolicy(self.model)


class DecisionForm(WagtailAdminModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept: reserve a place (pending payment)")),
            ("waitlist", _("Wait-list")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Application
        fields = ["decision_message"]


class ApplicationEditView(generic.EditView):
    def save_instance(self):
        return application_decide(
            application_id=self.object.pk,
            decision=self.form.cleaned_data["decision"],
            message=self.form.cleaned_data["decision_message"],
            by=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AdmissionError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)


class ApplicationViewSet(ModelViewSet):
    """Review applications: the decision (and its message) is e-mailed."""

    model = Application
    icon = "form"
    menu_label = _("Applications")
    list_display = ["applicant", "cohort", "status", "pre_licensed", "submitted_at"]
    list_filter = ["status", "pre_licensed", "cohort"]
    search_fields = ["applicant__email", "applicant__last_name", "licence_number"]
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["licence_document"]
    edit_view_class = ApplicationEditView
    edit_handler = ObjectList(
        [
            HelpPanel(
                template="cohorts/admin/licence_panel.html", heading=_("Application")
            ),
            FieldPanel("decision"),
            FieldPanel("decision_message"),
        ],
        base_form_class=DecisionForm,
    )

    @property
    def permission_policy(self):
        return _DecidePolicy(self.model)


class _DecidePolicy(KeptRecordPolicy):
    """Applications are made by trainees; staff only decide (edit)."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


class SeatOfferViewSet(ModelViewSet):
    model = SeatOffer
    icon = "date"
    menu_label = _("Waitlist offers")
    list_display = ["application", "status", "offered_at", "expires_at"]
    list_filter = ["status"]
    inspect_view_enabled = True
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class LiveSessionEditView(generic.EditView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        if set(self.form.changed_data) & set(CALENDAR_FIELDS):
            instance.sequence += 1
        instance.save()
        self.form.save_m2m()
        return instance


class LiveSessionViewSet(ModelViewSet):
    """Times here are in your own time zone (shown next to the field);
    trainers schedule in the cohort's zone from their dashboard."""

    model = LiveSession
    icon = "date"
    menu_label = _("Live sessions")
    list_display = ["title", "cohort", "kind", "starts_at", "status"]
    list_filter = ["kind", "status", "cohort"]
    search_fields = ["title"]
    inspect_view_enabled = True
    edit_view_class = LiveSessionEditView
    form_fields = [
        "cohort",
        "kind",
        "title",
        "description",
        "starts_at",
        "ends_at",
        "location",
        "meeting_url",
        "facilitator",
        "credited_minutes",
        "category",
        "status",
        "cancel_reason",
    ]

    @property
    def permission_policy(self):
        return KeptRecordPolicy(self.model)


class AttendanceViewSet(ModelViewSet):
    """Read-only: trainers mark attendance; corrections append rows."""

    model = Attendance
    icon = "tick"
    menu_label = _("Attendance")
    list_display = [
        "enrolment",
        "session",
        "status",
        "minutes_attended",
        "credited_minutes",
        "is_current",
        "marked_at",
    ]
    list_filter = ["status", "is_current", "source"]
    search_fields = ["enrolment__trainee__email"]
    inspect_view_enabled = True
    form_fields = ["note"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model)


class CreditRuleViewSet(ModelViewSet):
    model = CreditRule
    icon = "cog"
    menu_label = _("Attendance credit rules")
    list_display = ["program", "kind", "step_minutes", "forfeit_after_minutes"]
    form_fields = [
        "program",
        "kind",
        "step_minutes",
        "forfeit_after_minutes",
        "late_grace_minutes",
    ]

    @property
    def permission_policy(self):
        return KeptRecordPolicy(self.model)


class AnnouncementCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return announcement_post(
            cohort=data["cohort"],
            author=self.request.user,
            title=data["title"],
            body=data["body"],
        )


class AnnouncementViewSet(ModelViewSet):
    model = Announcement
    icon = "mail"
    menu_label = _("Announcements")
    list_display = ["title", "cohort", "author", "created_at", "emailed_at"]
    list_filter = ["cohort"]
    inspect_view_enabled = True
    add_view_class = AnnouncementCreateView
    form_fields = ["cohort", "title", "body"]

    @property
    def permission_policy(self):
        return AppendOnlyPermissionPolicy(self.model, allow_add=True)


class ThreadViewSet(ModelViewSet):
    model = Thread
    icon = "openquote"
    menu_label = _("Discussions")
    list_display = [
        "title",
        "cohort",
        "author",
        "last_post_at",
        "is_pinned",
        "is_locked",
        "is_hidden",
    ]
    list_filter = ["cohort", "is_hidden", "is_locked"]
    form_fields = ["is_pinned", "is_locked", "is_hidden"]

    @property
    def permission_policy(self):
        return _ModeratePolicy(self.model)


class PostViewSet(ModelViewSet):
    model = Post
    icon = "comment"
    menu_label = _("Discussion posts")
    list_display = ["thread", "author", "created_at", "is_hidden"]
    list_filter = ["is_hidden"]
    search_fields = ["body"]
    inspect_view_enabled = True
    form_fields = ["is_hidden", "hidden_reason"]

    @property
    def permission_policy(self):
        return _ModeratePolicy(self.model)


class _ModeratePolicy(KeptRecordPolicy):
    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


class DeliveryGroup(ViewSetGroup):
    menu_label = "Cohorts"
    menu_icon = "group"
    menu_order = 200
    items = (
        CohortViewSet("cohort_admin"),
        ApplicationViewSet("cohort_application_admin"),
        SeatOfferViewSet("cohort_offer_admin"),
        EnrolmentViewSet("enrolment_admin"),
        LiveSessionViewSet("cohort_session_admin"),
        AttendanceViewSet("cohort_attendance_admin"),
        CreditRuleViewSet("cohort_credit_rule_admin"),
        AnnouncementViewSet("cohort_announcement_admin"),
        ThreadViewSet("cohort_thread_admin"),
        PostViewSet("cohort_post_admin"),
    )


@hooks.register("register_admin_viewset")
def register_delivery():
    return DeliveryGroup()
