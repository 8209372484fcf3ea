"""The site, the organisation and the demo program: its hour requirements,
its curriculum pages (from content/) and how long its certificate lasts."""

from wagtail.models import Page, Site

from kaptraining.certificates.models import ProgramCertificateSettings
from kaptraining.core.categories import Category
from kaptraining.core.models import OrganisationSettings
from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    ProgramCategoryRequirement,
    ProgramPage,
)
from kaptraining.pages.models import HomePage

from .base import Demo, at, local
from .constants import DEMO_DOMAIN
from .content import CURRICULUM, ELECTIVES_REQUIRED

PROGRAM_SLUG = "foundations-of-kap"
ORGANISATION = "Institute for Integrative KAP Training"

# (category, minimum hours, cap or None): 150 hours in all.
REQUIREMENTS = [
    (Category.DIDACTIC, 60, None),
    (Category.EXPERIENTIAL, 30, None),
    (Category.PRACTICUM, 20, None),
    (Category.MENTORSHIP, 15, None),
    (Category.CONSENT_PRACTICE, 5, None),
    (Category.ETHICS, 10, None),
    (Category.ELECTIVE, 10, 20),
]
CERTIFICATE_VALID_YEARS = 3


def home_page() -> HomePage:
    # The English home page (the site's root), not its Spanish translation.
    return HomePage.objects.filter(locale__language_code="en").first()


def program_page() -> ProgramPage:
    return ProgramPage.objects.get(slug=PROGRAM_SLUG)


def load_site(demo: Demo) -> None:
    """Home page, default site and organisation details, made once."""
    with at(local(demo.calendar.program_created, 9, tz="America/Los_Angeles")):
        home = home_page()
        if home is None:
            root = Page.get_first_root_node()
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
        org.name = ORGANISATION
        org.address = "1200 Harbor Way, Suite 4, Oakland, CA 94607"
        org.contact_email = "training@" + DEMO_DOMAIN
        org.save()


def load_program(demo: Demo) -> None:
    """The 150-hour program and its curriculum, published by staff four
    months before the first demo cohort started."""
    with at(local(demo.calendar.program_created, 10, tz="America/Los_Angeles")):
        program = home_page().add_child(
            instance=ProgramPage(
                title="Foundations of KAP",
                slug=PROGRAM_SLUG,
                summary="The 150-hour certification program in ketamine-assisted "
                "psychotherapy for licensed clinicians.",
                body="<p>Over one year you study the screening, preparation, dosing "
                "and integration phases of KAP, attend a four-day retreat, observe "
                "real KAP sessions and meet a mentor.</p>",
                award_title="Certified KAP Practitioner",
                required_hours=150,
                window_months=12,
                electives_required=ELECTIVES_REQUIRED,
            )
        )
        program.save_revision().publish()
        for order, (category, min_hours, cap) in enumerate(REQUIREMENTS):
            ProgramCategoryRequirement.objects.create(
                program=program,
                category=category,
                min_hours=min_hours,
                cap_hours=cap,
                sort_order=order,
            )
        ProgramCertificateSettings.objects.create(
            program=program, validity_years=CERTIFICATE_VALID_YEARS
        )
        modules = {}
        for course_data in CURRICULUM:
            course = program.add_child(
                instance=CoursePage(
                    title=course_data["title"],
                    summary=course_data["summary"],
                    is_elective=course_data.get("elective", False),
                )
            )
            for module_data in course_data["modules"]:
                modules[module_data["title"]] = _module(course, module_data)
        for title, module in modules.items():
            data = _module_data(title)
            if data.get("prerequisite"):
                module.prerequisites.set([modules[data["prerequisite"]]])
            module.save_revision().publish()


def _module_data(title: str) -> dict:
    return next(
        m for course in CURRICULUM for m in course["modules"] if m["title"] == title
    )


def _module(course: CoursePage, data: dict) -> ModulePage:
    module = course.add_child(
        instance=ModulePage(
            title=data["title"],
            summary=data["summary"],
            release_week=data.get("week", 0),
            post_test_required=data.get("post_test", False),
            evaluation_required=data.get("evaluation", False),
            question_bank=data.get("bank", []),
        )
    )
    if module.question_bank:
        # Native values, so every question and option gets a stable id.
        module.question_bank = [(b.block_type, b.value) for b in module.question_bank]
        module.save()
    for lesson in data["lessons"]:
        page = LessonPage(
            title=lesson["title"],
            category=lesson.get("category", Category.DIDACTIC),
            credited_minutes=lesson["minutes"],
            objectives="\n".join(lesson["objectives"]),
            body=lesson["body"],
        )
        module.add_child(instance=page)
        page.tags.set(lesson.get("tags", []))
        page.save_revision().publish()
    return module
