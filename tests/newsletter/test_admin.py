"""Staff screens: compose with preview, test send, send with progress,
export and erasure of a subscriber (audit-logged, without the address)."""

import csv
import io
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kaptraining.newsletter.models import (
    Broadcast,
    BroadcastStatus,
    ConsentAction,
    ConsentRecord,
    Subscriber,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True, email="editor@example.org")
    client.force_login(user)
    return user


def _broadcast():
    return Broadcast.objects.create(
        subject="Research round-up", body="<p>New studies.</p>", topic="research"
    )


def test_staff_compose_a_newsletter_in_the_admin(client, staff):
    response = client.post(reverse("newsletter_broadcasts:add"), FORM)
    assert response.status_code == 302, response.content[:2000]
    broadcast = Broadcast.objects.get()
    assert broadcast.status == BroadcastStatus.DRAFT
    assert "foothills" in broadcast.body
    listing = client.get(reverse("newsletter_broadcasts:list"))
    assert b"Autumn retreat" in listing.content and b"Test and send" in listing.content


FORM = {
    "subject": "Autumn retreat",
    "topic": "trainings",
    "audience": "alumni",
    "body": json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "text": "Join us in the foothills.",
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    ),
}


def test_preview_renders_the_mail_with_unsubscribe_and_address(client, staff):
    broadcast = _broadcast()
    url = reverse("newsletter_broadcasts:preview_on_edit", args=[broadcast.pk])
    # Wagtail posts the unsaved form, then shows it: what the editor typed.
    assert client.post(url, FORM).json()["is_valid"]
    preview = client.get(url)
    assert preview.status_code == 200
    assert b"Join us in the foothills." in preview.content
    assert b"Unsubscribe" in preview.content


def test_test_send_goes_to_the_staff_member_only(client, staff, subscribed, committed):
    subscribed(topics=("research",))
    broadcast = _broadcast()
    url = reverse("newsletter_broadcasts:send", args=[broadcast.pk])
    page = client.get(url)
    assert b"1 subscriber who confirmed this topic" in page.content
    from django.core import mail

    mail.outbox = []
    with committed():
        client.post(url, {"action": "test"})
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject == "[Test] Research round-up"
    assert "List-Unsubscribe" in message.extra_headers
    broadcast.refresh_from_db()
    assert broadcast.status == BroadcastStatus.DRAFT


def test_send_then_progress(client, staff, subscribed, committed):
    subscribed(topics=("research",))
    subscribed(email="other@example.org", topics=("research",))
    broadcast = _broadcast()
    url = reverse("newsletter_broadcasts:send", args=[broadcast.pk])
    with committed():
        client.post(url, {"action": "send"})
    broadcast.refresh_from_db()
    assert broadcast.status == BroadcastStatus.SENT
    assert broadcast.started_by == staff
    page = client.get(url)
    assert b"2 of 2 queued, 2 delivered" in page.content
    # A second press sends nothing.
    with committed():
        client.post(url, {"action": "send"})
    assert broadcast.deliveries.count() == 2


def test_export_json_and_csv_hold_the_consent_records(client, staff, subscribed):
    subscriber = subscribed(email="ada@example.org", topics=("research",))
    ConsentRecord.objects.create(
        subscriber=subscriber,
        action=ConsentAction.CONFIRMED,
        topics=["research"],
        source="footer",
        ip_address="203.0.113.9",
        user_agent="Firefox",
    )
    url = reverse("newsletter_subscribers:export", args=[subscriber.pk, "json"])
    data = json.loads(client.get(url).content)
    assert data["email"] == "ada@example.org"
    assert data["consents"][0]["ip_address"] == "203.0.113.9"

    response = client.get(
        reverse("newsletter_subscribers:export", args=[subscriber.pk, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["email", "ada@example.org"] in rows
    assert any(row[:2] and row[1] == "confirmed" for row in rows)
    assert (
        LogEntry.objects.filter(object_repr=f"subscriber #{subscriber.pk}").count() == 2
    )


def test_erasure_removes_the_person_and_logs_it_without_the_address(
    client, staff, subscribed
):
    subscriber = subscribed(email="ada@example.org")
    ConsentRecord.objects.create(subscriber=subscriber, action=ConsentAction.CONFIRMED)
    url = reverse("newsletter_subscribers:erase", args=[subscriber.pk])
    assert b"ada@example.org" in client.get(url).content

    response = client.post(url)

    assert response.status_code == 302
    assert not Subscriber.objects.exists() and not ConsentRecord.objects.exists()
    entry = LogEntry.objects.get(object_repr=f"subscriber #{subscriber.pk}")
    assert entry.actor == staff
    assert "ada@example.org" not in json.dumps(entry.changes)


def test_staff_cannot_add_a_subscriber_by_hand(client, staff):
    listing = client.get(reverse("newsletter_subscribers:list"))
    assert listing.status_code == 200
    assert client.get(reverse("newsletter_subscribers:add")).status_code in (302, 403)


def test_trainee_cannot_reach_the_mailing_list_screens(client):
    client.force_login(UserFactory())
    for name in ("newsletter_broadcasts:list", "newsletter_subscribers:list"):
        assert client.get(reverse(name)).status_code in (302, 403, 404)


@pytest.mark.parametrize("size", [5, 50])
def test_subscriber_list_and_send_page_cost_the_same_queries_as_data_grows(
    client, staff, size, django_assert_max_num_queries
):
    Subscriber.objects.bulk_create(
        Subscriber(email=f"r{n}@example.org", status="subscribed", topic_research=True)
        for n in range(size)
    )
    broadcast = _broadcast()
    with django_assert_max_num_queries(30):
        assert client.get(reverse("newsletter_subscribers:list")).status_code == 200
    with django_assert_max_num_queries(20):
        send = client.get(reverse("newsletter_broadcasts:send", args=[broadcast.pk]))
    assert f"{size} subscribers".encode() in send.content
