"""Bounces and complaints from the provider (django-anymail tracking
webhooks) put the address on the suppression list; nothing else does."""

import base64
import json

import pytest

from kaptraining.newsletter.audiences import recipients
from kaptraining.newsletter.models import Audience, Suppression, SuppressionReason

pytestmark = pytest.mark.django_db

URL = "/anymail/postmark/tracking/"
SECRET = "hook:s3cret"  # noqa: S105 (test value)


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def _post(client, events, secret=SECRET):
    auth = base64.b64encode(secret.encode()).decode()
    responses = [
        client.post(
            URL,
            json.dumps(event),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Basic {auth}",
        )
        for event in events
    ]
    return responses[-1]


def _event(kind, address, **extra):
    """A Postmark webhook body (one event per request)."""
    record = {
        "bounce": {"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1},
        "complaint": {"RecordType": "SpamComplaint", "Type": "SpamComplaint"},
        "delivered": {"RecordType": "Delivery"},
        "open": {"RecordType": "Open"},
    }[kind]
    return {
        **record,
        "MessageID": f"00000000-0000-0000-0000-{abs(hash(address)) % 10**12:012d}",
        "Recipient": address,
        "Email": address,
        "BouncedAt": "2026-11-24T10:00:00Z",
        "DeliveredAt": "2026-11-24T10:00:00Z",
        "ReceivedAt": "2026-11-24T10:00:00Z",
        **extra,
    }


def test_bounce_suppresses_the_address_and_it_leaves_every_audience(client, subscribed):
    subscribed(email="gone@example.org")
    response = _post(
        client,
        [
            _event(
                "bounce",
                "Gone@Example.org",
                Description="The address does not exist.",
                Details="smtp;550 5.1.1 user unknown",
            )
        ],
    )
    assert response.status_code == 200
    suppression = Suppression.objects.get()
    assert suppression.email == "gone@example.org"
    assert suppression.reason == SuppressionReason.BOUNCED
    assert "does not exist" in suppression.detail
    assert not recipients(audience=Audience.ALL, topic="trainings").exists()


def test_complaint_suppresses_and_delivery_events_do_not(client):
    _post(
        client,
        [
            _event("delivered", "fine@example.org"),
            _event("open", "fine@example.org"),
            _event("complaint", "angry@example.org"),
        ],
    )
    assert list(Suppression.objects.values_list("email", "reason")) == [
        ("angry@example.org", SuppressionReason.COMPLAINED)
    ]


def test_a_second_delivery_of_the_same_bounce_changes_nothing(client):
    events = [_event("bounce", "gone@example.org")]
    _post(client, events)
    _post(client, events)
    assert Suppression.objects.count() == 1


def test_webhook_without_the_secret_is_refused(client):
    response = _post(client, [_event("bounce", "x@example.org")], secret="hook:wrong")
    assert response.status_code in (400, 401, 403)
    assert not Suppression.objects.exists()
