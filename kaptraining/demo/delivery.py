"""Cohorts and delivery: each demo cohort, its year of live sessions, the
program's credit rule, attendance as the trainer marks it, and the cohort's
discussion board."""

import datetime
from dataclasses import dataclass, replace

from cohorts.attendance import attendance_mark_many
from cohorts.community import announcement_post, post_reply, thread_start
from cohorts.live import live_session_schedule
from cohorts.models import (
    Admission,
    Cohort,
    CohortStatus,
    CreditRule,
    CreditRuleKind,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
    SessionKind,
)
from kaptraining.core.categories import Category

from .base import Demo, local

MEET = "https://meet.example.org/kap-foundations"
RETREAT_VENUE = "Mount Tam Center, 45 Panoramic Hwy, Mill Valley, CA"
TUITION_CENTS = 480000
RETREAT_TUITION_CENTS = 520000


@dataclass(frozen=True)
class PlannedSession:
    """One live session of a cohort's year, relative to the cohort start."""

    week: int  # weeks after the start (week 0 is the first week)
    weekday: int  # 0 = Monday
    hour: int  # local start time in the cohort's time zone
    minutes: int
    credited: int
    kind: str
    category: str
    title: str

    def starts(self, cohort: Cohort) -> datetime.datetime:
        day = cohort.start_date + datetime.timedelta(weeks=self.week, days=self.weekday)
        return local(day, self.hour, tz=cohort.timezone)

    def ends(self, cohort: Cohort) -> datetime.datetime:
        return self.starts(cohort) + datetime.timedelta(minutes=self.minutes)


WEBINAR_TOPICS = [
    "What KAP is, and what it is not",
    "Pharmacology of ketamine",
    "Screening and contraindications",
    "Taking a KAP-focused history",
    "Informed consent for a non-ordinary state",
    "Preparation: intentions and grounding",
    "Set, setting and the support plan",
    "The arc of a dosing session",
    "Safety monitoring and adverse effects",
    "Integration and the neuroplastic window",
    "Integration practices",
    "Working alongside a prescriber",
    "Routes: lozenges, IM, IV and esketamine",
    "KAP and treatment-resistant depression",
    "KAP and post-traumatic stress",
    "Group KAP: formats and safety",
    "Remote KAP and telehealth",
    "Access, cost and inclusion",
    "Cultural humility in KAP",
    "Documentation and outcome measures",
    "Difficult sessions and repair",
    "Chronic pain and KAP",
    "Sustaining a KAP practice",
    "Looking back: case presentations",
]
RETREAT_DAYS = [
    "arriving, intentions and preparation",
    "the dosing session, observed",
    "integration in the days after",
    "practice, feedback and closing",
]

WEBINARS = [
    PlannedSession(
        1 + 2 * n,
        1,
        17,
        120,
        120,
        SessionKind.WEBINAR,
        Category.DIDACTIC,
        f"Webinar {n + 1}: {topic}",
    )
    for n, topic in enumerate(WEBINAR_TOPICS)
]
RETREAT = [
    PlannedSession(
        30,
        3 + n,
        9,
        480,
        450,
        SessionKind.INTENSIVE,
        Category.EXPERIENTIAL,
        f"Retreat day {n + 1}: {topic}",
    )
    for n, topic in enumerate(RETREAT_DAYS)
]
CONSENT_LABS = [
    PlannedSession(
        week,
        5,
        10,
        120,
        120,
        SessionKind.CONSENT_LAB,
        Category.CONSENT_PRACTICE,
        f"Consent-practice lab {n + 1}",
    )
    for n, week in enumerate([10, 22, 34])
]
ETHICS_SEMINARS = [
    PlannedSession(
        week,
        3,
        17,
        120,
        120,
        SessionKind.WEBINAR,
        Category.ETHICS,
        f"Ethics and law seminar {n + 1}: {topic}",
    )
    for n, (week, topic) in enumerate(
        [
            (12, "scope of practice"),
            (24, "boundaries and touch"),
            (36, "records and regulation"),
            (44, "advertising and access"),
        ]
    )
]
BOOK_CLUBS = [
    PlannedSession(
        week,
        2,
        18,
        90,
        90,
        SessionKind.BOOK_CLUB if n % 2 else SessionKind.DISCUSSION,
        Category.ELECTIVE,
        f"{'Book club' if n % 2 else 'Discussion group'} {n // 2 + 1}: {topic}",
    )
    for n, (week, topic) in enumerate(
        [
            (8, "set and setting"),
            (16, "the therapist's presence"),
            (26, "integration"),
            (32, "grief and meaning"),
            (40, "group work"),
            (46, "what we carry forward"),
        ]
    )
]
CONSULTATIONS = [
    PlannedSession(
        week,
        3,
        12,
        90,
        90,
        SessionKind.CONSULTATION,
        Category.MENTORSHIP,
        f"Group consultation {n + 1}",
    )
    for n, week in enumerate([4, 9, 13, 17, 22, 26, 31, 35, 39, 43, 48])
]
YEAR = sorted(
    WEBINARS + RETREAT + CONSENT_LABS + ETHICS_SEMINARS + BOOK_CLUBS + CONSULTATIONS,
    key=lambda s: (s.week, s.weekday, s.hour),
)


def _holidays(day: datetime.date) -> bool:
    return (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 5)


def year_for(cohort: Cohort) -> list[PlannedSession]:
    """The cohort's year of sessions. Staff never put the four-day retreat
    over the winter holidays: it moves two weeks later when it would."""
    shift = 0
    while any(
        _holidays(replace(s, week=s.week + shift).starts(cohort).date())
        for s in RETREAT
    ):
        shift += 2
    return sorted(
        (replace(s, week=s.week + shift) if s in RETREAT else s for s in YEAR),
        key=lambda s: (s.week, s.weekday, s.hour),
    )


def credit_rule(program) -> None:
    """Whole hours, and more than 15 minutes missed forfeits the hour."""
    CreditRule.objects.get_or_create(
        program=program,
        defaults={"kind": CreditRuleKind.HOUR_FORFEIT, "forfeit_after_minutes": 15},
    )


def cohort_create(
    demo: Demo,
    *,
    program,
    name: str,
    start: datetime.date,
    trainer,
    tz: str = "America/Los_Angeles",
    capacity: int = 30,
    tuition_cents: int = TUITION_CENTS,
    cohort_format: str = "hybrid",
    venue: str = "Online, with a four-day retreat at " + RETREAT_VENUE,
    admission: str = Admission.DIRECT,
) -> Cohort:
    """Staff set up a cohort, open for enrolment, and schedule its year."""
    cohort = Cohort.objects.create(
        program=program,
        name=name,
        start_date=start,
        end_date=start + datetime.timedelta(days=364),
        timezone=tz,
        format=cohort_format,
        venue=venue,
        capacity=capacity,
        status=CohortStatus.OPEN,
        admission=admission,
        tuition_cents=tuition_cents,
        currency="usd",
    )
    cohort.trainers.add(trainer)
    for planned in year_for(cohort):
        starts = planned.starts(cohort).replace(tzinfo=None)
        in_person = planned.kind == SessionKind.INTENSIVE
        live_session_schedule(
            cohort=cohort,
            kind=planned.kind,
            title=planned.title,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=planned.minutes),
            location=RETREAT_VENUE if in_person else "",
            meeting_url="" if in_person else MEET,
            facilitator=trainer,
            credited_minutes=planned.credited,
            category=planned.category,
            description="Bring your questions and a notebook."
            if not in_person
            else "Arrive by 8:45. Lunch is provided; bring layers and a journal.",
        )
    return cohort


def sessions_by_title(cohort: Cohort) -> dict[str, LiveSession]:
    return {s.title: s for s in LiveSession.objects.filter(cohort=cohort)}


def cohort_set_status(cohort: Cohort, status: str) -> None:
    """Staff move the cohort on (in progress at its start, completed at its end),
    as they do in the cohort's admin screen."""
    cohort.status = status
    cohort.save(update_fields=["status"])


def mark_session(session: LiveSession, marks: dict[int, tuple[str, int | None]], by):
    """The trainer marks the whole session at once, just after it ends:
    {enrolment id: (status, minutes or None for the whole session)}."""
    studying = set(
        Enrolment.objects.filter(
            pk__in=marks,
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED],
        ).values_list("pk", flat=True)
    )
    attendance_mark_many(
        session=session,
        marks=[
            {"enrolment_id": pk, "status": status, "minutes": minutes}
            for pk, (status, minutes) in marks.items()
            if pk in studying
        ],
        by=by,
    )


def retreat_announcement(cohort: Cohort, *, trainer) -> None:
    announcement_post(
        cohort=cohort,
        author=trainer,
        title="The retreat: dates, venue and what to bring",
        body="Our four-day retreat at Mount Tam Center is two months away: check "
        "the dates in your calendar feed. Bring layers, a journal and an eye "
        "mask. Parking is at the lower lot; we start at 9:00 sharp on the "
        "first morning.",
    )


def community_thread(cohort: Cohort, *, member, trainer) -> None:
    thread = thread_start(
        cohort=cohort,
        author=member,
        title="Book club: what stayed with you from chapter 3?",
        body="The section on preparation sessions changed how I think about "
        "intentions.",
    )
    post_reply(
        thread_id=thread.pk,
        author=trainer,
        body="Good question to bring to the next book club. Note one example "
        "from your practice.",
    )
