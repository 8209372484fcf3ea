"""CE Broker roster in CE Broker's Excel upload layouts.

CE Broker takes attendance as a spreadsheet: one sheet of participants who
earned the course's full credit and one of those who earned partial credit
(with the hours earned). Licence numbers must read as the state's licence
verification database shows them; a row with a missing or malformed number
is refused with a message rather than uploaded to fail at CE Broker.
"""

import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kaptraining.accounts.models import Profession
from kaptraining.credits.models import CECertificate

FULL_SHEET = "Full Credit"
PARTIAL_SHEET = "Partial Credit"
FULL_HEADER = [
    "Provider Tracking Number",
    "Course Tracking Number",
    "Licensee Profession",
    "License Number",
    "License State",
    "First Name",
    "Last Name",
    "Date Completed",
]
PARTIAL_HEADER = [*FULL_HEADER[:-1], "Partial Credit Hours", "Date Completed"]

# As the state databases print them: letters (the licence type prefix, as
# some states use) then digits, optionally separated by a space or hyphen,
# e.g. "PSY 12345", "LCSW-98765", "123456". Nothing else.
LICENCE_RE = re.compile(r"^(?:[A-Z]{1,6}[ -]?)?\d{3,10}$")


def normalise_licence(number: str) -> str:
    return " ".join((number or "").upper().split())


def licence_problem(number: str) -> str:
    """Empty when the number can be reported, else why not."""
    value = normalise_licence(number)
    if not value:
        return _("No licence number is on file.")
    if not LICENCE_RE.match(value):
        return _(
            "The licence number %(number)s is not in the form the state's "
            "verification database shows (letters of the licence type, then "
            "digits, e.g. PSY 12345)."
        ) % {"number": value}
    return ""


def _profession(value: str) -> str:
    return str(Profession(value).label) if value in Profession.values else value


@dataclass
class RosterResult:
    content: bytes
    full: int
    partial: int
    refused: list[tuple[str, str]]  # (participant, reason)


def _full_hours(activity, body: str) -> Decimal | None:
    for credit in activity.credits.all():
        if credit.approval.body == body:
            return credit.credit_hours
    return None


def ce_broker_roster(activity) -> RosterResult:
    """The workbook for one activity: valid certificates whose credit comes
    from an approval with a CE Broker provider number. Fixed queries."""
    activity = (
        type(activity).objects.prefetch_related("credits__approval").get(pk=activity.pk)
    )
    wb = Workbook()
    full = wb.active
    full.title = FULL_SHEET
    partial = wb.create_sheet(PARTIAL_SHEET)
    for sheet, header in ((full, FULL_HEADER), (partial, PARTIAL_HEADER)):
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    refused: list[tuple[str, str]] = []
    counts = {"full": 0, "partial": 0}
    certificates = (
        CECertificate.objects.filter(activity=activity, status="valid")
        .select_related("trainee")
        .order_by("participant_name", "pk")
    )
    for cert in certificates:
        for credit in cert.credits:
            provider = credit.get("ce_broker_provider_number")
            if not provider:
                continue
            problem = licence_problem(cert.licence_number)
            if problem:
                refused.append((cert.participant_name, problem))
                continue
            row = [
                provider,
                activity.ce_broker_course_number,
                _profession(cert.profession),
                normalise_licence(cert.licence_number),
                cert.licence_state,
                cert.trainee.first_name,
                cert.trainee.last_name,
            ]
            completed = cert.completed_on.strftime("%m/%d/%Y")
            hours = Decimal(credit["hours"])
            offered = _full_hours(activity, credit["body"])
            if offered is not None and hours < offered:
                partial.append([*row, float(hours), completed])
                counts["partial"] += 1
            else:
                full.append([*row, completed])
                counts["full"] += 1
    for sheet in (full, partial):
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column) + 2
            sheet.column_dimensions[column[0].column_letter].width = min(width, 40)
    out = io.BytesIO()
    wb.save(out)
    return RosterResult(out.getvalue(), counts["full"], counts["partial"], refused)
