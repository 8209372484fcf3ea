import re

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import User

# Licence numbers differ by state; we accept letters, digits, spaces, dots,
# slashes and hyphens, 3 to 20 characters, with at least one digit.
LICENCE_NUMBER_RE = re.compile(r"^(?=.*\d)[A-Za-z0-9 ./-]{3,20}$")


def validate_licence_number(value: str) -> str:
    value = value.strip().upper()
    if value and not LICENCE_NUMBER_RE.match(value):
        raise forms.ValidationError(
            _(
                "Enter the licence number as your board prints it: 3 to 20 letters "
                "and digits (spaces, dots, slashes and hyphens allowed), with at "
                "least one digit."
            )
        )
    return value


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        # Whoever signs up on the Spanish site gets Spanish e-mails.
        user.language = (translation.get_language() or "en").split("-")[0]
        if user.language not in dict(settings.LANGUAGES):
            user.language = ""
        user.save(update_fields=["first_name", "last_name", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "certificate_name",
            "pronouns",
            "profession",
            "licence_type",
            "licence_state",
            "licence_number",
            "licence_expiry",
            "timezone",
            "language",
        ]
        widgets = {"licence_expiry": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named in the reader's language, like the rest of the form.
        self.fields["language"].choices = [
            ("", _("The site's default (English)")),
            *settings.LANGUAGES,
        ]

    def clean_licence_number(self):
        return validate_licence_number(self.cleaned_data.get("licence_number", ""))

    def clean(self):
        data = super().clean()
        licence_type = data.get("licence_type")
        if licence_type and licence_type != "pre_licensed":
            missing = [
                label
                for field, label in (
                    ("licence_state", _("licence state")),
                    ("licence_number", _("licence number")),
                )
                if not data.get(field)
            ]
            if missing:
                raise forms.ValidationError(
                    _("A licensed professional must also give their %(fields)s.")
                    % {"fields": _(" and ").join(str(m) for m in missing)}
                )
        return data
