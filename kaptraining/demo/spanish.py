"""The home page in Spanish (issue 21): staff translated it with
wagtail-localize a week after the program was published, so /es/ greets a
visitor in Spanish; every other page falls back to English on /es/ until an
editor translates it (Pages > Translate in the admin)."""

import datetime

from kaptraining.pages.translation import page_translate

from .base import Demo, at, local
from .curriculum import home_page

HOME_IN_SPANISH = {
    "Home": "Inicio",
    "Train in ketamine-assisted psychotherapy, with a cohort that has your back": (
        "Fórmese en psicoterapia asistida con ketamina, con una cohorte que lo acompaña"
    ),
    "Our nonprofit trains licensed clinicians in ketamine-assisted "
    "psychotherapy: 150 hours over one year of study, live intensives, observed "
    "practice and mentorship.": (
        "Nuestra organización sin fines de lucro forma a profesionales clínicos "
        "con licencia en psicoterapia asistida con ketamina: 150 horas en un año "
        "de estudio, intensivos en vivo, práctica observada y mentoría."
    ),
}


def load_spanish_pages(demo: Demo) -> None:
    """The home page's Spanish translation, published by staff."""
    staff = demo.account("staff")
    day = demo.calendar.program_created + datetime.timedelta(days=7)
    with at(local(day, 10, tz="America/Los_Angeles")):
        page_translate(
            page=home_page(), language="es", strings=HOME_IN_SPANISH, user=staff
        )
