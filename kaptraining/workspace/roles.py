"""What each role's part of the home page shows: one function per role, each
in a fixed number of queries however much data there is (tests pin them at
1x and 10x data). The staff counts are also the Wagtail admin dashboard
panel's (wagtail_hooks.py), so the two never disagree."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import (
    Application,
    ApplicationStatus,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
)
from cohorts.roster import cohort_roster
from kaptraining.certificates.models import CertificateHold
from kaptraining.credits.models import ClaimStatus, ExternalHoursClaim
from kaptraining.credits.models.ce import CEParticipation
from kaptraining.credits.progress import program_progress_many
from kaptraining.directory.models import Listing, ListingStatus
from kaptraining.mentorship.models import (
    MeetingStatus,
    MentorMeeting,
    Pair,
    PairStatus,
    TraineePreference,
)
from kaptraining.payments.models import Instalment, InstalmentStatus
from kaptraining.practicums.models import (
    LogStatus,
    Placement,
    PlacementStatus,
    PracticumLog,
    PracticumSite,
)
from kaptraining.study.models import QuizAttempt, QuizAttemptStatus

RUNNING = [CohortStatus.OPEN, CohortStatus.FULL, CohortStatus.IN_PROGRESS]


def roles_of(user) -> list[str]:
    """The parts of the home page this person sees, in page order. A trainee
    is anyone with an enrolment or an application, or anyone holding no other
    role (a new account starts as a trainee-to-be)."""
    roles = []
    if user.is_staff or user.is_superuser:
        roles.append("staff")
    for role in ("trainer", "mentor", "supervisor"):
        if getattr(user, f"is_{role}", False):
            roles.append(role)
    if (
        not roles
        or Enrolment.objects.filter(trainee=user).exists()
        or Application.objects.filter(applicant=user).exists()
    ):
        roles.append("trainee")
    return roles


# -- trainer -----------------------------------------------------------------


def claims_for_trainer(user):
    """Pending external-hour claims of trainees active in a cohort I train,
    for that cohort's program."""
    return ExternalHoursClaim.objects.filter(
        Exists(
            Enrolment.objects.filter(
                cohort__trainers=user,
                status=EnrolmentStatus.ACTIVE,
                trainee=OuterRef("trainee"),
                cohort__program=OuterRef("program"),
            )
        ),
        status=ClaimStatus.PENDING,
    )


def trainer_home(user) -> dict:
    """My cohorts and what needs me today: counts across the cohorts I train."""
    cohorts = list(
        Cohort.objects.for_trainer(user)
        .exclude(status=CohortStatus.CANCELLED)
        .select_related("program")
        .annotate(
            active_trainees=Count(
                "enrolments",
                filter=Q(enrolments__status=EnrolmentStatus.ACTIVE),
            )
        )
        .order_by("-start_date")
    )
    ids = [c.pk for c in cohorts]
    claims = claims_for_trainer(user).count()
    logs = PracticumLog.objects.filter(
        status=LogStatus.SUBMITTED, placement__cohort_id__in=ids
    ).count()
    quiz = (
        QuizAttempt.objects.filter(
            enrolment__cohort_id__in=ids, status=QuizAttemptStatus.PENDING_REVIEW
        )
        .values("enrolment__cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    quiz_by_cohort = {r["enrolment__cohort_id"]: r["n"] for r in quiz}
    now = timezone.localtime()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = list(
        LiveSession.objects.scheduled()
        .filter(
            cohort_id__in=ids,
            starts_at__gte=day_start,
            starts_at__lt=day_start + datetime.timedelta(days=1),
        )
        .select_related("cohort")
        .order_by("starts_at")
    )
    # At risk: the roster's own rule, for cohorts under way (a fixed number of
    # queries per running cohort; a trainer runs a handful at a time).
    at_risk = {}
    for cohort in cohorts:
        if cohort.status == CohortStatus.IN_PROGRESS:
            _rows, summary = cohort_roster(cohort)
            at_risk[cohort.pk] = summary["at_risk"]
    for cohort in cohorts:
        cohort.quiz_pending = quiz_by_cohort.get(cohort.pk, 0)
        cohort.at_risk = at_risk.get(cohort.pk, 0)
    return {
        "cohorts": cohorts,
        "claims": claims,
        "logs": logs,
        "quiz": sum(quiz_by_cohort.values()),
        "at_risk": sum(at_risk.values()),
        "today": today,
        "running": [c for c in cohorts if c.status in RUNNING],
    }


# -- mentor ------------------------------------------------------------------


def mentor_home(user) -> dict:
    """My mentees (goals, progress, last meeting) and meetings to confirm."""
    pairs = list(
        Pair.objects.filter(mentor__user=user, status=PairStatus.ACTIVE)
        .select_related("trainee", "round__cohort__program")
        .annotate(
            last_met=Max(
                "meetings__met_on",
                filter=Q(meetings__status=MeetingStatus.CONFIRMED),
            ),
            to_confirm=Count(
                "meetings",
                filter=Q(meetings__status=MeetingStatus.AWAITING)
                & ~Q(meetings__logged_by=user),
            ),
        )
        .order_by("trainee__last_name", "trainee__first_name")
    )
    goals = {
        (p.round_id, p.trainee_id): p
        for p in TraineePreference.objects.filter(
            round_id__in=[p.round_id for p in pairs],
            trainee_id__in=[p.trainee_id for p in pairs],
        ).prefetch_related("focus_areas")
    }
    by_program: dict = {}
    for pair in pairs:
        by_program.setdefault(pair.round.cohort.program, []).append(pair.trainee)
    progress = {}
    for program, trainees in by_program.items():
        for trainee_id, p in program_progress_many(
            program=program, trainees=trainees
        ).items():
            progress[(program.pk, trainee_id)] = p
    recommended = set(
        Pair.objects.filter(
            pk__in=[p.pk for p in pairs], recommendation__isnull=False
        ).values_list("pk", flat=True)
    )
    for pair in pairs:
        pair.preference = goals.get((pair.round_id, pair.trainee_id))
        pair.progress = progress.get((pair.round.cohort.program_id, pair.trainee_id))
        pair.recommended = pair.pk in recommended
    to_confirm = list(
        MentorMeeting.objects.filter(
            pair__mentor__user=user, status=MeetingStatus.AWAITING
        )
        .exclude(logged_by=user)
        .select_related("pair__trainee")
        .order_by("met_on")[:10]
    )
    return {"pairs": pairs, "to_confirm": to_confirm}


# -- supervisor --------------------------------------------------------------


def supervisor_home(user) -> dict:
    """Logs waiting for my sign-off, my sites and their placements."""
    waiting = list(
        PracticumLog.objects.for_supervisor(user)
        .awaiting_signoff()
        .exclude(placement__trainee=user)
        .select_related("placement__trainee", "placement__site")
        .order_by("session_date", "pk")
        .distinct()
    )
    sites = list(
        PracticumSite.objects.supervised_by(user)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=Placement.objects.filter(
                    status__in=[PlacementStatus.REQUESTED, PlacementStatus.CONFIRMED],
                    ends_on__gte=timezone.localdate(),
                )
                .select_related("trainee")
                .order_by("starts_on"),
                to_attr="current_placements",
            )
        )
    )
    return {"waiting": waiting, "sites": sites}


# -- staff -------------------------------------------------------------------


@dataclass(frozen=True)
class StaffCount:
    key: str
    label: str
    count: int
    url: str


def staff_counts() -> list[StaffCount]:
    """The organisation's queues, each with a link into the Wagtail admin: the
    home page's operations view and the admin dashboard panel both read this."""
    counts = [
        (
            "applications",
            _("Applications to decide"),
            Application.objects.filter(status=ApplicationStatus.SUBMITTED).count(),
            reverse("cohort_application_admin:index") + "?status=submitted",
        ),
        (
            "instalments",
            _("Failed instalments"),
            Instalment.objects.filter(
                status__in=[InstalmentStatus.FAILED, InstalmentStatus.OVERDUE]
            ).count(),
            reverse("tuition_account_admin:index"),
        ),
        (
            "listings",
            _("Listings to moderate"),
            Listing.objects.filter(status=ListingStatus.PENDING).count(),
            reverse("listings_admin:index") + "?status=pending",
        ),
        (
            "holds",
            _("Certificates on hold"),
            CertificateHold.objects.filter(released_at__isnull=True).count(),
            reverse("certificate_hold_admin:index"),
        ),
        (
            "claims",
            _("External-hour claims to approve"),
            ExternalHoursClaim.objects.filter(status=ClaimStatus.PENDING).count(),
            reverse("credits:review_list"),
        ),
        (
            "ce_evaluations",
            _("CE evaluations pending"),
            CEParticipation.objects.filter(
                attendance_verified_at__isnull=False,
                evaluation_submitted_at__isnull=True,
            ).count(),
            reverse("ce_activity_admin:index"),
        ),
    ]
    return [StaffCount(*row) for row in counts]
