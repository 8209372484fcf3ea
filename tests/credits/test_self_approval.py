"""The trainee never appears as the approver of their own hours (issue 15):
the ledger refuses it (service and database), and every approval path names
someone else: a meeting the mentor logged and the trainee confirmed is vouched
for by the mentor; staff cannot approve their own external-hours claim."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from kaptraining.core.categories import Category
from kaptraining.credits.models import LedgerEntry, Source
from kaptraining.credits.services import (
    external_hours_approve,
    external_hours_submit,
    ledger_credit,
)
from kaptraining.mentorship.services import meeting_confirm
from tests.factories import EnrolmentFactory, UserFactory
from tests.factories.mentorship import MentorMeetingFactory

pytestmark = pytest.mark.django_db


def test_ledger_credit_approved_by_the_trainee_is_refused_and_nothing_written(
    program,
):
    trainee = UserFactory()

    with pytest.raises(ValidationError, match="approved by the person who earned"):
        ledger_credit(
            trainee=trainee,
            program=program,
            category=Category.DIDACTIC,
            minutes=60,
            source=Source.EXTERNAL,
            source_id="x-1",
            description="Self-approved",
            approved_by=trainee,
        )

    assert not LedgerEntry.objects.exists()


def test_the_database_refuses_a_self_approved_entry(program):
    trainee = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            trainee=trainee,
            program=program,
            category=Category.DIDACTIC,
            minutes=60,
            source=Source.EXTERNAL,
            source_id="x-2",
            description="Written around the service",
            approved_by=trainee,
        )
    assert not LedgerEntry.objects.exists()


def test_a_meeting_the_mentor_logged_and_the_trainee_confirmed_names_the_mentor(
    program,
):
    enrolment = EnrolmentFactory(cohort__program=program)
    meeting = MentorMeetingFactory(
        pair__trainee=enrolment.trainee, pair__round__cohort=enrolment.cohort
    )
    meeting.logged_by = meeting.pair.mentor.user
    meeting.save()

    meeting_confirm(meeting=meeting, user=enrolment.trainee)

    entry = LedgerEntry.objects.get(trainee=enrolment.trainee)
    assert entry.approved_by == meeting.pair.mentor.user
    assert entry.approved_by != enrolment.trainee


def test_staff_cannot_approve_their_own_external_hours(program):
    staff = UserFactory(is_staff=True)
    claim = external_hours_submit(
        trainee=staff,
        program=program,
        category=Category.DIDACTIC,
        minutes=120,
        activity_title="Workshop",
        provider_name="Elsewhere",
        earned_on=timezone.localdate() - datetime.timedelta(days=3),
        evidence=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n", "application/pdf"),
    )

    with pytest.raises(ValidationError, match="approved by the person who earned"):
        external_hours_approve(claim_id=claim.pk, by=staff)

    assert not LedgerEntry.objects.exists()
    claim.refresh_from_db()
    assert claim.status == "pending"
