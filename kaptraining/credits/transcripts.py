"""Transcripts and exports: what a trainee earned, counted and was awarded.

Each builder runs a fixed number of queries for a given number of programs,
whatever the number of ledger entries."""

import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from kaptraining.core import csv as safe_csv
from kaptraining.core.categories import Category
from kaptraining.core.hours import format_hours
from kaptraining.curriculum.models import ProgramCategoryRequirement, ProgramPage

from .awards import awards_of
from .enrolments import enrolment_facts
from .models import CECertificate, ExternalHoursClaim, LedgerEntry
from .progress import Progress, program_progress, program_progress_many


@dataclass
class ProgramTranscript:
    program: object
    progress: Progress
    entries: list = field(default_factory=list)
    claims: list = field(default_factory=list)

    @property
    def entry_chunks(self) -> list[list]:
        """Rows in short tables: WeasyPrint lays out one long table far more
        slowly than many short ones."""
        size = 40
        return [self.entries[i : i + size] for i in range(0, len(self.entries), size)]

    @property
    def reversed_ids(self) -> set[int]:
        return {e.reverses_id for e in self.entries if e.reverses_id}


@dataclass
class Transcript:
    trainee: object
    programs: list[ProgramTranscript]
    ce_certificates: list
    certificates: list


def _programs_of(trainee):
    ids = {f.program_id for f in enrolment_facts(trainee_ids=[trainee.pk])} | set(
        LedgerEntry.objects.filter(trainee=trainee)
        .values_list("program_id", flat=True)
        .distinct()
    )
    return list(
        ProgramPage.objects.filter(pk__in=ids)
        .order_by("title")
        .prefetch_related(
            Prefetch(
                "category_requirements",
                queryset=ProgramCategoryRequirement.objects.order_by("sort_order"),
            )
        )
    )


def transcript_for(trainee) -> Transcript:
    """Every program's progress, ledger and claims, plus CE and program certificates."""
    programs = _programs_of(trainee)
    entries = defaultdict(list)
    for e in (
        LedgerEntry.objects.filter(trainee=trainee)
        .select_related("approved_by")
        .order_by("earned_on", "pk")
    ):
        entries[e.program_id].append(e)
    claims = defaultdict(list)
    for c in ExternalHoursClaim.objects.filter(trainee=trainee).order_by(
        "-submitted_at"
    ):
        claims[c.program_id].append(c)
    return Transcript(
        trainee=trainee,
        programs=[
            ProgramTranscript(
                program=p,
                progress=program_progress(
                    trainee_id=trainee.pk, trainee=trainee, program=p, cached=True
                ),
                entries=entries[p.pk],
                claims=claims[p.pk],
            )
            for p in programs
        ],
        ce_certificates=list(
            CECertificate.objects.filter(trainee=trainee, status="valid").order_by(
                "-completed_on"
            )
        ),
        certificates=awards_of(trainee),
    )


def cohort_transcript_csv(*, program, enrolments) -> str:
    """One row per enrolment (anything with .trainee and .status, in the order
    given: cohorts passes a cohort's): counted hours per category, total,
    pending, outside-window, window end, eligibility and what is missing."""
    enrolments = list(enrolments)
    trainees = [e.trainee for e in enrolments]
    progress = (
        program_progress_many(program=program, trainees=trainees) if trainees else {}
    )
    categories = [c for c, _label in Category.choices]
    out = io.StringIO()
    writer = safe_csv.writer(out)
    writer.writerow(
        [
            "name",
            "email",
            "licence_type",
            "licence_state",
            "licence_number",
            "enrolment_status",
        ]
        + [f"{c}_hours" for c in categories]
        + [
            "counted_hours",
            "required_hours",
            "pending_hours",
            "outside_window_hours",
            "window_ends",
            "eligible",
            "missing",
        ]
    )
    for e in enrolments:
        p = progress[e.trainee_id]
        counted = {c.category: c.counted_minutes for c in p.categories}
        writer.writerow(
            [
                e.trainee.display_name,
                e.trainee.email,
                e.trainee.licence_type,
                e.trainee.licence_state,
                e.trainee.licence_number,
                e.status,
            ]
            + [format_hours(counted.get(c, 0)) for c in categories]
            + [
                format_hours(p.counted_minutes),
                format_hours(p.required_minutes),
                format_hours(p.pending_minutes),
                format_hours(p.outside_window_minutes),
                p.window.ends_on.isoformat() if p.window else "",
                "yes" if p.eligible else "no",
                "; ".join(p.missing),
            ]
        )
    return out.getvalue()


CE_BROKER_HEADER = [
    "provider_tracking_number",
    "course_number",
    "licence_number",
    "completion_date",
    "state",
    "profession",
    "hours",
    "first_name",
    "last_name",
]


def ce_broker_roster_csv(activity) -> str:
    """CE Broker roster: one row per awarded certificate and per approval that
    has a CE Broker provider number (state boards report through CE Broker)."""
    out = io.StringIO()
    writer = safe_csv.writer(out)
    writer.writerow(CE_BROKER_HEADER)
    certificates = (
        CECertificate.objects.filter(activity=activity, status="valid")
        .select_related("trainee")
        .order_by("participant_name", "pk")
    )
    for cert in certificates:
        for credit in cert.credits:
            if not credit.get("ce_broker_provider_number"):
                continue
            writer.writerow(
                [
                    credit["ce_broker_provider_number"],
                    activity.ce_broker_course_number,
                    cert.licence_number,
                    cert.completed_on.strftime("%m/%d/%Y"),
                    cert.licence_state,
                    cert.profession,
                    credit["hours"],
                    cert.trainee.first_name,
                    cert.trainee.last_name,
                ]
            )
    return out.getvalue()
