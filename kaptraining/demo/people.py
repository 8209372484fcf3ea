"""The people of the demo who are not graduates (data/graduates.py holds
those): staff, the trainer, mentors, supervisors and the named trainees whose
story the README tells."""

from .base import Demo

# key: (first, last, fields). Every licensed trainee has what certification
# checks (licence type, state and number).
TEAM = {
    "staff": (
        "Sam",
        "Okafor",
        {"is_staff": True, "is_superuser": True, "timezone": "America/Los_Angeles"},
    ),
    "trainer": (
        "Rosa",
        "Delgado",
        {
            "is_trainer": True,
            "profession": "psychiatrist",
            "licence_type": "md_do",
            "licence_state": "CA",
            "licence_number": "A123456",
            "certificate_name": "Rosa Delgado, MD",
            "timezone": "America/Los_Angeles",
        },
    ),
    "mentor": (
        "Malik",
        "Henderson",
        {
            "is_mentor": True,
            "profession": "psychologist",
            "licence_type": "psychologist",
            "licence_state": "NY",
            "licence_number": "PSY 019876",
            "timezone": "America/New_York",
        },
    ),
    "mentor2": (
        "Grace",
        "Kim",
        {
            "is_mentor": True,
            "profession": "mft",
            "licence_type": "lmft",
            "licence_state": "CA",
            "licence_number": "LMFT 44120",
            "timezone": "America/Los_Angeles",
        },
    ),
    "mentor3": (
        "Tomás",
        "Ibarra",
        {
            "is_mentor": True,
            "profession": "social_worker",
            "licence_type": "lcsw",
            "licence_state": "CO",
            "licence_number": "CSW 0912",
            "timezone": "America/Denver",
        },
    ),
    "supervisor": (
        "Priya",
        "Raman",
        {
            "is_supervisor": True,
            "profession": "psychiatrist",
            "licence_type": "md_do",
            "licence_state": "CA",
            "licence_number": "G 88412",
            "timezone": "America/Los_Angeles",
        },
    ),
    "supervisor2": (
        "Jonah",
        "Whitcomb",
        {
            "is_supervisor": True,
            "profession": "nurse_practitioner",
            "licence_type": "pmhnp",
            "licence_state": "CO",
            "licence_number": "APN 0998877",
            "timezone": "America/Denver",
        },
    ),
}


def _trainee(profession, licence_type, state, number, tz, **extra):
    return {
        "profession": profession,
        "licence_type": licence_type,
        "licence_state": state,
        "licence_number": number,
        "timezone": tz,
        **extra,
    }


LA, NY, DEN, CHI = (
    "America/Los_Angeles",
    "America/New_York",
    "America/Denver",
    "America/Chicago",
)

# The running cohort: Casey (about half way) and classmates at every pace.
# key: (first, last, profile, pace) — pace is the share of their studies and
# sessions they keep up with.
RUNNING = {
    "casey": (
        "Casey",
        "Morgan",
        _trainee("mft", "lmft", "CA", "LMFT 98765", LA),
        0.9,
    ),
    "ivy": (
        "Ivy",
        "Chen",
        _trainee("psychologist", "psychologist", "WA", "PY 60234", LA),
        1.0,
    ),
    "jules": (
        "Jules",
        "Bennett",
        _trainee("counsellor", "lpc", "TX", "LPC 81234", CHI),
        0.95,
    ),
    "kendall": (
        "Kendall",
        "Brooks",
        _trainee("social_worker", "lcsw", "IL", "LCSW 14902", CHI),
        0.85,
    ),
    "lane": (
        "Lane",
        "Ortega",
        _trainee("nurse_practitioner", "pmhnp", "NM", "CNP 22187", DEN),
        0.9,
    ),
    "micah": (
        "Micah",
        "Feld",
        _trainee("psychiatrist", "md_do", "NY", "MD 301122", NY),
        0.8,
    ),
    "noor": ("Noor", "Haddad", _trainee("mft", "lmft", "CA", "LMFT 120998", LA), 0.95),
    "oakley": (
        "Oakley",
        "Grant",
        _trainee("counsellor", "lpc", "CO", "LPC 0019923", DEN),
        0.45,
    ),
    "parker": (
        "Parker",
        "Yazzie",
        _trainee("social_worker", "lcsw", "AZ", "LCSW 18811", DEN),
        0.6,
    ),
}

# Certified already, two hours short, and the newcomers.
DANA = (
    "Dana",
    "Whitfield",
    _trainee(
        "nurse_practitioner",
        "pmhnp",
        "CO",
        "APN 1012345",
        DEN,
        certificate_name="Dana Whitfield, PMHNP-BC",
    ),
)
ALEX = ("Alex", "Nguyen", _trainee("counsellor", "lpc", "OR", "C4821", LA))
BLAIR = (
    "Blair",
    "Thompson",
    _trainee("social_worker", "lcsw", "WA", "LW 60812345", LA),
)
# Paid places in the cohort that starts next month, one way each.
OPEN = {
    "rowan": (
        "Rowan",
        "Ellis",
        _trainee("psychologist", "psychologist", "MA", "PSY 10442", NY),
    ),
    "sage": ("Sage", "Moreno", _trainee("counsellor", "lpc", "AZ", "LPC 20871", DEN)),
    "taylor": ("Taylor", "Okonkwo", _trainee("nurse", "rn", "GA", "RN 271180", NY)),
}
# Applicants to the retreat cohort, which admits by application.
APPLICANTS = {
    "jordan": ("Jordan", "Ramirez", "lpc", "accept"),
    "kai": ("Kai", "Lee", "lmft", "accept"),
    "morgan": ("Morgan", "Price", "lcsw", "waitlist"),
    "erin": ("Erin", "Castillo", "pre_licensed", ""),
}


def load_team(demo: Demo) -> None:
    for key, (first, last, fields) in TEAM.items():
        demo.person(key, first, last, **fields)
