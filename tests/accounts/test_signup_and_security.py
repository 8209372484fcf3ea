"""Accounts: sign-up and e-mail verification, profile checks, staff MFA, lockout."""

import re

import pytest
from django.urls import reverse

from kaptraining.accounts.models import User
from tests.conftest import password_only_session
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, email="new.trainee@example.org"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "first_name": "Noor",
            "last_name": "Haddad",
            "password1": "a-long-unusual-passphrase-77",
            "password2": "a-long-unusual-passphrase-77",
        },
    )


def test_signup_sends_verification_and_confirming_logs_in(
    client, mailoutbox, committed, settings
):
    settings.SITE_URL = "http://kap.example.org:8101"
    with committed():
        response = _signup(client)

    assert response.status_code == 302
    user = User.objects.get(email="new.trainee@example.org")
    assert (user.first_name, user.last_name) == ("Noor", "Haddad")
    assert len(mailoutbox) == 1
    # Unverified: the dashboard is not reachable yet.
    assert client.get(reverse("dashboard")).status_code == 302

    # The link is on SITE_URL, not on the host the request came in on.
    link = re.search(
        r"http://kap.example.org:8101/accounts/confirm-email/[^\s]+/",
        mailoutbox[0].body,
    ).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.post("/" + path)

    assert confirm.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_signup_duplicate_email_creates_nothing_and_warns_owner(
    client, mailoutbox, committed
):
    """Enumeration is prevented: the page looks the same, the owner is told."""
    UserFactory(email="taken@example.org")
    with committed():
        response = _signup(client, email="taken@example.org")
    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert [m.to for m in mailoutbox] == [["taken@example.org"]]
    assert "already" in mailoutbox[0].body.lower()


def test_signup_mismatched_passwords_writes_nothing(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "x@example.org",
            "first_name": "X",
            "last_name": "Y",
            "password1": "a-long-pass-phrase-1",
            "password2": "different-pass-phrase-2",
        },
    )
    assert response.status_code == 200
    assert "same password" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_profile_licence_number_invalid_shows_message(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "A",
            "last_name": "B",
            "licence_type": "lcsw",
            "licence_state": "WA",
            "licence_number": "<script>",
            "timezone": "America/New_York",
            "profession": "social_worker",
        },
    )
    assert response.status_code == 400
    assert (
        "Enter the licence number as your board prints it" in response.content.decode()
    )
    user.refresh_from_db()
    assert user.licence_number != "<script>"


def test_profile_licensed_without_state_is_refused(client):
    user = UserFactory(licence_state="", licence_number="")
    client.force_login(user)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "A",
            "last_name": "B",
            "licence_type": "lcsw",
            "licence_state": "",
            "licence_number": "",
            "timezone": "America/New_York",
        },
    )
    assert response.status_code == 400
    assert (
        "must also give their licence state and licence number"
        in response.content.decode()
    )


def test_profile_saves_valid_licence(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "certificate_name": "Ana Ruiz, LCSW",
            "licence_type": "lcsw",
            "licence_state": "WA",
            "licence_number": "lw 60812345",
            "timezone": "America/Los_Angeles",
            "profession": "social_worker",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.licence_number, user.certificate_name, user.timezone) == (
        "LW 60812345",
        "Ana Ruiz, LCSW",
        "America/Los_Angeles",
    )


def test_admin_staff_without_totp_is_sent_to_set_it_up(client):
    staff = UserFactory(is_staff=True, is_superuser=True, mfa=False)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_admin_staff_with_totp_but_password_session_must_reauthenticate(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    password_only_session(client)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_admin_staff_with_mfa_session_gets_in(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)  # with TOTP (see tests/conftest.py)
    assert client.get("/admin/").status_code == 200


def test_admin_trainee_is_not_let_in(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    # A clear 403 page saying what they can do instead, never a redirect
    # (loop) to the login page (issue 18).
    assert response.status_code == 403
    html = response.content.decode()
    assert "The staff admin is for organisation staff" in html
    assert f'href="{reverse("dashboard")}"' in html


def test_wagtail_login_redirects_to_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_login_locked_after_repeated_failures(client):
    from axes.models import AccessAttempt

    user = UserFactory()
    statuses = [
        client.post(
            reverse("account_login"),
            {"login": user.email, "password": "wrong-password"},
        ).status_code
        for _ in range(5)
    ]
    # django-axes locks the account/IP pair on the fifth failure.
    assert statuses[-1] == 429
    assert AccessAttempt.objects.get(username=user.email).failures_since_start == 5
    # Even the right password is now refused, with a clear message.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_login_right_password_after_few_failures_works(client):
    user = UserFactory()
    for _ in range(2):
        client.post(
            reverse("account_login"),
            {"login": user.email, "password": "wrong-password"},
        )
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_production_settings_without_secret_refuse_to_start():
    import subprocess
    import sys
    from pathlib import Path

    env = {
        "DJANGO_SETTINGS_MODULE": "kaptraining.settings.production",
        "DJANGO_ALLOWED_HOSTS": "x.org",
        "OB_SIGNING_KEY": "set",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
