"""Registration: lodging priced with the tuition, a deposit, waitlist when a
room is full, cancellation promotes, transfer to a later run, bad input."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail  # noqa: F401 - mail outbox is used through OutboundEmail
from django.urls import reverse

from cohorts.models import Enrolment, EnrolmentStatus
from kaptraining.core.models import OutboundEmail
from kaptraining.payments.models import Arrangement, InstalmentStatus, TuitionAccount
from kaptraining.payments.services import (
    arrangement_choose,
    payment_start,
    payment_succeed,
    quote_for_enrolment,
)
from kaptraining.retreats.models import RegistrationStatus, RetreatRegistration
from kaptraining.retreats.services import (
    RetreatError,
    registration_cancel,
    registration_create,
    registration_transfer,
)
from tests.factories import UserFactory

from .conftest import details_for, make_run

pytestmark = pytest.mark.django_db


def _form(run, room, **overrides):
    data = {
        "room_type": room.pk,
        "arrival_at": f"{run.cohort.start_date}T08:00",
        "departure_at": f"{run.cohort.end_date}T18:00",
        "dietary_needs": "Vegan",
        "allergies": "Shellfish",
        "accessibility_needs": "",
        "emergency_contact_name": "Ana Ruiz",
        "emergency_contact_phone": "+1 720 555 0199",
        "licence_type": "lcsw",
        "licence_state": "CO",
        "licence_number": "CSW.0099",
        "licence_expiry": "",
        "travel_details": "UA 123 into DEN, 10:05",
        "airport_transfer": "on",
    }
    data.update(overrides)
    return data


def test_registration_with_lodging_and_deposit_prices_together_and_pays(
    client, run, settings
):
    settings.PAYMENTS_BACKEND = "offline"
    trainee = UserFactory()
    client.force_login(trainee)
    room = run.room_types.get()

    response = client.post(
        reverse("retreats:register", args=[run.pk]), _form(run, room)
    )

    registration = RetreatRegistration.objects.get(trainee=trainee)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "retreats:registration", args=[registration.pk]
    )
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.enrolment.cohort == run.cohort
    assert registration.airport_transfer and registration.allergies == "Shellfish"
    assert registration.arrival_at.hour == 15  # 08:00 in Denver, stored in UTC
    trainee.refresh_from_db()
    assert (trainee.licence_type, trainee.licence_number) == ("lcsw", "CSW.0099")
    # One price: tuition 4,800 + lodging 1,200, from payments' quote.
    quote = quote_for_enrolment(registration.enrolment)
    assert [(line.amount_cents) for line in quote.lines] == [120000]
    assert quote.amount_cents == 600000 and quote.tuition_cents == 480000
    account = TuitionAccount.objects.get(enrolment=registration.enrolment)
    assert account.list_price_cents == account.total_cents == 600000
    page = client.get(reverse("retreats:registration", args=[registration.pk]))
    assert b"$6,000.00" in page.content and b"Lodging: Single" in page.content
    assert OutboundEmail.objects.filter(
        key=f"retreat_registered:{registration.pk}"
    ).exists()

    account = arrangement_choose(
        enrolment=registration.enrolment, arrangement=Arrangement.DEPOSIT
    )
    lines = list(
        account.instalments.order_by("sequence").values_list("amount_cents", flat=True)
    )
    assert lines == [50000, 550000]
    payment, _url = payment_start(
        enrolment=registration.enrolment,
        success_url="http://x/",
        cancel_url="http://x/",
    )
    payment_succeed(payment_id=payment.pk)

    registration.enrolment.refresh_from_db()
    assert registration.enrolment.status == EnrolmentStatus.ACTIVE
    assert account.instalments.filter(status=InstalmentStatus.PAID).count() == 1


def test_full_room_waitlists_and_cancellation_promotes(run):
    room = run.room_types.get()  # two beds
    first, second, third = (
        registration_create(
            run_id=run.pk,
            trainee=UserFactory(),
            room_type_id=room.pk,
            details=details_for(run),
        )
        for _ in range(3)
    )
    assert [first.status, second.status, third.status] == [
        "registered",
        "registered",
        "waitlisted",
    ]
    assert third.enrolment is None

    registration_cancel(registration_id=first.pk)

    first.refresh_from_db()
    third.refresh_from_db()
    assert first.status == "cancelled"
    assert first.enrolment.status == EnrolmentStatus.WITHDRAWN
    assert third.status == "registered" and third.enrolment.cohort == run.cohort
    assert OutboundEmail.objects.filter(key=f"retreat_promoted:{third.pk}").exists()
    assert TuitionAccount.objects.get(enrolment=third.enrolment).total_cents == 600000


def test_transfer_moves_registration_to_a_later_run(run, retreat_page):
    later = make_run(
        retreat_page, starts_in_days=200, rooms=(("Shared", "shared", 4, 60000),)
    )
    registration = registration_create(
        run_id=run.pk,
        trainee=UserFactory(),
        room_type_id=run.room_types.get().pk,
        details=details_for(run),
    )

    new = registration_transfer(
        registration_id=registration.pk,
        to_run_id=later.pk,
        room_type_id=later.room_types.get().pk,
    )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.TRANSFERRED
    assert registration.transferred_to == new
    assert registration.enrolment.status == EnrolmentStatus.WITHDRAWN
    assert new.run == later and new.status == "registered"
    assert new.dietary_needs == "Vegetarian"
    assert (new.arrival_at - registration.arrival_at).days == 160
    assert quote_for_enrolment(new.enrolment).amount_cents == 480000 + 60000
    with pytest.raises(RetreatError):
        registration_transfer(
            registration_id=new.pk,
            to_run_id=run.pk,
            room_type_id=run.room_types.get().pk,
        )


def test_transfer_is_audit_logged(run, retreat_page):
    """The old registration's change to "transferred" is a saved change that
    the audit log records, not a QuerySet.update() that skips it."""
    later = make_run(
        retreat_page, starts_in_days=200, rooms=(("Shared", "shared", 4, 60000),)
    )
    registration = registration_create(
        run_id=run.pk,
        trainee=UserFactory(),
        room_type_id=run.room_types.get().pk,
        details=details_for(run),
    )

    registration_transfer(
        registration_id=registration.pk,
        to_run_id=later.pk,
        room_type_id=later.room_types.get().pk,
    )

    changes = [
        entry.changes_dict
        for entry in LogEntry.objects.get_for_object(registration).order_by("pk")
        if "status" in entry.changes_dict
    ]
    assert [c["status"][1] for c in changes][-1] == RegistrationStatus.TRANSFERRED
    assert any("transferred_to" in c for c in changes)


def test_departure_before_arrival_is_refused_and_nothing_written(client, run):
    trainee = UserFactory()
    client.force_login(trainee)
    room = run.room_types.get()

    response = client.post(
        reverse("retreats:register", args=[run.pk]),
        _form(run, room, departure_at=f"{run.cohort.start_date}T07:00"),
    )

    assert response.status_code == 400
    assert "Your departure must be after your arrival." in response.content.decode()
    assert not RetreatRegistration.objects.exists()
    assert not Enrolment.objects.filter(trainee=trainee).exists()


def test_consent_is_required_when_the_page_asks_for_it(client, run):
    page = run.page
    page.consent_required = True
    page.consent_text = "The retreat includes an experiential session."
    page.save()
    client.force_login(UserFactory())

    response = client.post(
        reverse("retreats:register", args=[run.pk]), _form(run, run.room_types.get())
    )

    assert response.status_code == 400
    assert not RetreatRegistration.objects.exists()
    response = client.post(
        reverse("retreats:register", args=[run.pk]),
        _form(run, run.room_types.get(), consent="on"),
    )
    assert response.status_code == 302
    assert RetreatRegistration.objects.get().consented_at is not None


def test_room_of_another_run_is_refused(run, retreat_page):
    other = make_run(retreat_page, starts_in_days=100)
    with pytest.raises(RetreatError):
        registration_create(
            run_id=run.pk,
            trainee=UserFactory(),
            room_type_id=other.room_types.get().pk,
            details=details_for(run),
        )
    assert not RetreatRegistration.objects.exists()


def test_retreat_page_lists_runs_in_constant_queries(
    client, retreat_page, django_assert_max_num_queries
):
    make_run(retreat_page)
    client.get(retreat_page.url)  # warm caches (site root, etc.)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        response = client.get(retreat_page.url)
    assert response.status_code == 200
    assert b"Sunshine Canyon Lodge" in response.content
    for i in range(9):
        make_run(retreat_page, starts_in_days=60 + 10 * i)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(retreat_page.url)
    assert response.content.count(b"Register for") == 10
    assert len(ten) == len(one)


def test_arrival_far_from_the_retreat_is_refused(run):
    details = details_for(
        run,
        arrival_at=details_for(run).arrival_at - datetime.timedelta(days=10),
    )
    with pytest.raises(RetreatError):
        registration_create(
            run_id=run.pk,
            trainee=UserFactory(),
            room_type_id=run.room_types.get().pk,
            details=details,
        )


def test_registering_again_after_cancelling_reuses_the_enrolment(run):
    trainee = UserFactory()
    room = run.room_types.get()
    first = registration_create(
        run_id=run.pk, trainee=trainee, room_type_id=room.pk, details=details_for(run)
    )
    registration_cancel(registration_id=first.pk)

    again = registration_create(
        run_id=run.pk, trainee=trainee, room_type_id=room.pk, details=details_for(run)
    )

    assert again.status == "registered"
    assert again.enrolment_id == first.enrolment_id
    assert again.enrolment.status == EnrolmentStatus.PENDING_PAYMENT
    assert quote_for_enrolment(again.enrolment).amount_cents == 600000


def test_registration_after_the_run_started_is_refused(retreat_page):
    started = make_run(retreat_page, starts_in_days=-1)

    with pytest.raises(RetreatError, match="no longer takes registrations"):
        registration_create(
            run_id=started.pk,
            trainee=UserFactory(),
            room_type_id=started.room_types.get().pk,
            details=details_for(started),
        )

    assert not RetreatRegistration.objects.filter(run=started).exists()
    assert not Enrolment.objects.filter(cohort=started.cohort).exists()
