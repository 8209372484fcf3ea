from django import forms
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import EnrolmentStatus
from kaptraining.core.identifiers import validate_no_identifiers

from .models import PlacementStatus, PracticumLog, SiteCapacity
from .services import LOG_FIELDS

NO_IDENTIFIERS_HELP = _(
    "Do not include any client-identifying information: "
    "no names, initials, dates of birth, "
    "phone numbers, e-mail addresses, addresses or record "
    "numbers. Describe the client only in "
    "general terms."
)


class DateInput(forms.DateInput):
    input_type = "date"


class CapacityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        left = max(0, obj.places - getattr(obj, "taken", 0))
        return _(
            "%(site)s — %(mode)s — %(cohort)s (%(left)s of %(places)s places left)"
        ) % {
            "site": obj.site,
            "mode": obj.site.get_mode_display(),
            "cohort": obj.cohort.name,
            "left": left,
            "places": obj.places,
        }


class PlacementRequestForm(forms.Form):
    capacity = CapacityChoiceField(
        label=_("Site"),
        queryset=SiteCapacity.objects.none(),
        empty_label=_("Choose a site"),
        error_messages={
            "invalid_choice": _("Choose one of the sites listed for your cohort.")
        },
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)

    def __init__(self, *args, trainee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].queryset = (
            SiteCapacity.objects.filter(
                site__is_active=True,
                cohort__enrolments__trainee=trainee,
                cohort__enrolments__status__in=[
                    EnrolmentStatus.ACTIVE,
                    EnrolmentStatus.COMPLETED,
                ],
            )
            .select_related("site", "cohort")
            .annotate(
                taken=Count(
                    "site__placements",
                    filter=Q(
                        site__placements__cohort=F("cohort"),
                        site__placements__status__in=PlacementStatus.HOLDING_A_PLACE,
                    ),
                    distinct=True,
                )
            )
            .order_by("site__name")
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("starts_on")
            and data.get("ends_on")
            and data["ends_on"] < data["starts_on"]
        ):
            raise forms.ValidationError(
                _("The last day must be on or after the first day.")
            )
        return data


class PracticumLogForm(forms.ModelForm):
    class Meta:
        model = PracticumLog
        fields = list(LOG_FIELDS)
        widgets = {
            "session_date": DateInput,
            "reflection": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "minutes": _(
                "Count only the time you observed or co-facilitated, up to 8 hours."
            ),
            "reflection": NO_IDENTIFIERS_HELP,
        }

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.fields["reflection"].validators.append(validate_no_identifiers)
        self.fields["minutes"].min_value = 1
        self.fields["minutes"].widget.attrs.update({"min": 1, "max": 480})
        self.fields["reflection"].widget.attrs["aria-describedby"] = (
            "id_reflection_helptext"
        )

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        if not 0 < minutes <= 480:
            raise forms.ValidationError(
                _("A session lasts between 1 minute and 8 hours (480 minutes).")
            )
        return minutes

    def clean_session_date(self):
        day = self.cleaned_data["session_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The session date cannot be in the future."))
        if not self.placement.starts_on <= day <= self.placement.ends_on:
            raise forms.ValidationError(
                _(
                    "The session date must fall within your "
                    "placement, from %(start)s to %(end)s."
                )
                % {"start": self.placement.starts_on, "end": self.placement.ends_on}
            )
        return day


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("sign_off", _("Sign off: the trainee observed this session as described")),
            ("return", _("Return to the trainee with a comment")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when you return an entry. Do not include "
            "client-identifying information."
        ),
        validators=[validate_no_identifiers],
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error(
                "comment",
                _("Please write a comment telling the trainee what to change."),
            )
        return data
