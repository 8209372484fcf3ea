"""Credits: the hour ledger, requirement records and CE credit.

The models live in submodules by topic and are re-exported here."""

from .ce import (
    AccreditingBody,
    CEActivity,
    CEActivityCredit,
    CEActivityKind,
    CEApproval,
    CECertificate,
    CECertificateStatus,
    CELevel,
    CEParticipation,
    DeliveryFormat,
)
from .exports import ExportStatus, TranscriptExport
from .ledger import LedgerEntry, LedgerEntryQuerySet, Source
from .requirements import (
    ClaimStatus,
    ExternalHoursClaim,
    ProgramRequirementSettings,
    RequirementSignOff,
    WindowExtension,
)

__all__ = [
    "AccreditingBody",
    "CEActivity",
    "CEActivityCredit",
    "CEActivityKind",
    "CEApproval",
    "CECertificate",
    "CECertificateStatus",
    "CELevel",
    "CEParticipation",
    "ClaimStatus",
    "DeliveryFormat",
    "ExportStatus",
    "ExternalHoursClaim",
    "LedgerEntry",
    "LedgerEntryQuerySet",
    "ProgramRequirementSettings",
    "RequirementSignOff",
    "Source",
    "TranscriptExport",
    "WindowExtension",
]
