"""The practitioner page from the anonymous page cache (issue 19): the page is
the same for every visitor, so its contact form carries no CSRF token; each
visitor fetches their own (directory:contact_token), and nothing is sent
without one that matches their own cookie."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from kaptraining.directory.models import Listing
from tests.factories.directory import published_listing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

EMPTY_TOKEN = '<input type="hidden" name="csrfmiddlewaretoken" value="">'


@pytest.fixture
def listing(program, settings):
    settings.DIRECTORY_CONTACT_MIN_SECONDS = 0
    return published_listing(program, display_name="Robin Reyes")


def _visitor() -> Client:
    # A browser: CSRF is checked as in production.
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.7")


def _message(csrf: str, contact: str) -> dict:
    return {
        "csrfmiddlewaretoken": csrf,
        "name": "Jordan Lee",
        "email": "jordan@example.net",
        "message": "Do you offer evening integration sessions this spring?",
        "website": "",
        "token": contact,
    }


def _page_token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_listing_page_is_served_from_the_cache_without_a_csrf_token(listing):
    url = reverse("directory:detail", args=[listing.pk])
    first, second = _visitor().get(url), _visitor().get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    html = second.content.decode()
    assert EMPTY_TOKEN in html
    assert reverse("directory:contact_token", args=[listing.pk]) in html
    for response in (first, second):
        assert django_settings.CSRF_COOKIE_NAME not in response.cookies


def test_two_visitors_never_share_a_csrf_token(listing):
    url = reverse("directory:contact_token", args=[listing.pk])
    alice, bob = _visitor(), _visitor()

    answers = [alice.get(url), bob.get(url)]

    tokens = [a.json()["csrf"] for a in answers]
    cookies = [a.cookies[django_settings.CSRF_COOKIE_NAME].value for a in answers]
    assert tokens[0] != tokens[1] and cookies[0] != cookies[1]
    for answer in answers:
        assert "no-store" in answer["Cache-Control"]
        assert "private" in answer["Cache-Control"]
        assert answer.get("X-Page-Cache") is None
    # Alice's token is worth nothing to Bob: nothing is sent.
    contact = reverse("directory:contact", args=[listing.pk])
    refused = bob.post(contact, _message(tokens[0], answers[0].json()["token"]))
    assert refused.status_code == 403
    assert mail.outbox == []


def test_contact_message_from_the_cached_page_is_sent(listing, committed):
    url = reverse("directory:detail", args=[listing.pk])
    _visitor().get(url)  # stored
    visitor = _visitor()
    page = visitor.get(url)
    assert page["X-Page-Cache"] == "hit"

    tokens = visitor.get(reverse("directory:contact_token", args=[listing.pk])).json()
    with committed():
        sent = visitor.post(
            reverse("directory:contact", args=[listing.pk]),
            _message(tokens["csrf"], tokens["token"]),
        )

    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [listing.user.email]
    assert "evening integration sessions" in mail.outbox[0].body


def test_contact_without_scripts_is_sent_on_the_second_press(listing, committed):
    """No script fetched a token: the first press returns the form as written,
    with this visitor's own token; the second sends it."""
    visitor = _visitor()
    page = visitor.get(reverse("directory:detail", args=[listing.pk])).content
    contact = reverse("directory:contact", args=[listing.pk])

    first = visitor.post(contact, _message("", _page_token(page.decode())))

    assert first.status_code == 403
    html = first.content.decode()
    assert "has not been sent yet" in html
    assert "evening integration sessions" in html  # kept
    assert mail.outbox == []
    own = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    with committed():
        second = visitor.post(contact, _message(own, _page_token(html)))
    assert second.status_code == 302
    assert len(mail.outbox) == 1


def test_listing_change_shows_on_the_cached_page_at_once(listing, committed):
    url = reverse("directory:detail", args=[listing.pk])
    _visitor().get(url)
    assert _visitor().get(url)["X-Page-Cache"] == "hit"

    with committed():
        row = Listing.objects.get(pk=listing.pk)
        row.display_name = "Robin Reyes-Okafor"
        row.save()

    response = _visitor().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Robin Reyes-Okafor" in response.content.decode()


def test_signed_in_visitor_gets_the_token_in_the_page(listing, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get(reverse("directory:detail", args=[listing.pk])).content.decode()

    assert EMPTY_TOKEN not in html
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', html)
