import re

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.uploads import AUDIO_KINDS, VIDEO_KINDS, validate_media

from .models import Submission

NOTE_LINE = re.compile(r"^\s*(\d{1,3}):([0-5]\d)\s+(.+)$")


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How will you be assessed?"),
        choices=Submission.Kind.choices,
        widget=forms.RadioSelect,
        initial=Submission.Kind.RECORDING,
    )
    recording = forms.FileField(
        label=_("Recording of the role-play"),
        required=False,
        help_text=_("Video (MP4 or WebM) or audio (MP3, M4A or OGG)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "video/mp4,video/webm,audio/mpeg,audio/mp4,audio/ogg"}
        ),
    )
    live_slot = forms.DateTimeField(
        label=_("Preferred time for a live role-play"),
        required=False,
        help_text=_("In your time zone. An assessor confirms it with you."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    colleague_confirmed = forms.BooleanField(
        label=_(
            "The role-play is with a colleague playing the client, never a real "
            "client, and no real client's details are mentioned."
        ),
    )

    def clean_recording(self):
        upload = self.cleaned_data.get("recording")
        if upload:
            validate_media(
                upload,
                kinds=VIDEO_KINDS + AUDIO_KINDS,
                max_bytes=settings.KAP_PRACTICE_MAX_RECORDING_BYTES,
            )
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Submission.Kind.RECORDING and not data.get("recording"):
            if "recording" not in self.errors:
                self.add_error(
                    "recording", _("Upload the recording of your role-play.")
                )
        if kind == Submission.Kind.LIVE:
            slot = data.get("live_slot")
            if slot is None:
                self.add_error("live_slot", _("Choose a time for the live role-play."))
            elif slot <= timezone.now():
                self.add_error("live_slot", _("Choose a time in the future."))
        return data


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall feedback"), widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(
        label=_("Time-stamped feedback"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One note a line, starting with the moment in the recording: "
            "2:15 Explained the right to stop clearly."
        ),
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = assessment.criteria()
        for criterion in self.criteria:
            self.fields[f"level-{criterion.id}"] = forms.TypedChoiceField(
                label=criterion.value["title"],
                choices=[
                    (
                        i,
                        f"{lv['label']} ({lv['points']}) — {lv['descriptor']}",
                    )
                    for i, lv in enumerate(criterion.value["levels"])
                ],
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment-{criterion.id}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”")
                % {"criterion": criterion.value["title"]},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields(
            [n for c in self.criteria for n in (f"level-{c.id}", f"comment-{c.id}")]
            + ["notes", "comment"]
        )

    def clean_notes(self):
        notes = []
        for number, line in enumerate(self.cleaned_data["notes"].splitlines(), 1):
            if not line.strip():
                continue
            match = NOTE_LINE.match(line)
            if not match:
                raise forms.ValidationError(
                    _(
                        "Line %(n)s does not start with a time such as 2:15 "
                        "followed by the note."
                    )
                    % {"n": number}
                )
            minutes, seconds, text = match.groups()
            notes.append((int(minutes) * 60 + int(seconds), text.strip()))
        return notes

    def levels(self) -> dict[str, int]:
        return {c.id: self.cleaned_data[f"level-{c.id}"] for c in self.criteria}

    def comments(self) -> dict[str, str]:
        return {c.id: self.cleaned_data[f"comment-{c.id}"] for c in self.criteria}
