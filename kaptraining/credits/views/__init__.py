"""Hours, external claims, transcripts and CE: thin views over services, by
topic (hours.py, transcripts.py, ce.py). urls.py takes them from here."""

from .ce import (
    ce_activities,
    ce_broker_export,
    ce_certificate,
    ce_certificate_pdf,
    ce_evaluation,
    ce_roster,
    my_ce,
)
from .hours import (
    claim_evidence,
    entry_reverse,
    external_submit,
    my_hours,
    review_detail,
    review_list,
)
from .transcripts import (
    REFRESH_SECONDS,
    transcript,
    transcript_export,
    transcript_export_download,
    transcript_pdf,
)

__all__ = [
    "REFRESH_SECONDS",
    "ce_activities",
    "ce_broker_export",
    "ce_certificate",
    "ce_certificate_pdf",
    "ce_evaluation",
    "ce_roster",
    "claim_evidence",
    "entry_reverse",
    "external_submit",
    "my_ce",
    "my_hours",
    "review_detail",
    "review_list",
    "transcript",
    "transcript_export",
    "transcript_export_download",
    "transcript_pdf",
]
