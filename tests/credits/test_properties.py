"""Property-based: the total shown is the sum of what the ledger counts, and
no minute is counted twice (caps, reversals, window)."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaptraining.credits.progress import evaluate, program_progress
from kaptraining.credits.services import ledger_reverse
from kaptraining.curriculum.models import ProgramCategoryRequirement
from tests.credits.conftest import credit

CATEGORIES = ["didactic", "ethics", "elective", "mentorship"]


class Req:
    def __init__(self, category, min_hours, cap_hours):
        self.category, self.min_hours, self.cap_hours = category, min_hours, cap_hours


class Program:
    required_minutes = 150 * 60


requirements = st.lists(
    st.builds(
        lambda c, m, extra: Req(c, m, None if extra is None else m + extra),
        st.sampled_from(CATEGORIES),
        st.integers(0, 40),
        st.one_of(st.none(), st.integers(0, 40)),
    ),
    max_size=4,
    unique_by=lambda r: r.category,
)
earned = st.dictionaries(
    st.sampled_from(CATEGORIES), st.integers(-600, 6000), max_size=4
)


@given(requirements, earned)
def test_evaluate_total_is_sum_of_capped_categories(reqs, earned_by_category):
    progress = evaluate(
        earned_by_category=earned_by_category, program=Program(), requirements=reqs
    )

    assert progress.counted_minutes == sum(
        c.counted_minutes for c in progress.categories
    )
    assert {c.category for c in progress.categories} >= set(earned_by_category)
    for c in progress.categories:
        assert 0 <= c.counted_minutes <= max(0, earned_by_category.get(c.category, 0))
        if c.cap_minutes is not None:
            assert c.counted_minutes <= c.cap_minutes
    # Never more than was earned: nothing counts twice.
    assert progress.counted_minutes <= sum(
        max(0, m) for m in earned_by_category.values()
    )


entry = st.tuples(
    st.sampled_from(CATEGORIES),
    st.integers(1, 600),  # minutes
    st.integers(-20, 400),  # day offset from the cohort start
    st.booleans(),  # reversed later
)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    entries=st.lists(entry, max_size=8), cap=st.one_of(st.none(), st.integers(2, 10))
)
def test_ledger_total_equals_independent_count(setup, staff, entries, cap):
    """Against a straightforward re-count of the rows, per example in a
    rolled-back savepoint. Caps start at the 2 h didactic minimum."""
    sid = transaction.savepoint()
    try:
        ProgramCategoryRequirement.objects.filter(
            program=setup.program, category="didactic"
        ).update(cap_hours=cap)
        window = program_progress(
            trainee_id=setup.trainee.pk, program=setup.program
        ).window
        for category, minutes, offset, reverse in entries:
            e = credit(
                setup.trainee,
                setup.program,
                category,
                minutes,
                earned_on=setup.cohort.start_date + datetime.timedelta(days=offset),
            )
            if reverse:
                ledger_reverse(entry=e, reason="Property test", by=staff)

        progress = program_progress(trainee_id=setup.trainee.pk, program=setup.program)

        kept = {}
        outside = 0
        for category, minutes, offset, reverse in entries:
            if reverse:
                continue
            day = setup.cohort.start_date + datetime.timedelta(days=offset)
            if window.starts_on <= day <= window.ends_on:
                kept[category] = kept.get(category, 0) + minutes
            else:
                outside += minutes
        if cap is not None and "didactic" in kept:
            kept["didactic"] = min(kept["didactic"], cap * 60)
        assert progress.counted_minutes == sum(kept.values())
        assert progress.counted_minutes == sum(
            c.counted_minutes for c in progress.categories
        )
        assert progress.outside_window_minutes == outside
    finally:
        transaction.savepoint_rollback(sid)
