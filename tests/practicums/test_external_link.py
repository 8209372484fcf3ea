"""Sign-off by an external supervisor through a signed one-time link."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from kaptraining.credits.models import LedgerEntry
from kaptraining.practicums import services
from kaptraining.practicums.models import LogStatus, PracticumLog
from tests.factories import UserFactory
from tests.factories.practicums import ExternalSupervisorFactory

from .conftest import log_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def external(practicum):
    return ExternalSupervisorFactory(site=practicum.site, name="Dr. Jordan Ellis")


def _submit(client, practicum, capture, mailoutbox):
    client.force_login(practicum.trainee)
    with capture(execute=True):
        client.post(
            reverse("practicums:log_create", args=[practicum.placement.pk]), log_data()
        )
    client.logout()
    log = PracticumLog.objects.latest("pk")
    return log, _link_from(mailoutbox[-1].body)


def _link_from(body):
    return re.search(r"http://\S+(/practicum/sign-off/\S+/)", body).group(1)


def test_external_link_is_emailed_and_signs_off_once(
    client, practicum, external, mailoutbox, django_capture_on_commit_callbacks
):
    log, link = _submit(
        client, practicum, django_capture_on_commit_callbacks, mailoutbox
    )
    assert external.email in [m.to[0] for m in mailoutbox]
    assert not LedgerEntry.objects.exists()  # nothing before sign-off

    page = client.get(link)
    done = client.post(link, {"decision": "sign_off"})

    assert page.status_code == 200
    assert "Hello Dr. Jordan Ellis" in page.content.decode()
    assert done.status_code == 200
    log.refresh_from_db()
    assert (log.status, log.reviewed_by_external, log.link_nonce) == (
        LogStatus.SIGNED_OFF,
        external,
        "",
    )
    entry = LedgerEntry.objects.get()
    assert (entry.category, entry.source, entry.minutes, entry.approved_by) == (
        "practicum",
        "practicum",
        150,
        None,
    )
    assert "Dr. Jordan Ellis (external supervisor)" in entry.rule


def test_external_link_reused_is_refused(
    client, practicum, external, mailoutbox, django_capture_on_commit_callbacks
):
    log, link = _submit(
        client, practicum, django_capture_on_commit_callbacks, mailoutbox
    )
    client.post(link, {"decision": "sign_off"})

    again_get = client.get(link)
    again_post = client.post(
        link, {"decision": "return", "comment": "Changed my mind."}
    )

    assert again_get.status_code == again_post.status_code == 403
    assert "already been used" in again_post.content.decode()
    log.refresh_from_db()
    assert log.status == LogStatus.SIGNED_OFF
    assert LedgerEntry.objects.count() == 1


def test_external_link_altered_is_refused(
    client, practicum, external, mailoutbox, django_capture_on_commit_callbacks
):
    log, link = _submit(
        client, practicum, django_capture_on_commit_callbacks, mailoutbox
    )
    token = link.rstrip("/").rsplit("/", 1)[1]
    payload, rest = token.split(":", 1)
    forged = signing.dumps(
        {"l": log.pk + 1, "s": external.pk, "n": "x"}, salt="wrong-salt"
    )
    altered_links = [
        link.replace(
            token, payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + ":" + rest
        ),
        link.replace(token, forged),
    ]

    for altered in altered_links:
        response = client.post(altered, {"decision": "sign_off"})
        assert response.status_code == 403
        assert "not valid" in response.content.decode()
    log.refresh_from_db()
    assert log.status == LogStatus.SUBMITTED
    assert not LedgerEntry.objects.exists()


def test_external_link_expired_is_refused(client, practicum, external, monkeypatch):
    log = PracticumLog.objects.create(
        placement=practicum.placement,
        **{
            "session_date": practicum.placement.starts_on,
            "minutes": 60,
            "phase": "integration",
            "route": "n_a",
            "role": "observer",
            "reflection": "Integration themes of grief and relief.",
        },
    )
    issued_at = time.time() - services.SIGNOFF_LINK_MAX_AGE - 60
    monkeypatch.setattr(signing.time, "time", lambda: issued_at)
    [(_supervisor, link)] = services.signoff_links_issue(
        log=log, supervisors=[external]
    )
    monkeypatch.undo()

    response = client.post(link, {"decision": "sign_off"})

    assert response.status_code == 403
    assert "expired" in response.content.decode()
    log.refresh_from_db()
    assert log.status == LogStatus.SUBMITTED
    assert not LedgerEntry.objects.exists()


def test_external_link_replaced_by_staff_resend_is_refused(
    client,
    practicum,
    external,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    log, old_link = _submit(
        client, practicum, django_capture_on_commit_callbacks, mailoutbox
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    resend_url = reverse("practicum_resend_links", args=[log.pk])

    page = client.get(resend_url)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(resend_url)
    client.logout()
    new_link = _link_from(mailoutbox[-1].body)

    assert "Dr. Jordan Ellis" in page.content.decode()
    assert sent.status_code == 302
    assert new_link != old_link
    assert client.post(old_link, {"decision": "sign_off"}).status_code == 403
    assert client.post(new_link, {"decision": "sign_off"}).status_code == 200
    assert LedgerEntry.objects.count() == 1


def test_external_link_return_needs_comment_and_keeps_link_usable(
    client, practicum, external, mailoutbox, django_capture_on_commit_callbacks
):
    log, link = _submit(
        client, practicum, django_capture_on_commit_callbacks, mailoutbox
    )

    refused = client.post(link, {"decision": "return", "comment": ""})
    returned = client.post(
        link, {"decision": "return", "comment": "Please split this into two sessions."}
    )

    assert refused.status_code == 400
    assert "Please write a comment" in refused.content.decode()
    assert returned.status_code == 200
    log.refresh_from_db()
    assert (log.status, log.review_comment) == (
        LogStatus.RETURNED,
        "Please split this into two sessions.",
    )
    assert not LedgerEntry.objects.exists()
