"""The Wagtail admin views staff use for delivery records render, and kept
records cannot be deleted there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, EnrolmentStatus, LiveSession, SeatOffer
from tests.factories import EnrolmentFactory, UserFactory
from tests.factories.cohorts import ApplicationFactory, LiveSessionFactory

pytestmark = pytest.mark.django_db

VIEWSETS = [
    "cohort_admin",
    "cohort_application_admin",
    "cohort_offer_admin",
    "enrolment_admin",
    "cohort_session_admin",
    "cohort_attendance_admin",
    "cohort_credit_rule_admin",
    "cohort_announcement_admin",
    "cohort_thread_admin",
    "cohort_post_admin",
]


@pytest.fixture
def staff_client(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_index_pages_render(staff_client, program):
    application = ApplicationFactory(cohort__program=program)
    LiveSessionFactory(cohort=application.cohort)
    for name in VIEWSETS:
        response = staff_client.get(reverse(f"{name}:index"))
        assert response.status_code == 200, name


def test_admin_session_edit_bumps_sequence_and_cannot_delete(staff_client, program):
    session = LiveSessionFactory(cohort__program=program)
    url = reverse("cohort_session_admin:edit", args=[session.pk])
    assert staff_client.get(url).status_code == 200
    local = timezone.localtime(session.starts_at)
    data = {
        "cohort": session.cohort_id,
        "kind": session.kind,
        "title": "Renamed webinar",
        "description": "",
        "starts_at": local.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (local + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "location": "",
        "meeting_url": session.meeting_url,
        "facilitator": "",
        "credited_minutes": "120",
        "category": session.category,
        "status": "scheduled",
        "cancel_reason": "",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.sequence) == ("Renamed webinar", 1)
    delete = reverse("cohort_session_admin:delete", args=[session.pk])
    assert staff_client.post(delete).status_code in (302, 403)
    assert LiveSession.objects.filter(pk=session.pk).exists()


def test_admin_withdraw_enrolment_frees_place(staff_client, program):
    enrolment = EnrolmentFactory(cohort__program=program)
    url = reverse("enrolment_admin:edit", args=[enrolment.pk])

    refused = staff_client.post(url, {"status": EnrolmentStatus.COMPLETED})
    assert refused.status_code == 200
    assert "can only be withdrawn here" in refused.content.decode()
    response = staff_client.post(url, {"status": EnrolmentStatus.WITHDRAWN})

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    assert not SeatOffer.objects.exists()
    assert not Attendance.objects.exists()
