from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EvaluationResponse

RATINGS = [
    (5, _("5 — strongly agree")),
    (4, _("4 — agree")),
    (3, _("3 — neutral")),
    (2, _("2 — disagree")),
    (1, _("1 — strongly disagree")),
]


class EvaluationForm(forms.ModelForm):
    objectives_met = forms.TypedChoiceField(
        label=_("The learning objectives were met."),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    relevance = forms.TypedChoiceField(
        label=_("The content is relevant to my practice."),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    quality = forms.TypedChoiceField(
        label=_("The teaching materials were clear and useful."),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    free_of_bias = forms.TypedChoiceField(
        label=_("The content was free of commercial bias."),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = EvaluationResponse
        fields = ["objectives_met", "relevance", "quality", "free_of_bias", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 4})}


class ReviewForm(forms.Form):
    correct = forms.TypedChoiceField(
        label=_("Mark this answer"),
        choices=[("yes", _("Correct")), ("no", _("Not correct"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the trainee (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
