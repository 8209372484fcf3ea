"""Retreat registration and staff forms."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.models import LicenceType
from kaptraining.accounts.states import US_STATES
from kaptraining.core.templatetags.kap import money

from .models import RoomKind


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, room):
        left = room.places_left
        price = (
            _("included")
            if not room.price_cents
            else _("+ %(price)s lodging")
            % {"price": money(room.price_cents, self.currency)}
        )
        places = _("%(n)s left") % {"n": left} if left else _("full: join the waitlist")
        kind = RoomKind(room.kind).label
        return f"{room.name} ({kind}) — {price}, {places}"


class RegistrationForm(forms.Form):
    room_type = RoomChoiceField(
        label=_("Lodging"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    arrival_at = forms.DateTimeField(
        label=_("Arrival (date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("In the venue's local time."),
    )
    departure_at = forms.DateTimeField(
        label=_("Departure (date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    travel_details = forms.CharField(
        label=_("Flight or travel details"), max_length=200, required=False
    )
    airport_transfer = forms.BooleanField(
        label=_("I would like the airport transfer"), required=False
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    allergies = forms.CharField(
        label=_("Allergies"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact name"), max_length=200
    )
    emergency_contact_phone = forms.CharField(
        label=_("Emergency contact phone"), max_length=40
    )
    licence_type = forms.ChoiceField(
        label=_("Licence type"), choices=[("", "—"), *LicenceType.choices]
    )
    licence_state = forms.ChoiceField(
        label=_("Licence state"), choices=[("", "—"), *US_STATES], required=False
    )
    licence_number = forms.CharField(
        label=_("Licence number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty only if you are pre-licensed."),
    )
    licence_expiry = forms.DateField(
        label=_("Licence expiry"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, run, rooms, user, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for name in (
            "licence_type",
            "licence_state",
            "licence_number",
            "licence_expiry",
        ):
            initial.setdefault(name, getattr(user, name))
        cohort = run.cohort
        initial.setdefault(
            "arrival_at", datetime.datetime.combine(cohort.start_date, datetime.time(8))
        )
        initial.setdefault(
            "departure_at",
            datetime.datetime.combine(cohort.end_date, datetime.time(18)),
        )
        super().__init__(*args, **kwargs)
        self.run = run
        field = self.fields["room_type"]
        field.queryset = rooms
        field.currency = cohort.currency
        if run.page.consent_required:
            self.fields["consent"] = forms.BooleanField(
                label=_("I have read the statement above and agree to take part."),
                required=True,
            )

    def _aware(self, name):
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=self.run.cohort.tzinfo)

    def clean_arrival_at(self):
        return self._aware("arrival_at")

    def clean_departure_at(self):
        return self._aware("departure_at")

    def clean(self):
        data = super().clean()
        if (
            data.get("licence_type")
            and data["licence_type"] != LicenceType.PRE_LICENSED
            and not (data.get("licence_number") or "").strip()
        ):
            self.add_error("licence_number", _("Please enter your licence number."))
        return data


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )


class TransferForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    room_type = forms.ModelChoiceField(label=_("Room on the later run"), queryset=None)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type"].queryset = rooms
        self.fields["room_type"].label_from_instance = (
            lambda room: f"{room.run} — {room.name}"
        )
