"""Load the demo, part by part; each part once (see base.Demo.unit)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test.utils import override_settings

from .base import Demo, at, local
from .ce import load_home_study
from .constants import DEMO_DOMAIN, DEMO_PASSWORD
from .curriculum import home_page, load_program, load_site, program_page
from .delivery import credit_rule
from .directory import load_directory_page
from .finished import load_finished_cohort
from .media import load_media
from .mentorship import load_mentors
from .models import DemoUnit
from .newsletter import load_newsletter
from .payments import load_tuition
from .people import load_team
from .practice import load_consent_practice
from .practicums import load_sites
from .retreats import load_retreats
from .running import load_running_cohort
from .spanish import load_spanish_pages
from .upcoming import load_newcomer, load_open_cohort, load_retreat_cohort


class DemoRefused(Exception):
    """load_demo must not run here; the message says why."""


def refuse_unless_allowed() -> None:
    if not settings.KAP_DEMO_ALLOWED:
        raise DemoRefused(
            "load_demo refuses to run: these settings do not allow demo data "
            "(KAP_DEMO_ALLOWED is off, as it always is under production "
            "settings). The demo creates accounts, including a superuser, with "
            "a password published in the README; load it only on a development "
            "machine (make demo)."
        )
    if (
        not DemoUnit.objects.exists()
        and get_user_model().objects.filter(email__iendswith="@" + DEMO_DOMAIN).exists()
    ):
        raise DemoRefused(
            "This database holds demo data from an earlier version of load_demo, "
            "which cannot be brought up to date in place. Delete the database "
            "(db.sqlite3 for make demo) and run make demo again."
        )


def load(demo: Demo) -> list[str]:
    """Build every missing part of the story; returns the parts built.
    Mail the story would send stays in memory (nobody is e-mailed), and
    tuition is paid in the offline demo checkout whatever the settings say."""
    refuse_unless_allowed()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PAYMENTS_BACKEND="offline",
    ):
        sent = len(getattr(mail, "outbox", []))
        demo.unit("site", lambda: _site(demo))
        demo.unit("program", lambda: _program(demo))
        demo.unit("lesson-media", lambda: load_media(demo))
        demo.unit("team", lambda: _team(demo))
        demo.unit("cohort-finished", lambda: load_finished_cohort(demo))
        demo.unit("cohort-running", lambda: load_running_cohort(demo))
        demo.unit("cohort-open", lambda: load_open_cohort(demo))
        demo.unit("cohort-retreat", lambda: load_retreat_cohort(demo))
        demo.unit("newcomer", lambda: load_newcomer(demo))
        demo.unit("retreats", lambda: load_retreats(demo))
        demo.unit("ce-home-study", lambda: load_home_study(demo))
        demo.unit("newsletter", lambda: load_newsletter(demo))
        demo.unit("consent-practice", lambda: load_consent_practice(demo))
        demo.unit("spanish-pages", lambda: load_spanish_pages(demo))
        demo.held_mail = len(getattr(mail, "outbox", [])) - sent
    return demo.made


def _site(demo: Demo) -> None:
    load_site(demo)
    with at(local(demo.calendar.program_created, 11, tz="America/Los_Angeles")):
        load_directory_page(home_page())


def _program(demo: Demo) -> None:
    load_program(demo)
    program = program_page()
    with at(local(demo.calendar.program_created, 12, tz="America/Los_Angeles")):
        credit_rule(program)
        load_tuition(program)


def _team(demo: Demo) -> None:
    with at(local(demo.calendar.program_created, 13, tz="America/Los_Angeles")):
        load_team(demo)
        load_sites(demo)
        load_mentors(demo)


LOGINS = [
    ("staff", "organisation staff: Wagtail admin at /admin/"),
    ("trainer", "trainer of every cohort: see the roster of Cohort 2"),
    ("mentor", "Casey's mentor: her latest meeting awaits his confirmation"),
    ("supervisor", "practicum supervisor at Bayview: signs off observation logs"),
    ("alex", "new: enrol in Cohort 3 (starts next month) and pay"),
    ("blair", "place reserved in Cohort 3, tuition not paid"),
    ("casey", "half way through Cohort 2, on a payment plan"),
    ("dana", "1.5 h short: complete 'The arc of a dosing session'"),
    ("emery", "certified practitioner, listed in the directory"),
    ("imani", "home-study CE course done: CE certificate at /hours/ce/"),
]


def print_logins(stdout, style, demo: Demo) -> None:
    stdout.write(
        style.SUCCESS("Demo data ready. Every demo account uses the password: ")
        + DEMO_PASSWORD
    )
    for key, role in LOGINS:
        stdout.write(f"  {key + '@' + DEMO_DOMAIN:34} {role}")
