"""Money arithmetic in integer cents."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from kaptraining.payments.money import (
    monthly_dates,
    percent_of,
    refund_percent,
    split_evenly,
)


@given(
    total=st.integers(min_value=0, max_value=10**9),
    parts=st.sampled_from([2, 3, 6, 12, 24]),
)
def test_split_evenly_any_total_sums_exactly_and_last_takes_remainder(total, parts):
    amounts = split_evenly(total, parts)
    assert len(amounts) == parts
    assert sum(amounts) == total
    assert all(isinstance(a, int) for a in amounts)
    assert len(set(amounts[:-1])) <= 1
    assert 0 <= amounts[-1] - amounts[0] < parts


def test_split_evenly_odd_cents_go_to_the_last():
    assert split_evenly(100001, 3) == [33333, 33333, 33335]
    assert split_evenly(480000, 12) == [40000] * 12


def test_monthly_dates_month_end_clamps_without_drifting():
    dates = monthly_dates(datetime.date(2027, 1, 31), 3)
    assert dates == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
    ]


def test_percent_of_rounds_half_up_and_never_exceeds_amount():
    assert percent_of(333, 50) == 167
    assert percent_of(480000, 25) == 120000
    assert percent_of(999, 100) == 999


def test_refund_percent_policy_tiers_pick_most_generous_still_open():
    tiers = [(30, 100), (0, 50)]
    assert refund_percent(days_until_start=45, tiers=tiers) == 100
    assert refund_percent(days_until_start=30, tiers=tiers) == 100
    assert refund_percent(days_until_start=10, tiers=tiers) == 50
    assert refund_percent(days_until_start=0, tiers=tiers) == 50
    assert refund_percent(days_until_start=-1, tiers=tiers) == 0
    assert refund_percent(days_until_start=99, tiers=[]) == 0
