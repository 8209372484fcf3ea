"""A practitioner's CE transcript across activities: every CE certificate,
its body, credit and approval, in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kaptraining.credits.models import CECertificate


@dataclass
class TranscriptLine:
    certificate: CECertificate
    body: str
    body_name: str
    credit_label: str
    hours: Decimal
    approval_number: str


@dataclass
class CETranscript:
    trainee: object
    lines: list[TranscriptLine]
    totals: list[tuple[str, Decimal]]


def ce_transcript(trainee) -> CETranscript:
    """One query: the trainee's valid CE certificates, newest first."""
    certificates = CECertificate.objects.filter(
        trainee=trainee, status="valid"
    ).order_by("-completed_on", "-pk")
    lines = []
    totals: dict[str, Decimal] = {}
    for cert in certificates:
        for credit in cert.credits:
            hours = Decimal(credit["hours"])
            line = TranscriptLine(
                cert,
                credit.get("body", ""),
                credit.get("body_name", ""),
                credit.get("credit_label", ""),
                hours,
                credit.get("approval_number", ""),
            )
            lines.append(line)
            totals[line.body_name] = totals.get(line.body_name, Decimal(0)) + hours
    return CETranscript(trainee, lines, sorted(totals.items()))


def ce_transcript_rows(transcript: CETranscript) -> list[list]:
    rows: list[list] = [
        [
            _("Completed"),
            _("Activity"),
            _("Format"),
            _("Body"),
            _("Credit"),
            _("Hours"),
            _("Approval number"),
            _("Certificate number"),
            _("Licence"),
        ]
    ]
    for line in transcript.lines:
        cert = line.certificate
        rows.append(
            [
                cert.completed_on.isoformat(),
                cert.activity_title,
                cert.get_delivery_format_display(),
                line.body_name,
                line.credit_label,
                str(line.hours),
                line.approval_number,
                cert.number,
                f"{cert.licence_state} {cert.licence_number}".strip(),
            ]
        )
    return rows
