"""Roster import invites (issue 14, finding 3): a trainer's CSV naming
someone's e-mail reaches none of their records until they accept."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cohorts.invitations import invitation_token
from cohorts.models import Enrolment, EnrolmentStatus, InvitationStatus
from kaptraining.credits.services import ledger_credit
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(program):
    cohort = CohortFactory(program=program, capacity=10)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    return cohort, trainer


@pytest.fixture
def someone(program):
    """An existing trainee of another cohort, with hours and a licence number."""
    other = EnrolmentFactory(cohort=CohortFactory(program=program))
    ledger_credit(
        trainee=other.trainee,
        program=program,
        category="didactic",
        minutes=90,
        source="adjustment",
        source_id="x",
        description="Pharmacology of ketamine",
    )
    return other.trainee


def _import(client, cohort, email, capture, first="Sam", activate="0"):
    text = f"email,first_name,last_name\n{email},{first},Rivera\n"
    with capture(execute=True):
        return client.post(
            reverse("cohorts:roster_import", args=[cohort.pk]),
            {
                "file": SimpleUploadedFile("roster.csv", text.encode(), "text/csv"),
                "activate": activate,
            },
        )


def _link(mail) -> str:
    url = re.search(r"https?://\S+/cohorts/invitations/\S+/", mail.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _private_pages(trainee, cohort):
    return [
        reverse("credits:trainee_transcript", args=[trainee.pk]),
        reverse("credits:trainee_transcript_pdf", args=[trainee.pk]),
    ]


def test_import_of_existing_address_shows_trainer_nothing_before_acceptance(
    client, run, someone, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer = run
    client.force_login(trainer)

    response = _import(
        client, cohort, someone.email, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    assert not Enrolment.objects.filter(cohort=cohort, trainee=someone).exists()
    for url in _private_pages(someone, cohort):
        assert client.get(url).status_code == 404, url
    manage = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    roster = client.get(
        reverse("cohorts:roster_csv", args=[cohort.pk])
    ).content.decode()
    for page in (manage, roster):
        assert someone.licence_number not in page
        assert someone.email not in page
    # The trainer's own list shows only what the trainer's file said.
    listing = client.get(reverse("cohorts:roster_import", args=[cohort.pk]))
    assert someone.email in listing.content.decode()
    assert someone.licence_number not in listing.content.decode()
    assert [m.to for m in mailoutbox] == [[someone.email]]


def test_accepting_enrols_and_then_the_trainer_sees_the_record(
    client, run, someone, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer = run
    client.force_login(trainer)
    _import(client, cohort, someone.email, django_capture_on_commit_callbacks)
    link = _link(mailoutbox[0])

    client.force_login(someone)
    page = client.get(link)
    assert page.status_code == 200
    assert "Accept and join the cohort" in page.content.decode()
    answer = client.post(link, {"answer": "accept"})

    enrolment = Enrolment.objects.get(cohort=cohort, trainee=someone)
    assert enrolment.status == EnrolmentStatus.PENDING_PAYMENT
    assert answer.status_code == 302
    assert answer["Location"] == reverse("payments:account", args=[enrolment.pk])
    invitation = cohort.invitations.get()
    assert (invitation.status, invitation.answered_by) == (
        InvitationStatus.ACCEPTED,
        someone,
    )
    # The account's own details win over the trainer's file.
    own_name = someone.first_name
    someone.refresh_from_db()
    assert someone.first_name == own_name
    client.force_login(trainer)
    for url in _private_pages(someone, cohort):
        assert client.get(url).status_code == 200, url
    # A second answer changes nothing.
    client.force_login(someone)
    again = client.post(link, {"answer": "decline"})
    assert again.status_code == 409
    assert "already answered" in again.content.decode()
    assert Enrolment.objects.filter(cohort=cohort, trainee=someone).count() == 1


def test_accepting_an_active_invitation_opens_the_cohort(
    client, run, someone, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer = run
    client.force_login(trainer)
    _import(
        client, cohort, someone.email, django_capture_on_commit_callbacks, activate="1"
    )
    client.force_login(someone)
    answer = client.post(_link(mailoutbox[0]), {"answer": "accept"})
    assert answer["Location"] == reverse("cohorts:home", args=[cohort.pk])
    enrolment = Enrolment.objects.get(cohort=cohort, trainee=someone)
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.activated_at is not None


def test_new_person_signs_up_then_accepts_and_file_fills_empty_profile(
    client, run, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer = run
    client.force_login(trainer)
    _import(client, cohort, "fresh@example.org", django_capture_on_commit_callbacks)
    link = _link(mailoutbox[0])
    assert "Create one with this e-mail address" in mailoutbox[0].body

    newcomer = UserFactory(email="fresh@example.org", first_name="", last_name="")
    client.force_login(newcomer)
    assert client.post(link, {"answer": "accept"}).status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.first_name, newcomer.last_name) == ("Sam", "Rivera")
    assert Enrolment.objects.filter(cohort=cohort, trainee=newcomer).exists()


def test_declining_enrols_nobody_and_shares_nothing(
    client, run, someone, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer = run
    client.force_login(trainer)
    _import(client, cohort, someone.email, django_capture_on_commit_callbacks)
    client.force_login(someone)

    response = client.post(_link(mailoutbox[0]), {"answer": "decline"})

    assert response.status_code == 302
    assert cohort.invitations.get().status == InvitationStatus.DECLINED
    assert not Enrolment.objects.filter(cohort=cohort, trainee=someone).exists()
    client.force_login(trainer)
    for url in _private_pages(someone, cohort):
        assert client.get(url).status_code == 404


def test_link_opened_by_another_account_is_refused(
    client, run, someone, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer = run
    client.force_login(trainer)
    _import(client, cohort, someone.email, django_capture_on_commit_callbacks)
    link = _link(mailoutbox[0])
    client.force_login(UserFactory())

    for response in (client.get(link), client.post(link, {"answer": "accept"})):
        assert response.status_code == 403
        assert "sent to a different e-mail address" in response.content.decode()
    assert not cohort.enrolments.exists()
    assert cohort.invitations.get().status == InvitationStatus.PENDING


def test_anonymous_visitor_is_asked_to_sign_in(
    client, run, someone, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer = run
    client.force_login(trainer)
    _import(client, cohort, someone.email, django_capture_on_commit_callbacks)
    client.logout()
    link = _link(mailoutbox[0])
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "token",
    ["forged", "MQ:1v0aBc:forgedsignature", "x" * 300],
)
def test_forged_link_is_404_with_a_message(client, someone, token):
    client.force_login(someone)
    response = client.get(reverse("cohorts:invitation", args=[token]))
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_expired_link_is_410_with_a_message(
    client, run, someone, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    import time

    from django.core import signing

    cohort, trainer = run
    client.force_login(trainer)
    _import(client, cohort, someone.email, django_capture_on_commit_callbacks)
    link = _link(mailoutbox[0])
    later = time.time() + 22 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    client.force_login(someone)

    response = client.post(link, {"answer": "accept"})

    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not cohort.enrolments.exists()


def test_invitation_past_its_date_cannot_be_accepted(client, run, someone):
    cohort, trainer = run
    invitation = cohort.invitations.create(
        email=someone.email,
        first_name="S",
        last_name="R",
        invited_by=trainer,
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    client.force_login(someone)
    url = reverse("cohorts:invitation", args=[invitation_token(invitation)])
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 410
    assert not cohort.enrolments.exists()


def test_open_invitation_blocks_a_second_one_and_holds_a_place(
    client, program, someone, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=program, capacity=1)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    client.force_login(trainer)
    _import(client, cohort, someone.email, django_capture_on_commit_callbacks)

    again = _import(client, cohort, someone.email, django_capture_on_commit_callbacks)
    other = _import(client, cohort, "b@example.org", django_capture_on_commit_callbacks)

    assert again.status_code == 400
    assert "already has an open invitation" in again.content.decode()
    assert other.status_code == 400
    assert "only 0 places are free" in other.content.decode()
    assert cohort.invitations.count() == 1


def test_bad_answer_is_400(
    client, run, someone, mailoutbox, django_capture_on_commit_callbacks
):
    cohort, trainer = run
    client.force_login(trainer)
    _import(client, cohort, someone.email, django_capture_on_commit_callbacks)
    client.force_login(someone)
    response = client.post(_link(mailoutbox[0]), {"answer": "maybe"})
    assert response.status_code == 400
    assert "Choose accept or decline" in response.content.decode()
