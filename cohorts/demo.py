"""Demo data for live sessions, attendance, admissions and the community
(called by `load_demo`). Idempotent: a second run changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from kaptraining.core.categories import Category

from .admissions import cohort_sync_full
from .attendance import attendance_mark
from .community import announcement_post, post_reply, thread_start
from .models import (
    Admission,
    Announcement,
    Application,
    ApplicationStatus,
    Cohort,
    CohortStatus,
    CreditRule,
    CreditRuleKind,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
    SessionKind,
    Thread,
)

MEET = "https://meet.example.org/kap-foundations"
VENUE = "Mount Tam Center, 45 Panoramic Hwy, Mill Valley, CA"

# (days from today, local start hour, hours, kind, title, category, place)
SESSIONS = [
    (
        -40,
        17,
        2,
        SessionKind.WEBINAR,
        "Pharmacology of ketamine",
        Category.DIDACTIC,
        MEET,
    ),
    (
        -33,
        17,
        2,
        SessionKind.WEBINAR,
        "Screening and contraindications",
        Category.DIDACTIC,
        MEET,
    ),
    (
        -26,
        9,
        6,
        SessionKind.INTENSIVE,
        "Retreat day 1: the dosing session",
        Category.EXPERIENTIAL,
        VENUE,
    ),
    (
        -19,
        17,
        1,
        SessionKind.DISCUSSION,
        "Discussion group: set and setting",
        Category.ELECTIVE,
        MEET,
    ),
    (
        -12,
        17,
        2,
        SessionKind.CONSENT_LAB,
        "Consent-practice lab 1",
        Category.CONSENT_PRACTICE,
        MEET,
    ),
    (
        -5,
        18,
        1,
        SessionKind.BOOK_CLUB,
        "Book club: integration",
        Category.ELECTIVE,
        MEET,
    ),
    (
        2,
        17,
        2,
        SessionKind.WEBINAR,
        "Integration sessions and the neuroplastic window",
        Category.DIDACTIC,
        MEET,
    ),
    (
        9,
        17,
        2,
        SessionKind.CONSULTATION,
        "Group consultation",
        Category.MENTORSHIP,
        MEET,
    ),
    (
        16,
        17,
        2,
        SessionKind.CONSENT_LAB,
        "Consent-practice lab 2",
        Category.CONSENT_PRACTICE,
        MEET,
    ),
]

# Casey's attendance at the past sessions: (status, minutes or None for full).
CASEY = ["present", "late", "present", "left_early", "present", "present"]
CASEY_MINUTES = [None, 100, None, 40, None, None]


def load_delivery_demo(*, program, cohort: Cohort, people: dict, user_factory) -> None:
    CreditRule.objects.get_or_create(
        program=program,
        defaults={"kind": CreditRuleKind.HOUR_FORFEIT, "forfeit_after_minutes": 15},
    )
    trainer = people["trainer"]
    sessions = _sessions(cohort, trainer)
    _attendance(cohort, sessions, people, trainer)
    _community(cohort, trainer, people)
    _admissions(program, people, user_factory)


def _sessions(cohort, trainer):
    tz = cohort.tzinfo
    today = timezone.localdate()
    result = []
    for days, hour, hours, kind, title, category, place in SESSIONS:
        day = today + datetime.timedelta(days=days)
        start = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=tz)
        session, _created = LiveSession.objects.get_or_create(
            cohort=cohort,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=hours),
                "location": place if place == VENUE else "",
                "meeting_url": place if place == MEET else "",
                "facilitator": trainer,
                "credited_minutes": hours * 60,
                "category": category,
                "description": "Bring your questions and a notebook.",
            },
        )
        result.append(session)
    return result


def _attendance(cohort, sessions, people, trainer):
    past = [s for s in sessions if s.ends_at <= timezone.now()]
    casey = Enrolment.objects.get(cohort=cohort, trainee=people["halfway"])
    dana = Enrolment.objects.get(cohort=cohort, trainee=people["nearly"])
    for session, status, minutes in zip(past, CASEY, CASEY_MINUTES, strict=False):
        attendance_mark(
            session=session, enrolment=casey, status=status, minutes=minutes, by=trainer
        )
        # Dana is kept two hours short of her certificate for the demo story.
        attendance_mark(
            session=session, enrolment=dana, status="excused", minutes=None, by=trainer
        )


def _community(cohort, trainer, people):
    if not Announcement.objects.filter(cohort=cohort).exists():
        announcement_post(
            cohort=cohort,
            author=trainer,
            title="Retreat packing list",
            body="Bring layers, a journal and an eye mask. Parking is at the lower "
            "lot; "
            "we start at 9:00 sharp on the first morning.",
        )
    if not Thread.objects.filter(cohort=cohort).exists():
        thread = thread_start(
            cohort=cohort,
            author=people["halfway"],
            title="Book club: what stayed with you from chapter 3?",
            body="The section on preparation sessions changed how I think about "
            "intentions.",
        )
        post_reply(
            thread_id=thread.pk,
            author=trainer,
            body="Good question to bring to Friday's book club. Note one example "
            "from your practice.",
        )


def _admissions(program, people, user_factory):
    start = timezone.localdate() + datetime.timedelta(days=60)
    cohort, _created = Cohort.objects.get_or_create(
        program=program,
        name="Foundations of KAP — autumn retreat cohort",
        defaults={
            "start_date": start,
            "end_date": start + datetime.timedelta(days=364),
            "timezone": "America/Denver",
            "format": "retreat",
            "venue": "Shambhala Mountain Center, Red Feather Lakes, CO",
            "capacity": 2,
            "status": CohortStatus.OPEN,
            "admission": Admission.APPLICATION,
            "tuition_cents": 520000,
            "currency": "usd",
        },
    )
    cohort.trainers.add(people["trainer"])
    applicants = [
        # Applicants are new people: the certified practitioners in the
        # directory must not gain an unpaid enrolment in the same program.
        ("jordan", "Jordan", "Ramirez", "lpc", ApplicationStatus.ACCEPTED),
        ("kai", "Kai", "Lee", "lmft", ApplicationStatus.ACCEPTED),
        ("morgan", "Morgan", "Price", "lcsw", ApplicationStatus.WAITLISTED),
        ("erin", "Erin", "Castillo", "pre_licensed", ApplicationStatus.SUBMITTED),
    ]
    now = timezone.now()
    for key, first, last, licence, status in applicants:
        user = user_factory(
            f"{key}@demo.kaptraining.org",
            first,
            last,
            licence_type=licence,
            licence_state="CO",
        )
        application, created = Application.objects.get_or_create(
            cohort=cohort,
            applicant=user,
            defaults={
                "status": status,
                "licence_type": licence,
                "licence_state": "CO",
                "licence_number": ""
                if licence == "pre_licensed"
                else f"CO-{key.upper()}-2231",
                "licence_expiry": None
                if licence == "pre_licensed"
                else start + datetime.timedelta(days=700),
                "licence_document": ContentFile(
                    b"%PDF-1.4\n% demo licence\n", name="licence.pdf"
                ),
                "professional_background": f"{first} works in community mental "
                "health in Colorado.",
                "statement": "I want to offer KAP within an integrated care team.",
                "pre_licensed": licence == "pre_licensed",
                "waitlisted_at": now
                if status == ApplicationStatus.WAITLISTED
                else None,
                "decided_at": None if status == ApplicationStatus.SUBMITTED else now,
                "decided_by": get_user_model().objects.filter(is_staff=True).first(),
            },
        )
        if created and status == ApplicationStatus.ACCEPTED:
            enrolment, _ = Enrolment.objects.get_or_create(
                cohort=cohort,
                trainee=user,
                defaults={"status": EnrolmentStatus.PENDING_PAYMENT},
            )
            application.enrolment = enrolment
            application.save(update_fields=["enrolment"])
    cohort_sync_full(cohort)
