"""What lies ahead: the cohort that starts next month and takes enrolments
now (three places paid three ways, Blair's reserved and unpaid), the
retreat cohort that admits by application (two accepted, one wait-listed,
one waiting for a decision), and Alex, who has just signed up."""

import datetime

from django.core.files.base import ContentFile

from cohorts.admissions import application_decide, application_submit
from cohorts.models import Admission

from .base import Demo, at, local
from .curriculum import program_page
from .delivery import RETREAT_TUITION_CENTS, cohort_create
from .payments import enrol, enrol_and_pay, retreat_price
from .people import ALEX, APPLICANTS, BLAIR, OPEN
from .practicums import open_sites
from .study import Learner

OPEN_NAME = "Foundations of KAP — Cohort 3"
RETREAT_NAME = "Foundations of KAP — Colorado retreat cohort"
LICENCE_PDF = b"%PDF-1.4\n% licence (demo)\n"


def load_open_cohort(demo: Demo) -> None:
    today, tz = demo.today, "America/Los_Angeles"
    with at(local(today - datetime.timedelta(days=60), 10, tz=tz)):
        cohort = cohort_create(
            demo,
            program=program_page(),
            name=OPEN_NAME,
            start=demo.calendar.open_start,
            trainer=demo.account("trainer"),
        )
        open_sites(cohort, places=4)
    timeline = demo.timeline()
    for (key, (first, last, profile)), (days, how, n) in zip(
        OPEN.items(),
        [(40, "full", None), (25, "plan", 3), (12, "scholarship", None)],
        strict=True,
    ):
        learner = Learner(key=key, tz=profile["timezone"])
        signup = local(today - datetime.timedelta(days=days), 19, tz=learner.tz)

        def sign_up(learner=learner, key=key, first=first, last=last, profile=profile):
            learner.user = demo.person(key, first, last, **profile)

        timeline.add(signup, sign_up)
        enrol_and_pay(
            timeline,
            cohort,
            learner,
            signup + datetime.timedelta(minutes=20),
            how=how,
            instalments=n,
        )
    first, last, profile = BLAIR
    blair = Learner(key="blair", tz=profile["timezone"])

    def reserve():
        blair.user = demo.person("blair", first, last, **profile)
        enrol(cohort, blair)  # a place held, tuition not paid yet

    timeline.add(local(today - datetime.timedelta(days=3), 21, tz=blair.tz), reserve)
    timeline.run()


def load_retreat_cohort(demo: Demo) -> None:
    today, tz = demo.today, "America/Denver"
    staff = demo.account("staff")
    with at(local(today - datetime.timedelta(days=30), 10, tz=tz)):
        cohort = cohort_create(
            demo,
            program=program_page(),
            name=RETREAT_NAME,
            start=demo.calendar.retreat_start,
            trainer=demo.account("trainer"),
            tz=tz,
            capacity=2,
            tuition_cents=RETREAT_TUITION_CENTS,
            cohort_format="retreat",
            venue="Shambhala Mountain Center, Red Feather Lakes, CO",
            admission=Admission.APPLICATION,
        )
        retreat_price(cohort)
    timeline = demo.timeline()
    applications = {}
    for n, (key, (first, last, licence, decision)) in enumerate(APPLICANTS.items()):
        applied = local(today - datetime.timedelta(days=20 - 4 * n), 20, tz=tz)

        def apply(key=key, first=first, last=last, licence=licence):
            user = demo.person(
                key,
                first,
                last,
                licence_type=licence,
                licence_state="CO",
                timezone=tz,
            )
            pre_licensed = licence == "pre_licensed"
            applications[key] = application_submit(
                cohort_id=cohort.pk,
                applicant=user,
                licence_type=licence,
                licence_state="CO",
                licence_number="" if pre_licensed else f"CO-{key.upper()}-2231",
                licence_expiry=None
                if pre_licensed
                else cohort.start_date + datetime.timedelta(days=700),
                licence_document=ContentFile(LICENCE_PDF, name="licence.pdf"),
                professional_background=f"{first} works in community mental "
                "health in Colorado.",
                statement="I want to offer KAP within an integrated care team.",
            )

        timeline.add(applied, apply)
        if decision:
            timeline.add(
                applied + datetime.timedelta(days=2, hours=-8),
                lambda key=key, decision=decision: application_decide(
                    application_id=applications[key].pk,
                    decision=decision,
                    message=_DECISIONS[decision],
                    by=staff,
                ),
            )
    timeline.run()


_DECISIONS = {
    "accept": "Welcome: your place is reserved. Pay the deposit to confirm it.",
    "waitlist": "Thank you for applying. The cohort is full, so you are on the "
    "waiting list; we will offer you the next place that frees up.",
}


def load_newcomer(demo: Demo) -> None:
    first, last, profile = ALEX
    with at(local(demo.today - datetime.timedelta(days=1), 18, tz=profile["timezone"])):
        demo.person("alex", first, last, **profile)
