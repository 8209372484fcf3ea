"""Marking a whole session at once: a fixed number of queries per batch, the
same append-only corrections, all or nothing, audit rows and certificate
checks as for single marks, and large markings queued for a task."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cohorts.attendance import (
    AttendanceError,
    attendance_mark,
    attendance_mark_many,
    attendance_marking_start,
    attendance_marking_step,
)
from cohorts.meeting_import import attendance_import_apply, attendance_import_create
from cohorts.models import (
    Attendance,
    AttendanceMarking,
    CreditRule,
    Enrolment,
    MarkingStatus,
)
from kaptraining.accounts.models import User
from kaptraining.credits.models import LedgerEntry
from kaptraining.credits.services import ledger_credit_many, ledger_reverse_many
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import LiveSessionFactory

pytestmark = pytest.mark.django_db

# Per batch, whatever its size (savepoints included): lock the session, lock
# the enrolments, read current rows, insert rows, look up and insert ledger
# credits, link rows to credits, two audit-log inserts; plus one lookup by
# the CE receiver (issue 16) of activity profiles using the session, made once
# per batch whatever its size.
FRESH_QUERIES = 14
# A correction adds: mark old rows not current, their audit rows, lock the
# old credits, check none is reversed, insert reversals, their audit rows.
CORRECTION_QUERIES = 22  # includes the same single CE profile lookup


def _trainees(cohort, n, *, status="active"):
    """n enrolments in bulk (factories would cost seconds at 200)."""
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"t{cohort.pk}-{status}-{i}@batch.example.org",
            first_name="Trainee",
            last_name=f"{i:03d}",
            password=password,
        )
        for i in range(n)
    )
    return Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, trainee=u, status=status) for u in users
    )


@pytest.fixture
def cohort(program):
    cohort = CohortFactory(program=program, capacity=500)
    # The rule, and content types for the audit log, are read once per process
    # or per call outside the batch; make them exist so counts are stable.
    CreditRule.objects.create(program=program)
    ContentType.objects.get_for_models(Attendance, LedgerEntry)
    return cohort


@pytest.fixture
def trainer(cohort):
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    return trainer


def _marks(enrolments, status="present", minutes=None):
    return [{"enrolment": e, "status": status, "minutes": minutes} for e in enrolments]


@pytest.mark.parametrize("n", [10, 200])
def test_mark_many_fresh_costs_same_queries_at_any_size(
    n, cohort, trainer, django_assert_num_queries
):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, n)
    rule = CreditRule.objects.get(program=cohort.program)

    with django_assert_num_queries(FRESH_QUERIES):
        changed = attendance_mark_many(
            session=session, marks=_marks(enrolments), by=trainer, rule=rule
        )

    assert changed == n
    assert Attendance.objects.filter(session=session, is_current=True).count() == n
    assert LedgerEntry.objects.filter(source="attendance", minutes=120).count() == n
    assert not Attendance.objects.filter(ledger_entry__isnull=True).exists()


@pytest.mark.parametrize("n", [10, 200])
def test_mark_many_correction_costs_same_queries_at_any_size(
    n, cohort, trainer, django_assert_num_queries
):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, n)
    rule = CreditRule.objects.get(program=cohort.program)
    attendance_mark_many(
        session=session, marks=_marks(enrolments), by=trainer, rule=rule
    )

    with django_assert_num_queries(CORRECTION_QUERIES):
        changed = attendance_mark_many(
            session=session,
            marks=_marks(enrolments, "left_early", 60),
            by=trainer,
            rule=rule,
        )

    assert changed == n
    assert LedgerEntry.objects.filter(minutes=-120, reverses__isnull=False).count() == n
    assert LedgerEntry.objects.filter(minutes=60).count() == n


def test_mark_many_unchanged_writes_nothing(cohort, trainer, django_assert_num_queries):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 30)
    attendance_mark_many(session=session, marks=_marks(enrolments), by=trainer)
    rows, entries = Attendance.objects.count(), LedgerEntry.objects.count()

    changed = attendance_mark_many(
        session=session, marks=_marks(enrolments), by=trainer
    )

    assert changed == 0
    assert (Attendance.objects.count(), LedgerEntry.objects.count()) == (rows, entries)


def test_mark_many_correction_is_append_only_like_single_marks(cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    ana, ben, cy = _trainees(cohort, 3)
    attendance_mark_many(session=session, marks=_marks([ana, ben, cy]), by=trainer)

    changed = attendance_mark_many(
        session=session,
        marks=[
            {"enrolment": ana, "status": "present", "minutes": None},  # unchanged
            {"enrolment": ben, "status": "left_early", "minutes": 60},
            {"enrolment": cy, "status": "absent", "minutes": None},
        ],
        by=trainer,
    )

    assert changed == 2
    ben_rows = list(Attendance.objects.filter(enrolment=ben).order_by("pk"))
    assert [(r.status, r.is_current) for r in ben_rows] == [
        ("present", False),
        ("left_early", True),
    ]
    assert ben_rows[1].supersedes == ben_rows[0]
    ben_entries = list(LedgerEntry.objects.filter(trainee=ben.trainee).order_by("pk"))
    assert [e.minutes for e in ben_entries] == [120, -120, 60]
    assert ben_entries[1].reverses == ben_entries[0]
    assert "present to left early" in ben_entries[1].reason
    assert ben_rows[1].ledger_entry == ben_entries[2]
    cy_entries = LedgerEntry.objects.filter(trainee=cy.trainee)
    assert sorted(cy_entries.values_list("minutes", flat=True)) == [-120, 120]
    cy_now = Attendance.objects.get(enrolment=cy, is_current=True)
    assert (cy_now.status, cy_now.ledger_entry) == ("absent", None)
    assert Attendance.objects.filter(enrolment=ana).count() == 1


def test_single_and_batch_marks_agree(cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    one, two = _trainees(cohort, 2)

    single, _ = attendance_mark(
        session=session, enrolment=one, status="late", minutes=95, by=trainer
    )
    attendance_mark_many(session=session, marks=_marks([two], "late", 95), by=trainer)

    batch = Attendance.objects.get(enrolment=two)
    fields = ("status", "minutes_attended", "credited_minutes", "rule", "source")
    assert [getattr(single, f) for f in fields] == [getattr(batch, f) for f in fields]
    assert single.ledger_entry.minutes == batch.ledger_entry.minutes == 90
    assert single.ledger_entry.earned_on == batch.ledger_entry.earned_on


def test_mark_many_one_bad_mark_writes_nothing_and_names_everyone(cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    good = _trainees(cohort, 5)
    ana = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(first_name="Ana", last_name="Reyes")
    )
    gone = EnrolmentFactory(
        cohort=cohort,
        status="withdrawn",
        trainee=UserFactory(first_name="Ben", last_name="Ortiz"),
    )
    logs_before = LogEntry.objects.count()

    with pytest.raises(AttendanceError) as caught:
        attendance_mark_many(
            session=session,
            marks=[
                *_marks(good),
                {"enrolment": ana, "status": "late", "minutes": 500},
                {"enrolment": gone, "status": "present", "minutes": None},
            ],
            by=trainer,
        )

    assert caught.value.errors == [
        "Minutes attended by Ana Reyes must be between 0 and 120, "
        "the session's length.",
        "Ben Ortiz has no active place in the cohort, so attendance cannot be "
        "recorded.",
    ]
    assert not Attendance.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert LogEntry.objects.count() == logs_before


def test_mark_many_trainee_of_another_cohort_is_refused(cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    stranger = EnrolmentFactory(cohort=CohortFactory(program=cohort.program))
    with pytest.raises(AttendanceError, match="not in the session's cohort"):
        attendance_mark_many(session=session, marks=_marks([stranger]), by=trainer)
    assert not Attendance.objects.exists()


def test_mark_many_writes_audit_rows_like_saves(cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 4)
    attendance_mark_many(session=session, marks=_marks(enrolments), by=trainer)
    attendance_mark_many(
        session=session, marks=_marks(enrolments, "absent"), by=trainer
    )

    attendance_type = ContentType.objects.get_for_model(Attendance)
    ledger_type = ContentType.objects.get_for_model(LedgerEntry)
    created = LogEntry.objects.filter(
        content_type=attendance_type, action=LogEntry.Action.CREATE
    )
    assert created.count() == 8
    assert set(created.values_list("actor", flat=True)) == {trainer.pk}
    first = created.get(object_id=Attendance.objects.filter(is_current=False)[0].pk)
    assert first.changes["status"] == ["None", "present"]
    assert first.changes["credited_minutes"] == ["None", "120"]
    assert "ledger_entry" in first.changes
    updated = LogEntry.objects.filter(
        content_type=attendance_type, action=LogEntry.Action.UPDATE
    )
    assert updated.count() == 4
    assert all(u.changes == {"is_current": ["True", "False"]} for u in updated)
    assert (
        LogEntry.objects.filter(
            content_type=ledger_type, action=LogEntry.Action.CREATE
        ).count()
        == LedgerEntry.objects.count()
        == 8
    )


def test_mark_many_checks_each_trainee_for_a_certificate_after_commit(
    cohort, trainer, django_capture_on_commit_callbacks
):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 3)
    attendance_mark_many(session=session, marks=_marks(enrolments), by=trainer)

    with django_capture_on_commit_callbacks() as callbacks:
        attendance_mark_many(
            session=session, marks=_marks(enrolments, "left_early", 60), by=trainer
        )

    # As for single marks, the reversal and the new credit each ask for the
    # check, run after commit; the task re-reads the ledger, so both agree.
    enqueued = [
        (cb.func.__self__.name, cb.args) for cb in callbacks if hasattr(cb, "func")
    ]
    check = "certificates.issue_if_eligible"
    assert sorted(enqueued) == sorted(
        (check, (e.trainee_id, cohort.program_id)) for e in enrolments * 2
    )


# --- The ledger's bulk services -------------------------------------------------


def test_ledger_credit_many_credits_each_source_once(cohort):
    one, two = _trainees(cohort, 2)

    def entries():
        return [
            LedgerEntry(
                trainee_id=e.trainee_id,
                program=cohort.program,
                category="didactic",
                minutes=60,
                source="adjustment",
                source_id=f"bulk-{e.pk}",
                description="Bulk",
            )
            for e in (one, two)
        ]

    first = ledger_credit_many(entries=entries())
    again = ledger_credit_many(entries=entries())

    assert [created for _e, created in first] == [True, True]
    assert [created for _e, created in again] == [False, False]
    assert [e.pk for e, _c in again] == [e.pk for e, _c in first]
    assert LedgerEntry.objects.count() == 2


def test_ledger_reverse_many_refuses_a_second_reversal(cohort, trainer):
    (one,) = _trainees(cohort, 1)
    [(entry, _created)] = ledger_credit_many(
        entries=[
            LedgerEntry(
                trainee_id=one.trainee_id,
                program=cohort.program,
                category="didactic",
                minutes=60,
                source="adjustment",
                source_id="x",
                description="Bulk",
            )
        ]
    )
    [reversal] = ledger_reverse_many(reversals=[(entry, "Wrong")], by=trainer)
    assert (reversal.minutes, reversal.reverses_id) == (-60, entry.pk)

    with pytest.raises(ValueError, match="already been reversed"):
        ledger_reverse_many(reversals=[(entry, "Again")], by=trainer)
    with pytest.raises(ValueError, match="cannot itself be reversed"):
        ledger_reverse_many(reversals=[(reversal, "Again")], by=trainer)
    with pytest.raises(ValueError, match="needs a reason"):
        ledger_reverse_many(reversals=[(entry, " ")], by=trainer)
    assert LedgerEntry.objects.count() == 2


def test_correcting_a_credit_staff_already_reversed_reverses_nothing_twice(
    cohort, trainer
):
    from kaptraining.credits.services import ledger_reverse

    session = LiveSessionFactory(cohort=cohort)
    (ana,) = _trainees(cohort, 1)
    attendance_mark_many(session=session, marks=_marks([ana]), by=trainer)
    first = Attendance.objects.get(enrolment=ana, is_current=True).ledger_entry
    ledger_reverse(entry=first, reason="Duplicate credit", by=trainer)

    changed = attendance_mark_many(
        session=session, marks=_marks([ana], "left_early", 60), by=trainer
    )

    assert changed == 1
    entries = LedgerEntry.objects.filter(trainee=ana.trainee).order_by("pk")
    assert [e.minutes for e in entries] == [120, -120, 60]
    assert Attendance.objects.get(enrolment=ana, is_current=True).status == "left_early"


# --- Large markings: queued, saved in batches --------------------------------------


def test_marking_step_saves_batches_and_resumes_at_cursor(cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 5)
    marking = attendance_marking_start(
        session=session, marks=_marks(enrolments), by=trainer
    )
    assert marking.status == MarkingStatus.QUEUED
    assert not Attendance.objects.exists()  # nothing saved before the task runs

    assert attendance_marking_step(marking_id=marking.pk, batch_size=2)
    marking.refresh_from_db()
    assert (marking.done, marking.changed, marking.status) == (2, 2, "running")
    assert Attendance.objects.count() == 2

    while attendance_marking_step(marking_id=marking.pk, batch_size=2):
        pass
    # A redelivered task finds the marking finished and does nothing.
    assert not attendance_marking_step(marking_id=marking.pk, batch_size=2)

    marking.refresh_from_db()
    assert (marking.done, marking.changed, marking.status) == (5, 5, "done")
    assert marking.finished_at is not None
    assert Attendance.objects.count() == LedgerEntry.objects.count() == 5


def test_marking_start_with_a_bad_mark_queues_nothing(cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 3)
    with pytest.raises(AttendanceError, match="must be between 0 and 120"):
        attendance_marking_start(
            session=session,
            marks=[*_marks(enrolments[:2]), *_marks(enrolments[2:], "late", 121)],
            by=trainer,
        )
    assert not AttendanceMarking.objects.exists()


def test_marking_batch_failing_later_stops_with_reason(cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 4)
    marking = attendance_marking_start(
        session=session, marks=_marks(enrolments), by=trainer
    )
    assert attendance_marking_step(marking_id=marking.pk, batch_size=2)
    # The last trainee withdraws while the marking is under way.
    Enrolment.objects.filter(pk=enrolments[3].pk).update(status="withdrawn")

    assert not attendance_marking_step(marking_id=marking.pk, batch_size=2)

    marking.refresh_from_db()
    assert (marking.status, marking.done) == ("failed", 2)
    assert "has no active place in the cohort" in marking.error
    assert Attendance.objects.count() == 2  # the failed batch wrote nothing


def _form_post(enrolments, status="present"):
    return {f"status_{e.pk}": status for e in enrolments}


def test_attendance_view_large_marking_is_queued_with_progress_page(
    client, cohort, trainer, settings, django_capture_on_commit_callbacks
):
    settings.ATTENDANCE_TASK_THRESHOLD = 3
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 4)
    client.force_login(trainer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("cohorts:attendance", args=[session.pk]), _form_post(enrolments)
        )

    marking = AttendanceMarking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cohorts:attendance_marking", args=[marking.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "Saving attendance for 4 trainees… 0 done." in page
    assert '<progress id="marking-progress" max="4" value="0">' in page
    assert f'href="{response["Location"]}"' in page  # refresh without JS
    assert (
        "See progress"
        in client.get(reverse("cohorts:attendance", args=[session.pk])).content.decode()
    )

    for callback in callbacks:  # the commit: the (eager) task runs
        callback()

    page = client.get(response["Location"]).content.decode()
    assert "Attendance saved for 4 trainees: 4 changes recorded." in page
    assert Attendance.objects.filter(is_current=True).count() == 4


def test_attendance_view_small_marking_stays_synchronous(client, cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 3)
    client.force_login(trainer)

    response = client.post(
        reverse("cohorts:attendance", args=[session.pk]), _form_post(enrolments)
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:attendance", args=[session.pk])
    assert Attendance.objects.count() == 3
    assert not AttendanceMarking.objects.exists()


def test_large_import_is_applied_by_the_task(
    cohort, trainer, settings, django_capture_on_commit_callbacks
):
    settings.ATTENDANCE_TASK_THRESHOLD = 1
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 3)
    start = session.starts_at.astimezone(cohort.tzinfo).replace(tzinfo=None)
    rows = "".join(
        f"T,{e.trainee.email},{start:%Y-%m-%d %H:%M},"
        f"{start + datetime.timedelta(minutes=120):%Y-%m-%d %H:%M}\n"
        for e in enrolments
    )
    imp = attendance_import_create(
        session=session,
        data=f"Name,Email,Join Time,Leave Time\n{rows}".encode(),
        filename="zoom.csv",
        by=trainer,
    )

    with django_capture_on_commit_callbacks(execute=True):
        n = attendance_import_apply(
            import_id=imp.pk,
            assignments={r["key"]: r["enrolment_id"] for r in imp.rows},
            by=trainer,
        )

    assert n == 3
    marking = AttendanceMarking.objects.get(attendance_import=imp)
    assert (marking.status, marking.changed) == ("done", 3)
    assert set(Attendance.objects.values_list("source", flat=True)) == {"import"}
    imp.refresh_from_db()
    assert imp.applied_at is not None


def test_marking_progress_only_for_cohort_trainers_and_staff(client, cohort, trainer):
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 2)
    marking = attendance_marking_start(
        session=session, marks=_marks(enrolments), by=trainer
    )
    url = reverse("cohorts:attendance_marking", args=[marking.pk])

    client.force_login(UserFactory(is_trainer=True))  # another cohort's trainer
    assert client.get(url).status_code == 404
    client.force_login(enrolments[0].trainee)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 200
    client.force_login(trainer)
    assert client.get(url).status_code == 200


def test_marking_by_other_trainer_is_not_found_and_queues_nothing(
    client, cohort, settings
):
    settings.ATTENDANCE_TASK_THRESHOLD = 1
    session = LiveSessionFactory(cohort=cohort)
    enrolments = _trainees(cohort, 3)
    client.force_login(UserFactory(is_trainer=True))

    response = client.post(
        reverse("cohorts:attendance", args=[session.pk]), _form_post(enrolments)
    )

    assert response.status_code == 404
    assert not AttendanceMarking.objects.exists()
    assert not Attendance.objects.exists()
