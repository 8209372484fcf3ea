"""The directory page's admin form: staff tick which filters the public sees."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class DirectoryPageForm(WagtailAdminPageForm):
    shown_filters = forms.MultipleChoiceField(
        label=_("Filters shown"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a filter to hide it from the public search form."),
    )

    def __init__(self, *args, **kwargs):
        from .models import FILTER_CHOICES

        super().__init__(*args, **kwargs)
        self.fields["shown_filters"].choices = FILTER_CHOICES
        stored = self.initial.get("shown_filters")
        if isinstance(stored, str):
            self.initial["shown_filters"] = [key for key in stored.split(",") if key]

    def clean_shown_filters(self):
        return ",".join(self.cleaned_data["shown_filters"])
