from django import forms
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.states import US_STATES

from .models import Listing


class ListingForm(forms.ModelForm):
    licensed_states = forms.MultipleChoiceField(
        label=_("States you are licensed in"),
        choices=US_STATES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Clients can find you for telehealth in these states."),
    )

    class Meta:
        model = Listing
        fields = [
            "display_name",
            "credentials",
            "profession",
            "practice_name",
            "city",
            "state",
            "zip_code",
            "in_person",
            "telehealth",
            "accepting_clients",
            "sliding_scale",
            "bio",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        if not data.get("in_person") and not data.get("telehealth"):
            raise forms.ValidationError(_("Choose in-person sessions, telehealth, or both."))
        if data.get("in_person") and not (data.get("city") and data.get("state")):
            raise forms.ValidationError(_("For in-person sessions, give the city and state of your practice."))
        return data
