"""The retreat training (issue 17): "Foundational KAP training — 4-day
retreat, Boulder County, 32 CE hours", published as a page with two runs.
The past run was attended day by day (32 program hours each in the ledger,
through cohort attendance) and its participants hold certificates of
completion; the upcoming run is open with rooms partly taken."""

import datetime

from django.utils import timezone

from cohorts.models import Cohort, CohortStatus
from kaptraining.payments.models import Arrangement, PaymentPlan, TuitionPrice
from kaptraining.payments.services import arrangement_choose
from kaptraining.retreats.models import RetreatPage, RetreatRun, RoomType
from kaptraining.retreats.services import (
    Details,
    day_attendance_save,
    registration_create,
    run_certificates_issue,
    run_days_schedule,
)

from .base import Demo, at, local, monday_on_or_after, monday_on_or_before
from .curriculum import home_page, program_page
from .delivery import cohort_set_status
from .payments import checkout

TZ = "America/Denver"
TITLE = "Foundational KAP training — 4-day retreat, Boulder County, 32 CE hours"
VENUE = "Sunshine Canyon Retreat Center"
ADDRESS = "Sunshine Canyon Drive, Boulder County, Colorado"
TUITION_CENTS = 240000
ROOMS = (
    ("Lodge single", "single", 6, 140000, "Private room and bath, four nights."),
    ("Lodge double, shared", "shared", 10, 90000, "Two twin beds, shared bath."),
    ("Commuter, meals included", "offsite", 8, 30000, "Meals only; stay in Boulder."),
)
# (key, first, last, licence, room index, diet, allergies, access, paid how)
PAST = [
    ("rt-ivy", "Ivy", "Okafor", "lcsw", 0, "Vegetarian", "", "", "full"),
    ("rt-ravi", "Ravi", "Menon", "md_do", 0, "", "Tree nuts", "", "full"),
    ("rt-lena", "Lena", "Brandt", "lmft", 1, "Gluten-free", "", "", "deposit"),
    ("rt-omar", "Omar", "Haddad", "psychologist", 1, "", "", "Step-free room", "full"),
    ("rt-june", "June", "Park", "pmhnp", 2, "Vegan", "", "", "full"),
]
UPCOMING = [
    ("rt-nora", "Nora", "Lindqvist", "lpc", 0, "", "Penicillin", "", "full"),
    ("rt-theo", "Theo", "Marsh", "lcsw", 0, "Vegetarian", "", "", "deposit"),
    ("rt-ada", "Ada", "Quinn", "rn", 0, "", "", "Hearing loop", None),
    ("rt-sol", "Sol", "Reyes", "md_do", 1, "Halal", "", "", "deposit"),
    ("rt-kai", "Kai", "Ito", "lmft", 1, "", "", "", None),
]

BODY = (
    "<p>Four residential days in the foothills of the Rocky Mountains: "
    "didactic mornings, experiential afternoons in small groups, and time on "
    "the land. For licensed clinicians beginning ketamine-assisted "
    "psychotherapy.</p>"
)
SCHEDULE = (
    "<ul><li>07:30 Breakfast</li><li>09:00 Teaching and demonstration</li>"
    "<li>12:30 Lunch</li><li>14:00 Experiential practice in small groups</li>"
    "<li>17:30 Integration circle</li><li>18:30 Dinner</li></ul>"
)


def _page(demo: Demo) -> RetreatPage:
    page = home_page().add_child(
        instance=RetreatPage(
            title=TITLE,
            slug="foundational-kap-retreat",
            program=program_page(),
            summary="Four days, in person, in the foothills near Boulder, Colorado.",
            body=BODY,
            venue_name=VENUE,
            venue_address=ADDRESS,
            daily_schedule=SCHEDULE,
            what_to_bring=(
                "<p>Layers for mountain weather, a journal, a water bottle, "
                "an eye mask and any medication you take.</p>"
            ),
            travel=(
                "<p>Fly into Denver (DEN). A shared shuttle leaves DEN at 13:00 "
                "and 16:00 on the arrival day (about 90 minutes); ask for it "
                "when you register.</p>"
            ),
            venue_accessibility=(
                "<p>Two ground-floor rooms are step-free; paths between "
                "buildings are gravel. Tell us what you need and we will plan "
                "with you.</p>"
            ),
            cancellation_policy=(
                "<p>Full refund up to 60 days before the retreat, 50% up to 30 "
                "days, none after; you may transfer to a later date once.</p>"
            ),
            ce_minutes=32 * 60,
            ce_statement=(
                "This training offers 32 CE hours for psychologists, "
                "counsellors, social workers and marriage and family therapists, "
                "subject to the approval of each board."
            ),
            day_minutes=8 * 60,
            consent_required=True,
            consent_text=(
                "The experiential component includes practising the therapist "
                "role with peers. Ketamine is not administered at this retreat."
            ),
        )
    )
    page.save_revision().publish()
    return page


def _run(page, start: datetime.date, name: str) -> RetreatRun:
    cohort = Cohort.objects.create(
        program=page.program,
        name=name,
        start_date=start,
        end_date=start + datetime.timedelta(days=3),
        timezone=TZ,
        format="retreat",
        venue=f"{VENUE}, {ADDRESS}",
        capacity=24,
        status=CohortStatus.OPEN,
        tuition_cents=TUITION_CENTS,
    )
    price = TuitionPrice.objects.create(
        cohort=cohort, amount_cents=TUITION_CENTS, currency="usd", deposit_cents=50000
    )
    PaymentPlan.objects.create(price=price, instalments=3)
    run = RetreatRun.objects.create(page=page, cohort=cohort)
    for i, (room, kind, capacity, price_cents, text) in enumerate(ROOMS):
        RoomType.objects.create(
            run=run,
            name=room,
            kind=kind,
            capacity=capacity,
            price_cents=price_cents,
            description=text,
            sort_order=i,
        )
    return run


def _register(demo: Demo, run: RetreatRun, people, first_day: datetime.date):
    rooms = list(run.room_types.order_by("sort_order"))
    start, end = run.cohort.start_date, run.cohort.end_date
    registrations = []
    for n, (key, first, last, licence, room, diet, allergy, access, paid) in enumerate(
        people
    ):
        with at(local(first_day + datetime.timedelta(days=3 * n), 19, tz=TZ)):
            user = demo.person(
                key,
                first,
                last,
                licence_type=licence,
                licence_state="CO",
                licence_number=f"CO-{key.upper()}-17",
                timezone=TZ,
            )
            registration = registration_create(
                run_id=run.pk,
                trainee=user,
                room_type_id=rooms[room].pk,
                details=Details(
                    arrival_at=local(start - datetime.timedelta(days=1), 15, tz=TZ),
                    departure_at=local(end, 17, tz=TZ),
                    dietary_needs=diet,
                    allergies=allergy,
                    accessibility_needs=access,
                    emergency_contact_name=f"{first}'s partner",
                    emergency_contact_phone=f"+1 303 555 01{n:02d}",
                    travel_details="Flight into DEN" if n % 2 else "Driving",
                    airport_transfer=bool(n % 2),
                ),
                consent=True,
            )
            if paid:
                arrangement_choose(
                    enrolment=registration.enrolment,
                    arrangement=Arrangement.FULL
                    if paid == "full"
                    else Arrangement.DEPOSIT,
                )
                checkout(registration.enrolment)
        registrations.append(registration)
    return registrations


def load_retreats(demo: Demo) -> None:
    today = demo.today
    staff = demo.account("staff")
    past_start = monday_on_or_before(today - datetime.timedelta(days=70))
    next_start = monday_on_or_after(today + datetime.timedelta(days=45))
    with at(local(past_start - datetime.timedelta(days=150), 10, tz=TZ)):
        page = _page(demo)
        past = _run(page, past_start, "Foundational retreat (past)")
    with at(local(today - datetime.timedelta(days=60), 10, tz=TZ)):
        upcoming = _run(page, next_start, "Foundational retreat (upcoming)")
    attended = _register(demo, past, PAST, past_start - datetime.timedelta(days=120))
    # Those who paid a deposit settled the balance two weeks before arriving.
    with at(local(past_start - datetime.timedelta(days=14), 9, tz=TZ)):
        for registration, person in zip(attended, PAST, strict=True):
            if person[-1] == "deposit":
                checkout(registration.enrolment)
    with at(local(past_start - datetime.timedelta(days=30), 10, tz=TZ)):
        days = run_days_schedule(run=past)
    for day in days:
        evening = timezone.localtime(
            day.ends_at, past.cohort.tzinfo
        ) + datetime.timedelta(minutes=30)
        with at(evening):
            day_attendance_save(
                session=day,
                present={r.enrolment_id for r in attended},
                by=staff,
            )
    with at(local(past.cohort.end_date + datetime.timedelta(days=1), 10, tz=TZ)):
        run_certificates_issue(run=past, in_process=True)
        # As staff do in the cohort's admin screen: audit-logged, caches dropped.
        cohort_set_status(past.cohort, CohortStatus.COMPLETED)
    _register(demo, upcoming, UPCOMING, today - datetime.timedelta(days=20))
    with at(local(today - datetime.timedelta(days=40), 10, tz=TZ)):
        run_days_schedule(run=upcoming)
