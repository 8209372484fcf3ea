"""Applications, staff decisions, the waitlist and its offers."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cohorts.admissions import (
    AdmissionError,
    application_decide,
    enrolment_withdraw,
    seat_offer_accept,
    seat_offers_expire,
    waitlist_advance,
)
from cohorts.models import (
    Application,
    ApplicationStatus,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    OfferStatus,
    SeatOffer,
)
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import PDF_BYTES, ApplicationFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "licence_type": "lcsw",
        "licence_state": "WA",
        "licence_number": "LW 60812345",
        "licence_expiry": (
            timezone.localdate() + datetime.timedelta(days=400)
        ).isoformat(),
        "professional_background": "Community mental health, 8 years.",
        "statement": "I want to train in KAP.",
        "licence_document": SimpleUploadedFile(
            "licence.pdf", PDF_BYTES, "application/pdf"
        ),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def app_cohort(program):
    return CohortFactory(program=program, admission="application", capacity=2)


def test_apply_valid_form_stores_application_and_private_document(
    client, app_cohort, settings
):
    trainee = UserFactory()
    client.force_login(trainee)

    response = client.post(reverse("cohorts:apply", args=[app_cohort.pk]), _form())

    application = Application.objects.get(applicant=trainee)
    assert response.status_code == 302
    assert application.status == ApplicationStatus.SUBMITTED
    assert not application.pre_licensed
    stored = application.licence_document.path
    assert stored.startswith(str(settings.PRIVATE_ROOT))
    assert not stored.startswith(str(settings.MEDIA_ROOT))


def test_apply_pre_licensed_is_flagged_without_licence_number(client, app_cohort):
    trainee = UserFactory()
    client.force_login(trainee)

    client.post(
        reverse("cohorts:apply", args=[app_cohort.pk]),
        _form(licence_type="pre_licensed", licence_number="", licence_expiry=""),
    )

    assert Application.objects.get(applicant=trainee).pre_licensed is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"licence_number": ""}, "Enter your licence number."),
        ({"licence_expiry": "2001-01-01"}, "This licence expired on 2001-01-01"),
        ({"licence_document": None}, "This field is required."),
        (
            {
                "licence_document": SimpleUploadedFile(
                    "licence.exe", b"MZ", "application/octet-stream"
                )
            },
            "File extension",
        ),
        ({"statement": ""}, "This field is required."),
    ],
)
def test_apply_bad_input_is_refused_and_writes_nothing(
    client, app_cohort, overrides, message
):
    client.force_login(UserFactory())

    response = client.post(
        reverse("cohorts:apply", args=[app_cohort.pk]), _form(**overrides)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_apply_direct_cohort_is_not_found(client, program):
    cohort = CohortFactory(program=program)  # direct admission
    client.force_login(UserFactory())
    assert client.get(reverse("cohorts:apply", args=[cohort.pk])).status_code == 404


def test_enrol_application_cohort_is_refused(client, app_cohort):
    trainee = UserFactory()
    client.force_login(trainee)

    response = client.post(reverse("cohorts:enrol", args=[app_cohort.pk]))

    assert response.status_code == 409
    assert "Please apply instead" in response.content.decode()
    assert not Enrolment.objects.filter(trainee=trainee).exists()


def test_licence_document_only_applicant_and_staff(client, app_cohort):
    application = ApplicationFactory(cohort=app_cohort)
    url = reverse("cohorts:licence_document", args=[application.pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(is_trainer=True))
    assert client.get(url).status_code == 404
    client.force_login(application.applicant)
    own = client.get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF_BYTES
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_application_detail_other_trainee_is_not_found(client, app_cohort):
    application = ApplicationFactory(cohort=app_cohort)
    client.force_login(UserFactory())
    assert (
        client.get(reverse("cohorts:application", args=[application.pk])).status_code
        == 404
    )


def test_decide_accept_reserves_place_pending_payment_and_emails(
    app_cohort, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(cohort=app_cohort)
    staff = UserFactory(is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application_id=application.pk,
            decision="accept",
            message="Welcome aboard.",
            by=staff,
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.enrolment.status == EnrolmentStatus.PENDING_PAYMENT
    assert application.decided_by == staff
    assert [m.to for m in mailoutbox] == [[application.applicant.email]]
    assert "Welcome aboard." in mailoutbox[0].body
    assert "pay tuition" in mailoutbox[0].body.lower()


def test_decide_accept_full_cohort_is_refused(app_cohort):
    EnrolmentFactory.create_batch(2, cohort=app_cohort)
    application = ApplicationFactory(cohort=app_cohort)

    with pytest.raises(AdmissionError, match="Wait-list the applicant instead"):
        application_decide(
            application_id=application.pk, decision="accept", message="", by=None
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.enrolment is None


def test_decide_twice_is_refused(app_cohort):
    application = ApplicationFactory(cohort=app_cohort)
    application_decide(
        application_id=application.pk, decision="decline", message="Sorry.", by=None
    )
    with pytest.raises(AdmissionError, match="cannot be made now"):
        application_decide(
            application_id=application.pk, decision="accept", message="", by=None
        )


def _full_with_waitlist(cohort, n_waiting=2):
    places = EnrolmentFactory.create_batch(cohort.capacity, cohort=cohort)
    waiting = []
    for i in range(n_waiting):
        waiting.append(
            ApplicationFactory(
                cohort=cohort,
                status=ApplicationStatus.WAITLISTED,
                waitlisted_at=timezone.now() - datetime.timedelta(days=10 - i),
            )
        )
    return places, waiting


def test_withdrawal_offers_place_to_first_waitlisted(
    app_cohort, mailoutbox, django_capture_on_commit_callbacks
):
    places, (first, second) = _full_with_waitlist(app_cohort)

    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment_id=places[0].pk)

    offer = SeatOffer.objects.get()
    assert offer.application == first
    assert offer.status == OfferStatus.OPEN
    hours = (offer.expires_at - offer.offered_at).total_seconds() / 3600
    assert hours == app_cohort.waitlist_offer_hours
    second.refresh_from_db()
    assert second.status == ApplicationStatus.WAITLISTED
    assert [m.to for m in mailoutbox] == [[first.applicant.email]]
    # the offered place is held: a direct enrolment or a second advance finds no room
    assert waitlist_advance(cohort_id=app_cohort.pk) == []


def test_offer_email_states_the_deadline_in_the_applicants_zone(
    app_cohort, mailoutbox, django_capture_on_commit_callbacks
):
    places, (first, _second) = _full_with_waitlist(app_cohort)
    first.applicant.timezone = "Asia/Tokyo"
    first.applicant.save(update_fields=["timezone"])

    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment_id=places[0].pk)

    deadline = timezone.localtime(
        SeatOffer.objects.get().expires_at, zoneinfo.ZoneInfo("Asia/Tokyo")
    )
    (message,) = mailoutbox
    assert f"{deadline:%H:%M} JST" in message.body
    assert "UTC" not in message.body


def test_offer_accept_creates_pending_enrolment(app_cohort):
    places, (first, _second) = _full_with_waitlist(app_cohort)
    enrolment_withdraw(enrolment_id=places[0].pk)
    offer = SeatOffer.objects.get()

    enrolment = seat_offer_accept(offer_id=offer.pk, trainee=first.applicant)

    assert enrolment.status == EnrolmentStatus.PENDING_PAYMENT
    offer.refresh_from_db()
    first.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert first.status == ApplicationStatus.ACCEPTED
    assert first.enrolment == enrolment
    held = Enrolment.objects.filter(
        cohort=app_cohort, status__in=EnrolmentStatus.HOLDING_A_SEAT
    )
    assert held.count() == app_cohort.capacity


def test_expired_offer_passes_to_next_automatically(app_cohort):
    places, (first, second) = _full_with_waitlist(app_cohort)
    enrolment_withdraw(enrolment_id=places[0].pk)
    offer = SeatOffer.objects.get()

    # before the deadline nothing happens
    assert seat_offers_expire() == 0
    SeatOffer.objects.filter(pk=offer.pk).update(
        offered_at=timezone.now() - datetime.timedelta(days=3, minutes=1),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    # after it, the beat task passes the place on, once
    assert seat_offers_expire() == 1
    assert seat_offers_expire() == 0

    offer.refresh_from_db()
    first.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED
    assert first.status == ApplicationStatus.LAPSED
    new_offer = SeatOffer.objects.get(status=OfferStatus.OPEN)
    assert new_offer.application == second


def test_accept_after_deadline_is_refused_and_passed_on(client, app_cohort):
    places, (first, second) = _full_with_waitlist(app_cohort)
    enrolment_withdraw(enrolment_id=places[0].pk)
    offer = SeatOffer.objects.get()
    SeatOffer.objects.filter(pk=offer.pk).update(
        offered_at=timezone.now() - datetime.timedelta(days=4),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    client.force_login(first.applicant)

    response = client.post(reverse("cohorts:offer_answer", args=[offer.pk, "accept"]))

    assert response.status_code == 409
    assert "offer expired" in response.content.decode()
    assert not Enrolment.objects.filter(trainee=first.applicant).exists()
    assert SeatOffer.objects.get(status=OfferStatus.OPEN).application == second


def test_offer_answer_by_someone_else_is_not_found(client, app_cohort):
    places, (first, _second) = _full_with_waitlist(app_cohort)
    enrolment_withdraw(enrolment_id=places[0].pk)
    offer = SeatOffer.objects.get()
    client.force_login(UserFactory())

    response = client.post(reverse("cohorts:offer_answer", args=[offer.pk, "accept"]))

    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_offer_decline_passes_on_at_once(client, app_cohort):
    places, (first, second) = _full_with_waitlist(app_cohort)
    enrolment_withdraw(enrolment_id=places[0].pk)
    offer = SeatOffer.objects.get()
    client.force_login(first.applicant)

    client.post(reverse("cohorts:offer_answer", args=[offer.pk, "decline"]))

    assert SeatOffer.objects.get(status=OfferStatus.OPEN).application == second


def test_full_cohort_status_follows_seats(program):
    # Not started yet: enrolment follows the calendar.
    cohort = CohortFactory(
        program=program,
        capacity=1,
        tuition_cents=0,
        start_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    from cohorts.services import enrolment_create

    enrolment = enrolment_create(cohort_id=cohort.pk, trainee=UserFactory())
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.FULL
    enrolment_withdraw(enrolment_id=enrolment.pk)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.OPEN


def test_admin_decision_through_wagtail_edit_view(
    client, app_cohort, settings, mailoutbox
):
    settings.KAP_REQUIRE_STAFF_MFA = False
    application = ApplicationFactory(cohort=app_cohort)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("cohort_application_admin:edit", args=[application.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert (
        reverse("cohorts:licence_document", args=[application.pk])
        in page.content.decode()
    )
    response = client.post(
        url, {"decision": "waitlist", "decision_message": "We are full."}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITLISTED
    assert application.decision_message == "We are full."
    assert application.waitlisted_at is not None


# --- applications follow the calendar (Cohort.takes_enrolments_on) ------------


@pytest.fixture
def started_app_cohort(program):
    """An application-only cohort that started a week ago, no late joining."""
    return CohortFactory(
        program=program,
        admission="application",
        capacity=2,
        start_date=timezone.localdate() - datetime.timedelta(days=7),
    )


def test_apply_page_after_the_start_says_why_and_shows_no_form(
    client, started_app_cohort
):
    client.force_login(UserFactory())

    response = client.get(reverse("cohorts:apply", args=[started_app_cohort.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Applications are closed." in page
    assert "no longer takes applications" in page
    assert "Send my application" not in page


def test_apply_post_after_the_start_is_refused_and_writes_nothing(
    client, started_app_cohort, settings
):
    trainee = UserFactory()
    client.force_login(trainee)

    response = client.post(
        reverse("cohorts:apply", args=[started_app_cohort.pk]), _form()
    )

    assert response.status_code == 409
    assert "no longer takes applications" in response.content.decode()
    assert not Application.objects.exists()
    assert not [p for p in Path(settings.PRIVATE_ROOT).rglob("*") if p.is_file()]


def test_apply_within_the_late_join_cutoff_is_taken_and_after_it_refused(
    client, started_app_cohort, clock
):
    started_app_cohort.late_join_until = timezone.localdate() + datetime.timedelta(
        days=3
    )
    started_app_cohort.save()
    client.force_login(UserFactory())
    url = reverse("cohorts:apply", args=[started_app_cohort.pk])

    assert client.post(url, _form()).status_code == 302

    clock.advance(days=5)
    client.force_login(UserFactory())
    late = client.post(url, _form())

    assert late.status_code == 409
    assert "took late applicants until" in late.content.decode()
    assert Application.objects.count() == 1


def test_cohort_page_replaces_the_apply_link_after_the_start(
    client, started_app_cohort
):
    client.force_login(UserFactory())

    page = client.get(
        reverse("cohorts:detail", args=[started_app_cohort.pk])
    ).content.decode()

    assert reverse("cohorts:apply", args=[started_app_cohort.pk]) not in page
    assert "This cohort is not taking applications." in page
    assert "no longer takes applications" in page


def test_staff_cannot_admit_after_the_start(started_app_cohort):
    application = ApplicationFactory(cohort=started_app_cohort)

    with pytest.raises(AdmissionError, match="no longer takes applications"):
        application_decide(
            application_id=application.pk, decision="accept", message="", by=None
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Enrolment.objects.filter(cohort=started_app_cohort).exists()


def test_a_place_freed_after_the_start_is_not_offered(app_cohort, clock):
    places, (first, _second) = _full_with_waitlist(app_cohort)
    clock.advance(days=(app_cohort.start_date - timezone.localdate()).days + 2)

    enrolment_withdraw(enrolment_id=places[0].pk)

    assert not SeatOffer.objects.exists()
    first.refresh_from_db()
    assert first.status == ApplicationStatus.WAITLISTED
