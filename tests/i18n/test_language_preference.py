"""A person's language is remembered (issue 21): the switcher while signed in,
sign-up on the Spanish site and the profile set User.language; e-mails,
notifications and the page after sign-in follow it."""

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from kaptraining.accounts.models import User
from kaptraining.core.mail import mail_send
from kaptraining.core.urls import url_in_language
from kaptraining.notifications.services import notification_create
from tests.factories import PASSWORD, UserFactory

from .catalogue import CATALOGUE

pytestmark = pytest.mark.django_db

SUBJECT = "Are you still accepting new clients? Please confirm your directory listing"


def _spanish_of(msgid: str) -> str:
    entry = polib.pofile(str(CATALOGUE)).find(msgid)
    assert entry is not None and entry.msgstr, f"{msgid!r} needs its Spanish"
    return entry.msgstr


def test_switcher_signed_in_remembers_spanish_and_shows_the_page_in_it(client):
    trainee = UserFactory()
    client.force_login(trainee)
    html = client.get(reverse("dashboard")).content.decode()
    # Signed in, the other language is a button in a form (it is remembered).
    assert f'action="{reverse("language_set")}"' in html
    assert 'name="language" value="es"' in html

    response = client.post(
        reverse("language_set"), {"language": "es", "next": "/dashboard/?tab=1"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/es/dashboard/?tab=1"
    trainee.refresh_from_db()
    assert trainee.language == "es"
    # And back to English from a Spanish page.
    response = client.post(
        "/es/language/", {"language": "en", "next": "/es/notifications/"}
    )
    translation.activate("en-us")
    assert response["Location"] == "/notifications/"
    trainee.refresh_from_db()
    assert trainee.language == "en"


def test_switcher_refuses_unknown_language_and_foreign_next(client):
    trainee = UserFactory(language="en")
    client.force_login(trainee)

    bad = client.post(reverse("language_set"), {"language": "fr", "next": "/"})
    assert bad.status_code == 400
    trainee.refresh_from_db()
    assert trainee.language == "en"

    away = client.post(
        reverse("language_set"),
        {"language": "es", "next": "https://evil.example.com/"},
    )
    assert away["Location"] == "/es/"


def test_visitor_switcher_is_a_plain_link_and_posting_changes_no_one(client):
    html = client.get("/directory/").content.decode()
    assert reverse("language_set") not in html
    response = client.post(reverse("language_set"), {"language": "es", "next": "/"})
    assert response["Location"] == "/es/"
    assert response.cookies["django_language"].value == "es"
    assert not User.objects.exclude(language="").exists()


def test_signup_on_the_spanish_site_gives_spanish_emails(client, mailoutbox, committed):
    with committed():
        response = client.post(
            "/es/accounts/signup/",
            {
                "email": "lucia@example.org",
                "first_name": "Lucía",
                "last_name": "Ortega",
                "password1": "a-long-unusual-passphrase-77",
                "password2": "a-long-unusual-passphrase-77",
            },
        )
    translation.activate("en-us")
    assert response.status_code == 302
    user = User.objects.get(email="lucia@example.org")
    assert user.language == "es"

    with committed():
        email = mail_send("listing_confirm", to=user, context={"listing": None})
    assert email.subject == _spanish_of(SUBJECT)


def test_mail_follows_the_recipients_language_not_the_senders(committed):
    spanish = UserFactory(language="es")
    english = UserFactory(language="")
    # The sender's request is in English (a staff action, a nightly task).
    with translation.override("en-us"), committed():
        to_spanish = mail_send("listing_confirm", to=spanish, context={})
        to_english = mail_send("listing_confirm", to=english, context={})
    assert to_spanish.subject == _spanish_of(SUBJECT)
    assert to_english.subject == SUBJECT


def test_notification_is_written_in_the_recipients_language(committed):
    spanish = UserFactory(language="es")
    msgid = "Hello %(name)s,"
    with translation.override("en-us"), committed():
        notification = notification_create(
            user=spanish,
            kind="hours_decided",
            event_key="claim-decided:test",
            title=translation.gettext_lazy(msgid),
            title_params={"name": "Lucía"},
        )
    assert notification.title == _spanish_of(msgid) % {"name": "Lucía"}


def test_sign_in_leads_to_the_chosen_language(client):
    trainee = UserFactory(language="es")
    response = client.post(
        reverse("account_login"), {"login": trainee.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/es/dashboard/"


def test_profile_offers_the_language(client):
    trainee = UserFactory(first_name="Ana", last_name="Ruiz")
    client.force_login(trainee)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "timezone": "America/Denver",
            "language": "es",
        },
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.language == "es"


def test_url_in_language_goes_both_ways():
    assert url_in_language("/dashboard/", "es") == "/es/dashboard/"
    assert url_in_language("/es/dashboard/", "en") == "/dashboard/"
    assert url_in_language("/es/dashboard/", "es") == "/es/dashboard/"
    assert url_in_language("/dashboard/", "en") == "/dashboard/"
