"""Forms for applicants, trainers and cohort members."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.models import LicenceType
from kaptraining.core.uploads import validate_document

from .models import (
    Application,
    AttendanceStatus,
    LiveSession,
)

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_CSV_BYTES = 2 * 1024 * 1024


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "licence_type",
            "licence_state",
            "licence_number",
            "licence_expiry",
            "licence_document",
            "professional_background",
            "statement",
        ]
        widgets = {
            "licence_expiry": forms.DateInput(attrs={"type": "date"}),
            "professional_background": forms.Textarea(attrs={"rows": 5}),
            "statement": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "professional_background": _(
                "Your training, where you practise and the clients you serve."
            ),
            "statement": _("A few sentences on why you want to train in KAP."),
            "licence_number": _("Leave empty only if you are pre-licensed."),
        }

    def clean_licence_document(self):
        document = self.cleaned_data.get("licence_document")
        if document and document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("The document is larger than 5 MB. Upload a smaller PDF or photo.")
            )
        # Other extensions are refused by the model's own validator.
        if document and document.name.lower().endswith(
            (".pdf", ".png", ".jpg", ".jpeg")
        ):
            validate_document(document)
        return document

    def clean(self):
        data = super().clean()
        licensed = (
            data.get("licence_type")
            and data["licence_type"] != LicenceType.PRE_LICENSED
        )
        if licensed and not data.get("licence_number"):
            self.add_error("licence_number", _("Enter your licence number."))
        expiry = data.get("licence_expiry")
        if licensed and expiry is None:
            self.add_error("licence_expiry", _("Enter the date your licence expires."))
        if expiry and expiry < timezone.localdate():
            self.add_error(
                "licence_expiry",
                _("This licence expired on %(date)s. Renew it before applying.")
                % {"date": expiry.isoformat()},
            )
        return data


class WallClockField(forms.DateTimeField):
    """A date and time with no zone attached: the service applies the cohort's
    zone (Django's field would apply the viewer's)."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for fmt in self.input_formats:
            try:
                return datetime.datetime.strptime(str(value).strip(), fmt)  # noqa: DTZ007
            except ValueError:
                continue
        raise forms.ValidationError(_("Enter a date and time, e.g. 2026-03-08 18:30."))


class SessionForm(forms.ModelForm):
    """Start and end are wall-clock times in the cohort's time zone."""

    starts_at = WallClockField(label=_("Starts"))
    ends_at = WallClockField(label=_("Ends"))
    field_order = [
        "kind",
        "title",
        "description",
        "starts_at",
        "ends_at",
        "location",
        "meeting_url",
        "facilitator",
        "credited_minutes",
        "category",
    ]

    class Meta:
        model = LiveSession
        fields = [
            "kind",
            "title",
            "description",
            "location",
            "meeting_url",
            "facilitator",
            "credited_minutes",
            "category",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["facilitator"].queryset = cohort.trainers.all()
        tz = cohort.tzinfo
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("In the cohort's time zone, %(tz)s.") % {
                "tz": tz.key
            }
            value = getattr(self.instance, name, None)
            if value is not None and not self.is_bound:
                self.initial[name] = (
                    timezone.localtime(value, tz)
                    .replace(tzinfo=None)
                    .strftime("%Y-%m-%dT%H:%M")
                )

    def clean(self):
        data = super().clean()
        if not data.get("location") and not data.get("meeting_url"):
            raise forms.ValidationError(_("Give a location or a meeting link."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent in calendars)"), max_length=300)


class AttendanceForm(forms.Form):
    """One status and minutes field per trainee studying in the cohort."""

    def __init__(self, *args, session, enrolments, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.rows = []
        # "Mark all present": every trainee left unmarked counts as present;
        # a status chosen on a row is that person's exception.
        self.fields["all_present"] = forms.BooleanField(
            label=_("Mark everyone I leave unmarked as present"), required=False
        )
        for enrolment in enrolments:
            mark = current.get(enrolment.pk)
            status_name, minutes_name = (
                f"status_{enrolment.pk}",
                f"minutes_{enrolment.pk}",
            )
            self.fields[status_name] = forms.ChoiceField(
                label=_("Attendance of %(name)s")
                % {"name": enrolment.trainee.display_name},
                choices=[("", _("— not marked —")), *AttendanceStatus.choices],
                required=False,
                initial=mark.status if mark else "",
            )
            self.fields[minutes_name] = forms.IntegerField(
                label=_("Minutes attended by %(name)s")
                % {"name": enrolment.trainee.display_name},
                min_value=0,
                max_value=session.duration_minutes,
                required=False,
                initial=mark.minutes_attended if mark else None,
            )
            self.rows.append((enrolment, self[status_name], self[minutes_name], mark))

    def marks(self):
        result = []
        for enrolment, status_field, minutes_field, mark in self.rows:
            status = self.cleaned_data.get(status_field.name)
            minutes = self.cleaned_data.get(minutes_field.name)
            if not status and mark is None and self.cleaned_data.get("all_present"):
                status = AttendanceStatus.PRESENT
            if not status:
                continue
            if (
                status in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)
                and minutes is None
            ):
                self.add_error(
                    minutes_field.name,
                    _("Enter the minutes %(name)s attended.")
                    % {"name": enrolment.trainee.display_name},
                )
                continue
            result.append(
                {"enrolment": enrolment, "status": status, "minutes": minutes}
            )
        return result


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        return upload


class RosterImportForm(CsvUploadForm):
    activate = forms.TypedChoiceField(
        label=_("Imported trainees start"),
        choices=[
            ("0", _("Awaiting payment")),
            ("1", _("Active (tuition settled elsewhere)")),
        ],
        coerce=lambda v: v == "1",
        initial="0",
    )


class ImportReviewForm(forms.Form):
    """A trainee choice per participant in the report; only e-mail matches
    are pre-selected, everything else must be chosen by the trainer."""

    def __init__(self, *args, imp, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not a trainee / leave out —"))] + [
            (str(e.pk), f"{e.trainee.display_name} <{e.trainee.email}>")
            for e in enrolments
        ]
        names = {e.pk: e.trainee.display_name for e in enrolments}
        self.rows = []
        for i, row in enumerate(imp.rows):
            name = f"match_{i}"
            self.fields[name] = forms.ChoiceField(
                label=_("Trainee for %(who)s") % {"who": row["name"] or row["email"]},
                choices=choices,
                required=False,
                initial=str(row["enrolment_id"]) if row["enrolment_id"] else "",
            )
            suggestion = names.get(row.get("suggested_enrolment_id"))
            self.rows.append((row, self[name], suggestion))

    def assignments(self) -> dict[str, int | None]:
        return {
            row["key"]: int(self.cleaned_data[field.name])
            if self.cleaned_data.get(field.name)
            else None
            for row, field, _suggestion in self.rows
        }


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}))


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class HidePostForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)
