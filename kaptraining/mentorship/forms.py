from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.identifiers import validate_no_identifiers

from .models import (
    MAX_MEETING_MINUTES,
    MentorMeeting,
    MentorProfile,
    PlannedMeeting,
    Recommendation,
    RecommendationChoice,
    TraineePreference,
)

NO_CLIENT_DETAILS = _(
    "Do not include client-identifying information; "
    "discuss cases only in general terms."
)


class DateInput(forms.DateInput):
    input_type = "date"


class MentorProfileForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = [
            "profession",
            "licence_type",
            "licence_state",
            "specialities",
            "populations",
            "languages",
            "timezone",
            "availability",
            "capacity",
            "bio",
            "is_active",
        ]
        widgets = {
            "specialities": forms.CheckboxSelectMultiple,
            "populations": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity > 20:
            raise forms.ValidationError(
                _("A mentor can take at most 20 trainees at a time.")
            )
        return capacity


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = TraineePreference
        fields = [
            "profession_match",
            "timezone_match",
            "required_language",
            "languages",
            "focus_areas",
            "preferred_mentors",
            "notes",
        ]
        widgets = {
            "profession_match": forms.RadioSelect,
            "timezone_match": forms.RadioSelect,
            "languages": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
            "preferred_mentors": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "required_language": _(
                "Leave empty if any language you list below is fine."
            ),
            "preferred_mentors": _(
                "Up to three. We try to honour your choice, but cannot promise it."
            ),
        }

    def __init__(self, *args, trainee=None, **kwargs):
        super().__init__(*args, **kwargs)
        mentors = MentorProfile.objects.available().select_related("user")
        if trainee is not None:
            mentors = mentors.exclude(user=trainee)
        self.fields["preferred_mentors"].queryset = mentors
        self.fields["focus_areas"].queryset = self.fields[
            "focus_areas"
        ].queryset.order_by("kind", "name")
        self.fields["required_language"].empty_label = _("No required language")

    def clean_preferred_mentors(self):
        mentors = self.cleaned_data["preferred_mentors"]
        if len(mentors) > 3:
            raise forms.ValidationError(_("Choose at most three mentors."))
        return mentors


class MeetingForm(forms.ModelForm):
    class Meta:
        model = MentorMeeting
        fields = ["met_on", "minutes", "format", "topics"]
        widgets = {"met_on": DateInput, "topics": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"topics": NO_CLIENT_DETAILS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].validators.append(validate_no_identifiers)
        self.fields["minutes"].widget.attrs.update(
            {"min": 1, "max": MAX_MEETING_MINUTES}
        )

    def clean_met_on(self):
        day = self.cleaned_data["met_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The meeting date cannot be in the future."))
        return day

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        if not 0 < minutes <= MAX_MEETING_MINUTES:
            raise forms.ValidationError(_("A meeting lasts between 1 and 240 minutes."))
        return minutes


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PlanMeetingForm(forms.ModelForm):
    """A proposed date and time, read in the proposer's time zone."""

    class Meta:
        model = PlannedMeeting
        fields = ["starts_at", "format", "note"]
        widgets = {"starts_at": DateTimeInput}
        help_texts = {"note": NO_CLIENT_DETAILS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["note"].validators.append(validate_no_identifiers)

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("Choose a date and time in the future."))
        return starts_at


class DisputeForm(forms.Form):
    comment = forms.CharField(
        label=_("What is wrong with this entry?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RematchForm(forms.Form):
    reason = forms.CharField(
        label=_("Why would you like a different match?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff read this."),
    )


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["recommendation", "statement"]
        widgets = {
            "recommendation": forms.RadioSelect,
            "statement": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"statement": NO_CLIENT_DETAILS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].validators.append(validate_no_identifiers)
        self.fields["recommendation"].choices = RecommendationChoice.choices
