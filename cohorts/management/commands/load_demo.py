"""Demo data for `make demo`. Idempotent: running it twice changes nothing."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from cohorts.demo import load_delivery_demo
from cohorts.models import Cohort, CohortStatus, Enrolment, EnrolmentStatus
from cohorts.services import enrolment_activate
from kaptraining.core.categories import Category
from kaptraining.core.models import OrganisationSettings
from kaptraining.credits.models import Source
from kaptraining.credits.services import ledger_credit
from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    ProgramCategoryRequirement,
    ProgramPage,
)
from kaptraining.directory.models import (
    DirectoryPage,
    Listing,
    ListingLicensure,
    ListingStatus,
    ListingTerm,
    Term,
)
from kaptraining.pages.models import HomePage
from kaptraining.study.context import program_quiz_lessons
from kaptraining.study.models import QuizAttempt, QuizAttemptStatus

from .demo_content import CURRICULUM, PRACTITIONERS, finish_curriculum

PASSWORD = "kap-demo-2026"  # noqa: S105 - published demo password
DOMAIN = "demo.kaptraining.org"

REQUIREMENTS = [
    (Category.DIDACTIC, 60, None),
    (Category.EXPERIENTIAL, 30, None),
    (Category.PRACTICUM, 20, None),
    (Category.MENTORSHIP, 15, None),
    (Category.CONSENT_PRACTICE, 5, None),
    (Category.ETHICS, 10, None),
    (Category.ELECTIVE, 10, 20),
]


class Command(BaseCommand):
    help = "Load the demo organisation, program, cohort, people and directory."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = self._site()
            program = self._program(home)
            self._directory(home)
            people = self._people()
            cohort = self._cohort(program, people["trainer"])
            self._trainees(program, cohort, people)
            load_delivery_demo(
                program=program, cohort=cohort, people=people, user_factory=self._user
            )
        # Practicums and mentorship; tuition plans, deposit, tiers and codes.
        call_command("load_demo_practicums", stdout=self.stdout)
        call_command("load_demo_payments", stdout=self.stdout)
        self._print_logins()

    # --- site and content -------------------------------------------------
    def _site(self) -> HomePage:
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        if home is None:
            for page in root.get_children():  # Wagtail's "Welcome" placeholder
                if page.specific_class is Page:
                    page.delete()
            home = root.add_child(
                instance=HomePage(
                    title="Home",
                    slug="home",
                    headline="Train in ketamine-assisted psychotherapy, "
                    "with a cohort that has your back",
                    intro="<p>Our nonprofit trains licensed clinicians in "
                    "ketamine-assisted psychotherapy: 150 hours over one year of "
                    "study, live intensives, observed practice and mentorship.</p>",
                )
            )
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        org = OrganisationSettings.for_site(site)
        org.name = "Institute for Integrative KAP Training"
        org.address = "1200 Harbor Way, Suite 4, Oakland, CA 94607"
        org.contact_email = "training@" + DOMAIN
        org.save()
        return home

    def _program(self, home) -> ProgramPage:
        program = ProgramPage.objects.filter(slug="foundations-of-kap").first()
        if program is not None:
            return program
        program = home.add_child(
            instance=ProgramPage(
                title="Foundations of KAP",
                slug="foundations-of-kap",
                summary="The 150-hour certification program in ketamine-assisted "
                "psychotherapy for licensed clinicians.",
                body="<p>Over one year you study the screening, preparation, dosing "
                "and integration phases of KAP, attend a four-day retreat, observe "
                "real KAP sessions and meet a mentor.</p>",
                award_title="Certified KAP Practitioner",
                required_hours=150,
                window_months=12,
            )
        )
        for order, (category, min_hours, cap) in enumerate(REQUIREMENTS):
            ProgramCategoryRequirement.objects.create(
                program=program,
                category=category,
                min_hours=min_hours,
                cap_hours=cap,
                sort_order=order,
            )
        for course_data in CURRICULUM:
            course = program.add_child(
                instance=CoursePage(
                    title=course_data["title"],
                    summary=course_data["summary"],
                    is_elective=course_data.get("elective", False),
                )
            )
            for module_data in course_data["modules"]:
                module = course.add_child(
                    instance=ModulePage(
                        title=module_data["title"],
                        summary=module_data["summary"],
                        release_week=module_data.get("week", 0),
                    )
                )
                for lesson in module_data["lessons"]:
                    page = LessonPage(
                        title=lesson["title"],
                        category=lesson.get("category", Category.DIDACTIC),
                        credited_minutes=lesson["minutes"],
                        objectives="\n".join(lesson["objectives"]),
                        body=lesson["body"],
                    )
                    module.add_child(instance=page)
                    page.save_revision().publish()
        finish_curriculum(program)
        return program

    def _directory(self, home):
        if not DirectoryPage.objects.exists():
            home.add_child(
                instance=DirectoryPage(
                    title="Find a KAP practitioner",
                    slug="directory",
                    intro="<p>Every practitioner listed here completed our 150-hour "
                    "program and holds a current certificate. Use the filters to "
                    "find someone licensed in your state.</p>",
                )
            )

    # --- people ------------------------------------------------------------
    def _user(self, email, first, last, **extra):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, **extra}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _people(self):
        d = DOMAIN
        return {
            "staff": self._user(
                f"staff@{d}", "Sam", "Okafor", is_staff=True, is_superuser=True
            ),
            "trainer": self._user(
                f"trainer@{d}",
                "Rosa",
                "Delgado",
                is_trainer=True,
                profession="psychiatrist",
                licence_type="md_do",
                licence_state="CA",
                licence_number="A123456",
                certificate_name="Rosa Delgado, MD",
            ),
            "mentor": self._user(
                f"mentor@{d}",
                "Malik",
                "Henderson",
                is_mentor=True,
                profession="psychologist",
                licence_type="psychologist",
                licence_state="NY",
                licence_number="PSY 019876",
            ),
            "new": self._user(
                f"alex@{d}",
                "Alex",
                "Nguyen",
                profession="counsellor",
                licence_type="lpc",
                licence_state="OR",
                licence_number="C4821",
            ),
            "pending": self._user(
                f"blair@{d}",
                "Blair",
                "Thompson",
                profession="social_worker",
                licence_type="lcsw",
                licence_state="WA",
                licence_number="LW 60812345",
            ),
            "halfway": self._user(
                f"casey@{d}",
                "Casey",
                "Morgan",
                profession="mft",
                licence_type="lmft",
                licence_state="CA",
                licence_number="LMFT 98765",
            ),
            "nearly": self._user(
                f"dana@{d}",
                "Dana",
                "Whitfield",
                profession="nurse_practitioner",
                licence_type="pmhnp",
                licence_state="CO",
                licence_number="APN 1012345",
                certificate_name="Dana Whitfield, PMHNP-BC",
            ),
        }

    def _cohort(self, program, trainer) -> Cohort:
        start = datetime.date(timezone.localdate().year, 1, 12)
        if start > timezone.localdate():
            start = start.replace(year=start.year - 1)
        cohort, created = Cohort.objects.get_or_create(
            program=program,
            name=f"Foundations of KAP — {start.year} cohort",
            defaults={
                "start_date": start,
                "end_date": start + datetime.timedelta(days=364),
                "timezone": "America/Los_Angeles",
                "format": "hybrid",
                "venue": "Online, with a four-day retreat at Mount Tam Center, "
                "Mill Valley, CA",
                "capacity": 30,
                "status": CohortStatus.OPEN,
                "tuition_cents": 480000,
                "currency": "usd",
            },
        )
        cohort.trainers.add(trainer)
        return cohort

    def _enrol(self, cohort, user, *, active=True) -> Enrolment:
        enrolment, _ = Enrolment.objects.get_or_create(cohort=cohort, trainee=user)
        if active and enrolment.status == EnrolmentStatus.PENDING_PAYMENT:
            enrolment_activate(enrolment=enrolment)
        return enrolment

    def _credit(self, user, program, rows):
        for source_id, category, hours, description in rows:
            ledger_credit(
                trainee=user,
                program=program,
                category=category,
                minutes=int(hours * 60),
                source=Source.ADJUSTMENT
                if source_id.startswith("import")
                else Source.ATTENDANCE,
                source_id=source_id,
                description=description,
                rule="demo data",
            )

    def _trainees(self, program, cohort, people):
        self._enrol(cohort, people["pending"], active=False)
        casey = self._enrol(cohort, people["halfway"])
        self._credit(
            casey.trainee,
            program,
            [
                (
                    "demo-webinars-casey",
                    Category.DIDACTIC,
                    34,
                    "Live webinars, January to May",
                ),
                (
                    "demo-retreat-casey",
                    Category.EXPERIENTIAL,
                    30,
                    "Four-day retreat, Mill Valley",
                ),
                ("demo-ethics-casey", Category.ETHICS, 6, "Ethics and law seminar"),
            ],
        )
        dana = self._enrol(cohort, people["nearly"])
        self._credit(
            dana.trainee, program, self._full_rows("dana", minus_didactic_hours=2)
        )
        for p in PRACTITIONERS:
            user = self._user(
                p["email"],
                p["first"],
                p["last"],
                profession=p["profession"],
                licence_type=p["licence_type"],
                licence_state=p["state"],
                licence_number=p["licence_number"],
                certificate_name=p["display_name"],
            )
            self._enrol(cohort, user)
            # Crediting the last hour enqueues certificate issuance (in-process here).
            self._credit(user, program, self._full_rows(p["first"].lower()))
            listing, created = Listing.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": p["display_name"],
                    "credentials": p["credentials"],
                    "profession": p["profession"],
                    "practice_name": p["practice"],
                    "address_line": p["address"],
                    "city": p["city"],
                    "state": p["state"],
                    "zip_code": p["zip"],
                    "telehealth": p["telehealth"],
                    "in_person": p["in_person"],
                    "role": p["role"],
                    "works_with_partner_prescriber": p["partner_prescriber"],
                    "specialities": p["specialities"],
                    "fee_min_cents": p["fees"][0] * 100,
                    "fee_max_cents": p["fees"][1] * 100,
                    "accepting_clients": True,
                    "sliding_scale": p["sliding_scale"],
                    "bio": p["bio"],
                    "identity": p["identity"],
                    "cultural_background": p["background"],
                    "show_identity": p["show_identity"],
                    "status": ListingStatus.APPROVED,
                },
            )
            for state in p["licensed_in"]:
                ListingLicensure.objects.get_or_create(listing=listing, state=state)
            for vocabulary, slug in p["terms"]:
                term = Term.objects.filter(vocabulary=vocabulary, slug=slug).first()
                if term is not None:
                    ListingTerm.objects.get_or_create(listing=listing, term=term)
        self._quizzes(program, cohort)

    @staticmethod
    def _quizzes(program, cohort):
        """The certified practitioners passed every quiz on the way."""
        quiz_lessons = program_quiz_lessons(program)
        now = timezone.now()
        graduates = Enrolment.objects.filter(
            cohort=cohort, trainee__email__in=[p["email"] for p in PRACTITIONERS]
        ).select_related("trainee")
        for enrolment in graduates:
            for lesson in quiz_lessons:
                QuizAttempt.objects.get_or_create(
                    trainee=enrolment.trainee,
                    lesson=lesson,
                    number=1,
                    defaults={
                        "enrolment": enrolment,
                        "status": QuizAttemptStatus.GRADED,
                        "pass_mark": 75,
                        "score_percent": 90,
                        "passed": True,
                        "submitted_at": now,
                        "graded_at": now,
                    },
                )

    @staticmethod
    def _full_rows(key, minus_didactic_hours=0):
        return [
            (
                f"demo-didactic-{key}",
                Category.DIDACTIC,
                60 - minus_didactic_hours,
                "Didactic modules and webinars",
            ),
            (
                f"demo-retreat-{key}",
                Category.EXPERIENTIAL,
                30,
                "Four-day retreat, Mill Valley",
            ),
            (
                f"demo-practicum-{key}",
                Category.PRACTICUM,
                20,
                "Observed KAP sessions at partner clinics",
            ),
            (
                f"demo-mentor-{key}",
                Category.MENTORSHIP,
                15,
                "Monthly mentorship meetings",
            ),
            (
                f"demo-consent-{key}",
                Category.CONSENT_PRACTICE,
                5,
                "Consent-conversation practice lab",
            ),
            (f"demo-ethics-{key}", Category.ETHICS, 10, "Ethics and law seminar"),
            (f"demo-elective-{key}", Category.ELECTIVE, 10, "Elective: group KAP"),
        ]

    def _print_logins(self):
        d = DOMAIN
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Every demo account uses the password: " + PASSWORD
            )
        )
        rows = [
            (f"staff@{d}", "organisation staff (Wagtail admin at /admin/)"),
            (f"trainer@{d}", "trainer of the 2026 cohort"),
            (f"mentor@{d}", "mentor"),
            (
                f"alex@{d}",
                "new trainee, not enrolled yet: enrol and pay in the demo checkout",
            ),
            (f"blair@{d}", "trainee with a reserved place, tuition not paid"),
            (f"casey@{d}", "trainee about halfway through the 150 hours"),
            (
                f"dana@{d}",
                "trainee 2 hours short: complete a 2-hour lesson to be certified",
            ),
            (
                PRACTITIONERS[0]["email"],
                "certified practitioner listed in the directory",
            ),
        ]
        for email, role in rows:
            self.stdout.write(f"  {email:36} {role}")
