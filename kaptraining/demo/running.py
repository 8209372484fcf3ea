"""The running cohort, half way through its year: Casey and eight
classmates at every pace, from ahead of schedule to at risk. What has
happened up to today is in the records (attendance, lessons, logs awaiting
or given sign-off, meetings awaiting or given confirmation, Casey's claim
awaiting staff); what lies ahead is on the calendar."""

import datetime

from cohorts.models import CohortStatus, SessionKind
from kaptraining.core.categories import Category

from .base import Demo, at, local
from .curriculum import program_page
from .delivery import (
    cohort_create,
    cohort_set_status,
    community_thread,
    mark_session,
    retreat_announcement,
    sessions_by_title,
    year_for,
)
from .mentorship import meetings, pairing
from .payments import enrol_and_pay
from .people import RUNNING
from .practicums import open_sites, practicum
from .study import Learner, ProgramMap, external_claim, study

NAME = "Foundations of KAP — Cohort 2"
# How each classmate pays.
PAYMENT = {
    "casey": ("plan", 6),
    "kendall": ("deposit", None),
    "lane": ("scholarship", None),
}


def load_running_cohort(demo: Demo) -> None:
    program = program_page()
    staff, trainer = demo.account("staff"), demo.account("trainer")
    start = demo.calendar.running_start
    tz = "America/Los_Angeles"
    with at(local(start - datetime.timedelta(days=100), 10, tz=tz)):
        cohort = cohort_create(
            demo, program=program, name=NAME, start=start, trainer=trainer
        )
        open_sites(cohort, places=4)
    timeline = demo.timeline()
    program_map = ProgramMap(program)
    learners = []
    for key, (first, last, profile, pace) in RUNNING.items():
        rng = demo.rng("running", key)
        learner = Learner(key=key, tz=profile["timezone"], pace=pace)
        learners.append(learner)
        signup = local(
            start - datetime.timedelta(days=rng.randint(20, 70)), 20, tz=learner.tz
        )

        def sign_up(learner=learner, key=key, first=first, last=last, profile=profile):
            learner.user = demo.person(key, first, last, **profile)

        timeline.add(signup, sign_up)
        how, instalments = PAYMENT.get(key, ("full", None))
        enrol_and_pay(
            timeline,
            cohort,
            learner,
            signup + datetime.timedelta(minutes=30),
            how=how,
            instalments=instalments,
        )
        if pace < 0.9:
            learner.fail_first = {"Post-test: screening"}
        study(timeline, learner, program_map, cohort=cohort, trainer=trainer, rng=rng)
        practicum(
            timeline,
            learner,
            cohort=cohort,
            staff=staff,
            state=profile["licence_state"],
            rng=rng,
        )
        meetings(
            timeline,
            learner,
            cohort=cohort,
            now=demo.now,
            rng=rng,
            last_awaiting=key == "casey",
        )
    casey = learners[0]
    pairing(
        timeline,
        cohort=cohort,
        learners=learners,
        requester=casey,
        preferred=demo.account("mentor"),
    )
    timeline.add(
        local(start, 8, tz=tz),
        lambda: cohort_set_status(cohort, CohortStatus.IN_PROGRESS),
    )
    _sessions(timeline, cohort, learners, trainer, demo)
    # Casey's claim for a workshop she took last month awaits staff review.
    earned = demo.today - datetime.timedelta(days=24)
    external_claim(
        timeline,
        casey,
        program=program,
        earned_on=earned,
        submitted=local(demo.today - datetime.timedelta(days=5), 20, tz=casey.tz),
        title="Trauma-informed yoga for clinicians",
        provider="Bay Area Somatic Therapy Institute",
        minutes=4 * 60,
        category=Category.ELECTIVE,
    )
    retreat = next(s for s in year_for(cohort) if s.kind == SessionKind.INTENSIVE)
    timeline.add(
        retreat.starts(cohort) - datetime.timedelta(days=60),
        lambda: retreat_announcement(cohort, trainer=trainer),
    )
    timeline.add(
        local(start + datetime.timedelta(days=18), 21, tz=casey.tz),
        lambda: community_thread(cohort, member=casey.user, trainer=trainer),
    )
    timeline.run()


def _sessions(timeline, cohort, learners, trainer, demo) -> None:
    """Past sessions, marked by the trainer: the slower a trainee's pace, the
    more sessions they miss or leave early."""
    holder = {}

    def decide(learner, planned, rng):
        if rng.random() > learner.pace + (1 - learner.pace) / 2:
            return rng.choice(["absent", "absent", "excused"]), None
        if rng.random() > learner.pace:
            if planned.kind == SessionKind.INTENSIVE:
                return "left_early", planned.minutes - 150
            return "late", planned.minutes - rng.randint(20, 45)
        return "present", None

    def mark(planned):
        if not holder:
            holder.update(sessions_by_title(cohort))
        mark_session(
            holder[planned.title],
            {
                learner.enrolment.pk: decide(
                    learner, planned, demo.rng("running", learner.key, planned.title)
                )
                for learner in learners
                if learner.enrolment is not None
            },
            by=trainer,
        )

    for planned in year_for(cohort):
        timeline.add(
            planned.ends(cohort) + datetime.timedelta(minutes=40),
            lambda p=planned: mark(p),
        )
