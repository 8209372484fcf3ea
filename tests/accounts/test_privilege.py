"""The privilege rule end to end: allauth's real sign-in with a TOTP code is
what opens staff pages; a password alone does not."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db


def test_password_then_totp_code_opens_staff_pages(client):
    staff = UserFactory(is_staff=True, is_superuser=True)

    first = client.post(
        reverse("account_login"), {"login": staff.email, "password": PASSWORD}
    )
    assert first.status_code == 302
    assert first["Location"] == reverse("mfa_authenticate")
    # Half-way: not signed in, so no staff page yet.
    assert client.get("/hours/review/")["Location"].startswith(reverse("account_login"))

    second = client.post(reverse("mfa_authenticate"), {"code": totp_code(staff)})
    assert second.status_code == 302

    assert client.get("/hours/review/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_wrong_totp_code_signs_nobody_in(client):
    staff = UserFactory(is_staff=True)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    wrong = str((int(totp_code(staff)) + 1) % 1_000_000).zfill(6)

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_trainer_without_authenticator_is_sent_to_set_one_up_after_sign_in(client):
    trainer = UserFactory(is_trainer=True, mfa=False)
    client.post(
        reverse("account_login"), {"login": trainer.email, "password": PASSWORD}
    )
    assert client.session["_auth_user_id"] == str(trainer.pk)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # Their account pages stay open to set it up (allauth asks for the
    # password once more first).
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    client.post(setup["Location"], {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_supervisor_needs_no_totp_but_a_verified_email(client):
    supervisor = UserFactory(is_supervisor=True)
    client.force_login(supervisor)
    assert client.get(reverse("practicums:review_list")).status_code == 200
