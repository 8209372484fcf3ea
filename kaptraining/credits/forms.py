"""Forms for trainees (external hours, CE evaluation) and staff (review)."""

import decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from kaptraining.core.categories import Category
from kaptraining.core.uploads import validate_document

from .checks import item_choices

# Accepted evidence: PDF, PNG or JPEG by content (kaptraining.core.uploads).
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class ExternalHoursForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=decimal.Decimal("0.25"),
        max_value=decimal.Decimal("200"),
        decimal_places=2,
        help_text=_("In hours, e.g. 1.5 for an hour and a half."),
    )
    activity_title = forms.CharField(label=_("Activity title"), max_length=200)
    provider_name = forms.CharField(label=_("Provider"), max_length=200)
    earned_on = forms.DateField(
        label=_("Date completed"), widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        help_text=_("Your certificate of attendance: PDF, PNG or JPEG, up to 10 MB."),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Category.choices)
        categories = [r.category for r in program.category_requirements.all()] or list(
            labels
        )
        self.fields["category"].choices = [(c, labels.get(c, c)) for c in categories]

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if (hours * 60) % 1:
            raise forms.ValidationError(
                _("Enter hours that make whole minutes, e.g. 1.25 or 1.5.")
            )
        return hours

    def clean_earned_on(self):
        earned_on = self.cleaned_data["earned_on"]
        if earned_on > timezone.localdate():
            raise forms.ValidationError(
                _("The date completed cannot be in the future.")
            )
        return earned_on

    def clean_evidence(self):
        upload = self.cleaned_data["evidence"]
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Upload a smaller copy.")
            )
        validate_document(upload)
        return upload

    @property
    def minutes(self) -> int:
        return int(self.cleaned_data["hours"] * 60)


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Do not accept"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the trainee"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you do not accept the hours."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("message") or "").strip():
            self.add_error(
                "message", _("Tell the trainee why the hours were not accepted.")
            )
        return data


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        help_text=_("Kept with the ledger and shown to the trainee."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for the correction."))
        return reason


RATING_CHOICES = [(str(i), str(i)) for i in range(1, 6)]


class CEEvaluationForm(forms.Form):
    objectives_met = forms.ChoiceField(
        label=_("The learning objectives were met (1 = not at all, 5 = fully)"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
    )
    relevance = forms.ChoiceField(
        label=_("The content was relevant to my practice (1 = not at all, 5 = very)"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
    )
    presenter = forms.ChoiceField(
        label=_(
            "The presenters were knowledgeable and clear (1 = not at all, 5 = very)"
        ),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AttendanceForm(forms.Form):
    participation = forms.IntegerField(widget=forms.HiddenInput)
    attended_minutes = forms.IntegerField(
        label=_("Minutes attended"), min_value=0, max_value=100_000
    )


class RequirementSettingsForm(WagtailAdminModelForm):
    """Required items are picked from the registry (checks.py)."""

    required_items = forms.MultipleChoiceField(
        label=_("Required items besides hours"),
        choices=item_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
