"""Smaller findings of issue 14 in cohorts: licence documents are checked by
their content, and a place reserved but not paid for gets the schedule but
not the join links."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cohorts.models import Application, CalendarToken
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import PDF_BYTES, LiveSessionFactory

pytestmark = pytest.mark.django_db
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _application(document):
    return {
        "licence_type": "lcsw",
        "licence_state": "WA",
        "licence_number": "LW 60812345",
        "licence_expiry": (
            timezone.localdate() + datetime.timedelta(days=400)
        ).isoformat(),
        "professional_background": "Community mental health, 8 years.",
        "statement": "I want to train in KAP.",
        "licence_document": document,
    }


@pytest.mark.parametrize(
    "name, content",
    [
        ("licence.pdf", b"<html><script>alert(1)</script></html>"),
        ("licence.pdf", b"MZ\x90\x00 a Windows program"),
        ("licence.jpg", PDF_BYTES),  # a real PDF, named as a photo
        ("licence.png", b"GIF89a....."),
    ],
)
def test_licence_document_is_judged_by_its_content(client, program, name, content):
    cohort = CohortFactory(program=program, admission="application")
    client.force_login(UserFactory())
    upload = SimpleUploadedFile(name, content, "application/pdf")

    response = client.post(
        reverse("cohorts:apply", args=[cohort.pk]), _application(upload)
    )

    assert response.status_code == 400
    assert "Upload a PDF, PNG or JPEG file" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "name, content", [("licence.pdf", PDF_BYTES), ("scan.PNG", PNG_BYTES)]
)
def test_real_pdf_and_png_licences_are_accepted(client, program, name, content):
    cohort = CohortFactory(program=program, admission="application")
    client.force_login(UserFactory())
    upload = SimpleUploadedFile(name, content, "application/octet-stream")

    response = client.post(
        reverse("cohorts:apply", args=[cohort.pk]), _application(upload)
    )

    assert response.status_code == 302
    assert Application.objects.count() == 1


def _feed_events(client, user):
    token = CalendarToken.objects.create(user=user)
    body = client.get(reverse("cohorts:trainee_calendar", args=[token.token])).content
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_unpaid_place_feed_has_the_schedule_but_no_join_links(client, program):
    cohort = CohortFactory(program=program)
    LiveSessionFactory(cohort=cohort, title="Integration circle")
    reserved = EnrolmentFactory(cohort=cohort, status="pending_payment").trainee

    events = _feed_events(client, reserved)

    assert [str(e["summary"]) for e in events] == ["Integration circle (Webinar)"]
    text = Calendar.to_ical(events[0]).decode()
    assert "meet.example.org" not in text


def test_paid_place_and_trainer_feeds_keep_their_join_links(client, program):
    cohort = CohortFactory(program=program)
    LiveSessionFactory(cohort=cohort)
    active = EnrolmentFactory(cohort=cohort).trainee
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)

    for user in (active, trainer):
        events = _feed_events(client, user)
        assert "meet.example.org" in Calendar.to_ical(events[0]).decode()
