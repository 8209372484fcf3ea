"""Staff tools: the venue report (page, CSV, PDF) behind its permission,
arrivals, check-in, badges, day attendance crediting program hours through
the ledger, certificates of completion, messages to every registrant, and
the purge of sensitive details."""

import contextlib
import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, LiveSession
from cohorts.services import enrolment_activate
from kaptraining.certificates.models import Certificate
from kaptraining.core.models import OutboundEmail
from kaptraining.credits.models import LedgerEntry
from kaptraining.retreats.models import RetreatRegistration
from kaptraining.retreats.services import (
    registration_create,
    registrations_purge_sensitive,
    run_days_schedule,
)
from tests.conftest import pdf_text
from tests.factories import UserFactory

from .conftest import details_for, make_run

pytestmark = pytest.mark.django_db


def _staff(*, sensitive: bool):
    user = UserFactory(is_staff=True)
    if sensitive:
        user.user_permissions.add(Permission.objects.get(codename="view_sensitive"))
    return user


def _register(run, n=2, **overrides):
    """People registered for the run; for a run that has started, a month
    before its start (registration closes when a run starts)."""
    room = run.room_types.first()
    before_start = datetime.datetime.combine(
        run.cohort.start_date - datetime.timedelta(days=30),
        datetime.time(12),
        run.cohort.tzinfo,
    )
    with (
        time_machine.travel(before_start, tick=True)
        if run.cohort.has_started()
        else contextlib.nullcontext()
    ):
        return [
            registration_create(
                run_id=run.pk,
                trainee=UserFactory(first_name=f"Person{i}", last_name="Test"),
                room_type_id=room.pk,
                details=details_for(run, **overrides),
            )
            for i in range(n)
        ]


def test_venue_report_needs_the_sensitive_permission(client, run):
    _register(run, dietary_needs="Vegan")
    client.force_login(_staff(sensitive=False))

    for name in ("retreats:venue", "retreats:venue_csv", "retreats:venue_pdf"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 403
    page = client.get(reverse("retreats:run", args=[run.pk]))
    assert page.status_code == 200
    assert b"Peanuts" not in page.content
    assert reverse("retreats:venue", args=[run.pk]).encode() not in page.content


def test_venue_report_summarises_diets_and_needs_in_csv_and_pdf(
    client, retreat_page, tmp_path
):
    run = make_run(retreat_page, rooms=(("Shared", "shared", 6, 60000),))
    _register(run, dietary_needs="Vegan")
    _register(run, n=1, dietary_needs="", allergies="", accessibility_needs="")
    client.force_login(_staff(sensitive=True))

    page = client.get(reverse("retreats:venue", args=[run.pk]))
    csv = client.get(reverse("retreats:venue_csv", args=[run.pk]))
    pdf = client.get(reverse("retreats:venue_pdf", args=[run.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "vegan" in text and "no dietary needs" in text
    assert text.count("Ground-floor room") == 2
    lines = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode()
    rows = lines.strip().splitlines()
    assert rows[0].startswith("Name,Room,Arrival")
    assert len(rows) == 4
    assert "Peanuts" in lines and "+1 303 555 0100" in lines
    assert pdf["Content-Type"] == "application/pdf"
    body = pdf_text(pdf.content, tmp_path)
    assert "Venue report" in body and "Peanuts" in body and "vegan" in body


def test_arrivals_check_in_and_badges(client, run, tmp_path):
    first, second = _register(run)
    client.force_login(_staff(sensitive=False))

    arrivals = client.get(reverse("retreats:arrivals", args=[run.pk]))
    assert arrivals.status_code == 200
    assert first.trainee.display_name in arrivals.content.decode()
    response = client.post(
        reverse("retreats:check_in", args=[run.pk]), {"registration": first.pk}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.checked_in_at is not None
    badges = client.get(reverse("retreats:badges", args=[run.pk]))
    text = pdf_text(badges.content, tmp_path)
    assert first.trainee.display_name in text and second.trainee.display_name in text


def test_day_attendance_credits_program_hours_and_earns_a_certificate(
    client, retreat_page, committed
):
    run = make_run(retreat_page, starts_in_days=-6)
    # People registered while the run still took registrations (it closes at
    # its start, issue 15), and came.
    with time_machine.travel(timezone.now() - datetime.timedelta(days=20)):
        present, absent_once = _register(run)
    for registration in (present, absent_once):
        enrolment_activate(enrolment=registration.enrolment)
    days = run_days_schedule(run=run)
    assert len(days) == 4
    assert run_days_schedule(run=run) == days  # idempotent
    client.force_login(_staff(sensitive=False))

    for i, day in enumerate(days):
        marked = [present.enrolment_id] + ([absent_once.enrolment_id] if i else [])
        response = client.post(
            reverse("retreats:attendance", args=[run.pk, day.pk]),
            {"present": marked},
        )
        assert response.status_code == 302

    credits = LedgerEntry.objects.filter(
        trainee=present.trainee, program=run.page.program
    )
    assert sorted(credits.values_list("minutes", flat=True)) == [480] * 4
    assert set(credits.values_list("category", flat=True)) == {"experiential"}
    assert (
        sum(
            LedgerEntry.objects.filter(trainee=absent_once.trainee).values_list(
                "minutes", flat=True
            )
        )
        == 3 * 480
    )
    # Correcting a day appends: the absent day marked present later credits it.
    client.post(
        reverse("retreats:attendance", args=[run.pk, days[0].pk]),
        {"present": [present.enrolment_id, absent_once.enrolment_id]},
    )
    assert Attendance.objects.filter(enrolment=absent_once.enrolment).count() == 5

    with committed():
        response = client.post(reverse("retreats:certificates", args=[run.pk]))
    assert response.status_code == 302
    issued = Certificate.objects.filter(award_key=f"retreat:{run.pk}")
    assert set(issued.values_list("trainee_id", flat=True)) == {
        present.trainee_id,
        absent_once.trainee_id,
    }
    assert issued.first().hours_minutes == 4 * 480


def test_attendance_refuses_unknown_people(client, retreat_page):
    run = make_run(retreat_page, starts_in_days=-6)
    [registration] = _register(run, n=1)  # not paid
    day = run_days_schedule(run=run)[0]
    client.force_login(_staff(sensitive=False))

    response = client.post(
        reverse("retreats:attendance", args=[run.pk, day.pk]),
        {"present": [registration.enrolment_id]},
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()
    response = client.post(
        reverse("retreats:attendance", args=[run.pk, day.pk]), {"present": ["x"]}
    )
    assert response.status_code == 400


def test_message_goes_to_every_registrant_once(client, run):
    registrations = _register(run, n=3)
    registrations[2].status = "cancelled"
    registrations[2].save()
    client.force_login(_staff(sensitive=False))

    response = client.post(
        reverse("retreats:message", args=[run.pk]),
        {"subject": "Shuttle times", "body": "The shuttle leaves DEN at 14:00."},
    )

    assert response.status_code == 302
    sent = OutboundEmail.objects.filter(key__startswith="retreat_message:")
    assert sent.count() == 2
    assert "[" + run.page.title + "] Shuttle times" in sent.first().subject


def test_purge_blanks_sensitive_details_after_retention(retreat_page, settings):
    settings.RETREAT_SENSITIVE_RETENTION_DAYS = 30
    old = make_run(retreat_page, starts_in_days=-40)
    recent = make_run(retreat_page, starts_in_days=-10)
    [gone] = _register(old, n=1)
    [kept] = _register(recent, n=1)

    assert registrations_purge_sensitive() == 1
    assert registrations_purge_sensitive() == 0

    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.dietary_needs, gone.allergies, gone.emergency_contact_phone) == (
        "",
        "",
        "",
    )
    assert gone.sensitive_purged_at is not None
    assert gone.arrival_at is not None  # logistics stay
    assert kept.allergies == "Peanuts"
    # The audit log never held the sensitive values.
    logged = " ".join(
        str(e.changes) for e in LogEntry.objects.get_for_model(RetreatRegistration)
    )
    assert "Peanuts" not in logged and "555 0100" not in logged


def test_purge_task_runs_the_service(retreat_page, settings):
    from kaptraining.retreats.tasks import purge_sensitive

    settings.RETREAT_SENSITIVE_RETENTION_DAYS = 0
    run = make_run(retreat_page, starts_in_days=-10)
    _register(run, n=1)
    assert purge_sensitive.delay().get() == 1


def test_registrants_and_strangers_are_kept_out(client, run):
    [registration] = _register(run, n=1)
    stranger = UserFactory()
    client.force_login(stranger)
    assert (
        client.get(reverse("retreats:registration", args=[registration.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("retreats:cancel", args=[registration.pk])).status_code
        == 404
    )
    for name in ("retreats:run", "retreats:arrivals", "retreats:badges"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 404
    assert client.get(reverse("retreats:manage")).status_code == 404
    client.force_login(registration.trainee)
    assert (
        client.get(reverse("retreats:registration", args=[registration.pk])).status_code
        == 200
    )
    client.logout()
    response = client.get(reverse("retreats:register", args=[run.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # A draft run is not open for registration.
    run.cohort.status = "draft"
    run.cohort.save()
    client.force_login(stranger)
    assert client.get(reverse("retreats:register", args=[run.pk])).status_code == 404
    assert LiveSession.objects.count() == 0
    assert timezone.now() > datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def test_staff_manage_runs_and_room_types_in_the_wagtail_admin(client, run):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    assert client.get(reverse("retreats:manage")).status_code == 200
    edit = client.get(reverse("retreat_runs:edit", args=[run.pk]))
    assert edit.status_code == 200
    assert b"Room types" in edit.content and b"Single" in edit.content
    admin = client.get("/admin/")
    assert reverse("retreats:manage").encode() in admin.content
