from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Topic


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(
        label=_("Your name (optional)"), max_length=120, required=False
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic.")},
    )
    source = forms.CharField(max_length=120, required=False)
    # A field people never see; bots fill it in.
    website = forms.CharField(required=False)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_source(self):
        return "".join(c for c in self.cleaned_data["source"] if c.isprintable())
