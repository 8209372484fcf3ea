"""The requirement engine: caps, windows across time zones, extensions,
reversals, pending hours and non-hour items."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from kaptraining.certificates.models import Certificate
from kaptraining.credits import checks
from kaptraining.credits.models import ProgramRequirementSettings
from kaptraining.credits.progress import program_progress
from kaptraining.credits.services import (
    ledger_reverse,
    requirement_signoff_record,
    window_extension_grant,
)
from kaptraining.curriculum.models import ProgramCategoryRequirement
from tests.credits.conftest import credit
from tests.factories import CohortFactory, EnrolmentFactory
from tests.factories.credits import ExternalHoursClaimFactory

pytestmark = pytest.mark.django_db


def progress_of(s, **kw):
    return program_progress(trainee_id=s.trainee.pk, program=s.program, **kw)


def meet_hours(s):
    credit(s.trainee, s.program, "didactic", 120)
    credit(s.trainee, s.program, "ethics", 60)


def window_end(s):
    return progress_of(s).window.ends_on


def test_progress_hours_met_licensed_trainee_is_eligible(setup):
    meet_hours(setup)
    progress = progress_of(setup)
    assert progress.counted_minutes == 180
    assert progress.eligible
    assert progress.missing == []


def test_progress_hours_above_cap_do_not_count_twice(setup):
    ProgramCategoryRequirement.objects.filter(
        program=setup.program, category="didactic"
    ).update(cap_hours=2)
    credit(setup.trainee, setup.program, "didactic", 300)

    progress = progress_of(setup)
    didactic = next(c for c in progress.categories if c.category == "didactic")

    assert (
        didactic.earned_minutes,
        didactic.counted_minutes,
        didactic.over_cap_minutes,
    ) == (300, 120, 180)
    assert progress.counted_minutes == 120  # the 3 extra hours do not fill the total
    assert not progress.eligible
    assert "1 more hour of ethics and law" in progress.missing


def test_progress_uncategorised_hours_count_towards_total_only(setup):
    credit(setup.trainee, setup.program, "didactic", 120)
    credit(setup.trainee, setup.program, "elective", 60)
    progress = progress_of(setup)
    assert progress.counted_minutes == 180
    assert not progress.eligible  # ethics minimum still unmet
    assert progress.missing == ["1 more hour of ethics and law"]


def test_progress_entry_on_last_day_of_window_counts(setup):
    credit(setup.trainee, setup.program, "didactic", 60, earned_on=window_end(setup))
    assert progress_of(setup).counted_minutes == 60


def test_progress_entry_after_window_does_not_count(setup):
    credit(
        setup.trainee,
        setup.program,
        "didactic",
        60,
        earned_on=window_end(setup) + datetime.timedelta(days=1),
    )
    progress = progress_of(setup)
    assert progress.counted_minutes == 0
    assert progress.outside_window_minutes == 60


def test_progress_entry_before_cohort_start_does_not_count(setup):
    credit(
        setup.trainee,
        setup.program,
        "didactic",
        60,
        earned_on=setup.cohort.start_date - datetime.timedelta(days=1),
    )
    assert progress_of(setup).counted_minutes == 0


def test_window_is_twelve_months_from_cohort_start_by_default(setup):
    window = progress_of(setup).window
    assert window.starts_on == setup.cohort.start_date
    assert window.ends_on == setup.cohort.start_date.replace(
        year=setup.cohort.start_date.year + 1
    ) - datetime.timedelta(days=1)
    assert window.days_left == (window.ends_on - window.today).days + 1


def test_ledger_credit_late_evening_in_cohort_zone_counts_on_last_day(home_page):
    """23:30 on the last day in Los Angeles is already the next day in UTC."""
    from tests.factories import make_program

    program = make_program(home_page, lessons=0)
    cohort = CohortFactory(
        program=program,
        start_date=datetime.date(2026, 1, 1),
        timezone="America/Los_Angeles",
    )
    trainee = EnrolmentFactory(cohort=cohort).trainee
    la = zoneinfo.ZoneInfo("America/Los_Angeles")
    last_evening = datetime.datetime(
        2026, 12, 31, 23, 30, tzinfo=la
    )  # 2027-01-01 07:30 UTC
    next_morning = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=la)

    on_time = credit(trainee, program, "didactic", 60, earned_at=last_evening)
    late = credit(trainee, program, "didactic", 45, earned_at=next_morning)

    assert on_time.earned_on == datetime.date(2026, 12, 31)
    assert late.earned_on == datetime.date(2027, 1, 1)
    progress = program_progress(
        trainee_id=trainee.pk, program=program, now=next_morning
    )
    assert progress.counted_minutes == 60
    assert progress.outside_window_minutes == 45
    assert progress.window.closed


def test_window_today_is_taken_in_cohort_zone(home_page):
    from tests.factories import make_program

    program = make_program(home_page, lessons=0)
    cohort = CohortFactory(
        program=program,
        start_date=datetime.date(2026, 1, 1),
        timezone="Pacific/Auckland",
    )
    trainee = EnrolmentFactory(cohort=cohort).trainee
    # 11:00 UTC on Dec 31 is already Jan 1 in Auckland: the window has closed there.
    now = datetime.datetime(2026, 12, 31, 11, 0, tzinfo=datetime.UTC)
    window = program_progress(trainee_id=trainee.pk, program=program, now=now).window
    assert window.today == datetime.date(2027, 1, 1)
    assert window.closed and window.days_left == 0


def test_extension_makes_later_hours_count(setup, staff):
    late_day = window_end(setup) + datetime.timedelta(days=10)
    credit(setup.trainee, setup.program, "didactic", 60, earned_on=late_day)
    assert progress_of(setup).counted_minutes == 0

    window_extension_grant(
        trainee=setup.trainee,
        program=setup.program,
        ends_on=late_day,
        reason="Parental leave",
        by=staff,
    )

    progress = progress_of(setup)
    assert progress.counted_minutes == 60
    assert progress.window.extended
    assert progress.window.extension_reason == "Parental leave"


def test_extension_latest_row_applies(setup, staff):
    base = window_end(setup)
    window_extension_grant(
        trainee=setup.trainee,
        program=setup.program,
        ends_on=base + datetime.timedelta(days=90),
        reason="Illness",
        by=staff,
    )
    window_extension_grant(
        trainee=setup.trainee,
        program=setup.program,
        ends_on=base + datetime.timedelta(days=30),
        reason="Correction: 30 days agreed",
        by=staff,
    )
    assert progress_of(setup).window.ends_on == base + datetime.timedelta(days=30)


def test_extension_without_reason_is_refused(setup, staff):
    with pytest.raises(ValidationError):
        window_extension_grant(
            trainee=setup.trainee,
            program=setup.program,
            ends_on=window_end(setup) + datetime.timedelta(days=5),
            reason="  ",
            by=staff,
        )


def test_extension_not_after_standard_end_is_refused(setup, staff):
    with pytest.raises(ValidationError) as exc:
        window_extension_grant(
            trainee=setup.trainee,
            program=setup.program,
            ends_on=window_end(setup),
            reason="Nothing to extend",
            by=staff,
        )
    assert "must be after the standard window ends" in str(exc.value)


def test_reversal_removes_hours_and_eligibility(setup, staff):
    credit(setup.trainee, setup.program, "didactic", 120)
    ethics = credit(setup.trainee, setup.program, "ethics", 60)
    assert progress_of(setup).eligible

    ledger_reverse(entry=ethics, reason="Session was not attended", by=staff)

    progress = progress_of(setup)
    assert progress.counted_minutes == 120
    assert not progress.eligible


def test_reversal_cancels_in_original_window_even_when_made_later(setup, staff):
    entry = credit(
        setup.trainee, setup.program, "didactic", 60, earned_on=setup.cohort.start_date
    )
    reversal = ledger_reverse(entry=entry, reason="Duplicate", by=staff)
    assert reversal.earned_on == entry.earned_on
    progress = progress_of(setup)
    assert (progress.counted_minutes, progress.outside_window_minutes) == (0, 0)


def test_reversal_twice_is_refused(setup, staff):
    entry = credit(setup.trainee, setup.program)
    ledger_reverse(entry=entry, reason="Wrong category", by=staff)
    with pytest.raises(ValueError, match="already been reversed"):
        ledger_reverse(entry=entry, reason="Again", by=staff)


def test_pending_external_hours_shown_apart_and_not_counted(setup):
    ExternalHoursClaimFactory(
        trainee=setup.trainee, program=setup.program, category="ethics", minutes=90
    )
    progress = progress_of(setup)
    ethics = next(c for c in progress.categories if c.category == "ethics")
    assert progress.pending_minutes == 90
    assert ethics.pending_minutes == 90
    assert ethics.counted_minutes == 0
    assert progress.counted_minutes == 0


def test_pre_licensed_trainee_with_hours_is_not_eligible(setup):
    setup.trainee.licence_type = "pre_licensed"
    setup.trainee.save()
    meet_hours(setup)
    progress = progress_of(setup)
    assert progress.hours_met
    assert not progress.eligible
    assert any(
        "Pre-licensed trainees cannot be certified" in line for line in progress.missing
    )


def test_expired_licence_is_not_current(setup):
    # Expired yesterday on the cohort's calendar.
    setup.trainee.licence_expiry = progress_of(setup).window.today - datetime.timedelta(
        days=1
    )
    setup.trainee.save()
    meet_hours(setup)
    progress = progress_of(setup)
    assert not progress.eligible
    assert any("expired" in line for line in progress.missing)


def test_missing_licence_number_is_not_on_file(setup):
    setup.trainee.licence_number = ""
    setup.trainee.save()
    meet_hours(setup)
    assert (
        "Add your licence type and number to your profile."
        in progress_of(setup).missing
    )


def test_unpaid_tuition_blocks_eligibility(setup):
    setup.enrolment.status = "pending_payment"
    setup.enrolment.save()
    meet_hours(setup)
    progress = progress_of(setup)
    assert not progress.eligible
    assert "Settle your tuition for this program." in progress.missing


def test_not_enrolled_is_not_eligible(home_page):
    from tests.factories import UserFactory, make_program

    program = make_program(home_page, lessons=0)
    trainee = UserFactory()
    credit(trainee, program, "didactic", 120)
    credit(trainee, program, "ethics", 60)
    progress = program_progress(trainee_id=trainee.pk, program=program)
    assert not progress.eligible
    assert progress.window is None
    assert "Enrol in a cohort of this program." in progress.missing


def test_required_signoff_items_block_until_recorded(setup, staff):
    ProgramRequirementSettings.objects.create(
        program=setup.program,
        required_items=["licence_current", "consent_assessment", "final_evaluation"],
    )
    meet_hours(setup)
    assert progress_of(setup).missing == [
        "Pass the assessed consent-conversation practice.",
        "Submit the program's final evaluation.",
    ]

    requirement_signoff_record(
        trainee=setup.trainee,
        program=setup.program,
        item="consent_assessment",
        by=staff,
    )
    requirement_signoff_record(
        trainee=setup.trainee, program=setup.program, item="final_evaluation", by=staff
    )
    assert progress_of(setup).eligible

    # A correction is a new row; the latest applies.
    requirement_signoff_record(
        trainee=setup.trainee,
        program=setup.program,
        item="final_evaluation",
        passed=False,
        note="Submitted for another program",
        by=staff,
    )
    assert progress_of(setup).missing == ["Submit the program's final evaluation."]


def test_program_settings_can_waive_default_items(setup):
    setup.enrolment.status = "pending_payment"
    setup.enrolment.save()
    ProgramRequirementSettings.objects.create(
        program=setup.program, required_items=["licence_current"]
    )
    meet_hours(setup)
    assert progress_of(setup).eligible


def test_signoff_unknown_item_is_refused(setup, staff):
    with pytest.raises(ValidationError):
        requirement_signoff_record(
            trainee=setup.trainee, program=setup.program, item="made_up", by=staff
        )


def test_registered_check_from_another_app_is_used(setup):
    original = checks.get_check("tuition_settled")

    @checks.register_check(
        "tuition_settled",
        label="Tuition",
        missing="Pay the last instalment.",
        replace=True,
    )
    def strict(program, contexts):
        return {ctx.trainee.pk: checks.Outcome(False) for ctx in contexts}

    try:
        meet_hours(setup)
        assert "Pay the last instalment." in progress_of(setup).missing
    finally:
        checks.register_check(
            original.key, label=original.label, missing=original.missing, replace=True
        )(original.func)
    assert progress_of(setup).eligible


def test_register_check_twice_without_replace_fails():
    with pytest.raises(ValueError, match="already registered"):
        checks.register_check("licence_current", label="x", missing="y")(
            lambda p, c: {}
        )


def test_certificate_issued_after_commit_when_eligible(
    setup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meet_hours(setup)
    assert (
        Certificate.objects.filter(trainee=setup.trainee, status="valid").count() == 1
    )


def test_reversal_before_issuance_cancels_certificate(
    setup, staff, django_capture_on_commit_callbacks
):
    # The credits commit and enqueue issuance, but the task has not run yet...
    with django_capture_on_commit_callbacks(execute=False) as pending_tasks:
        credit(setup.trainee, setup.program, "didactic", 120)
        ethics = credit(setup.trainee, setup.program, "ethics", 60)
    # ...when staff reverse an entry; then every queued task runs.
    with django_capture_on_commit_callbacks(execute=True):
        ledger_reverse(entry=ethics, reason="Attendance not verified", by=staff)
    for task in pending_tasks:
        task()

    # Two issuance tasks (the others drop cached progress, issue 19).
    assert len([t for t in pending_tasks if "issue_if_eligible" in repr(t)]) == 2
    assert not Certificate.objects.filter(trainee=setup.trainee).exists()


def test_ledger_changes_are_audit_logged_and_rows_kept(setup, staff):
    from auditlog.models import LogEntry

    entry = credit(setup.trainee, setup.program)
    reversal = ledger_reverse(entry=entry, reason="Wrong trainee", by=staff)

    assert (
        LogEntry.objects.get_for_object(entry)
        .filter(action=LogEntry.Action.CREATE)
        .exists()
    )
    assert (
        LogEntry.objects.get_for_object(reversal)
        .filter(action=LogEntry.Action.CREATE)
        .exists()
    )
    with pytest.raises(ValidationError):
        entry.delete()
    assert entry.__class__.objects.filter(pk=entry.pk).exists()
