import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.states import US_STATES

from .geo import zip_point
from .models import IDENTITY_KEYS, IDENTITY_VOCABULARIES, Listing, Term, Vocabulary

MAX_PHOTO_BYTES = 2 * 1024 * 1024
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


FIELD_ORDER = [
    "display_name",
    "credentials",
    "profession",
    "licence",
    "licensed_states",
    "role",
    "works_with_partner_prescriber",
    "practice_name",
    "in_person",
    "telehealth",
    "address_line",
    "city",
    "state",
    "zip_code",
    "service",
    "route",
    "population",
    "condition",
    "specialities",
    "language",
    "fee_min",
    "fee_max",
    "sliding_scale",
    "sliding_scale_bands",
    "insurance",
    "superbills",
    "access",
    "accepting_clients",
    "bio",
    "bio_long",
    "first_session",
    "bio_es",
    "photo",
    "photo_alt",
    "show_identity",
    *[
        name
        for v in IDENTITY_VOCABULARIES
        for name in (v.value, f"{v.value}_words")
    ],
    "identity",
    "cultural_background",
]


class ListingForm(forms.ModelForm):
    licensed_states = forms.MultipleChoiceField(
        label=_("States you are licensed in"),
        choices=US_STATES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Clients can find you for telehealth in these states."),
    )
    fee_min = forms.IntegerField(
        label=_("Lowest fee per session (US dollars)"),
        min_value=0,
        max_value=10000,
        required=False,
    )
    fee_max = forms.IntegerField(
        label=_("Highest fee per session (US dollars)"),
        min_value=0,
        max_value=10000,
        required=False,
    )

    class Meta:
        model = Listing
        fields = [
            "display_name",
            "credentials",
            "profession",
            "role",
            "works_with_partner_prescriber",
            "practice_name",
            "in_person",
            "telehealth",
            "address_line",
            "city",
            "state",
            "zip_code",
            "specialities",
            "sliding_scale",
            "sliding_scale_bands",
            "superbills",
            "accepting_clients",
            "bio",
            "bio_long",
            "first_session",
            "bio_es",
            "photo",
            "photo_alt",
            "identity",
            "cultural_background",
            "show_identity",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "bio_long": forms.Textarea(attrs={"rows": 8}),
            "first_session": forms.Textarea(attrs={"rows": 5}),
            "bio_es": forms.Textarea(attrs={"rows": 5, "lang": "es"}),
            "sliding_scale_bands": forms.Textarea(attrs={"rows": 3}),
            "photo": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        by_vocabulary: dict[str, list[tuple[str, str]]] = {
            v.value: [] for v in Vocabulary
        }
        self._terms = {}
        for term in Term.objects.all():
            by_vocabulary[term.vocabulary].append((str(term.pk), term.label))
            self._terms[str(term.pk)] = term
        chosen = (
            {
                str(pk)
                for pk in self.instance.listing_terms.values_list("term_id", flat=True)
            }
            if self.instance.pk
            else set()
        )
        # Insert the lists after the session fields, in vocabulary order.
        for vocabulary in Vocabulary:
            choices = by_vocabulary[vocabulary.value]
            self.fields[vocabulary.value] = forms.MultipleChoiceField(
                label=vocabulary.label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.initial.setdefault(
                vocabulary.value, [pk for pk, _name in choices if pk in chosen]
            )
            if vocabulary.value in IDENTITY_KEYS:
                self.fields[vocabulary.value].help_text = _(
                    "Optional, and shown only if you choose to share your identity."
                )
                self.fields[f"{vocabulary.value}_words"] = forms.CharField(
                    label=_("%(list)s, in your own words") % {"list": vocabulary.label},
                    max_length=120,
                    required=False,
                    help_text=_(
                        "Optional. If you write something here it is shown "
                        "instead of the boxes you ticked."
                    ),
                )
                self.initial.setdefault(
                    f"{vocabulary.value}_words",
                    (self.instance.identity_words or {}).get(vocabulary.value, ""),
                )
        if self.instance.pk:
            self.initial.setdefault("fee_min", _dollars(self.instance.fee_min_cents))
            self.initial.setdefault("fee_max", _dollars(self.instance.fee_max_cents))
        self.order_fields(FIELD_ORDER)
        self.fields["photo"].help_text = _(
            "Optional. A JPEG, PNG or WebP image up to 2 MB, shown after staff review."
        )
        self.fields["show_identity"].help_text = _(
            "Everything below is optional. Nothing is shown, searched or used "
            "in filters unless you tick this box, and nothing is ever guessed."
        )

    def clean_display_name(self):
        value = self.cleaned_data["display_name"]
        if CONTROL_CHARS.search(value):
            raise forms.ValidationError(_("Use letters, spaces and punctuation only."))
        return value

    def clean_zip_code(self):
        value = (self.cleaned_data.get("zip_code") or "").strip()
        if value and zip_point(value) is None:
            raise forms.ValidationError(
                _(
                    "We do not recognise that US ZIP code. "
                    "Enter five digits, for example 94110."
                )
            )
        return value

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("The photo is larger than 2 MB. Choose a smaller image.")
            )
        # A new upload carries the decoded Pillow image; a kept photo does not.
        image = getattr(photo, "image", None)
        if image is not None and image.format not in {"JPEG", "PNG", "WEBP"}:
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP image."))
        return photo

    def clean(self):
        data = super().clean()
        if not data.get("in_person") and not data.get("telehealth"):
            raise forms.ValidationError(
                _("Choose office sessions, telehealth, or both.")
            )
        if data.get("in_person") and not (
            data.get("city") and data.get("state") and data.get("zip_code")
        ):
            raise forms.ValidationError(
                _(
                    "For office sessions, give the city, state and ZIP code "
                    "of your practice."
                )
            )
        if data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error(
                "photo_alt",
                _("Describe your photo in a few words for people who cannot see it."),
            )
        for key in IDENTITY_KEYS:
            if CONTROL_CHARS.search(data.get(f"{key}_words") or ""):
                self.add_error(
                    f"{key}_words", _("Use letters, spaces and punctuation only.")
                )
        low, high = data.get("fee_min"), data.get("fee_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "fee_max", _("The highest fee cannot be lower than the lowest fee.")
            )
        return data

    def cleaned_terms(self) -> list[Term]:
        return [
            self._terms[pk]
            for vocabulary in Vocabulary
            for pk in self.cleaned_data.get(vocabulary.value, [])
        ]

    def save(self, commit=True):
        listing = super().save(commit=False)
        low, high = self.cleaned_data.get("fee_min"), self.cleaned_data.get("fee_max")
        listing.fee_min_cents = None if low is None else low * 100
        listing.fee_max_cents = None if high is None else high * 100
        listing.identity_words = {
            key: words
            for key in sorted(IDENTITY_KEYS)
            if (words := (self.cleaned_data.get(f"{key}_words") or "").strip())
        }
        if commit:
            listing.save()
        return listing


def _dollars(cents):
    return None if cents is None else cents // 100


# --- Contacting a practitioner ----------------------------------------------

CONTACT_SALT = "kaptraining.directory.contact"
CONTACT_MAX_AGE_SECONDS = 24 * 3600


def contact_token(listing_pk: int, *, issued_at: float | None = None) -> str:
    """A signed note of which listing the form was shown for, and when: a form
    sent back sooner than a person could type it is treated as a robot."""
    return signing.dumps(
        {"l": listing_pk, "t": int(time.time() if issued_at is None else issued_at)},
        salt=CONTACT_SALT,
        compress=True,
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The practitioner replies to this address."),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=3000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Please do not include detailed health information. "
            "This form is not for emergencies: in the US, call or text 988."
        ),
    )
    # Honeypot: hidden from people by CSS and from screen readers by
    # aria-hidden; robots fill every field.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, listing_pk: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing_pk = listing_pk
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off"}
        )
        if not self.is_bound:
            self.initial["token"] = contact_token(listing_pk)

    def clean_name(self):
        value = self.cleaned_data["name"]
        if CONTROL_CHARS.search(value):
            raise forms.ValidationError(_("Use letters, spaces and punctuation only."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(
                _(
                    "Your message was not sent because it looks automated. "
                    "Please try again."
                ),
                code="honeypot",
            )
        try:
            payload = signing.loads(
                self.data.get("token", ""),
                salt=CONTACT_SALT,
                max_age=CONTACT_MAX_AGE_SECONDS,
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _(
                    "This form was open for more than a day. "
                    "Please send your message again."
                ),
                code="expired",
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _(
                    "The form could not be checked. "
                    "Please reload the page and try again."
                ),
                code="bad_token",
            ) from None
        if payload.get("l") != self.listing_pk:
            raise forms.ValidationError(
                _(
                    "The form could not be checked. "
                    "Please reload the page and try again."
                ),
                code="bad_token",
            )
        min_seconds = getattr(settings, "DIRECTORY_CONTACT_MIN_SECONDS", 3)
        if time.time() - payload.get("t", 0) < min_seconds:
            raise forms.ValidationError(
                _(
                    "That was sent faster than a person can type. "
                    "Please wait a moment and send it again."
                ),
                code="too_fast",
            )
        return data
