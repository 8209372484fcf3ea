"""Practicum logs: the form, identifier refusal, supervisor sign-off or return,
and the ledger (nothing before sign-off, exactly once after)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kaptraining.credits.models import LedgerEntry
from kaptraining.practicums.models import LogStatus, PracticumLog
from tests.factories import UserFactory
from tests.factories.practicums import (
    PlacementFactory,
    PracticumLogFactory,
    PracticumSiteFactory,
    SupervisorFactory,
)

from .conftest import log_data

pytestmark = pytest.mark.django_db


def test_log_form_states_no_client_identifying_information(client, practicum):
    client.force_login(practicum.trainee)

    html = client.get(
        reverse("practicums:log_create", args=[practicum.placement.pk])
    ).content.decode()

    assert "No client-identifying information." in html
    assert "Never write a client's name" in html


def test_log_submit_valid_entry_awaits_signoff_and_credits_nothing(
    client, practicum, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(practicum.trainee)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practicums:log_create", args=[practicum.placement.pk]), log_data()
        )

    log = PracticumLog.objects.get()
    assert response.status_code == 302
    assert (log.status, log.minutes, log.phase) == (LogStatus.SUBMITTED, 150, "dosing")
    assert not LedgerEntry.objects.exists()
    assert [m.to for m in mailoutbox] == [[practicum.supervisor.email]]
    assert reverse("practicums:review_detail", args=[log.pk]) in mailoutbox[0].body


@pytest.mark.parametrize(
    ("reflection", "named"),
    [
        (
            "Client (DOB 02/11/1971) arrived anxious.",
            "a date of birth (“DOB 02/11/1971”)",
        ),
        (
            "Her husband called 510-555-0199 during the session.",
            "a phone number (“510-555-0199”)",
        ),
        (
            "She asked me to write to her at sam@example.net.",
            "an e-mail address (“sam@example.net”)",
        ),
        ("MRN 00912345 on the intake sheet.", "a record number (“MRN 00912345”)"),
    ],
)
def test_log_submit_with_identifier_is_refused_naming_it(
    client, practicum, reflection, named
):
    client.force_login(practicum.trainee)

    response = client.post(
        reverse("practicums:log_create", args=[practicum.placement.pk]),
        log_data(reflection=reflection),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "client-identifying information" in html
    assert (
        named.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or named in html
    )
    assert not PracticumLog.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"minutes": "0"}, "between 1 minute and 8 hours"),
        ({"minutes": "481"}, "between 1 minute and 8 hours"),
        (
            {
                "session_date": (
                    timezone.localdate() + datetime.timedelta(days=1)
                ).isoformat()
            },
            "cannot be in the future",
        ),
        (
            {
                "session_date": (
                    timezone.localdate() - datetime.timedelta(days=80)
                ).isoformat()
            },
            "must fall within",
        ),
        ({"phase": "afterparty"}, "Select a valid choice"),
        ({"reflection": ""}, "This field is required"),
    ],
)
def test_log_submit_bad_input_is_refused_with_message(
    client, practicum, overrides, message
):
    client.force_login(practicum.trainee)

    response = client.post(
        reverse("practicums:log_create", args=[practicum.placement.pk]),
        log_data(**overrides),
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PracticumLog.objects.exists()


def test_log_create_unconfirmed_placement_is_refused(client, practicum):
    practicum.placement.status = "requested"
    practicum.placement.save()
    client.force_login(practicum.trainee)

    response = client.post(
        reverse("practicums:log_create", args=[practicum.placement.pk]), log_data()
    )

    assert response.status_code == 302
    assert not PracticumLog.objects.exists()


def test_log_create_other_trainees_placement_is_404(client, practicum):
    client.force_login(UserFactory())

    response = client.post(
        reverse("practicums:log_create", args=[practicum.placement.pk]), log_data()
    )

    assert response.status_code == 404
    assert not PracticumLog.objects.exists()


def test_sign_off_by_site_supervisor_credits_practicum_once(
    client, practicum, django_capture_on_commit_callbacks
):
    log = PracticumLogFactory(placement=practicum.placement, minutes=150)
    client.force_login(practicum.supervisor)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            reverse("practicums:review_detail", args=[log.pk]), {"decision": "sign_off"}
        )
        second = client.post(
            reverse("practicums:review_detail", args=[log.pk]), {"decision": "sign_off"}
        )

    assert first.status_code == 302
    assert second.status_code == 409
    assert "already been reviewed" in second.content.decode()
    entry = LedgerEntry.objects.get()
    assert (
        entry.trainee,
        entry.program,
        entry.category,
        entry.source,
        entry.minutes,
    ) == (practicum.trainee, practicum.program, "practicum", "practicum", 150)
    assert entry.source_id == str(log.pk)
    assert entry.approved_by == practicum.supervisor
    assert entry.earned_on == log.session_date
    log.refresh_from_db()
    assert (log.status, log.reviewed_by) == (LogStatus.SIGNED_OFF, practicum.supervisor)


def test_sign_off_supervisor_of_another_site_is_404_and_credits_nothing(
    client, practicum
):
    log = PracticumLogFactory(placement=practicum.placement)
    other = SupervisorFactory()
    PracticumSiteFactory(supervisors=[other])
    client.force_login(other)

    assert (
        client.get(reverse("practicums:review_detail", args=[log.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("practicums:review_detail", args=[log.pk]), {"decision": "sign_off"}
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("practicums:log_detail", args=[log.pk])).status_code == 404
    )
    log.refresh_from_db()
    assert log.status == LogStatus.SUBMITTED
    assert not LedgerEntry.objects.exists()


def test_review_user_without_supervisor_role_is_404(client, practicum):
    log = PracticumLogFactory(placement=practicum.placement)
    practicum.supervisor.is_supervisor = False
    practicum.supervisor.save()
    client.force_login(practicum.supervisor)

    assert client.get(reverse("practicums:review_list")).status_code == 404
    assert (
        client.post(
            reverse("practicums:review_detail", args=[log.pk]), {"decision": "sign_off"}
        ).status_code
        == 404
    )
    assert not LedgerEntry.objects.exists()


def test_review_return_without_comment_is_refused(client, practicum):
    log = PracticumLogFactory(placement=practicum.placement)
    client.force_login(practicum.supervisor)

    response = client.post(
        reverse("practicums:review_detail", args=[log.pk]),
        {"decision": "return", "comment": " "},
    )

    assert response.status_code == 400
    assert (
        "Please write a comment telling the trainee what to change."
        in response.content.decode()
    )
    log.refresh_from_db()
    assert log.status == LogStatus.SUBMITTED


def test_return_then_revise_keeps_old_row_and_credits_only_the_revision(
    client, practicum, mailoutbox, django_capture_on_commit_callbacks
):
    log = PracticumLogFactory(placement=practicum.placement, minutes=200)
    client.force_login(practicum.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("practicums:review_detail", args=[log.pk]),
            {
                "decision": "return",
                "comment": "You left at the two-hour mark; please log 120 minutes.",
            },
        )
    assert not LedgerEntry.objects.exists()
    assert [m.to for m in mailoutbox] == [[practicum.trainee.email]]

    client.force_login(practicum.trainee)
    response = client.post(
        reverse("practicums:log_revise", args=[log.pk]), log_data(minutes="120")
    )
    revision = PracticumLog.objects.get(revises=log)
    client.force_login(practicum.supervisor)
    client.post(
        reverse("practicums:review_detail", args=[revision.pk]),
        {"decision": "sign_off"},
    )

    assert response.status_code == 302
    log.refresh_from_db()
    assert log.status == LogStatus.REVISED
    assert log.minutes == 200  # the original is kept as it was
    assert list(LedgerEntry.objects.values_list("minutes", "source_id")) == [
        (120, str(revision.pk))
    ]


def test_revise_entry_not_returned_is_refused(client, practicum):
    log = PracticumLogFactory(placement=practicum.placement)
    client.force_login(practicum.trainee)

    response = client.post(reverse("practicums:log_revise", args=[log.pk]), log_data())

    assert response.status_code == 302
    assert PracticumLog.objects.count() == 1


def test_supervisor_cannot_sign_off_own_entry(client, practicum):
    practicum.site.supervisors.add(practicum.trainee)
    practicum.trainee.is_supervisor = True
    practicum.trainee.save()
    log = PracticumLogFactory(placement=practicum.placement)
    client.force_login(practicum.trainee)

    response = client.post(
        reverse("practicums:review_detail", args=[log.pk]), {"decision": "sign_off"}
    )

    assert response.status_code == 404
    assert not LedgerEntry.objects.exists()


def test_review_list_shows_only_entries_for_own_sites(client, practicum):
    mine = PracticumLogFactory(placement=practicum.placement, reflection="mine")
    elsewhere = PlacementFactory(
        cohort=practicum.cohort, site=PracticumSiteFactory(name="Elsewhere Clinic")
    )
    PracticumLogFactory(placement=elsewhere)
    client.force_login(practicum.supervisor)

    html = client.get(reverse("practicums:review_list")).content.decode()

    assert reverse("practicums:review_detail", args=[mine.pk]) in html
    assert "Elsewhere Clinic" not in html


def _fill_site(practicum, n):
    for _ in range(n):
        placement = PlacementFactory(cohort=practicum.cohort, site=practicum.site)
        PracticumLogFactory(placement=placement)
        PracticumLogFactory(
            placement=placement,
            status=LogStatus.SIGNED_OFF,
            reviewed_by=practicum.supervisor,
        )


@pytest.mark.parametrize("size", [2, 12])
def test_review_list_query_count_is_constant(
    client, practicum, django_assert_num_queries, size
):
    _fill_site(practicum, size)
    client.force_login(practicum.supervisor)
    client.get(reverse("practicums:review_list"))  # warm caches (site, session)

    # 2 since issue 19 (the session, site and settings come from the cache;
    # the Wagtail user bar is staff-only): the user and the logs.
    with django_assert_num_queries(2):
        response = client.get(reverse("practicums:review_list"))

    assert response.content.decode().count("badge-warn") == size


@pytest.mark.parametrize("size", [1, 10])
def test_practicum_home_query_count_is_constant(
    client, practicum, django_assert_num_queries, size
):
    for _ in range(size):
        PracticumLogFactory(placement=practicum.placement)
    client.force_login(practicum.trainee)
    client.get(reverse("practicums:home"))

    # 5 since issue 19's cached session, site and settings.
    with django_assert_num_queries(5):
        response = client.get(reverse("practicums:home"))

    assert response.status_code == 200


def test_practicum_pages_anonymous_are_sent_to_login(client, practicum):
    log = PracticumLogFactory(placement=practicum.placement)
    for url in [
        reverse("practicums:home"),
        reverse("practicums:log_create", args=[practicum.placement.pk]),
        reverse("practicums:log_detail", args=[log.pk]),
        reverse("practicums:review_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_log_detail_other_trainee_is_404_and_own_is_shown(client, practicum):
    log = PracticumLogFactory(
        placement=practicum.placement, reflection="Held space well."
    )
    client.force_login(UserFactory())
    assert (
        client.get(reverse("practicums:log_detail", args=[log.pk])).status_code == 404
    )
    assert (
        client.get(reverse("practicums:log_revise", args=[log.pk])).status_code == 404
    )

    client.force_login(practicum.trainee)
    response = client.get(reverse("practicums:log_detail", args=[log.pk]))
    assert response.status_code == 200
    assert "Held space well." in response.content.decode()
