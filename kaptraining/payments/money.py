"""Pure money arithmetic in integer minor units (no floats, no database)."""

import datetime

from dateutil.relativedelta import relativedelta


def split_evenly(total_cents: int, parts: int) -> list[int]:
    """`parts` amounts that sum exactly to the total; the last takes the remainder."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    if total_cents < 0:
        raise ValueError("total must not be negative")
    each = total_cents // parts
    return [each] * (parts - 1) + [total_cents - each * (parts - 1)]


def monthly_dates(first: datetime.date, count: int) -> list[datetime.date]:
    """The first date, then the same day in each following month (clamped to
    the month's end, from the first date each time, so 31 Jan -> 28 Feb -> 31 Mar)."""
    return [first + relativedelta(months=i) for i in range(count)]


def percent_of(amount_cents: int, percent: int) -> int:
    """`percent`% of an amount, rounded half up to the cent, never above it."""
    return min(amount_cents, (amount_cents * percent + 50) // 100)


def refund_percent(*, days_until_start: int, tiers: list[tuple[int, int]]) -> int:
    """The most generous tier whose deadline has not passed; 0 when none applies.
    `tiers` are (days_before_start, percent) pairs."""
    applicable = [percent for days, percent in tiers if days_until_start >= days]
    return max(applicable, default=0)
