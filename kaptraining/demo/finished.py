"""The finished cohort, replayed day by day: 43 graduates and Dana enrol and
pay, study, attend a year of live sessions, observe practicum sessions, claim
hours from elsewhere; staff issue the cohort's certificates at its end and
the graduates list themselves in the directory. Dana took medical leave near
the end: staff extended her window, and she is 1.5 hours of didactic study
short of her certificate."""

import datetime

from cohorts.models import CohortStatus, SessionKind
from kaptraining.certificates.models import Certificate, CertificateStatus
from kaptraining.certificates.tasks import certificates_issue_for_cohort
from kaptraining.credits.progress import program_progress
from kaptraining.credits.services import window_extension_grant

from .base import Demo, StoryError, at, local
from .curriculum import program_page
from .data.graduates import GRADUATES
from .delivery import (
    BOOK_CLUBS,
    CONSULTATIONS,
    WEBINARS,
    YEAR,
    cohort_create,
    cohort_set_status,
    mark_session,
    sessions_by_title,
    year_for,
)
from .directory import listing_approve, listing_submit_as
from .payments import enrol_and_pay
from .people import DANA
from .practicums import open_sites, practicum
from .study import Learner, ProgramMap, external_claim, study

NAME = "Foundations of KAP — Cohort 1"
DANA_SKIPPED = "The arc of a dosing session"
DANA_LEAVE_WEBINARS = {WEBINARS[18].title, WEBINARS[19].title}
DANA_LEAVE_CONSULTATION = CONSULTATIONS[9].title


def load_finished_cohort(demo: Demo) -> None:
    program = program_page()
    staff, trainer = demo.account("staff"), demo.account("trainer")
    start = demo.calendar.finished_start
    tz = "America/Los_Angeles"
    with at(local(start - datetime.timedelta(days=90), 10, tz=tz)):
        cohort = cohort_create(
            demo, program=program, name=NAME, start=start, trainer=trainer, capacity=48
        )
        open_sites(cohort, places=15)
    timeline = demo.timeline()
    program_map = ProgramMap(program)
    people = [
        (g.key, g.first, g.last, _profile(g), g.timezone, g.state, g) for g in GRADUATES
    ]
    first, last, profile = DANA
    people.append(("dana", first, last, profile, profile["timezone"], "CO", None))
    learners, plans = [], {}
    for n, (key, first, last, profile, tz_name, state, graduate) in enumerate(people):
        rng = demo.rng("finished", key)
        learner = Learner(key=key, tz=tz_name)
        learners.append(learner)
        signup = local(
            start - datetime.timedelta(days=rng.randint(21, 80)), 20, tz=tz_name
        )

        def sign_up(learner=learner, key=key, first=first, last=last, profile=profile):
            learner.user = demo.person(key, first, last, **profile)

        timeline.add(signup, sign_up)
        how = "scholarship" if n in (7, 29) else "deposit" if n % 5 == 2 else "full"
        enrol_and_pay(
            timeline, cohort, learner, signup + datetime.timedelta(minutes=25), how=how
        )
        if key == "dana":
            learner.skip = {DANA_SKIPPED}
        if n % 3 == 1:
            learner.fail_first = {"Post-test: screening"}
        study(timeline, learner, program_map, cohort=cohort, trainer=trainer, rng=rng)
        practicum(timeline, learner, cohort=cohort, staff=staff, state=state, rng=rng)
        claims = n % 4 == 3
        if claims:
            earned = start + datetime.timedelta(weeks=18, days=rng.randint(0, 20))
            external_claim(
                timeline,
                learner,
                program=program,
                earned_on=earned,
                submitted=local(earned + datetime.timedelta(days=3), 20, tz=tz_name),
                approved=local(earned + datetime.timedelta(days=6), 10, tz=tz),
                approved_by=staff,
            )
        plans[key] = _attendance_plan(key, rng, claims=claims)
        if graduate is not None:
            listed = local(
                cohort.end_date + datetime.timedelta(days=rng.randint(2, 40)),
                19,
                tz=tz_name,
            )
            timeline.add(
                listed,
                lambda learner=learner, g=graduate: listing_submit_as(learner.user, g),
            )
            timeline.add(
                listed + datetime.timedelta(days=rng.randint(1, 3), hours=-5),
                lambda learner=learner: listing_approve(learner.user),
            )
    timeline.add(
        local(start, 8, tz=tz),
        lambda: cohort_set_status(cohort, CohortStatus.IN_PROGRESS),
    )
    _sessions(timeline, cohort, learners, plans, trainer)
    dana = learners[-1]
    timeline.add(
        local(cohort.end_date - datetime.timedelta(days=20), 11, tz=tz),
        lambda: window_extension_grant(
            trainee=dana.user,
            program=program,
            ends_on=start + datetime.timedelta(days=365 + 150),
            reason="Medical leave in the last months of the program; Dana "
            "finishes her remaining didactic hours by this date.",
            by=staff,
        ),
    )
    graduation = local(cohort.end_date, 10, tz=tz)
    timeline.add(graduation, lambda: _graduate(cohort, learners[:-1]))
    timeline.add(
        graduation + datetime.timedelta(days=1),
        lambda: cohort_set_status(cohort, CohortStatus.COMPLETED),
    )
    timeline.run()


def _profile(graduate) -> dict:
    return {
        "profession": graduate.profession,
        "licence_type": graduate.licence_type,
        "licence_state": graduate.state,
        "licence_number": graduate.number,
        "timezone": graduate.timezone,
        "certificate_name": f"{graduate.display_name}, {graduate.credentials}",
    }


def _attendance_plan(key, rng, *, claims: bool) -> dict[str, tuple[str, int | None]]:
    """A graduate's year: present at almost everything, a webinar or two
    missed, now and then a few minutes late (within the 15-minute grace)."""
    plan: dict[str, tuple[str, int | None]] = {}
    for session in rng.sample(WEBINARS, k=rng.choice([0, 0, 1, 1, 2])):
        plan[session.title] = (rng.choice(["absent", "excused"]), None)
    if rng.random() < 0.3:
        plan[rng.choice(CONSULTATIONS).title] = ("excused", None)
    if claims and rng.random() < 0.5:
        plan[rng.choice(BOOK_CLUBS).title] = ("absent", None)
    for session in rng.sample(YEAR, k=3):
        if session.title not in plan and session.kind != SessionKind.INTENSIVE:
            plan[session.title] = ("late", session.minutes - rng.randint(3, 12))
    if key == "dana":
        plan = dict.fromkeys(DANA_LEAVE_WEBINARS, ("excused", None))
        plan[DANA_LEAVE_CONSULTATION] = ("excused", None)
    return plan


def _sessions(timeline, cohort, learners, plans, trainer) -> None:
    """Each session is marked by the trainer for the whole cohort at once."""
    holder = {}

    def mark(planned):
        if not holder:
            holder.update(sessions_by_title(cohort))
        mark_session(
            holder[planned.title],
            {
                learner.enrolment.pk: plans[learner.key].get(
                    planned.title, ("present", None)
                )
                for learner in learners
                if learner.enrolment is not None
            },
            by=trainer,
        )

    for planned in year_for(cohort):
        ends = planned.ends(cohort)
        timeline.add(ends + datetime.timedelta(minutes=40), lambda p=planned: mark(p))


def _graduate(cohort, graduates) -> None:
    """Staff issue the cohort's certificates. Every graduate must be eligible
    from the records above alone; if not, the story is wrong."""
    certificates_issue_for_cohort(cohort.pk)
    holders = set(
        Certificate.objects.filter(
            program=cohort.program, status=CertificateStatus.VALID
        ).values_list("trainee_id", flat=True)
    )
    missing = [g for g in graduates if g.user.pk not in holders]
    if missing:
        progress = program_progress(
            trainee_id=missing[0].user.pk, program=cohort.program
        )
        raise StoryError(
            f"{len(missing)} graduates were not eligible at the end of their "
            f"cohort, e.g. {missing[0].key}: {'; '.join(progress.missing)}"
        )
