"""Find obvious client identifiers in free text before it is stored (practicum
logs, mentorship meeting notes: any app that stores notes about sessions).

We cannot know clients' names (sites keep their client lists), so we look for
what identifies a person by itself: dates of birth, phone numbers, e-mail
addresses, street addresses and PO boxes, social security numbers and medical
record numbers. The check is
deliberately conservative about dates: a session date such as "May 3" is fine,
a full date many years back (or any date after "DOB"/"born") is not."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KIND_LABELS = {
    "email": gettext_lazy("an e-mail address"),
    "phone": gettext_lazy("a phone number"),
    "ssn": gettext_lazy("a social security number"),
    "dob": gettext_lazy("a date of birth"),
    "record": gettext_lazy("a record number"),
    "address": gettext_lazy("a street address"),
}

_STREET_SUFFIX = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|"
    r"way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|"
    r"trail|trl)\b\.?"
)
# A house number, one to three capitalised (or ordinal) street-name words and a
# street type: "1420 Oak Street", "12 W 5th Ave., Apt 3B". Lower-case words
# keep ordinary prose ("a 20 minute drive") out.
_STREET = (
    r"\b\d{1,6}[A-Z]?\s+(?:[NSEW]\.?\s+)?"
    r"(?:(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))\s+){1,3}"
    rf"{_STREET_SUFFIX}"
    r"(?:,?\s*(?:(?i:apt|apartment|unit|suite|ste)\.?\s*|#\s*)[\w-]+)?"
)

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_NUMERIC_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}"
_WORD_DATE = (
    rf"{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS},?\s+\d{{4}}"
)
_ANY_DATE = rf"(?:{_NUMERIC_DATE}|{_WORD_DATE}|(?:19|20)\d{{2}})"

PATTERNS = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)),
    (
        "dob",
        re.compile(
            rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on|\s+in)?)\s*[:#-]?\s*{_ANY_DATE}",
            re.I,
        ),
    ),
    ("ssn", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")),
    ("address", re.compile(_STREET)),
    ("address", re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+", re.I)),
    (
        "record",
        re.compile(
            r"\b(?:mrn|medical\s+record(?:\s+(?:number|no\.?|#))?|"
            r"(?:record|chart|patient|client|case|account|member)\s*(?:number|no\.?|id|#))"
            r"\s*[:#]?\s*[A-Z]{0,3}-?\d[\dA-Z-]{2,}",
            re.I,
        ),
    ),
    (
        "phone",
        re.compile(
            r"(?<![\d-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\d-])|(?<!\d)\d{10}(?!\d)"
        ),
    ),
    # A bare long number is most likely a record or account number.
    ("record", re.compile(r"(?<![\d.,])\d{6,}(?![\d.,])")),
]

_FULL_DATE = re.compile(
    rf"(?<![\d/.-])(?:{_NUMERIC_DATE}|{_WORD_DATE})(?![\d/.-])", re.I
)
_YEAR = re.compile(r"(\d{4}|\d{2})\s*$")

# A full date this many years back cannot be a session in a one-year program.
OLD_DATE_YEARS = 10


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _year_of(date_text: str) -> int | None:
    text = date_text.strip()
    iso = re.match(r"(\d{4})-\d{1,2}-\d{1,2}$", text)
    if iso:
        return int(iso.group(1))
    match = _YEAR.search(text)
    if not match:
        return None
    year = int(match.group(1))
    if year < 100:  # two-digit year: assume the most recent past century
        this_year = timezone.localdate().year
        year += 2000 if year <= this_year % 100 else 1900
    return year


def find_identifiers(text: str, *, today: datetime.date | None = None) -> list[Finding]:
    """All identifier-like spans in text, in order of appearance, without overlaps."""
    if not text:
        return []
    today = today or timezone.localdate()
    spans: list[tuple[int, int, str]] = []

    def add(start, end, kind):
        if any(start < e and s < end for s, e, _k in spans):
            return
        spans.append((start, end, kind))

    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            add(match.start(), match.end(), kind)
    for match in _FULL_DATE.finditer(text):
        year = _year_of(match.group(0))
        if year is not None and year <= today.year - OLD_DATE_YEARS:
            add(match.start(), match.end(), "dob")
    spans.sort()
    return [Finding(kind, text[s:e].strip()) for s, e, kind in spans]


def identifier_message(findings: list[Finding]) -> str:
    """A full sentence naming what was found, for the person who typed it."""
    parts = [f"{f.label} (“{f.text[:40]}”)" for f in findings]
    return _(
        "This text seems to contain client-identifying information: %(found)s. "
        "Remove it and describe the client only in general terms, for example "
        "“a client in her forties”."
    ) % {"found": "; ".join(parts)}


def validate_no_identifiers(text: str) -> None:
    """Form validator: refuse text with identifiers, naming what was found."""
    findings = find_identifiers(text)
    if findings:
        raise ValidationError(identifier_message(findings), code="client_identifier")
