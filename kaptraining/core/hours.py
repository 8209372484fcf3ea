"""Minutes as hours: the one rule every page, CSV, PDF, e-mail and credential uses.

The ledger counts whole minutes. People read decimal hours, rounded half up
to two places with trailing zeros dropped: 90 -> "1.5", 20 -> "0.33",
125 -> "2.08", 120 -> "2". Rounding is decimal (not binary floating point),
so a CSV cell, a PDF line and the page always show the same figure.
"""

from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.01")


def hours_decimal(minutes: int | None) -> Decimal:
    """Minutes as hours, rounded half up to two decimal places."""
    return (Decimal(int(minutes or 0)) / 60).quantize(PLACES, rounding=ROUND_HALF_UP)


def format_hours(minutes: int | None) -> str:
    """Minutes as hours for people: "1.5", "0.33", "2" (no unit; the sentence
    around it says "hours")."""
    value = hours_decimal(minutes)
    if value == 0:
        return "0"
    return f"{value.normalize():f}"
