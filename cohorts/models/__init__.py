"""Delivery models, re-exported so that `from cohorts.models import X` works."""

from .admissions import (
    Application,
    ApplicationStatus,
    OfferStatus,
    SeatOffer,
    licence_upload_to,
)
from .attendance import (
    Attendance,
    AttendanceImport,
    AttendanceMarking,
    AttendanceSource,
    AttendanceStatus,
    CreditRule,
    CreditRuleKind,
    MarkingStatus,
)
from .community import Announcement, Post, Thread
from .core import (
    Admission,
    Cohort,
    CohortFormat,
    CohortQuerySet,
    CohortStatus,
    Enrolment,
    EnrolmentQuerySet,
    EnrolmentStatus,
    seats_taken,
)
from .invitations import InvitationStatus, RosterInvitation
from .live import (
    CalendarToken,
    LiveSession,
    SessionCancellationNotice,
    SessionKind,
    SessionReminder,
    SessionStatus,
)

__all__ = [
    "Admission",
    "Announcement",
    "Application",
    "ApplicationStatus",
    "Attendance",
    "AttendanceImport",
    "AttendanceMarking",
    "AttendanceSource",
    "AttendanceStatus",
    "CalendarToken",
    "Cohort",
    "CohortFormat",
    "CohortQuerySet",
    "CohortStatus",
    "CreditRule",
    "CreditRuleKind",
    "Enrolment",
    "EnrolmentQuerySet",
    "InvitationStatus",
    "EnrolmentStatus",
    "LiveSession",
    "MarkingStatus",
    "OfferStatus",
    "Post",
    "RosterInvitation",
    "SeatOffer",
    "SessionCancellationNotice",
    "SessionKind",
    "SessionReminder",
    "SessionStatus",
    "Thread",
    "licence_upload_to",
    "seats_taken",
]
