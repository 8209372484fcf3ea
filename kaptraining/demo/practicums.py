"""Practicums: partner sites, each trainee's placement, and observed sessions
logged by the trainee and signed off by the site's supervisor (an account,
or an external supervisor through the e-mailed link). Only a signed-off log
credits hours."""

import datetime
from dataclasses import dataclass

from kaptraining.practicums.models import (
    ExternalSupervisor,
    PracticumSite,
    SiteCapacity,
)
from kaptraining.practicums.services import (
    placement_create,
    practicum_log_sign_off,
    practicum_log_submit,
)

from .base import Demo, Timeline, local


@dataclass(frozen=True)
class Site:
    name: str
    kind: str
    address: str
    city: str
    state: str
    zip_code: str
    mode: str
    description: str
    supervisor: str = ""  # a demo account key, or
    external: tuple[str, str] = ("", "")  # (name, e-mail) of an external supervisor


SITES = [
    Site(
        "Bayview Ketamine Clinic",
        "clinic",
        "410 Grand Ave",
        "Oakland",
        "CA",
        "94610",
        "in_person",
        "Sublingual and IM KAP; trainees observe preparation, dosing and integration.",
        supervisor="supervisor",
    ),
    Site(
        "Front Range Ketamine Clinic",
        "clinic",
        "2525 Arapahoe Ave",
        "Boulder",
        "CO",
        "80302",
        "both",
        "IM and IV KAP with integration groups; remote observation of integration.",
        supervisor="supervisor2",
    ),
    Site(
        "Cascade Integrative Psychiatry",
        "practice",
        "",
        "Portland",
        "OR",
        "97214",
        "remote",
        "Remote observation of group integration circles.",
        external=("Dr. Lena Ortiz", "l.ortiz@cascade.example.org"),
    ),
    Site(
        "Hudson Psychedelic Therapy Center",
        "practice",
        "",
        "New York",
        "NY",
        "10011",
        "both",
        "Lozenge KAP in a group practice; trainees observe preparation and "
        "integration in person or by video.",
        external=("Dr. Amara Okafor", "a.okafor@hudson.example.org"),
    ),
]
# Which site a trainee from each state goes to.
SITE_BY_STATE = {
    "CA": "Bayview Ketamine Clinic",
    "CO": "Front Range Ketamine Clinic",
    "NM": "Front Range Ketamine Clinic",
    "AZ": "Front Range Ketamine Clinic",
    "WA": "Cascade Integrative Psychiatry",
    "OR": "Cascade Integrative Psychiatry",
}
DEFAULT_SITE = "Hudson Psychedelic Therapy Center"


@dataclass(frozen=True)
class Observed:
    """One observed session, `week` weeks after the cohort start."""

    week: int
    minutes: int
    phase: str
    route: str
    role: str
    reflection: str


# fmt: off
# 1230 minutes in all: 20.5 hours, a little over the 20 the program requires.
SESSIONS = [
    Observed(10, 150, "screening", "n_a", "observer",
             "A screening visit: the supervisor walked through cardiac history "
             "and current medicines before any talk of dosing, and named what "
             "would need to change for KAP to be reconsidered."),
    Observed(16, 180, "preparation", "n_a", "observer",
             "Preparation session and the team's planning meeting: intentions "
             "were phrased in the client's own words, and a stop signal was "
             "agreed and practised twice."),
    Observed(22, 240, "dosing", "sublingual", "observer",
             "The prescriber and therapist checked in on set and setting before "
             "the lozenge; the therapist said very little during the peak and "
             "let the music carry the session."),
    Observed(28, 180, "integration", "n_a", "co_facilitator",
             "I co-led an integration circle three days after dosing: the group "
             "kept returning to what it means to feel safe in the body."),
    Observed(34, 240, "dosing", "im", "observer",
             "An IM session in the clinic: blood pressure was checked every "
             "fifteen minutes, and nausea eased with stillness and a cool cloth."),
    Observed(40, 240, "integration", "n_a", "co_facilitator",
             "Closing integration group of a six-session course: each client "
             "named two practices they will keep."),
]
# fmt: on


def load_sites(demo: Demo) -> None:
    for site in SITES:
        row = PracticumSite.objects.create(
            name=site.name,
            kind=site.kind,
            address=site.address,
            city=site.city,
            state=site.state,
            zip_code=site.zip_code,
            mode=site.mode,
            description=site.description,
        )
        if site.supervisor:
            row.supervisors.add(demo.account(site.supervisor))
        if site.external[0]:
            ExternalSupervisor.objects.create(
                site=row, name=site.external[0], email=site.external[1]
            )


def open_sites(cohort, places: int) -> None:
    """Every partner site takes `places` trainees of the cohort."""
    for site in PracticumSite.objects.all():
        SiteCapacity.objects.create(site=site, cohort=cohort, places=places)


def site_for(state: str) -> PracticumSite:
    return PracticumSite.objects.get(name=SITE_BY_STATE.get(state, DEFAULT_SITE))


def practicum(
    timeline: Timeline,
    learner,
    *,
    cohort,
    staff,
    state: str,
    rng,
    sessions=SESSIONS,
) -> None:
    """Staff place the trainee at a site in week 8; the trainee logs each
    observed session that evening; the supervisor signs it off a few days
    later. Events after today have not happened yet."""
    site = site_for(state)
    holder = {}
    lag = datetime.timedelta(days=round((1 - learner.pace) * 50))

    def place():
        holder["placement"] = placement_create(
            trainee=learner.user,
            site=site,
            cohort=cohort,
            starts_on=cohort.start_date + datetime.timedelta(weeks=8),
            ends_on=cohort.end_date - datetime.timedelta(days=28),
            by=staff,
            confirmed=True,
            note="Placed by the training team.",
        )

    timeline.add(
        local(cohort.start_date + datetime.timedelta(weeks=7), 11, tz=cohort.timezone),
        place,
    )
    for observed in sessions:
        day = (
            cohort.start_date
            + datetime.timedelta(weeks=observed.week, days=rng.randint(0, 4))
            + lag
        )
        if day > cohort.end_date - datetime.timedelta(days=28):
            continue
        data = {
            "session_date": day,
            "minutes": observed.minutes,
            "phase": observed.phase,
            "route": observed.route,
            "role": observed.role,
            "reflection": observed.reflection,
        }

        def submit(data=data, day=day):
            holder[day] = practicum_log_submit(
                placement=holder["placement"], trainee=learner.user, data=data
            )

        timeline.add(local(day, 20, tz=learner.tz), submit)
        signed = local(
            day + datetime.timedelta(days=rng.randint(1, 4)), 9, tz=cohort.timezone
        )
        timeline.add(signed, lambda day=day: _sign(holder[day], site))


def _sign(log, site: PracticumSite) -> None:
    supervisor = site.supervisors.first()
    if supervisor is not None:
        practicum_log_sign_off(
            log=log, by=supervisor, comment="Thoughtful observations."
        )
    else:
        practicum_log_sign_off(
            log=log,
            external=site.external_supervisors.first(),
            comment="Signed off through the link: accurate and well observed.",
        )
