"""One rule for privilege, enforced where no route can forget it (issue 14,
finding 1): every URL the resolver knows is declared in kaptraining/routes.py,
and for every signed-in route the access middleware applies the declaration
before the view runs: sign-in, role, verified e-mail, and MFA for staff and
trainers."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path as url_path
from django.urls import reverse

from kaptraining.core.access import every_route_declared, route_table, undeclared_routes
from tests.conftest import password_only_session
from tests.factories import UserFactory
from tests.routes_helpers import routes

pytestmark = pytest.mark.django_db

ALL = routes()
SIGNED_IN = [r for r in ALL if r[3] is not None and r[3].signed_in]
LOGIN = "/accounts/login/"


def test_every_route_is_declared():
    assert undeclared_routes() == []
    assert every_route_declared() == []


def test_every_declaration_names_a_route():
    names = {name for _route, name, _path, _access, _match in ALL if name}
    stale = set(route_table().by_name) - names
    assert stale == set(), "declared in kaptraining/routes.py but not routed"


def test_every_sample_path_resolves():
    unresolved = [route for route, _n, _p, _a, match in ALL if match is None]
    assert unresolved == []


def test_the_walk_covers_the_privileged_doors():
    paths = {p for _r, _n, p, _a, _m in SIGNED_IN}
    for door in (
        "/admin/",
        "/django-admin/",
        "/hours/review/",
        "/hours/ce/activities/",
    ):
        assert door in paths
    assert len(SIGNED_IN) > 500  # the Wagtail and Django admin screens included


def _denied(response, access) -> bool:
    return response.status_code == access.deny_status


def _check(client, path, expect) -> str:
    """'' when GET path answers as expected, else what it did instead."""
    response = client.get(path)
    location = response.get("Location", "")
    if expect == "login":
        ok = response.status_code == 302 and location.startswith(LOGIN)
    elif expect == "setup_mfa":
        ok = response.status_code == 302 and location.startswith(
            reverse("mfa_activate_totp")
        )
    elif expect == "confirm_mfa":
        ok = response.status_code == 302 and location.startswith(
            reverse("mfa_reauthenticate")
        )
    elif expect == "verify_email":
        ok = response.status_code == 302 and location == reverse("account_email")
    elif expect == "dashboard":
        ok = response.status_code == 302 and location == reverse("dashboard")
    else:
        ok = response.status_code == expect
    return (
        "" if ok else f"{path}: wanted {expect}, got {response.status_code} {location}"
    )


def _denied(access):
    return access.deny_status


def _walk(client, user, expect_for) -> list[str]:
    """GET every signed-in route as `user`; the failures."""
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    failures = []
    for _route, _name, path, access, _match in SIGNED_IN:
        expect = expect_for(access)
        if expect is not None and (problem := _check(client, path, expect)):
            failures.append(problem)
    return failures


def test_anonymous_is_sent_to_sign_in_on_every_signed_in_route(client):
    assert _walk(client, None, lambda access: "login") == []


def test_someone_without_the_role_is_refused_on_every_role_route(client):
    trainee = UserFactory()
    failures = _walk(client, trainee, lambda a: _denied(a) if a.roles else None)
    assert failures == []


def test_staff_without_an_authenticator_must_set_one_up_everywhere(client):
    staff = UserFactory(is_staff=True, is_superuser=True, mfa=False)

    def expect(access):
        if access.roles and "staff" not in access.roles:
            return _denied(access)
        return "setup_mfa"

    assert _walk(client, staff, expect) == []


def test_trainer_with_a_password_only_session_must_confirm_their_code(client):
    trainer = UserFactory(is_trainer=True)
    client.force_login(trainer)
    password_only_session(client)

    def expect(access):
        if access.roles and "trainer" not in access.roles:
            return _denied(access)
        return "confirm_mfa"

    failures = []
    for _route, _name, path, access, _match in SIGNED_IN:
        if problem := _check(client, path, expect(access)):
            failures.append(problem)
    assert failures == []


def test_unverified_email_must_be_confirmed_on_every_member_route(client):
    from allauth.account.models import EmailAddress

    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    failures = _walk(client, user, lambda a: _denied(a) if a.roles else "verify_email")
    assert failures == []


def _undeclared(request):
    return HttpResponse("should never be served")


urlpatterns = [
    url_path("zz-undeclared/", _undeclared, name="zz_undeclared"),
    *__import__("kaptraining.urls", fromlist=["urlpatterns"]).urlpatterns,
]


@override_settings(ROOT_URLCONF=__name__)
def test_undeclared_route_is_a_system_check_error_and_answers_404(client):
    errors = every_route_declared()
    assert [e.id for e in errors] == ["kaptraining.E020"]
    assert "zz-undeclared/" in errors[0].msg
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/zz-undeclared/").status_code == 404


def test_wagtail_front_end_login_goes_to_allauth(client):
    response = client.get("/_util/login/?next=/learn/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/learn/"
    user = UserFactory()
    # The old door signed in with a password alone; now nothing is signed in.
    client.post("/_util/login/", {"username": user.email, "password": "x"})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "path",
    [
        "/admin/password_reset/",
        "/admin/password_reset/done/",
        "/admin/password_reset/confirm/MQ/set-password/",
    ],
)
def test_wagtail_password_reset_goes_to_allauth(client, path, mailoutbox):
    user = UserFactory(is_staff=True)
    response = client.post(path, {"email": user.email})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reset_password"))
    assert mailoutbox == []


def test_django_admin_needs_mfa_and_cannot_delete_authenticators_without_it(client):
    from allauth.mfa.models import Authenticator

    victim = UserFactory(is_staff=True)
    authenticator = Authenticator.objects.get(user=victim)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    password_only_session(client)
    url = reverse("admin:mfa_authenticator_delete", args=[authenticator.pk])

    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_django_admin_never_shows_totp_secrets(client):
    from allauth.mfa.models import Authenticator

    victim = UserFactory(is_staff=True)
    authenticator = Authenticator.objects.get(user=victim)
    secret = authenticator.data["secret"]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    change = client.get(
        reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
    )
    listing = client.get(reverse("admin:mfa_authenticator_changelist"))

    assert change.status_code == 200 and listing.status_code == 200
    assert secret not in change.content.decode()
    assert (
        client.post(
            reverse("admin:mfa_authenticator_change", args=[authenticator.pk]),
            {"data": "{}"},
        ).status_code
        == 403
    )
    assert Authenticator.objects.get(pk=authenticator.pk).data["secret"] == secret


def _just_reauthenticated(client):
    import time

    session = client.session
    session["account_authentication_methods"].append(
        {"method": "mfa", "type": "totp", "reauthenticated": True, "at": time.time()}
    )
    session.save()


def test_staff_cannot_remove_their_own_totp(client):
    from allauth.mfa.models import Authenticator

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    _just_reauthenticated(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert (
        "You cannot deactivate two-factor authentication" in response.content.decode()
    )
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    # A trainee may remove theirs.
    trainee = UserFactory(mfa=True)
    client.force_login(trainee)
    _just_reauthenticated(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=trainee, type="totp").exists()
