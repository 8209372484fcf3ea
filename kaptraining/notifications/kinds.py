"""The kinds of notification: what a person may choose e-mail for. A kind
marked `required` is operational mail (a decision on their record, a payment
problem): it is always e-mailed at once, whatever the preference."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    required: bool = False
    default: str = "immediately"  # immediately | digest | off


KINDS: dict[str, Kind] = {}


def register_kind(key: str, label, *, required: bool = False, default="immediately"):
    KINDS[key] = Kind(key, label, required, default)
    return KINDS[key]


register_kind(
    "discussion_reply", _("Replies in discussions I follow"), default="digest"
)
register_kind("hours_decided", _("Decisions on my external hours"), required=True)
# A returned log needs the trainee's action (practicums e-mails it itself); a
# signed-off one is good news, in the digest unless the person chooses.
register_kind(
    "practicum_decided", _("Practicum logs returned to me to correct"), required=True
)
register_kind("practicum_signed_off", _("Practicum logs signed off"), default="digest")
# Mentorship: the pairing and the request to confirm a logged meeting are
# operational mail mentorship sends itself (required; listed here as well).
register_kind(
    "meeting_to_confirm",
    _("Mentor meetings waiting for my confirmation"),
    required=True,
)
register_kind("pairing_published", _("My mentor or mentee pairing"), required=True)
register_kind("meeting_planned", _("Mentor meetings planned or cancelled"))
# Operational mail the other apps send themselves, listed here as well.
register_kind("application_decided", _("Decisions on my applications"), required=True)
register_kind("instalment_failed", _("Tuition payments that failed"), required=True)
register_kind("certificate_issued", _("My certificates"), required=True)
