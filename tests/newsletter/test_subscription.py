"""Double opt-in and unsubscribe, without an account."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kaptraining.newsletter.models import (
    ConsentAction,
    ConsentRecord,
    Subscriber,
    SubscriberStatus,
    Topic,
)
from kaptraining.newsletter.services import suppression_add
from kaptraining.newsletter.tokens import unsubscribe_token

from .conftest import link_in

pytestmark = pytest.mark.django_db

FORM = {"email": "Ada@Example.org", "name": "Ada", "topics": ["trainings", "research"]}


def _subscribe(client, committed, data=None, **extra):
    with committed():
        return client.post("/newsletter/subscribe/", data or FORM, **extra)


def test_subscribe_then_confirm_without_signing_in_subscribes_to_chosen_topics(
    client, committed, outbox
):
    response = _subscribe(
        client, committed, {**FORM, "source": "footer"}, HTTP_USER_AGENT="Firefox/140"
    )

    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ada@example.org"
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.topics == []  # nothing before confirmation
    [message] = outbox
    assert message.to == ["ada@example.org"]
    assert "Research news" in message.body

    path = link_in(message, "confirm")
    page = client.get(path)  # a link scanner's GET confirms nothing
    assert page.status_code == 200 and b"Confirm" in page.content
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING

    with committed():
        done = client.post(path)
    assert done.status_code == 200 and b"You are subscribed" in done.content
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUBSCRIBED
    assert subscriber.topics == ["trainings", "research"]
    requested, confirmed = ConsentRecord.objects.order_by("at", "id")
    assert requested.action == ConsentAction.REQUESTED
    assert requested.source == "footer"
    assert requested.user_agent == "Firefox/140"
    assert requested.ip_address == "127.0.0.1"
    assert "unsubscribe at any time" in requested.wording
    assert confirmed.action == ConsentAction.CONFIRMED
    assert confirmed.topics == ["trainings", "research"]

    client.post(path)  # a second click records nothing more
    assert ConsentRecord.objects.count() == 2


def test_confirmation_link_expires(client, committed, outbox):
    _subscribe(client, committed)
    path = link_in(outbox[0], "confirm")
    days = settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS
    with time_machine.travel(timezone.now() + timedelta(days=days, hours=1)):
        response = client.post(path)
    assert response.status_code == 404
    assert b"not valid or has expired" in response.content
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_forged_confirmation_token_is_refused(client, committed, outbox):
    _subscribe(client, committed)
    path = link_in(outbox[0], "confirm")
    forged = re.sub(r"/(\d+):", "/999:", path)
    assert client.post(forged).status_code == 404
    assert client.post("/newsletter/confirm/nonsense/").status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        ({**FORM, "email": "not-an-address"}, b"Enter a valid email address"),
        ({**FORM, "topics": []}, b"Choose at least one topic"),
        ({**FORM, "topics": ["gossip"]}, b"Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(
    client, committed, outbox, data, message
):
    response = _subscribe(client, committed, data)
    assert response.status_code == 400
    assert message in response.content
    assert not Subscriber.objects.exists() and outbox == []


def test_honeypot_answers_alike_but_records_nothing(client, committed, outbox):
    response = _subscribe(client, committed, {**FORM, "website": "http://spam"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and outbox == []


def test_too_many_sign_ups_for_one_address_are_rate_limited(client, committed, outbox):
    for _ in range(3):
        assert _subscribe(client, committed).status_code == 200
    response = _subscribe(client, committed)
    assert response.status_code == 429
    assert len(outbox) == 3


def test_suppressed_address_gets_no_mail_and_the_same_answer(client, committed, outbox):
    suppression_add(email="ada@example.org", reason="complained")
    response = _subscribe(client, committed)
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert outbox == [] and not Subscriber.objects.exists()


def test_one_click_unsubscribe_needs_no_session_and_no_csrf_token(subscribed):
    subscriber = subscribed(topics=("trainings", "directory"))
    client = Client(enforce_csrf_checks=True)
    url = f"/newsletter/unsubscribe/{unsubscribe_token(subscriber.pk)}/"

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.topics == []
    record = ConsentRecord.objects.get(subscriber=subscriber)
    assert record.action == ConsentAction.UNSUBSCRIBED
    assert record.source == "one-click (mail client)"
    # Again: still 200, nothing more recorded.
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert ConsentRecord.objects.filter(subscriber=subscriber).count() == 1


def test_unsubscribe_link_get_asks_first(client, subscribed):
    subscriber = subscribed()
    url = f"/newsletter/unsubscribe/{unsubscribe_token(subscriber.pk)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"Unsubscribe from our newsletter" in page.content
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUBSCRIBED


def test_forged_unsubscribe_token_is_refused(client, subscribed):
    subscriber = subscribed()
    token = unsubscribe_token(subscriber.pk)
    response = client.post(f"/newsletter/unsubscribe/{token}x/")
    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUBSCRIBED


def test_resubscribing_after_unsubscribe_needs_a_new_confirmation(
    client, committed, outbox, subscribed
):
    subscriber = subscribed(email="ada@example.org")
    client.post(f"/newsletter/unsubscribe/{unsubscribe_token(subscriber.pk)}/")
    _subscribe(client, committed)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    with committed():
        client.post(link_in(outbox[-1], "confirm"))
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUBSCRIBED


def test_signup_form_include_offers_exactly_the_topics_the_list_knows():
    include = Path(settings.BASE_DIR, "templates/includes/newsletter_signup_form.html")
    values = re.findall(r'name="topics" value="(\w+)"', include.read_text())
    assert sorted(values) == sorted(Topic.values)


def test_footer_of_every_page_carries_the_signup_form(client):
    page = client.get("/newsletter/confirm/nonsense/")
    assert b'action="/newsletter/subscribe/"' in page.content
    assert b'name="source" value="footer"' in page.content
