"""What each role's part of the home page shows: one function per role, each
in a fixed number of queries however much data there is (tests pin them at
1x and 10x data). The staff counts are also the Wagtail admin dashboard
panel's (wagtail_hooks.py), so the two never disagree."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
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
    PairingRound,
    PairStatus,
    PlannedMeeting,
    Recommendation,
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


def counts(querysets: dict) -> dict[str, int]:
    """Count several querysets in one query (a home page shows many counts)."""
    parts, params = [], []
    for i, qs in enumerate(querysets.values()):
        sql, qs_params = qs.order_by().values("pk").query.sql_with_params()
        # The SQL text is the ORM's own; every value travels as a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS q{i})")  # noqa: S608
        params.extend(qs_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))


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
    if not roles:
        roles.append("trainee")
        return roles
    found = counts(
        {
            "enrolments": Enrolment.objects.filter(trainee=user),
            "applications": Application.objects.filter(applicant=user),
        }
    )
    if found["enrolments"] or found["applications"]:
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


def _count_per_cohort(queryset, cohort_path: str):
    """A correlated COUNT of `queryset` rows of the outer cohort."""
    return Coalesce(
        Subquery(
            queryset.filter(**{cohort_path: OuterRef("pk")})
            .order_by()
            .values(cohort_path)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


AT_RISK_SECONDS = 15 * 60


def at_risk_counts(cohorts) -> dict[int, int]:
    """Trainees at risk per cohort under way, by the roster's own rule
    (cohorts.roster.cohort_roster). Kept in the cache for a quarter of an
    hour: the rule reads every trainee's progress, which the home page, shown
    many times a day, must not pay for on every visit."""
    day = timezone.localdate().isoformat()
    keys = {c.pk: f"workspace:at-risk:{c.pk}:{day}" for c in cohorts}
    stored = cache.get_many(list(keys.values()))
    result, fresh = {}, {}
    for cohort in cohorts:
        key = keys[cohort.pk]
        if key in stored:
            result[cohort.pk] = stored[key]
            continue
        _rows, summary = cohort_roster(cohort)
        result[cohort.pk] = fresh[key] = summary["at_risk"]
    if fresh:
        cache.set_many(fresh, AT_RISK_SECONDS)
    return result


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
            ),
            quiz_pending=_count_per_cohort(
                QuizAttempt.objects.filter(status=QuizAttemptStatus.PENDING_REVIEW),
                "enrolment__cohort",
            ),
            logs_waiting=_count_per_cohort(
                PracticumLog.objects.filter(status=LogStatus.SUBMITTED),
                "placement__cohort",
            ),
            open_round=Subquery(
                PairingRound.objects.filter(cohort=OuterRef("pk"))
                .order_by("-created_at")
                .values("pk")[:1]
            ),
        )
        .order_by("-start_date")
    )
    ids = [c.pk for c in cohorts]
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
    at_risk = at_risk_counts(
        [c for c in cohorts if c.status == CohortStatus.IN_PROGRESS]
    )
    for cohort in cohorts:
        cohort.at_risk = at_risk.get(cohort.pk, 0)
    return {
        "cohorts": cohorts,
        "claims": claims_for_trainer(user).count(),
        "logs": sum(c.logs_waiting for c in cohorts),
        "quiz": sum(c.quiz_pending for c in cohorts),
        "at_risk": sum(at_risk.values()),
        "today": today,
        "running": [c for c in cohorts if c.status in RUNNING],
    }


# -- mentor ------------------------------------------------------------------


def mentor_home(user) -> dict:
    """My mentees (goals, progress by category, last and next meeting) and
    meetings to confirm."""
    upcoming = PlannedMeeting.objects.upcoming().filter(pair=OuterRef("pk"))
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
            recommended=Exists(Recommendation.objects.filter(pair=OuterRef("pk"))),
            next_at=Subquery(upcoming.order_by("starts_at").values("starts_at")[:1]),
            next_format=Subquery(upcoming.order_by("starts_at").values("format")[:1]),
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
    formats = dict(PlannedMeeting._meta.get_field("format").choices)
    for pair in pairs:
        pair.preference = goals.get((pair.round_id, pair.trainee_id))
        pair.progress = progress.get((pair.round.cohort.program_id, pair.trainee_id))
        pair.next_format_label = formats.get(pair.next_format, "")
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
    home page's operations view and the admin dashboard panel both read this
    (all counted in one query)."""
    queues = [
        (
            "applications",
            _("Applications to decide"),
            Application.objects.filter(status=ApplicationStatus.SUBMITTED),
            reverse("cohort_application_admin:index") + "?status=submitted",
        ),
        (
            "instalments",
            _("Failed instalments"),
            Instalment.objects.filter(
                status__in=[InstalmentStatus.FAILED, InstalmentStatus.OVERDUE]
            ),
            reverse("tuition_account_admin:index"),
        ),
        (
            "listings",
            _("Listings to moderate"),
            Listing.objects.filter(status=ListingStatus.PENDING),
            reverse("listings_admin:index") + "?status=pending",
        ),
        (
            "holds",
            _("Certificates on hold"),
            CertificateHold.objects.filter(released_at__isnull=True),
            reverse("certificate_hold_admin:index"),
        ),
        (
            "claims",
            _("External-hour claims to approve"),
            ExternalHoursClaim.objects.filter(status=ClaimStatus.PENDING),
            reverse("credits:review_list"),
        ),
        (
            "ce_evaluations",
            _("CE evaluations pending"),
            CEParticipation.objects.filter(
                attendance_verified_at__isnull=False,
                evaluation_submitted_at__isnull=True,
            ),
            reverse("ce_activity_admin:index"),
        ),
    ]
    found = counts({key: qs for key, _label, qs, _url in queues})
    return [StaffCount(key, label, found[key], url) for key, label, _qs, url in queues]
