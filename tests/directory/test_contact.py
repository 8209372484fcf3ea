"""Contacting a practitioner: relayed by e-mail, spam and floods turned away."""

import time

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from kaptraining.directory.forms import CONTACT_MAX_AGE_SECONDS, contact_token
from kaptraining.directory.models import ListingStatus
from tests.factories.directory import published_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(program):
    return published_listing(program, display_name="Robin Reyes")


def _post(client, listing, *, ip="203.0.113.7", **overrides):
    data = {
        "name": "Jordan Lee",
        "email": "jordan@example.net",
        "message": "Hello, I would like to ask about group KAP sessions in the spring.",
        "website": "",
        "token": contact_token(listing.pk, issued_at=time.time() - 30),
    }
    data.update(overrides)
    # As a real request commits: the relayed message is delivered, or nothing is.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("directory:contact", args=[listing.pk]), data, REMOTE_ADDR=ip
        )


def test_contact_relays_message_without_showing_practitioner_address(client, listing):
    page = client.get(reverse("directory:detail", args=[listing.pk]))
    assert listing.user.email not in page.content.decode()

    response = _post(client, listing)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [listing.user.email]
    assert sent.reply_to == ["jordan@example.net"]
    assert "group KAP sessions in the spring" in sent.body
    followed = client.get(response["Location"]).content.decode()
    assert "Your message was sent to Robin Reyes" in followed
    assert listing.user.email not in followed


def test_contact_honeypot_filled_is_refused(client, listing):
    response = _post(client, listing, website="http://spam.example")

    assert response.status_code == 400
    assert "looks automated" in response.content.decode()
    assert mail.outbox == []


def test_contact_sent_too_fast_is_refused(client, listing):
    response = _post(client, listing, token=contact_token(listing.pk))

    assert response.status_code == 400
    assert "faster than a person can type" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        "forged:" + "x" * 40,
    ],
)
def test_contact_bad_token_is_refused(client, listing, token):
    response = _post(client, listing, token=token)

    assert response.status_code == 400
    assert "could not be checked" in response.content.decode() or "required" in (
        response.content.decode()
    )
    assert mail.outbox == []


def test_contact_token_for_another_listing_is_refused(client, listing, program):
    other = published_listing(program)

    response = _post(
        client, listing, token=contact_token(other.pk, issued_at=time.time() - 30)
    )

    assert response.status_code == 400
    assert "could not be checked" in response.content.decode()
    assert mail.outbox == []


def test_contact_expired_token_is_refused(client, listing):
    old = time.time() - CONTACT_MAX_AGE_SECONDS - 60
    with pytest.MonkeyPatch.context() as mp:
        # Sign as if the form had been shown more than a day ago.
        mp.setattr(time, "time", lambda: old)
        token = contact_token(listing.pk)

    response = _post(client, listing, token=token)

    assert response.status_code == 400
    assert "open for more than a day" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"message": "hi"}, "at least 10 characters"),
        ({"message": "x" * 5000}, "at most 3000 characters"),
        ({"name": ""}, "This field is required."),
        (
            {"name": "Jordan\r\nBcc: victim@example.org"},
            "Use letters, spaces and punctuation only.",
        ),
    ],
)
def test_contact_bad_input_gets_clear_message(client, listing, overrides, message):
    response = _post(client, listing, **overrides)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert mail.outbox == []


def test_contact_rate_limited_per_sender(client, listing):
    statuses = [_post(client, listing).status_code for _ in range(6)]

    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5
    assert _post(client, listing, ip="198.51.100.9").status_code == 302  # someone else


def test_contact_rate_limited_per_practitioner(client, listing):
    statuses = [
        _post(client, listing, ip=f"198.51.100.{i}").status_code for i in range(21)
    ]

    assert statuses == [302] * 20 + [429]
    assert len(mail.outbox) == 20


def test_contact_unpublished_listing_is_404(client, program):
    hidden = published_listing(program, status=ListingStatus.PENDING)

    response = _post(client, hidden)

    assert response.status_code == 404
    assert mail.outbox == []


def test_contact_get_is_not_allowed(client, listing):
    response = client.get(reverse("directory:contact", args=[listing.pk]))

    assert response.status_code == 405
