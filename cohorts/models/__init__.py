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
    AttendanceSource,
    AttendanceStatus,
    CreditRule,
    CreditRuleKind,
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
    LessonCompletion,
    seats_taken,
)
from .live import (
    CalendarToken,
    LiveSession,
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
    "EnrolmentStatus",
    "LessonCompletion",
    "LiveSession",
    "OfferStatus",
    "Post",
    "SeatOffer",
    "SessionKind",
    "SessionReminder",
    "SessionStatus",
    "Thread",
    "licence_upload_to",
    "seats_taken",
]
