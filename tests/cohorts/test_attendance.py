"""Attendance: credit rules, ledger credit and corrections, meeting-report import."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.attendance import AttendanceError, attendance_mark, credit_for
from cohorts.meeting_import import (
    ImportFileError,
    attendance_import_apply,
    attendance_import_create,
)
from cohorts.models import Attendance, AttendanceImport, CreditRule, CreditRuleKind
from kaptraining.credits.models import LedgerEntry
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import LiveSessionFactory

pytestmark = pytest.mark.django_db


def _session(minutes=180, credited=180):
    start = datetime.datetime(2026, 5, 1, 16, 0, tzinfo=datetime.UTC)
    return LiveSessionFactory.build(
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
        credited_minutes=credited,
    )


@pytest.mark.parametrize(
    ("kind", "attended", "expected"),
    [
        # 15-minute steps: 170 of 180 minutes -> 165
        (CreditRuleKind.STEPS, 170, 165),
        (CreditRuleKind.STEPS, 180, 180),
        (CreditRuleKind.STEPS, 14, 0),
        (CreditRuleKind.PROPORTIONAL, 170, 170),
        # whole hours: up to 15 minutes missed keeps every hour
        (CreditRuleKind.HOUR_FORFEIT, 165, 180),
        # 16 minutes missed forfeits one hour
        (CreditRuleKind.HOUR_FORFEIT, 164, 120),
        # 75 missed: one hour lost entirely, 15 more tolerated
        (CreditRuleKind.HOUR_FORFEIT, 105, 120),
        (CreditRuleKind.HOUR_FORFEIT, 104, 60),
        (CreditRuleKind.HOUR_FORFEIT, 0, 0),
    ],
)
def test_credit_for_rules(kind, attended, expected):
    rule = CreditRule(kind=kind, step_minutes=15, forfeit_after_minutes=15)
    credit = credit_for(rule=rule, session=_session(), status="late", minutes=attended)
    assert credit.minutes == expected
    assert credit.rule.endswith(f"-> {expected}/180 min")


@pytest.mark.parametrize(("attended", "expected"), [(0, 0), (10, 10), (70, 70)])
def test_credit_for_whole_hours_gives_nothing_for_nothing_attended(
    attended, expected
):
    # 70 minutes: one hour can be forfeited, the last 10 minutes cannot
    rule = CreditRule(kind=CreditRuleKind.HOUR_FORFEIT, forfeit_after_minutes=15)
    credit = credit_for(
        rule=rule, session=_session(70, 70), status="late", minutes=attended
    )
    assert credit.minutes == expected


def test_credit_for_scales_to_session_credit():
    # a 3-hour intensive that credits 2.5 hours; half attended -> 75 min
    rule = CreditRule(kind=CreditRuleKind.PROPORTIONAL)
    assert (
        credit_for(
            rule=rule, session=_session(180, 150), status="left_early", minutes=90
        ).minutes
        == 75
    )


@pytest.mark.parametrize("status", ["absent", "excused"])
def test_credit_for_absent_is_zero(status):
    rule = CreditRule(kind=CreditRuleKind.PROPORTIONAL)
    assert (
        credit_for(rule=rule, session=_session(), status=status, minutes=180).minutes
        == 0
    )


@pytest.fixture
def setup(program):
    cohort = CohortFactory(program=program)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    enrolment = EnrolmentFactory(cohort=cohort)
    session = LiveSessionFactory(cohort=cohort, credited_minutes=120)
    return cohort, trainer, enrolment, session


def test_mark_present_credits_ledger_with_rule(setup):
    cohort, trainer, enrolment, session = setup
    CreditRule.objects.create(program=cohort.program, kind=CreditRuleKind.HOUR_FORFEIT)

    row, changed = attendance_mark(
        session=session, enrolment=enrolment, status="late", minutes=100, by=trainer
    )

    assert changed
    entry = LedgerEntry.objects.get(trainee=enrolment.trainee)
    assert (entry.minutes, entry.category, entry.source) == (
        60,
        "didactic",
        "attendance",
    )
    assert "20 min missed, 1 h forfeited" in entry.rule
    assert entry.approved_by == trainer
    assert row.ledger_entry == entry


def test_correction_reverses_and_recredits_nothing_deleted(setup):
    cohort, trainer, enrolment, session = setup
    first, _ = attendance_mark(
        session=session, enrolment=enrolment, status="present", minutes=None, by=trainer
    )
    again, changed = attendance_mark(
        session=session, enrolment=enrolment, status="present", minutes=None, by=trainer
    )
    assert (again.pk, changed) == (first.pk, False)

    second, changed = attendance_mark(
        session=session,
        enrolment=enrolment,
        status="left_early",
        minutes=60,
        by=trainer,
    )

    assert changed
    entries = list(LedgerEntry.objects.filter(trainee=enrolment.trainee).order_by("pk"))
    assert [e.minutes for e in entries] == [120, -120, 60]
    assert entries[1].reverses == entries[0]
    assert "present to left early" in entries[1].reason
    assert sum(e.minutes for e in entries) == 60
    rows = Attendance.objects.filter(enrolment=enrolment).order_by("pk")
    assert [(r.status, r.is_current) for r in rows] == [
        ("present", False),
        ("left_early", True),
    ]
    assert second.supersedes == first

    attendance_mark(
        session=session, enrolment=enrolment, status="absent", minutes=None, by=trainer
    )
    assert (
        sum(
            LedgerEntry.objects.filter(trainee=enrolment.trainee).values_list(
                "minutes", flat=True
            )
        )
        == 0
    )
    assert Attendance.objects.filter(enrolment=enrolment).count() == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"minutes": 500}, "between 0 and 120"),
        ({"status": "sleeping"}, "Choose an attendance status"),
    ],
)
def test_mark_bad_input_writes_nothing(setup, change, message):
    _cohort, trainer, enrolment, session = setup
    kwargs = {
        "session": session,
        "enrolment": enrolment,
        "status": "late",
        "minutes": 60,
        "by": trainer,
    }
    kwargs.update(change)
    with pytest.raises(AttendanceError, match=message):
        attendance_mark(**kwargs)
    assert not Attendance.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_mark_future_session_is_refused(setup):
    cohort, trainer, enrolment, _session = setup
    later = timezone.now() + datetime.timedelta(days=2)
    future = LiveSessionFactory(
        cohort=cohort, starts_at=later, ends_at=later + datetime.timedelta(hours=1)
    )
    with pytest.raises(AttendanceError, match="once the session has started"):
        attendance_mark(
            session=future,
            enrolment=enrolment,
            status="present",
            minutes=None,
            by=trainer,
        )


def test_attendance_view_marks_and_shows_credit(client, setup):
    cohort, trainer, enrolment, session = setup
    client.force_login(trainer)
    url = reverse("cohorts:attendance", args=[session.pk])

    response = client.post(
        url, {f"status_{enrolment.pk}": "late", f"minutes_{enrolment.pk}": "95"}
    )

    assert response.status_code == 302
    assert (
        LedgerEntry.objects.get(trainee=enrolment.trainee).minutes == 90
    )  # 15-min steps
    client.force_login(enrolment.trainee)
    page = client.get(reverse("cohorts:home", args=[cohort.pk])).content.decode()
    assert "1.5 h credited" in page


def test_attendance_view_late_without_minutes_is_400(client, setup):
    _cohort, trainer, enrolment, session = setup
    client.force_login(trainer)
    response = client.post(
        reverse("cohorts:attendance", args=[session.pk]),
        {f"status_{enrolment.pk}": "late"},
    )
    assert response.status_code == 400
    assert "Enter the minutes" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_view_other_trainer_and_trainee_not_found(client, setup):
    _cohort, _trainer, enrolment, session = setup
    url = reverse("cohorts:attendance", args=[session.pk])
    client.force_login(UserFactory(is_trainer=True))
    assert client.get(url).status_code == 404
    assert client.post(url, {f"status_{enrolment.pk}": "present"}).status_code == 404
    client.force_login(enrolment.trainee)
    assert client.get(url).status_code == 404
    assert not Attendance.objects.exists()


def _report(session, rows):
    tz = session.cohort.tzinfo
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)"]
    for name, email, join_min, leave_min in rows:
        j = timezone.localtime(
            session.starts_at + datetime.timedelta(minutes=join_min), tz
        )
        lv = timezone.localtime(
            session.starts_at + datetime.timedelta(minutes=leave_min), tz
        )
        fmt = "%m/%d/%Y %I:%M:%S %p"
        duration = leave_min - join_min
        lines.append(f"{name},{email},{j.strftime(fmt)},{lv.strftime(fmt)},{duration}")
    return ("\n".join(lines) + "\n").encode()


def test_import_matches_email_only_and_leaves_name_lookalikes_unmatched(setup):
    cohort, trainer, enrolment, session = setup
    ana = enrolment.trainee
    ben = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(first_name="Ben", last_name="Ortiz")
    ).trainee
    data = _report(
        session,
        [
            (ana.get_full_name(), ana.email.upper(), 0, 50),  # dropped and rejoined
            (ana.get_full_name(), ana.email, 45, 120),
            ("Ben Ortiz", "ben.personal@gmail.example", 20, 120),  # name only
            ("iPhone 12", "", 0, 120),
        ],
    )

    imp = attendance_import_create(
        session=session, data=data, filename="zoom.csv", by=trainer
    )

    rows = {r["key"]: r for r in imp.rows}
    assert rows[ana.email]["match"] == "email"
    assert rows[ana.email]["rows"] == [2, 3]
    ben_row = rows["ben.personal@gmail.example"]
    assert ben_row["enrolment_id"] is None
    assert ben_row["suggested_enrolment_id"] == ben.enrolments.get().pk
    assert rows["iphone 12"]["enrolment_id"] is None
    assert not Attendance.objects.exists()  # nothing recorded before review

    # the trainer confirms only the e-mail match
    n = attendance_import_apply(
        import_id=imp.pk,
        assignments={r["key"]: r["enrolment_id"] for r in imp.rows},
        by=trainer,
    )
    assert n == 1
    mark = Attendance.objects.get()
    assert (
        mark.enrolment.trainee,
        mark.status,
        mark.minutes_attended,
        mark.source,
    ) == (ana, "present", 120, "import")
    assert not LedgerEntry.objects.filter(trainee=ben).exists()
    with pytest.raises(ImportFileError, match="already been applied"):
        attendance_import_apply(import_id=imp.pk, assignments={}, by=trainer)


def test_import_review_page_manual_match_records_late(client, setup):
    cohort, trainer, enrolment, session = setup
    ben = EnrolmentFactory(cohort=cohort)
    imp = attendance_import_create(
        session=session,
        data=_report(session, [("B.O. (iPad)", "", 30, 120)]),
        filename="r.csv",
        by=trainer,
    )
    client.force_login(trainer)
    url = reverse("cohorts:attendance_review", args=[imp.pk])
    page = client.get(url).content.decode()
    assert "Unmatched" in page

    response = client.post(url, {"match_0": str(ben.pk)})

    assert response.status_code == 302
    mark = Attendance.objects.get(enrolment=ben)
    assert (mark.status, mark.minutes_attended) == ("late", 90)


def test_import_bad_rows_refuse_whole_file_with_row_numbers(client, setup):
    _cohort, trainer, enrolment, session = setup
    csv_text = (
        "Name,Email,Join Time,Leave Time\n"
        f"Ana,{enrolment.trainee.email},2026-05-01 10:00,2026-05-01 12:00\n"
        "Ben,ben@example.org,yesterday,2026-05-01 12:00\n"
        "Cy,cy@example.org,2026-05-01 12:00,2026-05-01 10:00\n"
    )
    client.force_login(trainer)

    response = client.post(
        reverse("cohorts:attendance_upload", args=[session.pk]),
        {"file": _upload("zoom.csv", csv_text.encode())},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Row 3: join time “yesterday” is not a date and time." in html
    assert "Row 4: leave time is before join time." in html
    assert not AttendanceImport.objects.exists()


def test_import_missing_columns_is_explained(setup):
    _cohort, trainer, _enrolment, session = setup
    with pytest.raises(
        ImportFileError,
        match="needs columns for name or e-mail, join time and leave time",
    ):
        attendance_import_create(
            session=session, data=b"Who,When\nAna,now\n", filename="x.csv", by=trainer
        )


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, "text/csv")
