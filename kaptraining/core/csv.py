"""CSV exports: the one writer every export uses.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some, tab or carriage return) as a formula, so a trainee named
``=HYPERLINK(...)`` could plant a link or a command in a trainer's
spreadsheet. Every text cell that starts with one of those characters is
prefixed with an apostrophe, which spreadsheets show as text. Numbers stay
numbers: Python ints, floats and Decimals are written as they are, and so is
a string that is a plain decimal number ("-1.5", "2.42": what
``core.hours.format_hours`` gives), because a spreadsheet reads it as a value
and cannot run it. "+1" is not left alone: a leading plus is how a formula
hides behind a number.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

# ASCII triggers, and their full-width forms, which some spreadsheet locales
# also read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
PREFIX = "'"
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def safe_cell(value: Any) -> Any:
    """The value as a CSV cell that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return PREFIX + text
    return text


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file, **kwargs) -> SafeWriter:
    """A CSV writer on `file` that neutralises formula cells."""
    return SafeWriter(file, **kwargs)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """All rows (the header first) as one CSV document."""
    out = io.StringIO()
    writer(out).writerows(rows)
    return out.getvalue()


def safe_filename(name: str, *, suffix: str = ".csv") -> str:
    """A download name with no path, quotes or control characters, ending in
    `suffix` ("roster-cohort-12.csv")."""
    name = unicodedata.normalize("NFKC", str(name))
    name = re.sub(r"[^\w.\- ]+", "-", name, flags=re.UNICODE).strip(" .-")
    name = re.sub(r"[\s-]+", "-", name)[:120] or "export"
    if not name.lower().endswith(suffix):
        name += suffix
    return name


def _lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    out = writer(buffer)
    for row in rows:
        out.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_response(
    filename: str,
    rows: Iterable[Sequence[Any]] | str,
    *,
    stream: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A CSV download: rows (written safely) or text made by ``csv_text``, with
    a safe ``Content-Disposition``. ``stream=True`` writes row by row, for
    exports too large to hold in memory."""
    headers = {
        "Content-Disposition": content_disposition_header(
            as_attachment=True, filename=safe_filename(filename)
        ),
    }
    content_type = "text/csv; charset=utf-8"
    if isinstance(rows, str):
        return HttpResponse(rows, content_type=content_type, headers=headers)
    if stream:
        return StreamingHttpResponse(
            _lines(rows), content_type=content_type, headers=headers
        )
    return HttpResponse(csv_text(rows), content_type=content_type, headers=headers)
