"""One factory per model; page helpers build a small Wagtail tree."""

import datetime
import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt, encrypt
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cohorts.models import Cohort, CohortStatus, Enrolment, EnrolmentStatus
from kaptraining.accounts.models import User
from kaptraining.core.categories import Category
from kaptraining.credits.models import LedgerEntry, Source
from kaptraining.curriculum.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    ProgramCategoryRequirement,
    ProgramPage,
)
from kaptraining.pages.models import HomePage

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    profession = "psychologist"
    licence_type = "psychologist"
    licence_state = "CA"
    licence_number = factory.Sequence(lambda n: f"PSY {10000 + n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """Staff and trainers have a TOTP authenticator, as production requires
        (kaptraining.accounts.privilege); mfa=False makes one without."""
        needs_it = obj.is_staff or obj.is_superuser or obj.is_trainer
        if create and (extracted if extracted is not None else needs_it):
            Authenticator.objects.get_or_create(
                user=obj,
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": encrypt(generate_totp_secret())}},
            )


def totp_code(user, *, offset: int = 0) -> str:
    """The user's current TOTP code, as their authenticator app shows it."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cohort {n}")
    admission = "direct"
    # A direct cohort is running (started a month ago); an application-only
    # one starts next month, as applications close at the start
    # (Cohort.takes_enrolments_on).
    start_date = factory.LazyAttribute(
        lambda o: timezone.localdate()
        + datetime.timedelta(days=30 if o.admission == "application" else -30)
    )
    end_date = factory.LazyAttribute(
        lambda o: o.start_date + datetime.timedelta(days=364)
    )
    capacity = 20
    status = CohortStatus.OPEN
    tuition_cents = 480000
    currency = "usd"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    trainee = factory.SubFactory(UserFactory)
    status = EnrolmentStatus.ACTIVE


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerEntry

    trainee = factory.SubFactory(UserFactory)
    category = Category.DIDACTIC
    minutes = 60
    source = Source.ADJUSTMENT
    source_id = factory.Sequence(lambda n: f"f{n}")
    description = "Factory credit"


def make_home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    # A transactional test flushes the tables, including the root page and
    # locale that Wagtail's migrations created; recreate them when missing.
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = root.add_child(instance=HomePage(title="Home", slug="home-test"))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


DEFAULT_REQUIREMENTS = [(Category.DIDACTIC, 2, None), (Category.ETHICS, 1, None)]


def make_program(
    home=None,
    *,
    required_hours=3,
    requirements=DEFAULT_REQUIREMENTS,
    lessons=2,
    slug=None,
) -> ProgramPage:
    """A small program: one course, one module, `lessons` one-hour didactic lessons."""
    home = home or make_home_page()
    n = ProgramPage.objects.count() + 1
    program = home.add_child(
        instance=ProgramPage(
            title=f"Program {n}",
            slug=slug or f"program-{n}",
            required_hours=required_hours,
        )
    )
    for i, (category, min_hours, cap) in enumerate(requirements):
        ProgramCategoryRequirement.objects.create(
            program=program,
            category=category,
            min_hours=min_hours,
            cap_hours=cap,
            sort_order=i,
        )
    course = program.add_child(instance=CoursePage(title="Core", slug="core"))
    module = course.add_child(instance=ModulePage(title="Module 1", slug="module-1"))
    for i in range(lessons):
        add_lesson(module, title=f"Lesson {i + 1}")
    return program


def add_lesson(module, *, title, minutes=60, category=Category.DIDACTIC) -> LessonPage:
    lesson = LessonPage(
        title=title,
        credited_minutes=minutes,
        category=category,
        objectives="Know the thing.",
        body=[("heading", {"text": f"About {title}", "level": "h2"})],
    )
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def lessons_of(program) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(program).live().order_by("path"))
